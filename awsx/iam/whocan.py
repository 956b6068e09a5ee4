"""who-can (iam.md §2): principals granted an action directly, and, separately, everyone
privesc can take to a principal that has the grant: admins by self-modification (they can grant
themselves everything, then do it) and every principal that reaches a grantee or such an admin
through the escalation edges of the one principal graph privesc uses (``build_graph``)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .escalation import Checker, Step, with_everything
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
    if escalation:
        graph = graph or build_graph(index)
        problems += [p for p in graph.problems if p not in problems]
        granting = {arn: Grantee((), keys) for arn, keys in direct.items()}
        granting.update(_self_made(index, graph, action, resource, direct))
        entries += _escalations(graph, granting, _made(index, graph, action, resource))
    return WhoCan(action, resource, tuple(entries), tuple(problems))


@dataclass(frozen=True, slots=True)
class Grantee:
    """A principal that has the grant: ``tail`` is how (no step when granted directly, one
    self-step for an admin by self-modification); ``conditions`` what it depends on."""

    tail: tuple[Step, ...]
    conditions: tuple[str, ...]


def _self_made(index: IamIndex, graph: PrincipalGraph, action: str, resource: str,
               direct: dict[str, tuple[str, ...]]) -> dict[str, Grantee]:
    """Admins that are not granted this directly but can grant themselves everything, and so
    this request too unless an SCP, boundary, resource policy or deny still refuses it."""
    out = {}
    for arn, admin in graph.admins.items():
        if arn in direct or admin.how == "full":
            continue
        decision = evaluate(index, with_everything(index.principal(arn)), action, resource)
        if decision.granted:
            keys = tuple(sorted(set(admin.conditions) | set(decision.conditions)))
            out[arn] = Grantee((admin.self_step(),), keys)
    return out


def _made(index: IamIndex, graph: PrincipalGraph, action: str, resource: str) -> dict[str, tuple[str, ...]]:
    """Principals a step can give everything (change their permissions, then become them) that
    would then be granted this request, with what it then depends on."""
    out: dict[str, tuple[str, ...]] = {}
    refused: set[str] = set()
    for steps in graph.edges.values():
        for step in steps:
            if not step.grants or step.target in out or step.target in refused:
                continue
            decision = evaluate(index, with_everything(index.principal(step.target)), action, resource)
            if decision.granted:
                out[step.target] = tuple(decision.conditions)
            else:
                refused.add(step.target)
    return out


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


def _escalations(graph: PrincipalGraph, granting: dict[str, Grantee],
                 made: dict[str, tuple[str, ...]]) -> list[WhoCanEntry]:
    """Backwards breadth-first from the granting principals: each other principal's shortest
    path to one (an admin by self-modification is listed with its own self-step). A step that
    gives a principal of ``made`` everything reaches a grantee in one step."""
    incoming: dict[str, list[Step]] = {}
    for steps in graph.edges.values():
        for step in steps:
            incoming.setdefault(step.target, []).append(step)
    # path_to[p] = steps from p to a granting principal, then that principal's own tail
    path_to: dict[str, tuple[Step, ...]] = {arn: grantee.tail for arn, grantee in granting.items()}
    ends: dict[str, tuple[str, ...]] = {arn: g.conditions for arn, g in granting.items()}  # what the grant holds on
    queue = deque(sorted(granting))
    for steps in graph.edges.values():
        for step in steps:
            if step.grants and step.target in made and step.source not in path_to:
                path_to[step.source], ends[step.source] = (step,), made[step.target]
                queue.append(step.source)
    expanded: set[str] = set()
    while queue:
        node = queue.popleft()
        for step in incoming.get(node, ()):
            if step.source not in path_to:
                path_to[step.source] = (step, *path_to[node])
                ends[step.source] = ends[node]
                queue.append(step.source)
        if not queue:
            # An admin not reached yet (a resource policy refuses it): its edges, on first use.
            for admin in sorted(a for a in graph.admins if a not in path_to and a not in expanded):
                expanded.add(admin)
                for step in graph.edges_of(admin):
                    incoming.setdefault(step.target, []).append(step)
                    if step.target in path_to:
                        queue.append(step.target)
    out = []
    for arn in sorted(path_to):
        path = path_to[arn]
        if not path:
            continue  # granted directly
        keys = {k for step in path for k in step.conditions} | set(ends[arn])
        out.append(WhoCanEntry(arn, "escalation", path, tuple(sorted(keys))))
    return out
