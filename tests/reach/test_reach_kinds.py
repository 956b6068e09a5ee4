"""NETWORK_KINDS is what the reachability engine reads: every kind its code names, every kind
whose edges say an ENI is in use or a Route 53 name points at it, and reach and exposure give
the demo snapshot the same answers loaded with those kinds only as loaded whole."""

from __future__ import annotations

import pytest
from engine_kinds import DEMO, kinds_spelled_in

from awsx.core.model import Relation
from awsx.inventory.specs import EDGE_RULES, SPECS
from awsx.reach.endpoints import Unresolvable, candidates
from awsx.reach.exposure import exposure
from awsx.reach.kinds import NETWORK_KINDS
from awsx.reach.query import reach
from awsx.store.snapshot import open_snapshot


@pytest.fixture(scope="module")
def both():
    return open_snapshot(DEMO), open_snapshot(DEMO, NETWORK_KINDS)


def test_every_kind_the_reach_code_names_is_loaded():
    assert kinds_spelled_in("awsx/reach", "awsx/core/usage.py") - NETWORK_KINDS == set()


def test_every_kind_that_owns_an_eni_or_answers_to_a_dns_name_is_loaded():
    owners = {rule.kind for rule in EDGE_RULES if rule.relation == Relation.HAS_NETWORK_INTERFACE}
    named = {spec.kind for spec in SPECS if spec.dns}
    assert (owners | named) - NETWORK_KINDS == set()


def test_the_partial_load_holds_only_network_kinds_and_says_so(both):
    full, lazy = both
    assert {r.kind for r in lazy.resources()} <= NETWORK_KINDS
    assert lazy.loaded == NETWORK_KINDS and full.loaded is None
    assert len(lazy) < len(full)
    assert lazy.read("cloudtrail:trail") is None  # not read from the file: unknown, not "none"


def _answer(estate, src: str, dst: str, port: int) -> dict | str:
    try:
        return reach(estate, src, dst, port, "tcp").to_json()
    except Unresolvable as exc:
        return f"unresolvable: {exc}"


def test_exposure_is_the_same_on_network_kinds_as_on_the_whole_estate(both):
    full, lazy = both
    assert [e.to_json() for e in exposure(lazy)] == [e.to_json() for e in exposure(full)]


def test_reach_is_the_same_on_network_kinds_as_on_the_whole_estate(both):
    """From every fifth end to every end the demo offers (the internet, instances, ENIs, load
    balancers, databases, caches, tasks, EKS, Route 53 names), and from the internet on more ports."""
    full, lazy = both
    ends = [c.ref for c in candidates(full)]
    questions = [(src, dst, 443) for src in ends[::5] for dst in ends if src != dst]
    questions += [("internet", dst, port) for dst in ends[1:] for port in (22, 80, 5432, 6379)]
    differ = [q for q in questions if _answer(lazy, *q) != _answer(full, *q)]
    assert differ == [] and len(questions) > 500


def test_exposure_with_identity_is_the_same_on_network_and_iam_kinds():
    from awsx.iam.kinds import IAM_KINDS
    from awsx.reach.identity import exposed_identities

    full, both_kinds = open_snapshot(DEMO), open_snapshot(DEMO, NETWORK_KINDS | IAM_KINDS)
    joined = [e.to_json() for e in exposed_identities(both_kinds, exposure(both_kinds))]
    assert joined == [e.to_json() for e in exposed_identities(full, exposure(full))] and joined
