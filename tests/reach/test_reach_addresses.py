"""Building blocks of the engine: port sets for the existential ephemeral port (Q3, NACL5), the
internet address classes (IGW2, IGW3) and the internet as a set of addresses cut into atoms (Q3)."""

from __future__ import annotations

import ipaddress
import random

from hypothesis import given
from hypothesis import strategies as st

from awsx.reach.addresses import contains, describe, intersect, is_internet, subtract
from awsx.reach.internet import GLOBAL, AddressSet, atoms, internet, world
from awsx.reach.rules import nacl_decide


def test_port_sets_intersect_and_subtract():
    assert intersect(((1024, 65535),), ((0, 2000), (3000, 3000))) == ((1024, 2000), (3000, 3000))
    assert subtract(((1024, 65535),), ((2000, 2999),)) == ((1024, 1999), (3000, 65535))
    assert describe(((22, 22), (1024, 65535))) == "22,1024-65535"


def _interval_set(bounds: list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted disjoint closed intervals from distinct cut points (pairs of them), as every
    port or address set the engine makes: single points and adjacent intervals (a NACL's allowed hits) included."""
    cuts = sorted(set(bounds))
    return tuple((lo, hi - 1) for lo, hi in zip(cuts[::2], cuts[1::2]))


@given(st.lists(st.integers(0, 200), max_size=24), st.lists(st.integers(0, 200), max_size=24))
def test_intersect_is_the_pairwise_definition(left, right):
    """The linear merge answers exactly what comparing every pair of intervals answers."""
    a, b = _interval_set(left), _interval_set(right)
    pairwise = sorted((max(l1, l2), min(h1, h2)) for l1, h1 in a for l2, h2 in b if max(l1, l2) <= min(h1, h2))
    assert intersect(a, b) == tuple(pairwise)
    assert _points(intersect(a, b)) == _points(a) & _points(b)


@given(st.lists(st.integers(0, 200), max_size=24), st.lists(st.integers(0, 200), max_size=24))
def test_subtract_cuts_each_interval_by_what_overlaps_it(left, right):
    """The one-pass subtraction: the points of a not in b, as the maximal runs inside each
    interval of a (intervals of a are never merged: adjacent ones stay two)."""
    a, b = _interval_set(left), _interval_set(right)
    kept = _points(a) - _points(b)
    runs = []
    for lo, hi in a:
        inside = [n for n in range(lo, hi + 1) if n in kept]
        for n in inside:
            if runs and runs[-1][1] == n - 1 and runs[-1][0] >= lo:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
    assert subtract(a, b) == tuple(runs)


def _points(intervals: tuple[tuple[int, int], ...]) -> set[int]:
    return {n for lo, hi in intervals for n in range(lo, hi + 1)}


def test_igw3_private_and_shared_ranges_are_not_internet():
    assert not is_internet("10.1.2.3") and not is_internet("100.64.0.1") and not is_internet("192.168.1.1")
    assert is_internet("8.8.8.8") and is_internet("2001:db8::1")


def test_sg3_nacl6_an_ipv4_cidr_never_contains_an_ipv6_address():
    assert not contains("0.0.0.0/0", "2001:db8::1") and not contains("::/0", "10.0.0.1")


def _routable(address) -> bool:
    """What the internet holds: ``is_global`` unicast, nothing reserved or site-local, and not the
    IPv6 documentation range 3fff::/20 (RFC 9637, newer than Python 3.11's table) (Q3, IGW3)."""
    return (address.is_global and not address.is_multicast and not address.is_reserved
            and not getattr(address, "is_site_local", False) and address not in ipaddress.ip_network("3fff::/20"))


def test_q3_the_internet_is_every_global_address_of_both_families():
    rng = random.Random(14)
    for version, top in ((4, 2 ** 32), (6, 2 ** 128)):
        make = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
        samples = [make(rng.randrange(top)) for _ in range(4000)]
        edges = [make(v) for lo, hi in GLOBAL[version].spans for v in (lo, hi, max(lo - 1, 0), min(hi + 1, top - 1))]
        for address in samples + edges:
            assert (str(address) in GLOBAL[version]) == _routable(address), address
    assert "8.8.8.8" in GLOBAL[4] and "2600:1f18::1" in GLOBAL[6]
    for outside in ("192.0.2.1", "203.0.113.10", "100.64.0.1", "10.0.0.1", "224.0.0.1", "2001:db8::1", "fe80::1"):
        assert outside not in GLOBAL[4] and outside not in GLOBAL[6]


def test_q3_atoms_cut_the_internet_where_a_rule_could_decide_differently():
    universe = internet(4, ["10.0.0.0/16", "52.0.0.0/16"])  # a VPC on public space is not the internet
    assert "52.0.1.1" not in universe and "10.0.0.1" not in universe
    pieces = atoms(universe, ["0.0.0.0/0", "81.2.69.0/24", "2001:db8::/32"])
    assert len(pieces) == 3  # below, inside and above the /24; the IPv6 CIDR does not cut IPv4 (Q6)
    assert [p.cidrs() for p in pieces if "81.2.69.1" in p] == [["81.2.69.0/24"]]
    everything = pieces[0] | pieces[1] | pieces[2]
    assert world(everything, universe) and not world(everything - pieces[1], universe)


def test_q6_address_sets_keep_their_family_and_collapse():
    both = AddressSet.of(4, ["81.2.69.0/25", "81.2.69.128/25", "::/0"])
    assert both.cidrs() == ["81.2.69.0/24"]
    assert AddressSet.of(6, ["::/0"]).cidrs() == ["::/0"] and not AddressSet.of(6, ["0.0.0.0/0"])
    assert AddressSet.of(4, ["81.2.69.0/24"]).sample(frozenset({"81.2.69.0"})) == "81.2.69.1"


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
