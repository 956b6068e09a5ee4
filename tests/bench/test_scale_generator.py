"""The scale benchmark's synthetic estates are consistent: shaped like crawled ones, every
reference resolves, the engines answer on them, and they survive a snapshot round trip."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import pytest

from awsx.core.graph import Estate
from awsx.core.model import Relation, Resource
from awsx.iam.principals import IamIndex
from awsx.iam.whocan import who_can
from awsx.reach.endpoints import Unresolvable
from awsx.reach.query import reach
from awsx.store.snapshot import open_snapshot, write_snapshot
from bench.scale import identity_statements, workload_enis
from bench.synth import Shape, build, write

SMALL = Shape("test", enis=1200, principals=60, statements=240)


@pytest.fixture(scope="module")
def estate() -> Estate:
    return build(SMALL)


def test_the_estate_has_the_requested_size(estate: Estate) -> None:
    counts = estate.kind_counts()
    assert len(workload_enis(estate)) == SMALL.enis
    assert counts["iam:user"] + counts["iam:role"] == SMALL.principals
    assert identity_statements(estate) == SMALL.statements
    assert counts["ec2:vpc"] == 2 and counts["ec2:subnet"] == 12  # 1000 ENIs per three-AZ VPC


def test_the_same_seed_gives_the_same_estate(estate: Estate) -> None:
    again = build(SMALL)
    assert [r.to_json() for r in again.resources()] == [r.to_json() for r in estate.resources()]


def test_every_network_reference_resolves(estate: Estate) -> None:
    # Only the account root named in some trust policies is not a resource, as in a real crawl.
    assert {d.ref for d in estate.dangling} <= {"arn:aws:iam::111122223333:root"}
    eni = next(r for r in estate.resources("ec2:network-interface") if r.data.get("Attachment", {}).get("InstanceId"))
    related = {e.relation: e.target for e in estate.out_edges(eni.arn)}
    assert {Relation.IN_VPC, Relation.IN_SUBNET, Relation.MEMBER_OF_SECURITY_GROUP, Relation.ATTACHED_TO} <= set(related)
    assert estate.resource(related[Relation.ATTACHED_TO]).kind == "ec2:instance"
    # Its subnet has a route table and a NACL associated with it.
    tables = {estate.resource(e.source).kind for e in estate.in_edges(related[Relation.IN_SUBNET], Relation.ASSOCIATED_WITH)}
    assert tables == {"ec2:route-table", "ec2:network-acl"}
    referencing = [e for e in estate.edges() if e.relation == Relation.REFERENCES_SECURITY_GROUP]
    assert referencing and all(estate.resource(e.target).kind == "ec2:security-group" for e in referencing)


def test_a_reach_query_on_it_returns_a_verdict(estate: Estate) -> None:
    web = _eni_in_group(estate, "web", public=True)
    verdict = reach(estate, "internet", web.id, 443)
    assert verdict.reachable, verdict.blocker
    db = _eni_in_group(estate, "db", public=False)
    blocked = reach(estate, "internet", db.id, 5432)
    assert not blocked.reachable and blocked.blocker is not None


def test_who_can_finds_the_synthetic_administrators(estate: Estate) -> None:
    answer = who_can(IamIndex(estate), "iam:CreateUser", escalation=False)
    assert "arn:aws:iam::111122223333:user/user-00001" in {p.arn for p in answer.principals}


def test_a_snapshot_round_trips(estate: Estate, tmp_path: Path) -> None:
    path = write_snapshot(estate, tmp_path / "synthetic.awsx")
    again = open_snapshot(path)
    assert again.kind_counts() == estate.kind_counts()
    assert again.graph.number_of_edges() == estate.graph.number_of_edges()
    some = next(estate.resources("ec2:instance"))
    assert again.resource(some.arn) == some


def _eni_in_group(estate: Estate, group_name: str, public: bool) -> Resource:
    groups = {r.id for r in estate.resources("ec2:security-group") if r.data["GroupName"] == group_name}
    return next(r for r in estate.resources("ec2:network-interface")
                if r.data["Groups"] and r.data["Groups"][0]["GroupId"] in groups
                and bool(r.data.get("Association")) == public and r.data.get("Status") == "in-use")


def test_a_nat_gateways_interface_is_answered_as_the_nat_gateway(estate: Estate) -> None:
    nat_eni = next(r for r in estate.resources("ec2:network-interface") if r.data["InterfaceType"] == "nat_gateway")
    app = _eni_in_group(estate, "app", public=False)
    verdict = reach(estate, app.id, nat_eni.id, 443)
    assert not verdict.reachable and verdict.blocker and verdict.blocker.kind == "nat-gateway"
    with pytest.raises(Unresolvable, match="NAT1"):
        reach(estate, nat_eni.id, app.id, 443)


def test_a_network_index_does_not_keep_its_estate_alive() -> None:
    small = build(Shape("tiny", enis=50, principals=4, statements=8))
    probe = weakref.ref(small)
    enis = workload_enis(small)
    reach(small, enis[0], enis[1], 443)
    del small
    gc.collect()
    assert probe() is None


def test_accounts_of_one_estate_are_distinct_as_in_aws() -> None:
    one = Shape("one", enis=60, principals=6, statements=12)
    two = Shape("two", enis=60, principals=6, statements=12, accounts=2)
    single, double = build(one), build(two)
    assert {r.account for r in double.resources()} == set(two.account_ids()) and len(two.account_ids()) == 2
    assert set(double.kind_counts()) == set(single.kind_counts())  # each account its own draw of the same shape
    assert len(workload_enis(double)) == 2 * one.enis
    assert double.kind_counts()["iam:user"] + double.kind_counts()["iam:role"] == 2 * one.principals
    # EC2 ids are unique across accounts; IAM's ids in awsx are names, which accounts share.
    ids = [r.id for r in double.resources() if r.kind.startswith("ec2:") and r.kind != "ec2:availability-zone"]
    assert len(ids) == len(set(ids)), "an id repeats across accounts"
    public = [e.data["Association"]["PublicIp"] for e in double.resources("ec2:network-interface")
              if e.data.get("Association")]
    assert public and len(public) == len(set(public))
    # The first account is the one-account estate itself.
    assert {r.arn for r in single.resources()} <= {r.arn for r in double.resources()}


def test_an_estate_written_an_account_at_a_time_reads_back_whole(tmp_path: Path) -> None:
    shape = Shape("three", enis=60, principals=6, statements=12, accounts=3)
    whole, again = build(shape), open_snapshot(write(shape, tmp_path / "parts.awsx"))
    assert sorted(r.to_json()["arn"] for r in again.resources()) == sorted(r.arn for r in whole.resources())
    def lines(records):
        return sorted(json.dumps(record.to_json(), sort_keys=True) for record in records)

    assert lines(again.edges()) == lines(whole.edges())
    assert lines(again.dangling) == lines(whole.dangling)
    assert again.info.accounts == shape.account_ids()
    some = next(whole.resources("ec2:instance"))
    assert again.resource(some.arn) == some
    assert list(tmp_path.iterdir()) == [tmp_path / "parts.awsx"]  # no spool or partial file left
