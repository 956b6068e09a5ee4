"""Building blocks of the engine: port sets for the existential ephemeral port (Q3, NACL5), the
internet address classes (IGW2, IGW3) and the representatives of "the internet" (Q3)."""

from __future__ import annotations

from awsx.reach.addresses import contains, describe, internet_candidates, intersect, is_internet, subtract
from awsx.reach.rules import nacl_decide


def test_port_sets_intersect_and_subtract():
    assert intersect(((1024, 65535),), ((0, 2000), (3000, 3000))) == ((1024, 2000), (3000, 3000))
    assert subtract(((1024, 65535),), ((2000, 2999),)) == ((1024, 1999), (3000, 65535))
    assert describe(((22, 22), (1024, 65535))) == "22,1024-65535"


def test_igw3_private_and_shared_ranges_are_not_internet():
    assert not is_internet("10.1.2.3") and not is_internet("100.64.0.1") and not is_internet("192.168.1.1")
    assert is_internet("8.8.8.8") and is_internet("2001:db8::1")


def test_sg3_nacl6_an_ipv4_cidr_never_contains_an_ipv6_address():
    assert not contains("0.0.0.0/0", "2001:db8::1") and not contains("::/0", "10.0.0.1")


def test_q3_internet_representatives_cover_each_public_cidr_and_avoid_vpcs():
    found = internet_candidates(["0.0.0.0/0", "203.0.113.10/32", "192.0.2.0/26", "10.0.0.0/16"], set(), ["10.0.0.0/16"])
    assert "203.0.113.10" in found
    assert any(contains("192.0.2.0/26", a) for a in found)
    assert all(is_internet(a) for a in found)


def test_nacl3_nacl5_port_ranges_are_decided_rule_by_rule():
    data = {"Entries": [
        {"RuleNumber": 90, "RuleAction": "deny", "Egress": True, "CidrBlock": "0.0.0.0/0", "Protocol": "6",
         "PortRange": {"From": 2000, "To": 2999}},
        {"RuleNumber": 100, "RuleAction": "allow", "Egress": True, "CidrBlock": "0.0.0.0/0", "Protocol": "6",
         "PortRange": {"From": 1024, "To": 65535}},
        {"RuleNumber": 32767, "RuleAction": "deny", "Egress": True, "CidrBlock": "0.0.0.0/0", "Protocol": "-1"}]}
    allowed, rule = nacl_decide(data, True, "tcp", "8.8.8.8", ((1024, 65535),))
    assert allowed == ((1024, 1999), (3000, 65535))
    assert rule.startswith("rule 100")
    allowed, rule = nacl_decide(data, True, "udp", "8.8.8.8", ((1024, 65535),))
    assert allowed == () and rule.startswith("rule *")
