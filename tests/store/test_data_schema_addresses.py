"""The address and CIDR checks of awsx/store/data_schema.py take a dotted quad by a regex before
``ipaddress`` (a tenth of the 100k estate's load): they must judge every text as ``ipaddress``
does, the fast path accepting nothing it would refuse."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awsx.store.data_schema import _address, _network

OCTETS = st.one_of(st.integers(0, 300).map(str), st.sampled_from(["00", "01", "007", "-1", "", " 1", "1 ", "٣"]))
QUADS = st.lists(OCTETS, min_size=3, max_size=5).map(".".join)
PREFIXES = st.one_of(st.integers(-1, 40).map(str), st.sampled_from(["", "08", "255.0.0.0", "0x10"]))


def verdict(check, *args) -> bool:
    try:
        check(*args)
    except ValueError:
        return False
    return True


def by_ipaddress_address(text: str) -> bool:
    return verdict(ipaddress.ip_address, text) if text else True


def by_ipaddress_network(text: str, version: int | None) -> bool:
    try:
        return ipaddress.ip_network(text, strict=False).version in ((4, 6) if version is None else (version,))
    except ValueError:
        return False


@given(QUADS)
def test_an_address_is_judged_as_ipaddress_judges_it(text: str) -> None:
    assert verdict(_address, text) == by_ipaddress_address(text)


@given(QUADS, PREFIXES, st.sampled_from([4, 6, None]))
def test_a_cidr_is_judged_as_ipaddress_judges_it(quad: str, prefix: str, version: int | None) -> None:
    text = f"{quad}/{prefix}"
    assert verdict(_network, text, version) == by_ipaddress_network(text, version)


@pytest.mark.parametrize("text", ["10.0.0.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::"])
def test_addresses_aws_returns_are_accepted(text: str) -> None:
    assert verdict(_address, text)


@pytest.mark.parametrize("text, version", [("10.0.0.0/16", 4), ("0.0.0.0/0", 4), ("10.0.0.1/32", None),
                                           ("10.0.0.0/255.255.0.0", 4), ("2001:db8::/32", 6), ("::/0", None)])
def test_cidrs_aws_returns_are_accepted(text: str, version: int | None) -> None:
    assert verdict(_network, text, version)


@pytest.mark.parametrize("text, version", [("10.0.0.0/33", 4), ("10.0.0.0/16", 6), ("2001:db8::/32", 4),
                                           ("010.0.0.0/8", 4), ("10.0.0.0\n/8", 4), ("10.0.0.0/8\n", None)])
def test_cidrs_it_refuses(text: str, version: int | None) -> None:
    assert not verdict(_network, text, version)
