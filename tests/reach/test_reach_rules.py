"""The reachability engine, rule by rule (../shared/reachability.md), on the smallest estate that
shows each rule. `two_tier()` in reach_fixtures is the reference shape; re-adding a resource with
the same id replaces it (assemble keeps the last record of an ARN)."""

from __future__ import annotations

import ipaddress

import pytest
from reach_fixtures import ACCOUNT, Builder, acl, tcp, two_tier

from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.query import reach
from awsx.reach.verdict import BLOCKER_KINDS


def blocked_by(verdict, kind, direction="forward"):
    assert not verdict.reachable, verdict.to_json()
    assert verdict.blocker.kind == kind, verdict.to_json()
    assert verdict.blocker.direction == direction, verdict.to_json()
    return verdict.blocker


# --- JSON contract (Q4, Q5) -------------------------------------------------------------------
def test_json_shape_is_the_issue_contract():
    verdict = reach(two_tier().build(), "i-web", "i-app", 8080)
    document = verdict.to_json()
    assert set(document) == {"reachable", "blocker", "hops", "warnings"}
    assert document["reachable"] is True and document["blocker"] is None
    assert [h["seq"] for h in document["hops"]] == list(range(1, len(document["hops"]) + 1))
    assert {h["direction"] for h in document["hops"]} == {"forward", "return"}
    assert all(set(h) == {"seq", "direction", "kind", "id", "decision", "rule"} for h in document["hops"])


def test_blocker_kinds_are_exactly_the_issue_list():
    assert len(BLOCKER_KINDS) == 21  # issue 4's twenty and issue 16's eks-endpoint (EKS1)
    assert "eks-endpoint" in BLOCKER_KINDS


def test_unknown_endpoint_is_an_error_not_a_verdict():
    with pytest.raises(Unresolvable):
        reach(two_tier().build(), "i-nope", "i-app", 80)


def test_a4_unowned_address_inside_a_vpc_is_an_error():
    with pytest.raises(Unresolvable, match="A4"):
        reach(two_tier().build(), "i-web", "10.0.1.99", 8080)


# --- security groups ------------------------------------------------------------------------
def test_sg1_sg4_reference_admits_members_private_ip():
    verdict = reach(two_tier().build(), "i-web", "i-app", 8080)
    assert verdict.reachable
    assert any("sg-app tcp 8080 sg-web" in h.rule for h in verdict.hops)


def test_sg3_port_outside_rule_is_security_group_ingress():
    blocker = blocked_by(reach(two_tier().build(), "i-web", "i-app", 8081), "security-group-ingress")
    assert "sg-app" in blocker.id


def test_sg3_protocol_mismatch_udp_vs_tcp_rule():
    blocked_by(reach(two_tier().build(), "i-web", "i-app", 8080, "udp"), "security-group-ingress")


def test_sg3_ipv6_rule_never_admits_ipv4():
    b = two_tier()
    b.sg("sg-web", "vpc-1", [tcp(443, v6="::/0")])  # replaces the IPv4 rule (the later record of an ARN wins)
    blocked_by(reach(b.build(), "internet", "i-web", 443), "security-group-ingress")


def test_sg4_same_subnet_peer_without_the_group_fails():
    b = two_tier()
    b.sg("sg-other", "vpc-1")
    b.eni("eni-other", "subnet-private", "vpc-1", "10.0.1.30", ("sg-other",))
    blocked_by(reach(b.build(), "eni-other", "i-app", 8080), "security-group-ingress")


def test_sg4_hairpin_through_public_ip_does_not_match_a_reference():
    b = two_tier()
    b.sg("sg-db", "vpc-1", [tcp(5432, group="sg-app")])
    b.eni("eni-db", "subnet-public", "vpc-1", "10.0.0.20", ("sg-db",), public="54.1.1.20")
    estate = b.build()
    assert reach(estate, "eni-app", "eni-db", 5432).reachable  # private address: the reference matches
    blocker = blocked_by(reach(estate, "eni-app", "54.1.1.20", 5432), "security-group-ingress")  # IGW5
    assert "SG4" in blocker.rule


def test_sg2_several_groups_are_a_union():
    b = two_tier()
    b.sg("sg-extra", "vpc-1", [tcp(9000, cidr="10.0.0.0/16")])
    b.eni("eni-multi", "subnet-private", "vpc-1", "10.0.1.40", ("sg-app", "sg-extra"))
    estate = b.build()
    assert reach(estate, "i-web", "eni-multi", 8080).reachable
    assert reach(estate, "i-web", "eni-multi", 9000).reachable


def test_sg3_prefix_list_entries_admit_their_cidrs():
    """SG3 with a prefix list of globally routable ranges: the internet reaches the bastion from
    exactly those ranges (Q3, issue 14), so it is open to listed ranges, not to the world."""
    b = two_tier()
    b.prefix_list("pl-office", ["81.2.69.0/25", "81.2.69.128/25"])
    b.sg("sg-bastion", "vpc-1", [tcp(22, prefix_list="pl-office")])
    b.eni("eni-bastion", "subnet-public", "vpc-1", "10.0.0.30", ("sg-bastion",), public="54.1.1.30")
    estate = b.build()
    assert reach(estate, "81.2.69.7", "eni-bastion", 22).reachable
    blocked_by(reach(estate, "8.8.8.8", "eni-bastion", 22), "security-group-ingress")
    verdict = reach(estate, "internet", "eni-bastion", 22)  # Q3: some internet address works
    assert verdict.reachable and verdict.sources == ("81.2.69.0/24",) and verdict.world is False


def test_q3_a_documentation_range_admits_no_internet_source():
    """Q3/IGW3 (issue 14): the internet is every global address, never a documentation range; a
    prefix list of 203.0.113.0/24 admits that concrete address but nobody on the internet."""
    b = two_tier()
    b.prefix_list("pl-office", ["203.0.113.0/24"])
    b.sg("sg-bastion", "vpc-1", [tcp(22, prefix_list="pl-office")])
    b.eni("eni-bastion", "subnet-public", "vpc-1", "10.0.0.30", ("sg-bastion",), public="54.1.1.30")
    estate = b.build()
    assert reach(estate, "203.0.113.7", "eni-bastion", 22).reachable
    verdict = reach(estate, "internet", "eni-bastion", 22)
    blocked_by(verdict, "security-group-ingress")
    assert verdict.sources == () and verdict.world is False


def test_sg5_restricted_egress_blocks_at_the_source():
    b = two_tier()
    b.sg("sg-locked", "vpc-1", egress=[tcp(443, cidr="10.0.0.0/16")])
    b.eni("eni-locked", "subnet-public", "vpc-1", "10.0.0.40", ("sg-locked", ))
    estate = b.build()
    blocked_by(reach(estate, "eni-locked", "i-app", 8080), "security-group-egress")


# --- network ACLs ---------------------------------------------------------------------------
def _app_nacl(*entries):
    b = two_tier()
    b.nacl("acl-app", "vpc-1", list(entries), subnets=("subnet-private",))
    return b.build()


def test_nacl3_first_match_wins_allow_before_deny():
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 8080), acl(110, "deny", "0.0.0.0/0", 8080),
                       acl(100, "allow", "0.0.0.0/0", 1024, 65535, egress=True))
    assert reach(estate, "i-web", "i-app", 8080).reachable


def test_nacl3_first_match_wins_deny_before_allow():
    estate = _app_nacl(acl(90, "deny", "0.0.0.0/0", 8080), acl(100, "allow", "10.0.0.0/16", 8080),
                       acl(100, "allow", "0.0.0.0/0", 1024, 65535, egress=True))
    blocker = blocked_by(reach(estate, "i-web", "i-app", 8080), "nacl-inbound")
    assert "rule 90" in blocker.rule


def test_nacl3_implicit_star_denies_when_no_rule_matches():
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 443), acl(100, "allow", "0.0.0.0/0", egress=True))
    blocker = blocked_by(reach(estate, "i-web", "i-app", 8080), "nacl-inbound")
    assert "rule *" in blocker.rule


def test_nacl4_outbound_rules_match_the_destination_address():
    b = two_tier()
    b.nacl("acl-web", "vpc-1", [acl(100, "deny", "10.0.1.0/24", egress=True), acl(200, "allow", "0.0.0.0/0", egress=True),
                                acl(100, "allow", "0.0.0.0/0")], subnets=("subnet-public",))
    blocked_by(reach(b.build(), "i-web", "i-app", 8080), "nacl-outbound")


def test_nacl5_return_traffic_needs_ephemeral_ports():
    # the outbound side only opens a port below 1024: no ephemeral port can carry the reply
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 8080), acl(100, "allow", "10.0.0.0/16", 80, egress=True))
    blocker = blocked_by(reach(estate, "i-web", "i-app", 8080), "nacl-outbound", "return")
    assert "rule *" in blocker.rule


def test_q3_nacl5_the_source_port_is_existential_over_the_ephemeral_range():
    # replies to port 8080 only: a client that happens to use source port 8080 still connects (Q3)
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 8080), acl(100, "allow", "10.0.0.0/16", 8080, egress=True))
    verdict = reach(estate, "i-web", "i-app", 8080)
    assert verdict.reachable and any("only ports 8080" in w for w in verdict.warnings)


def test_nacl5_partly_open_ephemeral_range_is_a_warning_not_a_block():
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 8080), acl(100, "allow", "10.0.0.0/16", 32768, 65535, egress=True))
    verdict = reach(estate, "i-web", "i-app", 8080)
    assert verdict.reachable
    assert any("32768-65535" in w for w in verdict.warnings)


def test_nacl2_rt2_no_nacl_and_no_route_within_a_subnet():
    estate = _app_nacl()  # denies everything at the subnet boundary
    b_verdict = reach(estate, "eni-app2", "i-app", 8080)
    blocked_by(b_verdict, "security-group-ingress")  # only the SG speaks (app2 is not in sg-web)
    assert not any(h.kind in ("network-acl", "route-table") for h in b_verdict.hops)


# --- route tables ---------------------------------------------------------------------------
def test_rt1_implicit_main_table_is_the_current_main():
    b = two_tier()
    b.subnet("subnet-loose", "vpc-1", "10.0.2.0/24")  # no explicit association
    b.eni("eni-loose", "subnet-loose", "vpc-1", "10.0.2.10", ("sg-web",), public="54.1.1.50")
    verdict = reach(b.build(), "eni-loose", "internet", 443)
    blocker = blocked_by(verdict, "route-table")
    assert blocker.id == "rtb-main" and "RT6" in blocker.rule


def test_rt1_replaced_main_table_is_used():
    b = two_tier()
    b.resources = [r for r in b.resources if r.id != "rtb-main"]
    b.route_table("rtb-main", "vpc-1", "10.0.0.0/16")  # now no longer main
    b.route_table("rtb-main2", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
                  main=True)
    b.subnet("subnet-loose", "vpc-1", "10.0.2.0/24")
    b.eni("eni-loose", "subnet-loose", "vpc-1", "10.0.2.10", ("sg-web",), public="54.1.1.50")
    assert reach(b.build(), "eni-loose", "internet", 443).reachable


def test_rt4_longest_prefix_wins_and_rt5_no_fallback():
    b = two_tier()
    b.resources = [r for r in b.resources if r.id != "rtb-public"]
    b.route_table("rtb-public", "vpc-1", "10.0.0.0/16", [
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"},
        {"DestinationCidrBlock": "8.8.8.0/24", "NatGatewayId": "nat-gone"}], subnets=("subnet-public",))
    estate = b.build()
    assert reach(estate, "i-web", "1.1.1.1", 443).reachable
    blocker = blocked_by(reach(estate, "i-web", "8.8.8.8", 443), "nat-gateway")  # RT5: no fallback to 0/0
    assert "8.8.8.0/24" in blocker.rule


def test_rt4_prefix_list_destination_route():
    b = two_tier()
    b.prefix_list("pl-partners", ["192.0.2.0/24"])
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationPrefixListId": "pl-partners", "GatewayId": "igw-1"}],
                  subnets=("subnet-private",))
    b.eni("eni-pub-private", "subnet-private", "vpc-1", "10.0.1.50", ("sg-web",), public="54.1.1.60")
    estate = b.build()
    assert reach(estate, "192.0.2.9", "eni-pub-private", 443).reachable  # return route via the prefix list
    blocked_by(reach(estate, "198.51.100.9", "eni-pub-private", 443), "route-table", "return")


def test_rt6_no_route_to_an_unconnected_vpc_is_route_table():
    b = two_tier()
    b.vpc("vpc-2", "10.1.0.0/16")
    b.subnet("subnet-b", "vpc-2", "10.1.0.0/24")
    b.route_table("rtb-b", "vpc-2", "10.1.0.0/16", main=True)
    b.sg("sg-b", "vpc-2", [tcp(443, cidr="0.0.0.0/0")])
    b.eni("eni-b", "subnet-b", "vpc-2", "10.1.0.10", ("sg-b",))
    estate = b.build()
    blocker = blocked_by(reach(estate, "eni-b", "i-web", 443), "route-table")
    assert blocker.id == "rtb-b" and "RT6" in blocker.rule
    # from the private subnet the default route leads to the NAT, then the IGW drops a private destination (IGW2)
    blocker = blocked_by(reach(estate, "i-app", "eni-b", 443), "route-table")
    assert "IGW2" in blocker.rule


# --- internet gateway ------------------------------------------------------------------------
def test_igw1_public_instance_reachable_from_the_internet():
    verdict = reach(two_tier().build(), "internet", "i-web", 443)
    assert verdict.reachable
    assert any(h.kind == "internet-gateway" for h in verdict.hops)


def test_igw1a_no_attached_igw_is_igw_missing():
    b = two_tier()
    b.resources = [r for r in b.resources if r.id != "igw-1"]
    b.igw("igw-1", None)  # detached
    estate = b.build()
    blocked_by(reach(estate, "internet", "i-web", 443), "igw-missing")
    blocked_by(reach(estate, "i-web", "internet", 443), "igw-missing")  # RT5: the route is a blackhole


def test_igw1b_no_public_ip_inbound_and_outbound():
    b = two_tier()
    b.eni("eni-nopub", "subnet-public", "vpc-1", "10.0.0.60", ("sg-web",))
    estate = b.build()
    blocked_by(reach(estate, "internet", "eni-nopub", 443), "no-public-ip")
    blocked_by(reach(estate, "eni-nopub", "internet", 443), "no-public-ip")  # IGW2


def test_igw1e_eip_in_a_private_subnet_has_no_return_route():
    b = two_tier()
    b.eni("eni-eip", "subnet-private", "vpc-1", "10.0.1.60", ("sg-web",), public="54.1.1.70")
    blocker = blocked_by(reach(b.build(), "internet", "eni-eip", 443), "route-table", "return")
    assert "nat-1" in blocker.rule and "IGW1e" in blocker.rule


def test_a4_eip_as_destination_address_is_translated_to_the_owner():
    verdict = reach(two_tier().build(), "198.51.100.77", "54.1.1.10", 443)
    assert verdict.reachable
    assert any("54.1.1.10 -> 10.0.0.10" in h.rule for h in verdict.hops)


# --- NAT gateway -----------------------------------------------------------------------------
def test_nat2_private_instance_reaches_the_internet_through_nat():
    verdict = reach(two_tier().build(), "i-app", "internet", 443)
    assert verdict.reachable
    kinds = [h.kind for h in verdict.hops if h.direction == "forward"]
    assert kinds.index("nat-gateway") < kinds.index("internet-gateway")


def test_nat1_nat_is_outbound_only():
    blocked_by(reach(two_tier().build(), "internet", "198.51.100.50", 443), "nat-gateway")


def test_nat2_nat_in_a_subnet_without_igw_route():
    b = two_tier()
    b.subnet("subnet-dark", "vpc-1", "10.0.3.0/24")
    b.nat("nat-dark", "subnet-dark", "vpc-1", "10.0.3.5", "198.51.100.51")
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-dark"}],
                  subnets=("subnet-private",))
    blocker = blocked_by(reach(b.build(), "i-app", "internet", 443), "route-table")
    assert blocker.id == "rtb-main"


# --- unattached ENI, source/dest check --------------------------------------------------------
def test_a3_unattached_eni_sends_nothing():
    b = two_tier()
    b.eni("eni-loose", "subnet-public", "vpc-1", "10.0.0.70", ("sg-web",), status="available")
    estate = b.build()
    blocked_by(reach(estate, "eni-loose", "i-app", 8080), "eni-detached")
    blocked_by(reach(estate, "i-web", "eni-loose", 443), "eni-detached")


def _middlebox(check: bool) -> Builder:
    b = two_tier()
    b.subnet("subnet-fw", "vpc-1", "10.0.9.0/24")
    b.sg("sg-fw", "vpc-1", [tcp(0, 65535, cidr="10.0.0.0/16")])
    b.eni("eni-fw", "subnet-fw", "vpc-1", "10.0.9.10", ("sg-fw",), source_dest_check=check)
    b.route_table("rtb-fw", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
                  subnets=("subnet-fw",))
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NetworkInterfaceId": "eni-fw"}],
                  subnets=("subnet-private",))
    return b


def test_mb1_source_dest_check_drops_forwarded_traffic():
    blocked_by(reach(_middlebox(True).build(), "i-app", "internet", 443), "source-dest-check")


def test_mb2_appliance_with_check_off_forwards_with_its_own_table():
    verdict = reach(_middlebox(False).build(), "i-app", "internet", 443)
    # forwarded with the appliance's own route table; the appliance has no public IP
    blocker = blocked_by(verdict, "no-public-ip")
    assert blocker.id == "eni-fw"


# --- peering ---------------------------------------------------------------------------------
def _peered(status="active", region_b="us-east-1", route_back=True):
    b = two_tier()
    b.vpc("vpc-2", "10.1.0.0/16")
    b.subnet("subnet-b", "vpc-2", "10.1.0.0/24")
    b.peering("pcx-1", ("vpc-1", "10.0.0.0/16", "us-east-1"), ("vpc-2", "10.1.0.0/16", region_b), status)
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"},
                                                          {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1"},
                                                          {"DestinationCidrBlock": "10.2.0.0/16", "VpcPeeringConnectionId": "pcx-1"}],
                  subnets=("subnet-private",))
    routes = [{"DestinationCidrBlock": "10.0.0.0/16", "VpcPeeringConnectionId": "pcx-1"}] if route_back else []
    b.route_table("rtb-b", "vpc-2", "10.1.0.0/16", routes, subnets=("subnet-b",))
    b.sg("sg-b", "vpc-2", [tcp(5432, group="sg-app"), tcp(6379, cidr="10.0.1.0/24")])
    b.eni("eni-b", "subnet-b", "vpc-2", "10.1.0.10", ("sg-b",))
    return b.build()


def test_pcx_active_peering_with_routes_both_ways():
    assert reach(_peered(), "i-app", "eni-b", 5432).reachable


def test_pcx1_pending_peering_is_peering_inactive():
    blocked_by(reach(_peered(status="pending-acceptance"), "i-app", "eni-b", 5432), "peering-inactive")


def test_pcx3_one_sided_routes_fail_on_return():
    blocked_by(reach(_peered(route_back=False), "i-app", "eni-b", 5432), "route-table", "return")


def test_pcx2_peering_is_not_transitive():
    b = Builder()
    b.resources = list(_peered().resources())
    b.vpc("vpc-3", "10.2.0.0/16")  # peered with vpc-2 only; vpc-1's route for it points into pcx-1
    b.subnet("subnet-c", "vpc-3", "10.2.0.0/24")
    b.route_table("rtb-c", "vpc-3", "10.2.0.0/16", main=True)
    b.sg("sg-c", "vpc-3", [tcp(5432, cidr="10.0.0.0/8")])
    b.eni("eni-c", "subnet-c", "vpc-3", "10.2.0.10", ("sg-c",))
    blocker = blocked_by(reach(b.build(), "i-app", "eni-c", 5432), "peering-not-transitive")
    assert blocker.id == "pcx-1" and "PCX2" in blocker.rule


def test_pcx4_cross_region_peer_sg_reference_does_not_apply():
    estate = _peered(region_b="eu-west-1")
    blocked_by(reach(estate, "i-app", "eni-b", 5432), "security-group-ingress")
    assert reach(estate, "i-app", "eni-b", 6379).reachable  # CIDR rules do


# --- transit gateway -------------------------------------------------------------------------
def _transit(associate_b=True, propagate_a=True, az_a="us-east-1a", blackhole=False):
    b = two_tier()
    b.vpc("vpc-2", "10.1.0.0/16")
    b.subnet("subnet-b", "vpc-2", "10.1.0.0/24")
    b.subnet("subnet-a-tgw", "vpc-1", "10.0.5.0/28", az=az_a)
    b.transit_gateway("tgw-1")
    b.tgw_attachment("tgw-attach-a", "tgw-1", "vpc-1", ["subnet-a-tgw"])
    b.tgw_attachment("tgw-attach-b", "tgw-1", "vpc-2", ["subnet-b"])
    routes = [{"DestinationCidrBlock": "10.1.0.0/16", "State": "blackhole", "TransitGatewayAttachments": []}] if blackhole else []
    b.tgw_route_table("tgw-rtb-1", "tgw-1", ["tgw-attach-a"] + (["tgw-attach-b"] if associate_b else []),
                      (["tgw-attach-a"] if propagate_a else []) + ["tgw-attach-b"], routes)
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "10.1.0.0/16", "TransitGatewayId": "tgw-1"}],
                  subnets=("subnet-private",))
    b.route_table("rtb-b", "vpc-2", "10.1.0.0/16", [{"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": "tgw-1"}],
                  subnets=("subnet-b",))
    b.sg("sg-b", "vpc-2", [tcp(5432, cidr="10.0.0.0/16")])
    b.eni("eni-b", "subnet-b", "vpc-2", "10.1.0.10", ("sg-b",))
    return b.build()


def test_tgw_association_and_propagation_both_ways():
    verdict = reach(_transit(), "i-app", "eni-b", 5432)
    assert verdict.reachable, verdict.to_json()
    assert any(h.kind == "transit-gateway-route-table" and h.direction == "return" for h in verdict.hops)


def test_tgw1_sender_az_not_covered_is_tgw_az():
    blocked_by(reach(_transit(az_a="us-east-1b"), "i-app", "eni-b", 5432), "tgw-az")


def test_tgw3_blackhole_route():
    blocked_by(reach(_transit(blackhole=True), "i-app", "eni-b", 5432), "tgw-blackhole")


def test_tgw2_unassociated_destination_attachment_breaks_the_return():
    blocked_by(reach(_transit(associate_b=False), "i-app", "eni-b", 5432), "tgw-route-table", "return")


def test_tgw5_asymmetric_tables_missing_propagation_breaks_the_return():
    blocked_by(reach(_transit(propagate_a=False), "i-app", "eni-b", 5432), "tgw-route-table", "return")


# --- gateway endpoints -----------------------------------------------------------------------
def test_vpce1_vpce2_gateway_endpoint_lpm_and_tcp_only():
    b = two_tier()
    b.prefix_list("pl-s3", ["52.216.0.0/15"], name="com.amazonaws.us-east-1.s3")
    b.gateway_endpoint("vpce-s3", "vpc-1", "com.amazonaws.us-east-1.s3", ["rtb-private"])
    b.resources = [r for r in b.resources if r.id != "rtb-private"]
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"},
                                                          {"DestinationPrefixListId": "pl-s3", "GatewayId": "vpce-s3"}],
                  subnets=("subnet-private",))
    estate = b.build()
    verdict = reach(estate, "i-app", "vpce-s3", 443)
    assert verdict.reachable
    assert not any(h.kind == "nat-gateway" for h in verdict.hops)  # RT4: the prefix list beats 0/0
    blocked_by(reach(estate, "i-app", "vpce-s3", 443, "udp"), "vpc-endpoint")
    blocked_by(reach(estate, "i-web", "vpce-s3", 443), "vpc-endpoint")  # its table has no endpoint route
    assert "VPCE2" in blocked_by(reach(estate, "internet", "vpce-s3", 443), "vpc-endpoint").rule  # only from its VPC


# --- load balancers and RDS -------------------------------------------------------------------
def _alb(scheme="internet-facing", listener_port=443, targets=(("i-app", 8080),), app_rule=None, zones=None):
    b = two_tier()
    b.subnet("subnet-public-b", "vpc-1", "10.0.2.0/24", az="us-east-1b")
    b.route_table("rtb-public-b", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
                  subnets=("subnet-public-b",))
    b.sg("sg-alb", "vpc-1", [tcp(443, cidr="0.0.0.0/0")])
    if app_rule is not None:
        b.resources = [r for r in b.resources if r.id != "sg-app"]
        b.sg("sg-app", "vpc-1", [app_rule])
    zones = zones or [("subnet-public", "us-east-1a"), ("subnet-public-b", "us-east-1b")]
    lb = b.load_balancer("alb-1", "vpc-1", zones, ["sg-alb"], scheme)
    group = b.target_group("tg-1", "vpc-1", 8080, list(targets))
    b.listener(lb, listener_port, group, "HTTPS")
    return b.build()


def test_lb5_internet_to_alb_end_to_end_through_listener_to_target():
    verdict = reach(_alb(app_rule=tcp(8080, group="sg-alb")), "internet", "alb-1", 443)
    assert verdict.reachable, verdict.to_json()
    kinds = [h.kind for h in verdict.hops]
    assert "listener" in kinds and "target-group" in kinds


def test_lb5_target_sg_not_admitting_the_lb_sg():
    blocked_by(reach(_alb(), "internet", "alb-1", 443), "security-group-ingress")  # sg-app admits sg-web only


def test_lb1_internal_alb_from_the_internet():
    blocked_by(reach(_alb(scheme="internal"), "internet", "alb-1", 443), "lb-internal")


def test_lb1_internal_alb_from_inside_the_vpc():
    estate = _alb(scheme="internal", app_rule=tcp(8080, group="sg-alb"))
    assert reach(estate, "i-web", "alb-1", 443).reachable


def test_lb4_missing_listener():
    blocked_by(reach(_alb(listener_port=8443), "internet", "alb-1", 443), "lb-listener")


def test_lb5_empty_target_group():
    blocked_by(reach(_alb(targets=()), "internet", "alb-1", 443), "lb-no-targets")


def test_lb5_target_in_an_az_not_enabled():
    estate = _alb(app_rule=tcp(8080, group="sg-alb"), zones=[("subnet-public-b", "us-east-1b")])
    blocker = blocked_by(reach(estate, "internet", "alb-1", 443), "lb-no-targets")
    assert "LB5" in blocker.rule


def _db(public: bool, subnet: str = "subnet-private"):
    b = two_tier()
    b.sg("sg-db", "vpc-1", [tcp(5432, group="sg-app"), tcp(5432, cidr="0.0.0.0/0")])
    b.database("db-1", "vpc-1", [(subnet, "us-east-1a")], ["sg-db"], "us-east-1a", public=public)
    return b.build()


def test_a5_rds_flag_off_is_no_public_ip():
    blocked_by(reach(_db(False), "internet", "db-1", 5432), "no-public-ip")


def test_a5_rds_flag_on_in_a_private_subnet_has_no_return_route():
    blocked_by(reach(_db(True), "internet", "db-1", 5432), "route-table", "return")


def test_a5_rds_flag_on_in_a_public_subnet_is_exposed():
    assert reach(_db(True, "subnet-public"), "internet", "db-1", 5432).reachable


def test_a5_rds_from_the_app_tier_via_sg_reference():
    assert reach(_db(False), "i-app", "db-1", 5432).reachable


def test_account_is_fixture_account():
    assert ACCOUNT.isdigit()


# --- edge cases across sections -------------------------------------------------------------
def test_pcx2_no_edge_to_edge_a_peer_cannot_use_our_nat_or_igw():
    b = Builder()
    b.resources = list(_peered().resources())
    b.route_table("rtb-b", "vpc-2", "10.1.0.0/16", [{"DestinationCidrBlock": "10.0.0.0/16", "VpcPeeringConnectionId": "pcx-1"},
                                                    {"DestinationCidrBlock": "0.0.0.0/0", "VpcPeeringConnectionId": "pcx-1"}],
                  subnets=("subnet-b",))
    blocker = blocked_by(reach(b.build(), "eni-b", "internet", 443), "peering-not-transitive")  # NAT4, PCX2
    assert "PCX2" in blocker.rule


def test_igw5_hairpin_to_our_own_public_ip_with_a_cidr_rule_works():
    verdict = reach(two_tier().build(), "i-app", "54.1.1.10", 443)  # app -> NAT -> IGW -> back in to web
    assert verdict.reachable, verdict.to_json()
    assert [h.kind for h in verdict.hops].count("internet-gateway") == 2


def test_tgw7_sg_reference_across_a_tgw_needs_referencing_support():
    b = Builder()
    b.resources = list(_transit().resources())
    b.sg("sg-b", "vpc-2", [tcp(5432, group="sg-app")])
    blocked_by(reach(b.build(), "i-app", "eni-b", 5432), "security-group-ingress")


def _ipv6():
    b = two_tier()
    b.eigw("eigw-1", "vpc-1")
    v6_nacl = [acl(100, "allow", "0.0.0.0/0"), acl(100, "allow", "0.0.0.0/0", egress=True),
               {"RuleNumber": 101, "RuleAction": "allow", "Egress": False, "Ipv6CidrBlock": "::/0", "Protocol": "-1"},
               {"RuleNumber": 101, "RuleAction": "allow", "Egress": True, "Ipv6CidrBlock": "::/0", "Protocol": "-1"}]
    b.nacl("acl-v6", "vpc-1", v6_nacl, subnets=("subnet-public", "subnet-private"))
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"},
                                                          {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"}],
                  subnets=("subnet-private",))
    b.route_table("rtb-public", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"},
                                                         {"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1"}],
                  subnets=("subnet-public",))
    b.sg("sg-v6", "vpc-1", [tcp(443, v6="::/0")], egress=[tcp(0, 65535, v6="::/0", protocol="-1")])
    b.eni("eni-v6-private", "subnet-private", "vpc-1", "10.0.1.70", ("sg-v6",), ipv6=("2600:1f18::70",))
    b.eni("eni-v6-public", "subnet-public", "vpc-1", "10.0.0.70", ("sg-v6",), ipv6=("2600:1f18::80",))
    return b.build()


def test_eigw1_ipv6_outbound_through_the_egress_only_gateway():
    verdict = reach(_ipv6(), "eni-v6-private", "2001:db8:1::1", 443)
    assert verdict.reachable, verdict.to_json()
    assert any(h.kind == "egress-only-internet-gateway" for h in verdict.hops)


def test_eigw1_ipv6_inbound_is_blocked_by_the_egress_only_gateway():
    blocked_by(reach(_ipv6(), "2001:db8:1::1", "eni-v6-private", 443), "egress-only-igw", "return")


def test_igw4_ipv6_inbound_to_a_public_subnet():
    assert reach(_ipv6(), "2001:db8:1::1", "eni-v6-public", 443).reachable


def test_q6_ipv4_only_interface_cannot_send_ipv6():
    blocked_by(reach(_ipv6(), "i-app", "2001:db8:1::1", 443), "no-public-ip")


def test_mb1_source_dest_check_on_the_return_path():
    b = _middlebox(True)
    # the web subnet sends replies for the private subnet through the appliance (RT3: more specific than local)
    b.route_table("rtb-public", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"},
                                                         {"DestinationCidrBlock": "10.0.1.0/24", "NetworkInterfaceId": "eni-fw"}],
                  subnets=("subnet-public",))
    b.sg("sg-web", "vpc-1", [tcp(443, cidr="0.0.0.0/0")])
    blocked_by(reach(b.build(), "eni-app2", "i-web", 443), "source-dest-check", "return")


def test_tgw1_tgw5_destination_az_not_covered_fails_on_the_return():
    b = Builder()
    b.resources = list(_transit().resources())
    b.subnet("subnet-b2", "vpc-2", "10.1.1.0/24", az="us-east-1b")
    b.route_table("rtb-b", "vpc-2", "10.1.0.0/16", [{"DestinationCidrBlock": "10.0.0.0/16", "TransitGatewayId": "tgw-1"}],
                  subnets=("subnet-b", "subnet-b2"))
    b.tgw_attachment("tgw-attach-b", "tgw-1", "vpc-2", ["subnet-b2"])  # only us-east-1b; eni-b lives in us-east-1a
    blocker = blocked_by(reach(b.build(), "i-app", "eni-b", 5432), "tgw-az", "return")
    assert "us-east-1a" in blocker.rule


def test_vpce3_interface_endpoint_is_reached_like_an_eni():
    b = two_tier()
    b.sg("sg-vpce", "vpc-1", [tcp(443, cidr="10.0.1.0/24")])
    b.eni("eni-vpce", "subnet-private", "vpc-1", "10.0.1.90", ("sg-vpce",), status="available")  # service-owned (A3)
    b._add("ec2:vpc-endpoint", "vpc-endpoint", "vpce-sqs", {
        "VpcEndpointId": "vpce-sqs", "VpcId": "vpc-1", "VpcEndpointType": "Interface", "NetworkInterfaceIds": ["eni-vpce"],
        "SubnetIds": ["subnet-private"], "Groups": [{"GroupId": "sg-vpce"}], "ServiceName": "com.amazonaws.us-east-1.sqs"})
    estate = b.build()
    assert reach(estate, "i-app", "vpce-sqs", 443).reachable
    blocked_by(reach(estate, "i-web", "vpce-sqs", 443), "security-group-ingress")


def test_igw1c_unattached_eni_with_a_public_ip_is_eni_detached():
    b = two_tier()
    b.eni("eni-loose", "subnet-public", "vpc-1", "10.0.0.80", ("sg-web",), public="54.1.1.80", status="available")
    blocked_by(reach(b.build(), "internet", "eni-loose", 443), "eni-detached")


def test_a6_two_modelled_nodes_in_one_subnet_get_distinct_addresses():
    b = two_tier()
    b.sg("sg-alb", "vpc-1", [tcp(443, cidr="0.0.0.0/0")])
    b.load_balancer("alb-1", "vpc-1", [("subnet-public", "us-east-1a")], ["sg-alb"])
    b.load_balancer("alb-2", "vpc-1", [("subnet-public", "us-east-1a")], ["sg-web"])
    from awsx.reach.network import Network
    nodes = [n for n in Network.of(b.build()).nodes if n.kind == "load-balancer"]
    assert len({n.private_ip for n in nodes}) == 2


def test_a1_instance_destination_is_reachable_if_any_interface_is():
    b = two_tier()
    b.sg("sg-closed", "vpc-1")
    b.eni("eni-multi-0", "subnet-private", "vpc-1", "10.0.1.100", ("sg-closed",), instance="i-multi")
    b.eni("eni-multi-1", "subnet-private", "vpc-1", "10.0.1.101", ("sg-app",), instance="i-multi")
    b.instance("i-multi", [("eni-multi-0", "subnet-private"), ("eni-multi-1", "subnet-private")])
    verdict = reach(b.build(), "i-web", "i-multi", 8080)
    assert verdict.reachable


def test_q4_every_other_blocker_on_the_path_is_named_too():
    estate = _app_nacl(acl(100, "allow", "10.0.0.0/16", 443), acl(100, "allow", "10.0.0.0/16", 80, egress=True))
    verdict = reach(estate, "i-web", "i-app", 9090)  # NACL inbound, SG ingress and the return NACL all deny
    assert verdict.blocker.kind == "nacl-inbound"  # the first on the forward path decides
    also = [w for w in verdict.warnings if w.startswith("also blocked by")]
    assert any("security-group-ingress" in w for w in also)
    assert any("nacl-outbound" in w and "(return)" in w for w in also)
    assert [h.decision for h in verdict.hops].count("deny") == 3


def test_q3_internet_is_existential_even_for_a_single_admitted_address():
    """Q3: one admitted global address is enough, and it is the only source reported."""
    b = two_tier()
    b.sg("sg-admin", "vpc-1", [tcp(22, cidr="81.2.69.10/32")])
    b.eni("eni-admin", "subnet-public", "vpc-1", "10.0.0.90", ("sg-admin",), public="54.1.1.90")
    verdict = reach(b.build(), "internet", "eni-admin", 22)
    assert verdict.reachable
    assert any("81.2.69.10" in h.rule for h in verdict.hops)
    assert verdict.sources == ("81.2.69.10/32",) and verdict.world is False


def test_a5_rds_port_other_than_its_endpoint_port_is_warned():
    verdict = reach(_db(False), "i-app", "db-1", 5433)
    assert any("listens on 5432" in w for w in verdict.warnings)


def test_vpce3_an_endpoint_never_initiates():
    b = two_tier()
    b.gateway_endpoint("vpce-s3", "vpc-1", "com.amazonaws.us-east-1.s3", [])
    with pytest.raises(Unresolvable, match="VPCE3"):
        reach(b.build(), "vpce-s3", "i-app", 443)


def test_mb2_symmetric_route_back_through_the_same_appliance_is_fine():
    b = _middlebox(False)
    b.subnet("subnet-db", "vpc-1", "10.0.7.0/24")
    b.sg("sg-db", "vpc-1", [tcp(5432, cidr="10.0.0.0/16")])
    b.eni("eni-db", "subnet-db", "vpc-1", "10.0.7.10", ("sg-db",))
    # private -> db and db -> private both go through the appliance (more specific than local, RT3)
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "10.0.7.0/24", "NetworkInterfaceId": "eni-fw"}],
                  subnets=("subnet-private",))
    b.route_table("rtb-db", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "10.0.1.0/24", "NetworkInterfaceId": "eni-fw"}],
                  subnets=("subnet-db",))
    verdict = reach(b.build(), "i-app", "eni-db", 5432)
    assert verdict.reachable, verdict.to_json()


# --- exposure: per port range ---------------------------------------------------------------
def test_exposure_reports_each_proven_port_with_the_range_that_admitted_it():
    b = two_tier()
    b.sg("sg-web", "vpc-1", [tcp(443, cidr="0.0.0.0/0"), tcp(8000, 9000, cidr="0.0.0.0/0")])
    found = {(e.target, e.port): e for e in exposure(b.build())}
    assert {port for target, port in found if target == "i-web"} == {443, 8000, 8080, 8443, 9000}
    assert found["i-web", 443].label == "tcp/443"
    assert found["i-web", 8080].label == "tcp/8080 of 8000-9000"
    assert found["i-web", 8080].to_json()["port_range"] == {"from": 8000, "to": 9000}


def test_exposure_of_one_port_inside_a_range_is_proven_and_keeps_its_range():
    b = two_tier()
    b.sg("sg-web", "vpc-1", [tcp(8000, 9000, cidr="0.0.0.0/0")])
    [only] = exposure(b.build(), port=8500)
    assert (only.target, only.label) == ("i-web", "tcp/8500 of 8000-9000")


# --- the internet as a set of addresses (Q3, issue 14) -------------------------------------------
def _admitted(verdict, version=4):
    """The admitted sources of one family as a set of networks, to test membership."""
    return [ipaddress.ip_network(c) for c in verdict.sources if ipaddress.ip_network(c).version == version]


def _within(address, networks):
    return any(ipaddress.ip_address(address) in n for n in networks)


def test_q3_json_of_reach_from_the_internet_carries_sources_and_world():
    document = reach(two_tier().build(), "internet", "i-web", 443).to_json()
    assert set(document) == {"reachable", "blocker", "hops", "warnings", "sources", "world"}
    assert document["world"] is True and "8.0.0.0/7" in document["sources"]
    assert "sources" not in reach(two_tier().build(), "i-web", "internet", 443).to_json()


def test_nacl4_an_inbound_deny_takes_its_range_out_of_the_sources():
    """NACL3/NACL4 on address sets: a deny for one /24 before allow-all leaves every other global
    address admitted, so the target is reachable but no longer open to the world."""
    b = two_tier()
    b.nacl("acl-public", "vpc-1", [acl(90, "deny", "81.2.69.0/24"), acl(100, "allow", "0.0.0.0/0"),
                                   acl(100, "allow", "0.0.0.0/0", egress=True)], subnets=("subnet-public",))
    verdict = reach(b.build(), "internet", "i-web", 443)
    assert verdict.reachable and verdict.world is False
    admitted = _admitted(verdict)
    assert _within("8.8.8.8", admitted) and _within("81.2.70.1", admitted) and not _within("81.2.69.7", admitted)


def test_nacl5_an_outbound_deny_drops_the_replies_to_its_range():
    """NACL5: the reply to a source in the denied range cannot leave, so that range is not admitted."""
    b = two_tier()
    b.nacl("acl-public", "vpc-1", [acl(100, "allow", "0.0.0.0/0"), acl(90, "deny", "89.160.0.0/16", egress=True),
                                   acl(100, "allow", "0.0.0.0/0", egress=True)], subnets=("subnet-public",))
    verdict = reach(b.build(), "internet", "i-web", 443)
    admitted = _admitted(verdict)
    assert verdict.reachable and verdict.world is False
    assert not _within("89.160.20.1", admitted) and _within("89.161.0.1", admitted)


def test_igw1e_rt4_a_return_route_narrower_than_everything_admits_only_its_range():
    """IGW1(e), RT4: a public subnet whose only internet route is a prefix list of partner
    ranges answers those clients only, whatever the security group admits."""
    b = two_tier()
    b.prefix_list("pl-partners", ["81.2.69.0/24"])
    b.route_table("rtb-public", "vpc-1", "10.0.0.0/16", [{"DestinationPrefixListId": "pl-partners", "GatewayId": "igw-1"}],
                  subnets=("subnet-public",))
    verdict = reach(b.build(), "internet", "i-web", 443)
    assert verdict.reachable and verdict.sources == ("81.2.69.0/24",) and verdict.world is False


def test_igw4_the_internet_reaches_an_ipv6_only_interface_from_every_ipv6_address():
    """IGW4 + SG3: no public IPv4, an IPv6 address and ::/0 everywhere: open to the IPv6 world."""
    verdict = reach(_ipv6(), "internet", "eni-v6-public", 443)
    assert verdict.reachable and verdict.world is True
    assert verdict.sources and not _admitted(verdict, 4)


def test_eigw1_the_internet_reaches_nothing_behind_an_egress_only_gateway():
    verdict = reach(_ipv6(), "internet", "eni-v6-private", 443)
    assert not verdict.reachable and verdict.sources == ()


def test_igw1b_an_ipv6_address_as_destination_is_that_address_and_family():
    """Issue 14 item 3, Q6: given as its IPv6 address, the interface is reached over IPv6 only."""
    verdict = reach(_ipv6(), "internet", "2600:1f18::80", 443)
    assert verdict.reachable and _admitted(verdict, 6) and not _admitted(verdict, 4)
    blocked_by(reach(_ipv6(), "internet", "10.0.0.70", 443), "no-public-ip")
