"""who-can (iam.md §2): principals granted an action directly, and, separately, principals that
reach a granting principal through escalation edges."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .escalation import Checker, Step
from .evaluate import ALL, evaluate, statement_applies
from .matching import Context, Tri, any_of
from .principals import IamIndex, Principal
from .privesc import PrincipalGraph, build_graph


@dataclass(frozen=True, slots=True)
class WhoCanEntry:
    arn: str
    how: str  # "direct" | "escalation"
    path: tuple[Step, ...] = ()
    conditions: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"arn": self.arn, "how": self.how, "path": [s.to_json() for s in self.path],
                "conditions": list(self.conditions)}


@dataclass(frozen=True, slots=True)
class WhoCan:
    action: str
    resource: str
    principals: tuple[WhoCanEntry, ...]
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"action": self.action, "resource": self.resource,
                "principals": [p.to_json() for p in self.principals]}


def who_can(index: IamIndex, action: str, resource: str = ALL, graph: PrincipalGraph | None = None,
            escalation: bool = True) -> WhoCan:
    direct: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for principal in _candidates(index, action, resource):
        if principal.errors:
            problems += [f"{principal.arn}: {e}" for e in principal.errors]
            continue
        decision = evaluate(index, principal, action, resource)
        if decision.granted:
            direct[principal.arn] = decision.conditions
    entries = [WhoCanEntry(arn, "direct", (), keys) for arn, keys in sorted(direct.items())]
    public = anyone(index, action, resource)
    if public is not None:
        entries.insert(0, WhoCanEntry("*", "direct", (), public))
    if escalation and direct:
        graph = graph or build_graph(index)
        problems += [p for p in graph.problems if p not in problems]
        entries += _escalations(graph, direct)
    return WhoCan(action, resource, tuple(entries), tuple(problems))


def _candidates(index: IamIndex, action: str, resource: str) -> list[Principal]:
    """The principals worth evaluating. Without a resource policy only an identity statement can
    grant (SCPs, RCPs and boundaries only restrict), so a principal none of whose Allow statements
    names the action is an implicit deny without evaluating it; the answer is the same."""
    principals = index.principals()
    if resource != ALL and index.resource_policy(resource).policy is not None:
        return principals
    may = Checker(index).may
    return [p for p in principals if p.errors or may(p, action)]


def anyone(index: IamIndex, action: str, resource: str) -> tuple[str, ...] | None:
    """The conditions on which a resource policy grants this to ``Principal: "*"`` (anyone,
    including anonymous callers), or None when it does not."""
    if resource == ALL:
        return None
    policy = index.resource_policy(resource).policy
    if policy is None or policy.type == "trust" and not action.lower().startswith("sts:"):
        return None
    context = Context({"aws:ResourceAccount": index.resource_policy(resource).account or ""})
    granted: list[Tri] = []
    for statement in policy.statements:
        if statement.principals is None or not statement.principals.anyone:
            continue
        tri, _ = statement_applies(policy, statement, None, action, resource, context)
        if statement.effect == "Deny" and tri.value is True:
            return None
        if statement.effect == "Allow":
            granted.append(tri)
    found = any_of(granted)
    return None if found.value is False else tuple(sorted(found.keys))


def _escalations(graph: PrincipalGraph, direct: dict[str, tuple[str, ...]]) -> list[WhoCanEntry]:
    """Backwards breadth-first from the granting principals: each other principal's shortest path."""
    incoming: dict[str, list[Step]] = {}
    for steps in graph.edges.values():
        for step in steps:
            incoming.setdefault(step.target, []).append(step)
    # path_to[p] = steps from p to a direct grantee
    path_to: dict[str, tuple[Step, ...]] = {arn: () for arn in direct}
    queue = deque(direct)
    while queue:
        node = queue.popleft()
        for step in incoming.get(node, ()):
            if step.source not in path_to:
                path_to[step.source] = (step, *path_to[node])
                queue.append(step.source)
    out = []
    for arn in sorted(path_to):
        if arn in direct:
            continue
        path = path_to[arn]
        keys = {k for step in path for k in step.conditions} | set(direct[path[-1].target])
        out.append(WhoCanEntry(arn, "escalation", path, tuple(sorted(keys))))
    return out
