"""Xray (``x``) and used-by (``u``) as pure functions: the children of a node in the dependency
tree, each with a mark the TUI only renders.

Marks (DESIGN: absence of data is never absence of permission):
- ``ok``          the resource is in the estate and nothing is known against it
- ``warn``        a pulse fault holds for it (open to the world, unattached, public; the reason
                  is the rule's name) or the edge that leads to it says so (a ``blackhole`` route)
- ``missing-ref`` it is referenced but the crawl did not see it (deleted, another account)
- ``denied``      it is referenced and the crawl of its service was denied or cut short, so
                  whether it exists is unknown"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from awsx.core.graph import Estate
from awsx.core.model import Edge, MarkerStatus, Resource
from awsx.pulse.faults import RULES

Direction = Literal["down", "up"]
Mark = Literal["ok", "warn", "missing-ref", "denied"]

_UNKNOWN = (MarkerStatus.DENIED, MarkerStatus.THROTTLED, MarkerStatus.TRUNCATED, MarkerStatus.ERROR)
# Id prefixes of the EC2 references that come without an ARN (``sg-0ab`` in a rule).
_EC2_PREFIXES = ("sg-", "subnet-", "vpc-", "eni-", "i-", "rtb-", "igw-", "nat-", "acl-", "vol-",
                 "snap-", "pcx-", "tgw-", "vpce-", "eigw-", "pl-", "eipalloc-")


@dataclass(frozen=True, slots=True)
class XrayNode:
    """One node under its parent: the relation that leads to it, the ref (an ARN, or what the
    record named when the estate lacks it), the resource when present, its mark and why."""

    relation: str
    ref: str
    resource: Resource | None
    mark: Mark
    reason: str = ""

    @property
    def expandable(self) -> bool:
        return self.resource is not None


def _service_of(ref: str) -> str:
    if ref.startswith("arn:"):
        parts = ref.split(":")
        return parts[2] if len(parts) > 2 else ""
    return "ec2" if ref.startswith(_EC2_PREFIXES) else ""


def resource_mark(estate: Estate, resource: Resource, edge: Edge | None = None) -> tuple[Mark, str]:
    """``warn`` with the fault's name when a pulse rule holds, or the edge is a blackhole."""
    if edge is not None and str(edge.attrs.get("State", "")).casefold() == "blackhole":
        return "warn", "blackhole route"
    for rule in RULES:
        if rule.holds(estate, resource):
            return "warn", rule.name
    return "ok", ""


def reference_mark(estate: Estate, ref: str) -> tuple[Mark, str]:
    """A reference the estate does not hold: ``denied`` when its service could not be read."""
    service = _service_of(ref)
    for marker in estate.markers:
        if service and marker.service == service and marker.status in _UNKNOWN:
            return "denied", marker.describe()
    return "missing-ref", "not in this estate"


def children(estate: Estate, arn: str, direction: Direction) -> list[XrayNode]:
    """``down``: what ``arn`` points at (plus dangling references); ``up``: what points at it.
    Ordered by relation, then kind and name, so the tree reads the same every time."""
    nodes: list[XrayNode] = []
    edges = estate.out_edges(arn) if direction == "down" else estate.in_edges(arn)
    for edge in edges:
        other = estate.resource(edge.target if direction == "down" else edge.source)
        mark, reason = resource_mark(estate, other, edge)
        nodes.append(XrayNode(edge.relation.value, other.arn, other, mark, reason))
    if direction == "down":
        for dangling in estate.dangling:
            if dangling.source == arn:
                mark, reason = reference_mark(estate, dangling.ref)
                nodes.append(XrayNode(dangling.relation.value, dangling.ref, None, mark, reason))

    def order(node: XrayNode) -> tuple[str, bool, str, str]:
        r = node.resource
        return (node.relation, r is None, r.kind if r else "", (r.name or r.id).casefold() if r else node.ref)

    return sorted(nodes, key=order)


def root(estate: Estate, arn: str) -> XrayNode:
    resource = estate.resource(arn)
    mark, reason = resource_mark(estate, resource)
    return XrayNode("", arn, resource, mark, reason)
