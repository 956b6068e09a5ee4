"""Admins and privilege-escalation paths (iam.md §2): the principal graph and shortest paths
from every non-admin principal to an admin."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Callable

from .catalogue.entries import id_for_actions
from .escalation import Catalogue, Checker, Step, with_everything
from .evaluate import ALL
from .matching import all_of
from .policy import Policy, PolicyError, parse_policy
from .principals import IamIndex, Principal


@dataclass(frozen=True, slots=True)
class Admin:
    arn: str
    how: str  # "full" or the self-escalation action used
    conditions: tuple[str, ...] = ()

    @property
    def catalogue_id(self) -> str | None:
        """The catalogue path of a self-escalation (iam-001, iam-005, ...); None for "full"."""
        return None if self.how == "full" else id_for_actions(self.how)

    def self_step(self) -> Step:
        """The self-modification as a step from the admin to itself."""
        return Step(self.arn, self.arn, "iam", (self.how,), self.conditions, self.catalogue_id)


@dataclass(frozen=True, slots=True)
class Path:
    principal: str
    steps: tuple[Step, ...]

    def to_json(self) -> dict:
        return {"principal": self.principal, "steps": [s.to_json() for s in self.steps]}


@dataclass(frozen=True, slots=True)
class PrivescReport:
    admins: tuple[Admin, ...]
    paths: tuple[Path, ...]
    problems: tuple[str, ...] = ()  # malformed policies: named, and those principals skipped

    def to_json(self) -> dict:
        return {"admins": [a.arn for a in self.admins], "paths": [p.to_json() for p in self.paths]}


def _grants_everything(policy: Policy) -> bool:
    return any(s.effect == "Allow" and s.actions and "*" in s.actions and s.resources and "*" in s.resources
               and not s.conditions for s in policy.statements)


def _other_version_is_admin(index: IamIndex, policy_arn: str) -> bool:
    """SetDefaultPolicyVersion only escalates if a non-default version grants everything."""
    data = index.estate.resource(policy_arn).data
    for entry in data.get("PolicyVersionList") or ():
        if entry.get("IsDefaultVersion"):
            continue
        try:
            if _grants_everything(parse_policy(entry.get("Document"), policy_arn, "identity")):
                return True
        except PolicyError:
            continue
    return False


def admin_check(index: IamIndex, checker: Checker, principal: Principal,
                admin_groups: frozenset[str] | None = None) -> Admin | None:
    """A principal that can do everything, or can grant itself everything (iam.md §2).
    ``admin_groups``: the ARNs of groups that grant everything, when the caller has them."""
    full = checker.can(principal, ALL, ALL)
    if full.value is True:
        return Admin(principal.arn, "full")
    # What it could reach by granting itself everything: SCPs, boundary and denies still apply.
    ceiling = checker.ceiling(principal)
    if ceiling.value is False:
        return None
    me = principal.resource_arn
    candidates: list[tuple[str, str]] = []
    if principal.kind == "user":
        candidates += [("iam:PutUserPolicy", me), ("iam:AttachUserPolicy", me)]
    else:
        candidates += [("iam:PutRolePolicy", me), ("iam:AttachRolePolicy", me), ("iam:UpdateAssumeRolePolicy", me)]
    owner = index.estate.resource(me)
    groups = index.groups_of(owner) if principal.kind == "user" else []
    attached = [a.get("PolicyArn") for r in [owner, *groups] for a in r.data.get("AttachedManagedPolicies") or ()]
    for policy_arn in attached:
        if policy_arn in index.estate:
            candidates.append(("iam:CreatePolicyVersion", policy_arn))
            if _other_version_is_admin(index, policy_arn):
                candidates.append(("iam:SetDefaultPolicyVersion", policy_arn))
    for group in groups:
        candidates += [("iam:PutGroupPolicy", group.arn), ("iam:AttachGroupPolicy", group.arn)]
    if principal.kind == "user":
        admin_groups = _admin_groups(index) if admin_groups is None else admin_groups
        for group in index.estate.resources("iam:group"):
            if group.account == principal.account and group not in groups and group.arn in admin_groups:
                candidates.append(("iam:AddUserToGroup", group.arn))
    best: Admin | None = None
    for action, resource in candidates:
        if _refused_unasked(checker, principal, action, resource):
            continue
        tri = all_of((checker.can(principal, action, resource), ceiling))
        if tri.value is True:
            return Admin(principal.arn, action)
        if tri.value is None and best is None:
            best = Admin(principal.arn, action, tuple(sorted(tri.keys)))
    if best is None and full.value is None:
        best = Admin(principal.arn, "full", tuple(sorted(full.keys)))
    return best


def _refused_unasked(checker: Checker, principal: Principal, action: str, resource: str) -> bool:
    """An iam action on an IAM resource of the principal's own account that no identity Allow
    statement names is refused: IAM resources have no policy that governs iam actions (a trust
    policy governs sts ones), IAM's guards only refuse, and the account's SCPs and RCPs were
    already read by the ``*`` ask. Not when an attached policy is unseen (that answer is
    conditional). Most of the 5k principals of a large estate name none of these actions."""
    parts = resource.split(":")
    own_iam = len(parts) > 4 and parts[2] == "iam" and parts[4] == principal.account
    return own_iam and action.startswith("iam:") and not principal.unseen and not checker.may(principal, action)


def _admin_groups(index: IamIndex) -> frozenset[str]:
    return frozenset(g.arn for g in index.estate.resources("iam:group") if _group_is_admin(index, g.arn))


def _group_is_admin(index: IamIndex, group_arn: str) -> bool:
    group = index.estate.resource(group_arn)
    for attached in group.data.get("AttachedManagedPolicies") or ():
        found = index.managed(str(attached.get("PolicyArn")))
        if isinstance(found, Policy) and _grants_everything(found):
            return True
    for inline in group.data.get("GroupPolicyList") or ():
        try:
            if _grants_everything(parse_policy(inline.get("PolicyDocument"), group_arn, "identity")):
                return True
        except PolicyError:
            continue
    return False


@dataclass
class PrincipalGraph:
    """Nodes: users and roles; ``edges[a]``: the steps by which ``a`` can act as another.

    An unconditional admin's edges are computed on first use (``edges_of``): privesc's paths end
    at admins, and who-can needs them only for an admin a resource policy refuses (a KMS key
    policy naming one role), so most answers never pay for them."""

    admins: dict[str, Admin] = field(default_factory=dict)
    edges: dict[str, list[Step]] = field(default_factory=dict)
    principals: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    deferred: dict[str, Callable[[], list[Step]]] = field(default_factory=dict)

    def edges_of(self, arn: str) -> list[Step]:
        """``edges[arn]``, an admin's all of them (including those once it has granted itself everything)."""
        if arn in self.deferred:
            self.edges[arn] = self.deferred.pop(arn)()
        return self.edges.get(arn, [])

    def portable(self) -> tuple[PrincipalGraph, tuple[str, ...]]:
        """This graph without its deferred edge makers, which close over the index, and the
        admins whose edges they would make: what awsx/iam/derived.py keeps on disk."""
        return replace(self, deferred={}), tuple(self.deferred)

    def resumed(self, index: IamIndex, pending: tuple[str, ...]) -> PrincipalGraph:
        """A ``portable`` graph with the edge makers of the ``pending`` admins made again over
        ``index``: still computed on first use, so who-can and privesc answer as before."""
        catalogue = cache(lambda: Catalogue(index, Checker(index)))
        hypothetical = cache(lambda: Catalogue(index, Checker(index)))
        for arn in pending:
            self.deferred[arn] = partial(_admin_edges, catalogue, hypothetical, index.principal(arn), self.admins[arn],
                                         self.edges.get(arn))
        return self


def build_graph(index: IamIndex) -> PrincipalGraph:
    checker = Checker(index)
    catalogue = Catalogue(index, checker)
    graph = PrincipalGraph()
    admin_groups = _admin_groups(index)  # once, not once per user
    # Edges of admins by self-modification once granted everything: their own Checker (the
    # principal's ARN is the same, its answers are not), made on first use.
    hypothetical = cache(lambda: Catalogue(index, Checker(index)))
    for principal in index.principals():
        if principal.errors:
            graph.problems += [f"{principal.arn}: {e}" for e in principal.errors]
            continue
        graph.principals.append(principal.arn)
        try:
            admin = admin_check(index, checker, principal, admin_groups)
            if admin:
                graph.admins[principal.arn] = admin
            if admin is None or admin.conditions:
                graph.edges[principal.arn] = list(catalogue.edges_from(principal))
            if admin is not None:
                graph.deferred[principal.arn] = partial(_admin_edges, lambda: catalogue, hypothetical, principal, admin,
                                                        graph.edges.get(principal.arn))
        except PolicyError as error:  # a malformed SCP on the way
            graph.problems.append(f"{principal.arn}: {error}")
    graph.problems += list(checker.problems.values())
    return graph


def _admin_edges(catalogue: Callable[[], Catalogue], hypothetical: Callable[[], Catalogue], principal: Principal,
                 admin: Admin, known: list[Step] | None) -> list[Step]:
    """An admin's edges: those its permissions give now, then, for an admin by self-modification,
    where it goes once it has granted itself everything: each such step starts with the
    self-grant, and a target its present permissions already reach is left to that edge."""
    steps = list(catalogue().edges_from(principal)) if known is None else known
    if admin.how == "full":
        return steps
    reached = {step.target for step in steps}
    for step in hypothetical().edges_from(with_everything(principal)):
        if step.target not in reached:
            reached.add(step.target)
            steps.append(replace(step, actions=(admin.how, *step.actions),
                                 conditions=tuple(sorted({*admin.conditions, *step.conditions}))))
    return steps


def shortest_path(graph: PrincipalGraph, start: str, goals: set[str]) -> tuple[Step, ...] | None:
    """Breadth-first: fewest steps, then the order edges were found in. A step that gives its
    target everything (``Step.grants``) ends a path as surely as reaching an admin does."""
    seen, queue = {start}, deque([(start, ())])
    while queue:
        node, steps = queue.popleft()
        for step in graph.edges.get(node, ()):
            path = (*steps, step)
            if step.grants or step.target in goals and step.target not in seen:
                return path
            if step.target in seen:
                continue
            seen.add(step.target)
            queue.append((step.target, path))
    return None


def privesc(index: IamIndex, principal: Principal | None = None, graph: PrincipalGraph | None = None) -> PrivescReport:
    graph = graph or build_graph(index)
    goals = set(graph.admins)
    sources = [principal.resource_arn] if principal else [p for p in graph.principals if p not in goals]
    paths = []
    for source in sources:
        if source in goals:
            continue
        found = shortest_path(graph, source, goals)
        if found:
            paths.append(Path(source, found))
    admins = tuple(graph.admins[a] for a in sorted(graph.admins))
    return PrivescReport(admins, tuple(paths), tuple(graph.problems))
