"""The answer records of the reachability engine (Q4, Q5): frozen dataclasses that serialise to
the ``awsx reach --json`` shape fixed by issue 4 and that the TUI renders as they are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The blocker vocabulary of issue 4, exactly.
BLOCKER_KINDS = frozenset({
    "security-group-egress", "security-group-ingress", "nacl-outbound", "nacl-inbound", "route-table",
    "no-public-ip", "igw-missing", "peering-not-transitive", "peering-inactive", "nat-gateway",
    "tgw-route-table", "tgw-blackhole", "tgw-az", "lb-internal", "lb-listener", "lb-no-targets",
    "source-dest-check", "eni-detached", "egress-only-igw", "vpc-endpoint",
}) | {"eks-endpoint"}  # issue 16: the EKS API server's public endpoint (EKS1), not a VPC component

FORWARD, RETURN = "forward", "return"


class Unresolvable(ValueError):
    """SRC/DST names nothing the engine can use (A4: an unowned VPC address is an error); the
    question has no verdict. endpoints.py re-exports it, where callers have always found it."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One component on the path and the rule that decided there (Q5). ``seq`` is set when the
    verdict is assembled, so partial paths can be concatenated freely."""

    direction: str
    kind: str
    id: str
    decision: str  # "allow" | "deny" | "unknown" (the estate lacks what decides here: the verdict is conditional)
    rule: str
    seq: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "direction": self.direction, "kind": self.kind, "id": self.id,
                "decision": self.decision, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Blocker:
    """The deciding component (Q4): ``kind`` is one of BLOCKER_KINDS."""

    kind: str
    id: str
    rule: str
    direction: str

    def __post_init__(self) -> None:
        if self.kind not in BLOCKER_KINDS:
            raise ValueError(f"unknown blocker kind {self.kind!r}")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "rule": self.rule, "direction": self.direction}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Q2: reachable iff the forward path and the stateless return path both pass. From
    ``internet`` (issue 14): ``sources`` are the admitted global source ranges, collapsed, and
    ``world`` says whether they are every global address of a family; None for other sources."""

    reachable: bool
    blocker: Blocker | None
    hops: tuple[Hop, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str = ""
    destination: str = ""
    protocol: str = "tcp"
    port: int = 0
    sources: tuple[str, ...] = ()
    world: bool | None = None
    conditional: tuple[str, ...] = ()
    dns: tuple[DnsAnswer, ...] = ()

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "reachable": self.reachable,
            "blocker": self.blocker.to_json() if self.blocker else None,
            "hops": [hop.to_json() for hop in self.hops],
            "warnings": list(self.warnings),
        }
        if self.world is not None:
            found |= {"sources": list(self.sources), "world": self.world}
        if self.conditional:  # issue 16: not reachable as far as the estate shows; these would decide
            found["conditional"] = list(self.conditional)
        if self.dns:
            found["dns"] = [answer.to_json() for answer in self.dns]
        return found


@dataclass(frozen=True, slots=True)
class DnsAnswer:
    """One target a Route 53 name resolves to (DNS1, DNS2): the record (name, type, the set
    identifier of a weighted / multivalue / ... set), what it points at, and that target's own
    verdict; the Verdict holding it is the answer for the first reachable target."""

    name: str
    type: str
    target: str
    reachable: bool
    set_identifier: str = ""
    blocker: Blocker | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "set_identifier": self.set_identifier, "target": self.target,
                "reachable": self.reachable, "blocker": self.blocker.to_json() if self.blocker else None}


@dataclass(slots=True)
class Trace:
    """A path being evaluated: hops so far, the first blocker per direction, warnings. Mutable
    while one walk runs; frozen into a Verdict at the end."""

    forward: list[Hop] = field(default_factory=list)
    back: list[Hop] = field(default_factory=list)
    forward_blocker: Blocker | None = None
    return_blocker: Blocker | None = None
    warnings: list[str] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)  # every one found, in path order (Q4)
    unknowns: list[str] = field(default_factory=list)  # what the estate lacks to decide a hop

    @property
    def blocked(self) -> bool:
        return self.forward_blocker is not None or self.return_blocker is not None

    @property
    def conditional(self) -> bool:
        """Nothing blocks, but a hop could not be decided (its inputs are not in the estate)."""
        return not self.blocked and bool(self.unknowns)

    def unknown(self, direction: str, kind: str, id: str, missing: str) -> bool:
        """Record a hop the estate cannot decide and what is missing; the walk goes on (so the
        answer still names every blocker), and the verdict is never "reachable". Returns True."""
        hops = self.forward if direction == FORWARD else self.back
        hops.append(Hop(direction, kind, id, "unknown", f"unknown: {missing}"))
        if missing not in self.unknowns:
            self.unknowns.append(missing)
        return True

    def hop(self, direction: str, kind: str, id: str, allowed: bool, rule: str) -> bool:
        hops = self.forward if direction == FORWARD else self.back
        hops.append(Hop(direction, kind, id, "allow" if allowed else "deny", rule))
        return allowed

    def block(self, direction: str, blocker_kind: str, component_kind: str, id: str, rule: str) -> bool:
        """Record a deny hop and the blocker (the first one per direction wins). Returns False."""
        self.hop(direction, component_kind, id, False, rule)
        blocker = Blocker(blocker_kind, id, rule, direction)
        self.blockers.append(blocker)
        if direction == FORWARD and self.forward_blocker is None:
            self.forward_blocker = blocker
        elif direction == RETURN and self.return_blocker is None:
            self.return_blocker = blocker
        return False

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def extend(self, other: Trace) -> None:
        self.forward.extend(other.forward)
        self.back[:0] = other.back  # the later leg's reply comes back first
        self.forward_blocker = self.forward_blocker or other.forward_blocker
        self.return_blocker = self.return_blocker or other.return_blocker
        self.blockers.extend(other.blockers)
        self.unknowns.extend(u for u in other.unknowns if u not in self.unknowns)
        for warning in other.warnings:
            self.warn(warning)

    def verdict(self, **about: Any) -> Verdict:
        hops = [Hop(h.direction, h.kind, h.id, h.decision, h.rule, seq) for seq, h in
                enumerate(self.forward + self.back, start=1)]
        blocker = self.forward_blocker or self.return_blocker
        # Q4 / [BLOCKED]: name every other setting that would also have to change
        also = [f"also blocked by {b.kind} {b.id} ({b.direction}): {b.rule}" for b in self.blockers if b is not blocker]
        return Verdict(blocker is None and not self.unknowns, blocker, tuple(hops), tuple(self.warnings + also),
                       conditional=tuple(self.unknowns), **about)
