"""The room for connections not yet logged in: bounded per source and overall, and a full room
drops whoever waited longest (so idle sockets cannot keep a newcomer out)."""

from __future__ import annotations

from awsx.serve.gate import PreAuthGate


def test_a_full_source_drops_its_own_oldest_connection_first():
    gate: PreAuthGate[str] = PreAuthGate(per_source=2, overall=10)
    assert gate.admit("a1", "10.0.0.1") == []
    assert gate.admit("b1", "10.0.0.2") == []
    assert gate.admit("a2", "10.0.0.1") == []
    assert gate.admit("a3", "10.0.0.1") == ["a1"]  # not b1: another source's connection stays
    assert len(gate) == 3


def test_a_full_room_drops_the_connection_that_waited_longest():
    gate: PreAuthGate[str] = PreAuthGate(per_source=5, overall=3)
    for connection, source in (("a", "1"), ("b", "2"), ("c", "3")):
        assert gate.admit(connection, source) == []
    assert gate.admit("d", "4") == ["a"]
    assert len(gate) == 3


def test_connections_that_logged_in_or_left_free_their_place():
    gate: PreAuthGate[str] = PreAuthGate(per_source=1, overall=1)
    gate.admit("a", "1")
    gate.leave("a")
    gate.leave("never-admitted")
    assert gate.admit("b", "1") == [] and len(gate) == 1
