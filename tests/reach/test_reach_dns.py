"""A Route 53 name as a reach destination (issue 16; DNS1-DNS3 in awsx/reach/glossary.py): the
name resolves to what its records point at, from where the source is, and the answer is that
target's. Estates are reach_service_fixtures.shop(): an ALB ``web-lb`` aliased by
``shop.acme.example`` in the public zone acme.example."""

from __future__ import annotations

import pytest
from reach_fixtures import tcp
from reach_service_fixtures import shop

from awsx.reach.endpoints import Unresolvable, candidates
from awsx.reach.query import reach


def without_dns(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "dns"}


@pytest.mark.parametrize("name", ["shop.acme.example", "shop.acme.example.", "SHOP.Acme.Example"])
def test_a_name_aliasing_the_load_balancer_answers_as_the_load_balancer_itself(name):
    estate = shop().build()
    by_name = reach(estate, "internet", name, 443)
    itself = reach(estate, "internet", "web-lb", 443)
    assert by_name.reachable and itself.reachable
    assert without_dns(by_name.to_json()) == itself.to_json()
    assert by_name.destination == "shop.acme.example -> web-lb"
    [answer] = by_name.to_json()["dns"]
    assert answer["name"] == "shop.acme.example" and answer["type"] == "A"
    assert answer["target"].endswith(":loadbalancer/app/web-lb/1") and answer["reachable"] is True


def test_a_blocked_target_is_blocked_by_name_too():
    b = shop()
    b.sg("sg-lb", "vpc-1", [tcp(443, cidr="10.0.0.0/8")])  # the ALB admits only private addresses
    verdict = reach(b.build(), "internet", "shop.acme.example", 443)
    assert not verdict.reachable and verdict.blocker.kind == "security-group-ingress"
    assert verdict.to_json()["dns"][0]["blocker"]["kind"] == "security-group-ingress"


def test_an_alias_to_another_record_is_followed_to_its_target():
    b = shop()
    www = b.record("Z1PUBLIC", "www.acme.example.", alias="shop.acme.example.")
    b.points_to(www, next(r.arn for r in b.resources if r.data.get("Name") == "shop.acme.example."))
    verdict = reach(b.build(), "internet", "www.acme.example", 443)
    assert verdict.reachable and verdict.destination == "www.acme.example -> web-lb"


def test_a_weighted_name_is_answered_per_target_and_reachable_if_any_target_is():
    b = shop()
    b.resources = [r for r in b.resources if r.kind != "route53:record"]
    b.extra_edges = []
    internal = b.load_balancer("admin-lb", "vpc-1", [("subnet-private", "us-east-1a")], ["sg-lb"], scheme="internal")
    lb = next(r.arn for r in b.resources if r.id == "web-lb")
    b.points_to(b.record("Z1PUBLIC", "shop.acme.example.", set_identifier="blue", weight=90), lb)
    b.points_to(b.record("Z1PUBLIC", "shop.acme.example.", set_identifier="green", weight=10), internal)
    verdict = reach(b.build(), "internet", "shop.acme.example", 443)
    answers = {a["set_identifier"]: a for a in verdict.to_json()["dns"]}
    assert answers["blue"]["reachable"] is True
    assert answers["green"]["reachable"] is False and answers["green"]["blocker"]["kind"] == "lb-internal"
    assert verdict.reachable and verdict.destination == "shop.acme.example -> web-lb"
    assert any("resolves to 2 targets and they differ" in w and "DNS2" in w for w in verdict.warnings)


def test_a_plain_a_record_without_an_edge_is_reached_as_its_address():
    b = shop()
    b.record("Z1PUBLIC", "web.acme.example.", values=["54.1.1.10"])  # i-web's public address
    verdict = reach(b.build(), "internet", "web.acme.example", 443)
    assert verdict.reachable and verdict.destination == "web.acme.example -> eni-web (54.1.1.10)"


def test_a_name_pointing_outside_the_estate_is_one_line():
    b = shop()
    b.record("Z1PUBLIC", "docs.acme.example.", rtype="CNAME", values=["acme.hosted-docs.example.net"])
    with pytest.raises(Unresolvable, match=r"^docs\.acme\.example points outside the estate "
                                           r"\(acme\.hosted-docs\.example\.net\).*\(DNS1\)$") as raised:
        reach(b.build(), "internet", "docs.acme.example", 443)
    assert "\n" not in str(raised.value)


def private_zone():
    """shop() with a private zone acme.internal for vpc-1 whose api.acme.internal aliases web-lb."""
    b = shop()
    b.hosted_zone("Z2PRIVATE", "acme.internal.", private_vpcs=["vpc-1"])
    lb = next(r.arn for r in b.resources if r.id == "web-lb")
    b.points_to(b.record("Z2PRIVATE", "api.acme.internal.", alias="internal-web-lb.elb.amazonaws.com."), lb)
    return b


def test_a_private_name_does_not_resolve_from_outside_its_vpcs():
    with pytest.raises(Unresolvable, match=r"api\.acme\.internal is a name of a private hosted zone, answered only "
                                           r"inside vpc-1, not from the internet \(DNS3\)"):
        reach(private_zone().build(), "internet", "api.acme.internal", 443)


def test_a_private_name_resolves_from_inside_its_vpc():
    verdict = reach(private_zone().build(), "i-web", "api.acme.internal", 443)
    assert verdict.destination == "api.acme.internal -> web-lb"
    assert verdict.to_json()["dns"][0]["target"].endswith("/web-lb/1")


def split_view():
    """shop() with a private zone acme.example for vpc-1 (split-view DNS) where shop.acme.example is app."""
    b = shop()
    b.hosted_zone("Z3SPLIT", "acme.example.", private_vpcs=["vpc-1"])
    b.record("Z3SPLIT", "shop.acme.example.", values=["10.0.1.10"])
    return b


def test_inside_its_vpc_the_private_zone_answers_and_outside_the_public_one():
    estate = split_view().build()
    inside = reach(estate, "i-web", "shop.acme.example", 8080)
    outside = reach(estate, "internet", "shop.acme.example", 443)
    assert inside.destination == "shop.acme.example -> eni-app (10.0.1.10)" and inside.reachable
    assert outside.destination == "shop.acme.example -> web-lb"


def test_inside_its_vpc_a_name_the_private_zone_lacks_does_not_fall_back_to_the_public_zone():
    b = split_view()
    lb = next(r.arn for r in b.resources if r.id == "web-lb")
    b.points_to(b.record("Z1PUBLIC", "www.acme.example.", alias="dualstack.web-lb-1.us-east-1.elb.amazonaws.com."), lb)
    estate = b.build()
    assert reach(estate, "internet", "www.acme.example", 443).reachable
    with pytest.raises(Unresolvable, match=r"^www\.acme\.example: the private hosted zone acme\.example\. of vpc-1 has no "
                                           r"such record, .* \(DNS3\)$"):
        reach(estate, "i-web", "www.acme.example", 443)


def test_the_destination_picker_offers_each_name_once():
    b = shop()
    b.record("Z1PUBLIC", "shop.acme.example.", rtype="AAAA", alias="dualstack.web-lb-1.us-east-1.elb.amazonaws.com.")
    names = [c for c in candidates(b.build()) if c.kind == "route53:record"]
    assert [c.ref for c in names] == ["shop.acme.example"]
    assert reach(b.build(), "internet", names[0].ref, 443).reachable


def test_a_record_named_by_its_id_is_its_name():
    b = shop()
    record = next(r for r in b.resources if r.kind == "route53:record")
    verdict = reach(b.build(), "internet", record.id, 443)
    assert verdict.reachable and verdict.destination == "shop.acme.example -> web-lb"


def test_a_name_whose_only_target_is_no_reach_endpoint_is_one_line():
    b = shop()
    b._add("s3:bucket", "bucket", "acme-assets", {"Name": "acme-assets"}, arn="arn:aws:s3:::acme-assets")
    b.points_to(b.record("Z1PUBLIC", "assets.acme.example.", rtype="CNAME", values=["acme-assets.s3.amazonaws.com"]),
                "arn:aws:s3:::acme-assets")
    with pytest.raises(Unresolvable, match=r"^assets\.acme\.example -> 'arn:aws:s3:::acme-assets' is a s3:bucket; "):
        reach(b.build(), "internet", "assets.acme.example", 443)


def test_a_record_whose_zone_is_not_in_the_estate_says_its_privacy_is_unknown():
    b = shop()
    b.resources = [r for r in b.resources if r.kind != "route53:hosted-zone"]
    verdict = reach(b.build(), "internet", "shop.acme.example", 443)
    assert verdict.reachable
    assert any("its hosted zone is not in the estate" in w and "(DNS3)" in w for w in verdict.warnings)
    assert not [w for w in reach(shop().build(), "internet", "shop.acme.example", 443).warnings if "DNS3" in w]
