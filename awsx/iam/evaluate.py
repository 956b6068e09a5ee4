"""Evaluate one request (principal, action, resource, context) in the documented order
(iam.md §1): explicit deny anywhere; RCPs; SCPs; resource policy with the per-principal-type
rules; identity policies; permissions boundary; session policy; cross-account both sides.

An action or resource of ``*`` asks about *everything*: an Allow must name ``*`` itself, and any
Deny that could touch part of it counts (``NotAction``/``NotResource`` grant nothing complete).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

from .conditions import evaluate_conditions
from .guards import guard_for
from .matching import NO, YES, Context, Tri, all_of, any_action, any_of, any_pattern, negate, unknown
from .organization import ControlAnswer, Level, LevelAnswer
from .policy import Policy, PolicyError, Principals, Statement
from .principals import IamIndex, Principal, ResourcePolicy
from .reference import takes_resources, unsupported_keys

ALL = "*"


@dataclass(frozen=True, slots=True)
class Deciding:
    policy: str
    type: str
    sid: str | None
    statement: int

    def to_json(self) -> dict:
        return {"policy": self.policy, "type": self.type, "sid": self.sid, "statement": self.statement}


@dataclass(frozen=True, slots=True)
class Decision:
    principal: str
    action: str
    resource: str
    decision: str  # allow | explicit-deny | implicit-deny | conditional
    conditions: tuple[str, ...] = ()
    deciding: tuple[Deciding, ...] = ()
    reason: str = ""  # one line for people; not part of the JSON shape
    controls: tuple[ControlAnswer, ...] = ()  # the SCP and RCP levels, as they decided

    @property
    def granted(self) -> bool:
        return self.decision in ("allow", "conditional")

    @property
    def control_lines(self) -> list[str]:
        """One line per policy type whose levels had a say (or were exempted, or unread)."""
        return [c.describe() for c in self.controls if c.levels or c.exempt or c.unread]

    def to_json(self) -> dict:
        return {"principal": self.principal, "action": self.action, "resource": self.resource,
                "decision": self.decision, "conditions": list(self.conditions),
                "deciding": [d.to_json() for d in self.deciding],
                "controls": [c.to_json() for c in self.controls]}


@dataclass(frozen=True, slots=True)
class Grant:
    """A layer's answer and the statements that made it."""

    tri: Tri
    deciding: tuple[Deciding, ...] = ()

    def __and__(self, other: Grant) -> Grant:
        tri = all_of((self.tri, other.tri))
        return Grant(tri, () if tri.value is False else self.deciding + other.deciding)

    def __or__(self, other: Grant) -> Grant:
        tri = any_of((self.tri, other.tri))
        if tri.value is True:
            return self if self.tri.value is True else other
        return Grant(tri, self.deciding + other.deciding if tri.value is None else ())


GRANTED, REFUSED = Grant(YES), Grant(NO)


# --- statement matching ------------------------------------------------------------------
def action_matches(statement: Statement, action: str) -> Tri:
    if action == ALL:
        if statement.effect == "Allow":
            return YES if statement.actions is not None and "*" in statement.actions else NO
        return YES if statement.actions is not None or "*" not in (statement.not_actions or ()) else NO
    lowered = action.lower()
    if statement.actions is not None:
        return any_action(statement.actions, lowered)
    return negate(any_action(statement.not_actions or (), lowered))


def resource_matches(statement: Statement, resource: str, context: Context | None, every: bool = True) -> Tri:
    """``every``: a resource of ``*`` asks about every resource (see the module docstring); when
    False, ``*`` is the request's literal resource, as for an action without resource-level
    permissions (a Deny naming one ARN does not match it; an Allow with ``NotResource`` does)."""
    if statement.resources is None and statement.not_resources is None:
        return YES  # trust policies name no resource: the role itself
    if resource == ALL and every:
        if statement.effect == "Allow":
            return YES if statement.resources is not None and "*" in statement.resources else NO
        return YES if statement.resources is not None or "*" not in (statement.not_resources or ()) else NO
    # Resource ARNs are case-sensitive (iam.md §3: the reference tool gets this wrong).
    if statement.resources is not None:
        return any_pattern(statement.resources, resource, ignore_case=False, context=context)
    return negate(any_pattern(statement.not_resources or (), resource, ignore_case=False, context=context))


SPECIFICITY = ("session", "user", "role", "account", "star")


def principal_how(block: Principals, principal: Principal) -> str | None:
    """How a Principal block names this principal: the most specific way, or None."""
    found = set()
    if block.anyone:
        found.add("star")
    for value in block.values("AWS"):
        if principal.session_arn and value == principal.session_arn:
            found.add("session")
        elif principal.kind == "user" and value == principal.arn:
            found.add("user")
        elif principal.role_arn and value == principal.role_arn:
            found.add("role")
        elif value in (principal.account, f"arn:aws:iam::{principal.account}:root"):
            found.add("account")
    return next((how for how in SPECIFICITY if how in found), None)


def principal_matches(statement: Statement, principal: Principal) -> tuple[Tri, str | None]:
    if statement.principals is not None:
        how = principal_how(statement.principals, principal)
        return (YES, how) if how else (NO, None)
    if statement.not_principals is not None:
        # NotPrincipal excludes the principals it lists (the reference tool matches them instead).
        if statement.effect == "Deny" and principal.boundary is not None:
            return YES, "star"  # AWS: a Deny with NotPrincipal always denies principals with a boundary
        how = principal_how(statement.not_principals, principal)
        return (NO, None) if how and how != "account" else (YES, "star")
    return YES, None


def statement_applies(policy: Policy, statement: Statement, principal: Principal | None,
                      action: str, resource: str, context: Context) -> tuple[Tri, str | None]:
    how = None
    if principal is not None:
        matched, how = principal_matches(statement, principal)
        if matched.value is False:
            return NO, None
    acts = action_matches(statement, action)
    if acts.value is False:  # most statements of a principal name other actions: stop here
        return NO, None
    variables = context if policy.substitutes_variables else None
    every = resource == ALL and takes_resources(action)
    tri = all_of((acts, resource_matches(statement, resource, variables, every)))
    if tri.value is False:
        return NO, None
    return all_of((tri, evaluate_conditions(statement.conditions, context, policy.substitutes_variables))), how


def _deciding(policy: Policy, statement: Statement) -> Deciding:
    return Deciding(policy.name, policy.type, statement.sid, statement.index)


def allows(policies: Iterable[Policy], principal: Principal | None, action: str, resource: str,
           context: Context, hows: Sequence[str] | None = None) -> Grant:
    """Any Allow among these policies (restricted to principals named one of ``hows``)."""
    yes: list[Deciding] = []
    maybe: list[Deciding] = []
    keys: set[str] = set()
    for policy in policies:
        for statement in policy.statements:
            if statement.effect != "Allow":
                continue
            tri, how = statement_applies(policy, statement, principal, action, resource, context)
            if tri.value is False or (hows is not None and how not in hows):
                continue
            if tri.value is True:
                yes.append(_deciding(policy, statement))
            else:
                maybe.append(_deciding(policy, statement))
                keys |= tri.keys
    if yes:
        return Grant(YES, tuple(yes))
    return Grant(unknown(*keys), tuple(maybe)) if maybe else REFUSED


def denies(policies: Iterable[Policy], principal: Principal | None, action: str, resource: str,
           context: Context) -> list[tuple[Tri, Deciding]]:
    hits = []
    for policy in policies:
        for statement in policy.statements:
            if statement.effect == "Deny":
                tri, _ = statement_applies(policy, statement, principal, action, resource, context)
                if tri.value is not False:
                    hits.append((tri, _deciding(policy, statement)))
    return hits


# --- the request -------------------------------------------------------------------------
def request_context(principal: Principal, resource_policy: ResourcePolicy, resource: str,
                    given: Mapping[str, str] | None = None, action: str = ALL) -> Context:
    """What the engine knows about the request; a key it does not know stays unknown, and a
    key of the action's service that its reference entry does not list is absent."""
    values: dict[str, str] = {
        "aws:PrincipalArn": principal.resource_arn,
        "aws:PrincipalAccount": principal.account,
        "aws:PrincipalType": "User" if principal.kind == "user" else "AssumedRole",
        "aws:PrincipalIsAWSService": "false",
    }
    authoritative = {"aws:username", "aws:PrincipalServiceName"}
    prefixes = ["aws:PrincipalTag/"]
    if principal.kind == "user":
        values["aws:username"] = principal.name
        if principal.user_id:
            values["aws:userid"] = principal.user_id
    if resource_policy.account:
        values["aws:ResourceAccount"] = resource_policy.account
    for key, value in principal.tags.items():
        values[f"aws:PrincipalTag/{key}"] = value
    if resource != ALL and resource_policy.seen:
        prefixes.append("aws:ResourceTag/")
        for key, value in resource_policy.tags.items():
            values[f"aws:ResourceTag/{key}"] = value
    context = Context(values, authoritative, prefixes, unsupported_keys(action))
    return context.with_values(given) if given else context


def _level(level: Level, principal: Principal, action: str, resource: str, context: Context) -> tuple[Grant, LevelAnswer]:
    """One level of an SCP/RCP path: at least one policy attached there must allow; a Deny there
    denies (orgs_manage_policies_scps_evaluation.html)."""
    for policy in level.policies:
        if isinstance(policy, PolicyError):
            raise policy
    policies = [p for p in level.policies if isinstance(p, Policy)]
    grant = allows(policies, principal, action, resource, context)
    hits = denies(policies, principal, action, resource, context)
    if any(tri.value is True for tri, _ in hits):
        verdict, named = "deny", [d.policy for tri, d in hits if tri.value is True]
    elif grant.tri.value is False:
        verdict, named = "no-allow", [p.name for p in policies]
    elif grant.tri.value is True and not hits:
        verdict, named = "allow", [d.policy for d in grant.deciding]
    else:
        verdict, named = "conditional", [d.policy for d in grant.deciding] + [d.policy for _, d in hits]
    return grant, LevelAnswer(level.type, level.target, level.name, verdict, tuple(dict.fromkeys(named)))


def _control(index: IamIndex, policy_type: str, account: str | None, action: str, resource: str,
             principal: Principal, context: Context, exempt: str = "") -> tuple[Grant, list[Policy], ControlAnswer]:
    """Every level of the account's path must allow (organization.py); ``exempt`` says why none applies."""
    path = index.organization.path(policy_type, account)
    if exempt:  # said only where a level would otherwise have applied
        return GRANTED, [], ControlAnswer(policy_type, account, exempt=exempt if path.levels or path.unknown else "")
    grant, applied, answers = GRANTED, [], []
    for level in path.levels:
        level_grant, answer = _level(level, principal, action, resource, context)
        grant = grant & level_grant
        applied += level.policies  # type: ignore[arg-type]
        answers.append(answer)
    for level in path.unknown:
        # The account may sit under this OU (or this policy bind it): if it could refuse, the answer
        # depends on it. An OU's policies refuse by not allowing; a policy that cannot be placed only
        # by a Deny (others may allow at whatever level it sits).
        policies = [p for p in level.policies if isinstance(p, Policy)]
        could_refuse = (len(policies) < len(level.policies)
                        or (level.type == "ou" and allows(policies, principal, action, resource, context).tri.value is not True)
                        or denies(policies, principal, action, resource, context))
        if could_refuse:
            grant = grant & Grant(unknown(path.why_unknown(level)))
            answers.append(LevelAnswer(level.type, level.target, level.name, "unknown", tuple(p.name for p in policies)))
    return grant, applied, ControlAnswer(policy_type, account, tuple(answers), path.exempt, path.unread)


def _rcp_exemption(index: IamIndex, resource: str) -> str:
    """RCPs do not apply to AWS managed KMS keys (KMS Developer Guide, resource-control-policies.html)."""
    if resource in index.estate and (index.estate.resource(resource).data.get("KeyMetadata") or {}).get("KeyManager") == "AWS":
        return "AWS managed KMS keys are not bound by RCPs"
    return ""


def evaluate(index: IamIndex, principal: Principal, action: str, resource: str = ALL,
             context: Mapping[str, str] | None = None, session_policies: Sequence[Policy] = ()) -> Decision:
    """The decision on one request. An action without resource-level permissions is evaluated
    on ``*`` whatever resource is named (the Service Authorization Reference: reference.py); a
    service guard (guards.py) answers before any policy, as AWS does whatever the policies say."""
    if resource != ALL and not takes_resources(action):
        decision = evaluate(index, principal, action, ALL, context, session_policies)
        return replace(decision, reason=f"{decision.reason}; {action} takes no resource: AWS evaluates it on *")
    guard = guard_for(index, principal, action, resource)
    if guard is not None:
        return Decision(principal.arn, action, resource, guard.decision, (),
                        (Deciding(guard.source, "guard", guard.name, 0),), guard.reason)
    if principal.errors:
        raise principal.errors[0]
    rp = index.resource_policy(resource) if resource != ALL else ResourcePolicy(None, principal.account, False)
    if not _governs(resource, action):
        # A role's trust policy governs sts actions on it, a bucket policy s3 actions, and so on.
        rp = replace(rp, policy=None, must_allow=False, error=None)
    if rp.error:
        raise rp.error
    resource_account = rp.account or principal.account
    ctx = request_context(principal, rp, resource, context, action)
    # SCPs bind the principal's account, RCPs the resource's (the management account is exempt from both).
    scp, scps, scp_levels = _control(index, "scp", principal.account, action, resource, principal, ctx,
                                     "service-linked roles are not bound by SCPs" if principal.service_linked else "")
    rcp, rcps, rcp_levels = _control(index, "rcp", resource_account, action, resource, principal, ctx,
                                     _rcp_exemption(index, resource))
    controls = (scp_levels, rcp_levels)
    boundary_policies = [principal.boundary] if principal.boundary else []
    resource_policies = [rp.policy] if rp.policy else []

    def answer(decision: str, grant: Grant | None = None, keys: Iterable[str] = (), reason: str = "") -> Decision:
        deciding = tuple(dict.fromkeys(grant.deciding)) if grant else ()  # FullAWSAccess decides at every level
        return Decision(principal.arn, action, resource, decision, tuple(sorted(set(keys))), deciding, reason, controls)

    # 1. explicit deny in any applicable policy
    hits = []
    for group, who in ((scps, principal), (rcps, principal), (resource_policies, principal),
                       (principal.identity, None), (boundary_policies, None), (session_policies, None)):
        hits += denies(group, who, action, resource, ctx)
    definite = tuple(d for tri, d in hits if tri.value is True)
    if definite:
        return Decision(principal.arn, action, resource, "explicit-deny", (), definite, "an explicit Deny", controls)
    deny_keys = {k for tri, _ in hits for k in tri.keys}

    # 5-7. the principal's own side: identity ∩ boundary ∩ session
    identity = allows(principal.identity, None, action, resource, ctx)
    boundary = allows(boundary_policies, None, action, resource, ctx) if principal.boundary else GRANTED
    session = allows(session_policies, None, action, resource, ctx) if session_policies else GRANTED
    own = identity & boundary & session

    # 4. the resource policy, by how it names the principal
    def named(*hows: str) -> Grant:
        return allows(resource_policies, principal, action, resource, ctx, hows) if rp.policy else REFUSED

    unlimited, as_role, as_account = named("session", "user", "star"), named("role"), named("account")
    if principal.account == resource_account:
        if rp.must_allow:  # role trust and KMS key policies must themselves allow (§1.4)
            side = unlimited | (as_role & boundary & session) | (as_account & own)
        else:
            side = own | unlimited | (as_role & boundary & session)
    elif not rp.seen:
        side = own & Grant(unknown(f"resource policy of {resource} (not in the estate)"))
    else:  # cross-account: both sides must allow
        side = own & (unlimited | as_role | as_account)
    final = scp & rcp & side
    if final.tri.value is False and principal.unseen and scp.tri.value is not False and rcp.tri.value is not False:
        # An attached policy (or boundary) the estate does not hold could change this answer.
        final = Grant(unknown(*(f"unseen policy {arn}" for arn in principal.unseen)))

    if final.tri.value is False:
        reason = _why_not(scp, rcp, identity, boundary, session, side, rp, principal, resource_account, controls)
        if resource == ALL and identity.tri.value is False and takes_resources(action):
            reason += "; * asks about every resource: give an ARN to ask about one"
        return answer("implicit-deny", reason=reason)
    keys = set(final.tri.keys) | deny_keys
    if keys:
        maybe = tuple(d for tri, d in hits if tri.value is None)
        return answer("conditional", Grant(final.tri, final.deciding + maybe), keys,
                      "depends on context the estate does not hold")
    return answer("allow", final, reason="allowed")


def _governs(resource: str, action: str) -> bool:
    if resource == ALL or action == ALL:
        return action == ALL
    parts = resource.split(":")
    service = "sts" if len(parts) > 2 and parts[2] == "iam" else (parts[2] if len(parts) > 2 else "")
    return action.split(":", 1)[0].lower() == service


def _why_not(scp: Grant, rcp: Grant, identity: Grant, boundary: Grant, session: Grant, side: Grant,
             rp: ResourcePolicy, principal: Principal, resource_account: str,
             controls: tuple[ControlAnswer, ...]) -> str:
    for grant, control, what in ((scp, controls[0], "service"), (rcp, controls[1], "resource")):
        if grant.tri.value is False:
            where = next((f" at {level.label}" for level in control.levels if level.verdict == "no-allow"), "")
            return f"no {what} control policy{where} allows it"
    if principal.account != resource_account and identity.tri.value is not False:
        return f"cross-account: the resource policy in {resource_account} does not grant it"
    if rp.must_allow and rp.policy is not None:
        return "the trust/key policy does not allow this principal"
    if identity.tri.value is False:
        return "no identity policy allows it (and no resource policy grants it)"
    if boundary.tri.value is False:
        return "the permissions boundary does not allow it"
    if session.tri.value is False:
        return "the session policy does not allow it"
    return "not allowed"


def service_trusted(index: IamIndex, role_arn: str, service: str, action: str = "sts:AssumeRole") -> Tri:
    """Whether a role's trust policy lets an AWS service (``ec2.amazonaws.com``) assume it."""
    rp = index.resource_policy(role_arn)
    if rp.policy is None:
        return NO
    context = Context({"aws:PrincipalServiceName": service, "aws:PrincipalIsAWSService": "true"})
    verdicts = []
    for statement in rp.policy.statements:
        block = statement.principals or statement.not_principals
        listed = block is not None and (block.anyone or service in block.values("Service"))
        if (statement.principals is not None) != listed:
            continue
        tri = all_of((action_matches(statement, action),
                      evaluate_conditions(statement.conditions, context, rp.policy.substitutes_variables)))
        if statement.effect == "Deny" and tri.value is True:
            return NO
        if statement.effect == "Allow":
            verdicts.append(tri)
    return any_of(verdicts)
