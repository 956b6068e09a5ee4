"""Addresses and port sets: IP classes (IGW3, Q3), CIDR helpers, and interval sets of ports for
the existential source port of the stateless return path (NACL5)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

EPHEMERAL = ((1024, 65535),)  # Q3: the client source port ranges over 1024-65535
ALL_PORTS = ((0, 65535),)

# IGW2/IGW3: never routed to or from the internet.
_NOT_INTERNET = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",  # RFC1918, RFC6598
    "127.0.0.0/8", "169.254.0.0/16", "0.0.0.0/8", "224.0.0.0/3",
    "fc00::/7", "fe80::/10", "::1/128", "ff00::/8",
))
# RT8/SG6: reserved; never forwarded.
RESERVED = tuple(ipaddress.ip_network(n) for n in ("169.254.168.0/22", "fd00:ec2::/32"))


@lru_cache(maxsize=65536)
def ip(text: str) -> IPAddress:
    return ipaddress.ip_address(text)


@lru_cache(maxsize=65536)
def net(text: str) -> Network:
    return ipaddress.ip_network(text, strict=False)


def is_ip(text: str) -> bool:
    # Most refs are ids or names: reject them before paying for a parse that raises.
    if not text or not (text[0].isdigit() or ":" in text):
        return False
    try:
        ip(text)
    except ValueError:
        return False
    return True


def contains(cidr: str, address: str) -> bool:
    """CIDR contains address; an IPv4 CIDR never contains an IPv6 address and vice versa (Q6, SG3)."""
    network, addr = net(cidr), ip(address)
    return network.version == addr.version and addr in network


def is_internet(address: str) -> bool:
    """Q3/IGW3: an address the IGW would route (not RFC1918, RFC6598, loopback, link-local...)."""
    addr = ip(address)
    return not any(addr.version == n.version and addr in n for n in _NOT_INTERNET)


# --- port sets: sorted tuples of disjoint closed intervals -----------------------------------
PortSet = tuple[tuple[int, int], ...]


def ports(low: int, high: int) -> PortSet:
    return ((low, high),) if low <= high else ()


def intersect(a: PortSet, b: PortSet) -> PortSet:
    """One pass over both sorted lists of disjoint intervals (the merge step of merge sort):
    linear, where every pair was compared before. It matters for address sets: the global
    IPv4 space is ~20 intervals and an exposure scan intersects it ten thousand times."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        (lo1, hi1), (lo2, hi2) = a[i], b[j]
        lo, hi = max(lo1, lo2), min(hi1, hi2)
        if lo <= hi:
            out.append((lo, hi))
        if hi1 < hi2:  # the interval that ends first can meet nothing further on the other side
            i += 1
        else:
            j += 1
    return tuple(out)


def subtract(a: PortSet, b: PortSet) -> PortSet:
    """``a`` without ``b``, both sorted disjoint intervals, in one pass: each interval of ``a``
    cut by the intervals of ``b`` that overlap it (a NACL decision and the world check of an
    exposure scan subtract tens of thousands of times)."""
    out = []
    j = 0
    for lo, hi in a:
        while j < len(b) and b[j][1] < lo:  # ends before this interval: before every later one too
            j += 1
        k = j
        while k < len(b) and b[k][0] <= hi and lo <= hi:
            cut_lo, cut_hi = b[k]
            if lo < cut_lo:
                out.append((lo, cut_lo - 1))
            lo = max(lo, cut_hi + 1)
            k += 1
        if lo <= hi:
            out.append((lo, hi))
    return tuple(out)


def size(a: PortSet) -> int:
    return sum(hi - lo + 1 for lo, hi in a)


def describe(a: PortSet) -> str:
    return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in a) or "none"
