"""The escalation edge catalogue (iam.md §2), driven by the catalogue data (``awsx/iam/catalogue``,
Datadog's pathfinding.cloud as awsx evaluates it): for a source principal, every other principal
it can act as, each edge with its kind, the actions used, any condition it depends on and the
catalogue id of the path it follows.

A path through a resource awsx crawls is found only through an existing resource (conditional on
one where its listing failed); a path through a kind awsx does not crawl yet is reported as an
edge conditional on that resource existing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import chain
from typing import Iterator, Mapping, Sequence

from .catalogue.entries import Entry, id_for_actions, of
from .catalogue.status import crawled_kinds
from .evaluate import ALL, action_matches, evaluate, service_trusted
from .matching import NO, YES, Tri, all_of, any_action, unknown
from .policy import Policy, PolicyError, Statement
from .principals import IamIndex, Principal
from .targets import (
    has_instance_profile,
    hosts_tasks,
    managed_instances,
    resources_by_role,
    run_state,
    trust_index,
    unread_regions,
    user_data_login,
)

CREATE_PROFILE = ("iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")
_ALLOW_ALL = Policy("hypothetical:allow-all", "identity", (
    Statement(0, None, "Allow", ("*",), None, ("*",), None, None, None),
))


@dataclass(frozen=True, slots=True)
class Step:
    """``source`` can act as ``target``. ``grants``: the step first gives the target everything
    (change its permissions, then become it), so reaching the target this way is reaching an
    admin (iam.md §2, the catalogue's principal-access paths iam-014 to iam-021)."""

    source: str
    target: str
    kind: str
    actions: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    catalogue_id: str | None = None
    grants: bool = False

    def to_json(self) -> dict:
        return {"from": self.source, "to": self.target, "kind": self.kind,
                "actions": list(self.actions), "conditions": list(self.conditions),
                "catalogue_id": self.catalogue_id, "grants_everything": self.grants}


def with_everything(principal: Principal) -> Principal:
    """The principal after granting itself everything (an admin by self-modification):
    its SCPs, boundary, resource policies and denies still apply."""
    return replace(principal, identity=(_ALLOW_ALL,))

_NAMING_KEPT = 64  # (principal, action) pairs whose statements Checker keeps filtered


class Checker:
    """Memoised ``can`` answers as Tri (allow → yes, conditional → unknown on its keys)."""

    def __init__(self, index: IamIndex) -> None:
        self.index = index
        self._cache: dict[tuple, Tri] = {}
        self._may: dict[tuple[str, str], bool] = {}
        self._named: dict[tuple[str, str], Principal] = {}
        self._allowing: dict[str, tuple[tuple[str, ...], tuple[Statement, ...]]] = {}
        self.problems: dict[str, str] = {}

    def can(self, principal: Principal, action: str, resource: str = ALL,
            context: Mapping[str, str] | None = None) -> Tri:
        key = (principal.arn, action, resource, tuple(sorted((context or {}).items())))
        if key not in self._cache:
            try:
                decision = evaluate(self.index, self._naming(principal, action), action, resource, context)
            except PolicyError as error:
                if error in principal.errors:
                    raise
                # Someone else's malformed policy (a trust, a bucket policy): no edge through it.
                self.problems.setdefault(error.policy, str(error))
                self._cache[key] = NO
                return NO
            self._cache[key] = (YES if decision.decision == "allow" else
                                unknown(*decision.conditions) if decision.decision == "conditional" else NO)
        return self._cache[key]

    def _naming(self, principal: Principal, action: str) -> Principal:
        """The principal with only its identity statements whose Action or NotAction may match
        ``action``: evaluate() passes over every other one (statement_applies asks the action
        first), so the answer is the same, but the graph asks one (principal, action) of
        thousands of resources in a row (CreateAccessKey on every user) and each ask scanned
        every statement again. Kept for the last few pairs only: the asks come in runs."""
        key = (principal.arn, action)
        if key not in self._named:
            if len(self._named) >= _NAMING_KEPT:
                self._named.clear()
            policies = (replace(policy, statements=kept) for policy in principal.identity
                        if (kept := tuple(s for s in policy.statements if action_matches(s, action).value is not False)))
            self._named[key] = replace(principal, identity=tuple(policies))
        return self._named[key]

    def may(self, principal: Principal, action: str) -> bool:
        """Cheap pre-check: could any of its identity policies allow this action at all? (Only
        identity policies grant IAM actions and PassRole; sts is checked via the trust index.)"""
        key = (principal.arn, action)
        if key not in self._may:
            if action == ALL:  # only a statement naming ``*`` itself allows everything
                allows = (s for p in principal.identity for s in p.statements if s.effect == "Allow")
                self._may[key] = any(action_matches(s, action).value is not False for s in allows)
            else:
                patterns, negated = self._allowed_actions(principal)
                self._may[key] = any_action(patterns, action).value is not False or any(
                    action_matches(s, action).value is not False for s in negated)
        return self._may[key]

    def _allowed_actions(self, principal: Principal) -> tuple[tuple[str, ...], tuple[Statement, ...]]:
        """Its identity Allow statements' Action patterns as one list, matched at once (the graph
        asks ~40 actions of each of 5k principals: asking statement by statement was the build's
        largest cost after evaluate itself), and its Allow statements with NotAction."""
        if principal.arn not in self._allowing:
            allows = [s for p in principal.identity for s in p.statements if s.effect == "Allow"]
            self._allowing[principal.arn] = (tuple(dict.fromkeys(a for s in allows for a in s.actions or ())),
                                             tuple(s for s in allows if s.actions is None))
        return self._allowing[principal.arn]

    def first(self, principal: Principal, alternatives: Sequence[str], resource: str = ALL,
              context: Mapping[str, str] | None = None) -> tuple[Tri, str]:
        """The first alternative action allowed outright, else the first conditional one."""
        answers = [(self.can(principal, action, resource, context), action) for action in alternatives]
        for wanted in (True, None):
            for tri, action in answers:
                if tri.value is wanted:
                    return tri, action
        return NO, alternatives[0]

    def ceiling(self, principal: Principal) -> Tri:
        """Whether the principal could do everything once granted everything (its SCPs, boundary
        and denies still apply): what changing its permissions can make of it."""
        return self.can(replace(with_everything(principal), arn=f"{principal.arn}#ceiling"), ALL, ALL)


def _step(source: Principal, target: str, kind: str, parts: Sequence[tuple[Tri, str]], *extra: str,
          catalogue_id: str | None = None) -> Step | None:
    """A step when every part may hold; ``parts`` with an empty action are conditions only."""
    tri = all_of(t for t, _ in parts)
    if tri.value is False:
        return None
    return Step(source.arn, target, kind, tuple(a for _, a in parts if a), tuple(sorted(tri.keys | set(extra))),
                catalogue_id)


class Catalogue:
    """Edges out of any source; structural look-ups are computed once per estate, and a source
    is only checked against destinations its policies could reach at all. ``crawled``: the kinds
    awsx crawls (by default the spec registry and whatever kinds the estate holds)."""

    def __init__(self, index: IamIndex, checker: Checker | None = None, crawled: frozenset[str] | None = None) -> None:
        self.index = index
        self.checker = checker or Checker(index)
        self.crawled = crawled if crawled is not None else crawled_kinds(index.estate)
        self.users = [p for p in index.principals() if p.kind == "user" and not p.errors]
        self.roles = [p for p in index.principals() if p.kind == "role" and not p.errors]
        self.trusted_by = trust_index(index, self.roles, self.checker.problems)
        self.trusts: dict[tuple[str, str], Tri] = {}
        self.trusting: dict[str, list[Principal]] = {}
        self.running: dict[str, dict[str, list[str]]] = {}
        self.governed: dict[str, dict[str, list[str]]] = {}
        self.existing: dict[tuple[str, str], bool] = {}
        self.hosting: dict[str, bool | None] = {}
        self.unread: dict[tuple[str, str], tuple[str, ...]] = {}
        self.unseen_roles: dict[tuple[str, str], list[tuple[Principal, str]]] = {}
        self.user_options: list[tuple[Principal, list[tuple[tuple[str, ...], ...]]]] | None = None
        self.managed = managed_instances(index.estate) if "ssm:managed-instance" in self.crawled else None

    def _trusting(self, service: str) -> list[Principal]:
        """The roles a service may assume (once per service, not once per source)."""
        if service not in self.trusting:
            self.trusting[service] = [r for r in self.roles if self._trusts(r.arn, service).value is not False]
        return self.trusting[service]

    def _trusts(self, role: str, service: str) -> Tri:
        if (role, service) not in self.trusts:
            self.trusts[(role, service)] = service_trusted(self.index, role, service)
        return self.trusts[(role, service)]

    def edges_from(self, source: Principal) -> Iterator[Step]:
        """Every step out of ``source``; of two of one kind to one target, the first that holds
        outright (a path awsx cannot see is not repeated beside one it can)."""
        sure: set[tuple[str, str, bool]] = set()
        for step in self._edges_from(source):
            key = (step.kind, step.target, step.grants)
            if key not in sure:
                if not step.conditions:
                    sure.add(key)
                yield step

    def _edges_from(self, source: Principal) -> Iterator[Step]:
        can, may = self.checker.can, self.checker.may
        me = source.resource_arn
        become: list[Step] = []
        candidates = [*self.trusted_by.get(me, ()), *self.trusted_by.get(source.session_arn or "", ()),
                      *self.trusted_by.get("*", ())]
        if may(source, "sts:AssumeRole"):
            candidates += self.trusted_by.get(f"account:{source.account}", ())
        for role in {role.arn: role for role in candidates}.values():
            if role.arn != me and (step := _step(source, role.arn, "sts", [(can(source, "sts:AssumeRole", role.arn),
                                                                          "sts:AssumeRole")], catalogue_id=id_for_actions("sts:AssumeRole"))):
                become.append(step)
        if may(source, "iam:UpdateAssumeRolePolicy"):
            for role in self.roles:
                if role.arn != me and (step := _step(source, role.arn, "iam", [
                        (can(source, "iam:UpdateAssumeRolePolicy", role.arn), "iam:UpdateAssumeRolePolicy")],
                        catalogue_id=id_for_actions("iam:UpdateAssumeRolePolicy"))):
                    become.append(step)
        yield from become
        if may(source, "iam:PassRole") and (usable := self._usable(source)):
            trusting = {r.arn for entry, _ in usable for r in self._trusting(entry.service)}
            for role in self.roles:
                if role.arn != me and role.arn in trusting:
                    yield from self._pass_role_edges(source, role, usable)
        yield from self._run_as_edges(source)
        if any(may(source, a) for a in ("iam:CreateAccessKey", "iam:UpdateLoginProfile", "iam:CreateLoginProfile")):
            users = list(self._user_edges(source))
            yield from users
            become += users
        yield from self._modify_edges(source, become)

    def _user_edges(self, source: Principal) -> Iterator[Step]:
        for user, options in self._user_options():
            if user.arn == source.arn:
                continue
            for groups in options:
                parts = [self.checker.first(source, alternatives, user.arn) for alternatives in groups]
                actions = tuple(a for _, a in parts)
                if step := _step(source, user.arn, "iam", parts, catalogue_id=id_for_actions(*actions)):
                    yield step
                    break

    def _user_options(self) -> list[tuple[Principal, list[tuple[tuple[str, ...], ...]]]]:
        """Each user with the ways to take it over, of what it holds (keys, a login profile): the
        same for every source, so read once per estate, not once per (source, user)."""
        if self.user_options is None:
            self.user_options = []
            for user in self.users:
                data = self.index.estate.resource(user.arn).data
                login = user_data_login(self.index, user.arn)
                # A user holds at most two access keys (IAM quotas): with two, one must go first (iam-003).
                keys = ["iam:CreateAccessKey", *(["iam:DeleteAccessKey"] if len(data.get("AccessKeys") or ()) >= 2 else [])]
                options = [tuple((action,) for action in keys)]
                options.append((("iam:UpdateLoginProfile",),) if login is True else (("iam:CreateLoginProfile",),)
                               if login is False else (("iam:UpdateLoginProfile", "iam:CreateLoginProfile"),))
                self.user_options.append((user, options))
        return self.user_options

    def _usable(self, source: Principal) -> list[tuple[Entry, list[tuple[Tri, str]]]]:
        """The pass-role entries whose service actions the source may use at all (once per source)."""
        first, may = self.checker.first, self.checker.may
        out = []
        for entry in of("pass-role"):
            if not all(any(may(source, a) for a in group) for group in entry.actions):
                continue  # no identity statement names one of a group: evaluating it cannot allow it
            uses = [first(source, alternatives) for alternatives in entry.actions]
            if all(tri.value is not False for tri, _ in uses):
                out.append((entry, uses))
        return out

    def _exists(self, kind: str, account: str) -> bool:
        if (kind, account) not in self.existing:
            self.existing[(kind, account)] = any(r.account == account for r in self.index.estate.resources(kind))
        return self.existing[(kind, account)]

    def _unseen(self, kind: str, account: str) -> str | None:
        """Why awsx cannot see whether the account holds a resource of ``kind`` (not crawled, or
        its listing failed in some regions); None when the crawl is whole for it."""
        if kind not in self.crawled:
            return f"{kind} is not crawled"
        if (kind, account) not in self.unread:
            self.unread[(kind, account)] = unread_regions(self.index.estate, kind, account)
        regions = self.unread[(kind, account)]
        return f"{kind} was not read in {', '.join(regions)}" if regions else None

    def _unseen_roles(self, entry: Entry) -> list[tuple[Principal, str]]:
        """The roles the entry's service may assume in accounts where its target kind is unseen,
        with why (once per service and kind, not once per source: usually none)."""
        key = (entry.service, entry.target)
        if key not in self.unseen_roles:
            self.unseen_roles[key] = [(role, why) for role in self._trusting(entry.service)
                                      if (why := self._unseen(entry.target, role.account))]
        return self.unseen_roles[key]

    def _needs(self, entry: Entry, account: str) -> tuple[str, ...] | None:
        """What an entry's needed resources add as conditions; None when a crawled one is absent."""
        conditions = []
        for kind in entry.needs:
            if kind in self.crawled and self._exists(kind, account):
                continue
            if (why := self._unseen(kind, account)) is None:
                return None
            conditions.append(f"an existing {kind} ({why})")
        if entry.hosted and "ecs:cluster" in self.crawled:
            if account not in self.hosting:
                self.hosting[account] = hosts_tasks(self.index.estate, account)
            hosted = self.hosting[account]
            if hosted is False and not self._unseen("ecs:cluster", account):
                return None
            if hosted is not True:
                conditions.append("an ECS cluster with a container instance registered (not read)")
        return tuple(conditions)

    def _pass_role_edges(self, source: Principal, role: Principal,
                         usable: list[tuple[Entry, list[tuple[Tri, str]]]]) -> Iterator[Step]:
        """One step per kind (the first entry that holds outright, else the first conditional)."""
        found: dict[str, Step] = {}
        for entry, uses in usable:
            if entry.kind in found and not found[entry.kind].conditions:
                continue
            trusted = self._trusts(role.arn, entry.service)
            needs = self._needs(entry, role.account) if trusted.value is not False else None
            if needs is None:
                continue
            parts = [(trusted, ""), (self.checker.can(source, "iam:PassRole", role.arn,
                                                      {"iam:PassedToService": entry.service}), "iam:PassRole"), *uses]
            if entry.instance_profile and not has_instance_profile(self.index, role.arn):
                parts += [(self.checker.can(source, action), action) for action in CREATE_PROFILE]
            step = _step(source, role.arn, entry.kind, parts, *needs, catalogue_id=entry.catalogue_id)
            if step and (entry.kind not in found or not step.conditions):
                found[entry.kind] = step
        yield from found.values()

    def _using(self, kind: str) -> dict[str, list[str]]:
        if kind not in self.running:
            self.running[kind] = resources_by_role(self.index.estate, kind)
        return self.running[kind]

    def _governed(self, kind: str) -> dict[str, list[str]]:
        """The resources of ``kind`` that carry a resource policy (which may grant by itself)."""
        if kind not in self.governed:
            self.governed[kind] = {role: found for role, arns in self._using(kind).items()
                                   if (found := [a for a in arns if self.index.resource_policy(a).policy is not None])}
        return self.governed[kind]

    def _run_as_edges(self, source: Principal) -> Iterator[Step]:
        """Using what already runs as a role: one step per (kind, role), the first entry found."""
        may = self.checker.may
        seen: set[tuple[str, str]] = set()
        for entry in of("run-as"):
            possible = all(any(may(source, a) for a in group) for group in entry.actions)
            if entry.target not in self.crawled:
                if possible:
                    steps = self._potential_run_as(source, entry)
                else:
                    continue
            else:
                # No identity statement could allow these: only a resource policy still might
                # (exact, and it keeps the scan linear in sources rather than sources x instances).
                steps = chain(self._existing_run_as(source, entry, self._using(entry.target) if possible
                                                    else self._governed(entry.target)),
                              self._potential_run_as(source, entry) if possible else ())
            for step in steps:
                if (entry.kind, step.target) not in seen:
                    seen.add((entry.kind, step.target))
                    yield step

    def _existing_run_as(self, source: Principal, entry: Entry, using: dict[str, list[str]]) -> Iterator[Step]:
        first, estate = self.checker.first, self.index.estate
        for role_arn, arns in using.items():
            if role_arn == source.resource_arn or role_arn not in estate:
                continue
            for arn in arns:
                resource = estate.resource(arn)
                state = run_state(resource, entry, self.managed, estate)
                if state is None:
                    continue
                parts = [*(first(source, alternatives, arn) for alternatives in entry.actions),
                         *self._passes(source, role_arn, entry)]
                extra = (*state, *((entry.condition.format(id=resource.id),) if entry.condition else ()))
                if step := _step(source, role_arn, entry.kind, parts, *extra, catalogue_id=entry.catalogue_id):
                    yield step
                    break

    def _potential_run_as(self, source: Principal, entry: Entry) -> Iterator[Step]:
        """A kind awsx does not crawl, or whose listing failed in the role's account: any role the
        service may assume, conditional on a resource of that kind running as it (the
        catalogue's ``potential``)."""
        unseen = [(role, why) for role, why in self._unseen_roles(entry) if role.arn != source.resource_arn]
        uses = [self.checker.first(source, alternatives) for alternatives in entry.actions] if unseen else []
        for role, why in unseen:
            missing = f"an existing {entry.target} that runs as this role ({why})"
            parts = [(self._trusts(role.arn, entry.service), ""), *uses, *self._passes(source, role.arn, entry)]
            if step := _step(source, role.arn, entry.kind, parts, missing, catalogue_id=entry.catalogue_id):
                yield step

    def _passes(self, source: Principal, role_arn: str, entry: Entry) -> list[tuple[Tri, str]]:
        """iam:PassRole of the role to the entry's service, when the entry needs it."""
        if not entry.pass_role:
            return []
        return [(self.checker.can(source, "iam:PassRole", role_arn, {"iam:PassedToService": entry.service}),
                 "iam:PassRole")]

    def _modify_edges(self, source: Principal, become: list[Step]) -> Iterator[Step]:
        """Change a principal's permissions, then become it (iam-014 to iam-021): a step that
        gives the target everything its SCPs and boundary allow, so escalation goes through
        principals that are not admin yet. Bounded by the become steps the source already has."""
        entries = [e for e in of("modify") if self.checker.may(source, e.modify)]
        done: set[str] = set()
        for step in become if entries else ():
            if step.target in done:
                continue
            target = self.index.resolve(step.target)
            for entry in entries:
                if entry.become not in step.actions:
                    continue
                changed = self._change(source, target, entry.modify)
                parts = [changed, (self.checker.ceiling(target), ""), (unknown(*step.conditions) if step.conditions
                                                                       else YES, "")]
                if made := _step(source, step.target, "iam", parts, catalogue_id=entry.catalogue_id):
                    done.add(step.target)
                    yield replace(made, actions=(entry.modify, *step.actions), grants=True)
                    break

    def _change(self, source: Principal, target: Principal, action: str) -> tuple[Tri, str]:
        """Whether ``source`` may change ``target``'s permissions with ``action``: on the target,
        or (CreatePolicyVersion) on a customer managed policy attached to it."""
        if action != "iam:CreatePolicyVersion":
            return self.checker.can(source, action, target.resource_arn), action
        owner = self.index.estate.resource(target.resource_arn)
        attached = [str(a.get("PolicyArn")) for a in owner.data.get("AttachedManagedPolicies") or ()]
        answers = [self.checker.can(source, action, arn) for arn in attached if arn in self.index.estate]
        best = next((t for t in answers if t.value is True), next((t for t in answers if t.value is None), NO))
        return best, action
