"""The internet as a set of addresses (Q3, IGW3, IGW4; issue 14): every publicly routable IPv4
and IPv6 address, held as interval sets of integers per family, and cut into *atoms* by the
CIDRs a query's filters mention. Within one atom every CIDR contains either all addresses or
none, so every security-group rule (SG3), NACL entry (NACL3, NACL4) and route (RT4) decides the
same for all of them: one walk per atom decides the whole atom, and ``reach internet X`` can say
exactly which sources it admits instead of answering for one arbitrary stand-in address."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .addresses import PortSet, intersect, net, subtract

Spans = PortSet  # the same sorted disjoint closed intervals as port sets, over address integers

_TOP = {4: 2 ** 32 - 1, 6: 2 ** 128 - 1}

# What ``ipaddress``'s ``is_global`` excludes (Python 3.11), plus multicast and reserved space: no
# internet host holds one of these, so none is a source the internet can send from (IGW3).
_NOT_GLOBAL = {
    4: ("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/29", "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"),
    # IGW4: outside 2000::/3 IPv6 is reserved, unique-local, link-local or multicast
    6: ("2001::/23", "2001:db8::/32", "3fff::/20"),
}
_IPV6_UNICAST = "2000::/3"

# Stand-ins a reader recognises, used when the atom holds one (the same address in every run).
_FAMILIAR = ("8.8.8.8", "1.1.1.1", "9.9.9.9", "2600:1f18::1", "2001:4860:4860::8888")


@dataclass(frozen=True, slots=True)
class AddressSet:
    """A set of addresses of one family (Q6: IPv4 and IPv6 never mix)."""

    version: int
    spans: Spans = ()

    @classmethod
    def of(cls, version: int, cidrs: Iterable[str]) -> AddressSet:
        """The union of the CIDRs of that family; the others are ignored (SG3: ``::/0`` is no IPv4)."""
        return cls(version, _spans_of(version, tuple(cidrs)))

    def __or__(self, other: AddressSet) -> AddressSet:
        return AddressSet(self.version, _merge(self.spans + other.spans))

    def __and__(self, other: AddressSet) -> AddressSet:
        return AddressSet(self.version, _merge(intersect(self.spans, other.spans)))

    def __sub__(self, other: AddressSet) -> AddressSet:
        return AddressSet(self.version, subtract(self.spans, other.spans))

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __contains__(self, address: str) -> bool:
        addr = ipaddress.ip_address(address)
        return addr.version == self.version and any(lo <= int(addr) <= hi for lo, hi in self.spans)

    def cidrs(self) -> list[str]:
        """The set as the fewest CIDRs (``ipaddress.collapse_addresses``), lowest first."""
        return list(_cidrs_of(self.version, self.spans))

    def sample(self, avoid: frozenset[str] = frozenset()) -> str | None:
        """One address of the set to walk with: a familiar one when the set holds it, else the
        first address that is not in ``avoid`` (the estate's own public addresses), if any."""
        for familiar in _FAMILIAR:
            if familiar in self and familiar not in avoid:
                return familiar
        make = ipaddress.IPv4Address if self.version == 4 else ipaddress.IPv6Address
        fallback = None
        for lo, hi in self.spans:
            for value in range(lo, min(hi, lo + len(avoid)) + 1):  # avoid holds few addresses
                address = str(make(value))
                fallback = fallback or address
                if address not in avoid:
                    return address
        return fallback


# An exposure scan asks for the same few sets (the world of a family, an office list) thousands
# of times: parsing and collapsing them once is what keeps it within its budget.
@lru_cache(maxsize=4096)
def _spans_of(version: int, cidrs: tuple[str, ...]) -> Spans:
    networks = [net(c) for c in cidrs]
    return _merge(tuple((int(n.network_address), int(n.broadcast_address)) for n in networks if n.version == version))


@lru_cache(maxsize=4096)
def _cidrs_of(version: int, spans: Spans) -> tuple[str, ...]:
    make = ipaddress.IPv4Address if version == 4 else ipaddress.IPv6Address
    networks = [n for lo, hi in spans for n in ipaddress.summarize_address_range(make(lo), make(hi))]
    return tuple(str(n) for n in ipaddress.collapse_addresses(networks))


def _merge(spans: Spans) -> Spans:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _everything(version: int) -> AddressSet:
    return AddressSet(version, ((0, _TOP[version]),))


GLOBAL = {
    4: _everything(4) - AddressSet.of(4, _NOT_GLOBAL[4]),
    6: AddressSet.of(6, (_IPV6_UNICAST,)) - AddressSet.of(6, _NOT_GLOBAL[6]),
}


def internet(version: int, vpc_cidrs: Iterable[str]) -> AddressSet:
    """Q3: the global addresses of a family outside every VPC of the estate (a VPC may use
    public ranges; traffic to them stays local, RT3)."""
    return GLOBAL[version] - AddressSet.of(version, vpc_cidrs)


def atoms(universe: AddressSet, cidrs: Iterable[str]) -> list[AddressSet]:
    """``universe`` cut at every boundary of the CIDRs of its family: pieces on which each of
    the CIDRs holds all addresses or none. Empty pieces are dropped; lowest first."""
    cuts = {0, _TOP[universe.version] + 1}
    for cidr in cidrs:
        network = net(cidr)
        if network.version == universe.version:
            cuts.update((int(network.network_address), int(network.broadcast_address) + 1))
    edges = sorted(cuts)
    pieces = (universe & AddressSet(universe.version, ((lo, hi - 1),)) for lo, hi in zip(edges, edges[1:]))
    return [piece for piece in pieces if piece]


def world(admitted: AddressSet, universe: AddressSet) -> bool:
    """Every address of the family's internet is admitted (from 0.0.0.0/0 or ::/0 through
    every filter), as opposed to listed ranges."""
    return bool(universe) and not (universe - admitted)
