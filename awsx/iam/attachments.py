"""Who holds which policies, both ways (the IAM screen's tree and its reverse view): a
principal's groups and policies (inline, managed, boundary, trust), a policy's holders, a
group's members, an instance's or instance profile's roles. Structure only: what the policies
*allow* is the evaluator's job.

Policies are parsed by the same ``IamIndex`` the evaluator uses, so the statement a decision
cites (``Deciding.policy`` + ``statement``) is the statement shown here.
"""

from __future__ import annotations

from dataclasses import dataclass

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import Relation, Resource

from .policy import Policy, PolicyError, parse_policy
from .principals import IamIndex

# The kinds the IAM screen opens on; each one's name field in GetAccountAuthorizationDetails.
VIEW_KINDS = ("iam:user", "iam:role", "iam:group", "iam:policy", "iam:instance-profile", "ec2:instance")
_INLINE_KEY = {"iam:user": "UserPolicyList", "iam:role": "RolePolicyList", "iam:group": "GroupPolicyList"}


@dataclass(frozen=True, slots=True)
class PolicyEntry:
    """One policy as attached to something: ``name`` is what decisions cite, ``arn`` the
    resource to open (the managed policy, or the owner of an inline one)."""

    attachment: str  # inline | managed | boundary | trust
    name: str
    title: str
    arn: str
    policy: Policy | None
    error: str | None = None  # a malformed document, named; or a policy the estate lacks


@dataclass(frozen=True, slots=True)
class Holder:
    """Something that has a policy, or is a member / role of something."""

    arn: str
    kind: str
    title: str
    how: str  # attached | boundary | inline | member | role | via group NAME


@dataclass(frozen=True, slots=True)
class IamView:
    """Everything the IAM screen shows about one user, role, group, policy, instance profile
    or instance, before any question is asked."""

    arn: str
    kind: str
    title: str
    groups: tuple[tuple[Holder, tuple[PolicyEntry, ...]], ...] = ()
    policies: tuple[PolicyEntry, ...] = ()
    holders: tuple[Holder, ...] = ()  # policy: who has it; group: members; profile: roles; instance: profile


def kind_title(resource: Resource) -> str:
    """``role/admin``, ``instance/i-0abc``: how the IAM screen and its answers name a resource."""
    return f"{resource.kind.split(':', 1)[1]}/{resource.id}"


def _inline(owner: Resource) -> list[PolicyEntry]:
    out = []
    for inline in owner.data.get(_INLINE_KEY.get(owner.kind, "")) or ():
        name = f"{owner.arn}:inline/{inline.get('PolicyName')}"
        title = f"inline {inline.get('PolicyName')}"
        try:
            out.append(PolicyEntry("inline", name, title, owner.arn, parse_policy(inline.get("PolicyDocument"), name, "identity")))
        except PolicyError as error:
            out.append(PolicyEntry("inline", name, title, owner.arn, None, str(error)))
    return out


def _managed(index: IamIndex, arn: str, attachment: str = "managed") -> PolicyEntry:
    found = index.managed(arn, "boundary" if attachment == "boundary" else "identity")
    title = f"{attachment} {arn.rsplit('/', 1)[-1]}"
    if isinstance(found, Policy):
        return PolicyEntry(attachment, arn, title, arn, found)
    error = str(found) if isinstance(found, PolicyError) else "not in the estate (its document is unknown)"
    return PolicyEntry(attachment, arn, title, arn, None, error)


def policies_of(index: IamIndex, owner: Resource) -> tuple[PolicyEntry, ...]:
    """Inline and managed policies, then the boundary, then (roles) the trust policy."""
    entries = _inline(owner)
    entries += [_managed(index, str(a.get("PolicyArn"))) for a in owner.data.get("AttachedManagedPolicies") or ()]
    boundary = (owner.data.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    if boundary:
        entries.append(_managed(index, boundary, "boundary"))
    if owner.kind == "iam:role":
        found = index.resource_policy(owner.arn)
        name = owner.arn
        entries.append(PolicyEntry("trust", name, "trust policy", owner.arn, found.policy,
                                   str(found.error) if found.error else None))
    return tuple(entries)


def holders_of_policy(index: IamIndex, policy_arn: str) -> tuple[Holder, ...]:
    """Users, groups and roles that have a managed policy attached or as their boundary, and
    the users that have it through a group."""
    out = []
    for kind in ("iam:user", "iam:group", "iam:role"):
        for owner in index.estate.resources(kind):
            if any(a.get("PolicyArn") == policy_arn for a in owner.data.get("AttachedManagedPolicies") or ()):
                out.append(Holder(owner.arn, kind, kind_title(owner), "attached"))
                if kind == "iam:group":
                    out += [Holder(m.arn, m.kind, kind_title(m), f"via group {owner.id}") for m in members(index, owner)]
            if (owner.data.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn") == policy_arn:
                out.append(Holder(owner.arn, kind, kind_title(owner), "boundary"))
    return tuple(out)


def members(index: IamIndex, group: Resource) -> list[Resource]:
    return [u for u in index.estate.resources("iam:user")
            if u.account == group.account and group.id in (u.data.get("GroupList") or ())]


def profile_of(index: IamIndex, instance: Resource) -> Resource | None:
    """The instance profile an instance runs with, when the estate holds it."""
    profile = (instance.data.get("IamInstanceProfile") or {}).get("Arn")
    return index.estate.resource(profile) if profile and profile in index.estate else None


# What runs as what (the team's edge conventions): a resource that runs as a role points at it
# with HAS_ROLE; one that launches instances points at an instance profile (HAS_INSTANCE_PROFILE),
# whose HAS_ROLE names the role. HAS_EXECUTION_ROLE is a role used to launch a resource (an ECS
# task's execution role): its code does not run as it, except where the execution role *is* what
# the code runs as: a Lambda function ("Lambda execution role", Lambda Developer Guide).
RUNS_AS_EXECUTION_ROLE = frozenset({"lambda:function"})


def running_roles(estate: Estate, resource: Resource) -> tuple[str, ...]:
    """The ARNs of the roles (in the estate) ``resource`` runs as, for any kind, from its edges."""
    if resource.kind == "iam:role":
        return (resource.arn,)
    found: list[str] = []
    for edge in estate.out_edges(resource.arn):
        if edge.target not in estate:
            continue
        if edge.relation == Relation.HAS_INSTANCE_PROFILE:
            found += [e.target for e in estate.out_edges(edge.target, Relation.HAS_ROLE) if e.target in estate]
        elif edge.relation == Relation.HAS_ROLE or (
                edge.relation == Relation.HAS_EXECUTION_ROLE and resource.kind in RUNS_AS_EXECUTION_ROLE):
            found.append(edge.target)
    return tuple(dict.fromkeys(arn for arn in found if estate.resource(arn).kind == "iam:role"))


def roles_of(index: IamIndex, resource: Resource) -> tuple[Holder, ...]:
    """The roles a resource runs as: an instance's profile's role, an instance profile's role,
    a function's execution role, a project's service role (one Enter from a role)."""
    return tuple(Holder(arn, "iam:role", kind_title(index.estate.resource(arn)), "role")
                 for arn in running_roles(index.estate, resource))


def acting_principal(index: IamIndex, resource: Resource) -> str | None:
    """The user or role whose permissions ``resource`` uses when it calls AWS: a user or role
    is itself; anything else the role it runs as (``running_roles``); None when there is no
    such role in the estate (no profile, or no role in it).

    An instance profile holds at most one role (AWS allows one), and the instance's
    credentials are that role's session: https://docs.aws.amazon.com/IAM/latest/UserGuide/
    id_roles_use_switch-role-ec2_instance-profiles.html. So "what can this instance do" is
    asked as that role, by the CLI (``awsx can i-...``) and the IAM screen alike."""
    if resource.kind in ("iam:user", "iam:role"):
        return resource.arn
    roles = running_roles(index.estate, resource)
    return roles[0] if roles else None


def iam_view(index: IamIndex, arn: str) -> IamView:
    """The view of one IAM resource (or instance); ``UserError`` for anything else."""
    if arn not in index.estate or index.estate.resource(arn).kind not in VIEW_KINDS:
        raise UserError(f"{arn!r} is not a user, role, group, policy, instance profile or instance in the estate")
    resource = index.estate.resource(arn)
    title = kind_title(resource)
    if resource.kind == "iam:user":
        groups = tuple((Holder(g.arn, g.kind, kind_title(g), "member"), policies_of(index, g))
                       for g in index.groups_of(resource))
        return IamView(arn, resource.kind, title, groups, policies_of(index, resource))
    if resource.kind in ("iam:role", "iam:group"):
        held = tuple(Holder(m.arn, m.kind, kind_title(m), "member") for m in members(index, resource)) \
            if resource.kind == "iam:group" else ()
        return IamView(arn, resource.kind, title, (), policies_of(index, resource), held)
    if resource.kind == "iam:policy":
        return IamView(arn, resource.kind, title, (), (_managed(index, arn, "managed"),), holders_of_policy(index, arn))
    if resource.kind == "ec2:instance":
        title = f"instance/{resource.id}" + (f" ({resource.name})" if resource.name else "")
        profile = profile_of(index, resource)
        held = (Holder(profile.arn, profile.kind, kind_title(profile), "instance profile"),) if profile else ()
        return IamView(arn, resource.kind, title, (), (), held)
    return IamView(arn, resource.kind, title, (), (), roles_of(index, resource))


def trusted_services(index: IamIndex, role_arn: str) -> tuple[str, ...]:
    """Service principals a role's trust policy names in an Allow (``ec2.amazonaws.com``)."""
    policy = index.resource_policy(role_arn).policy
    return tuple(dict.fromkeys(
        service for s in (policy.statements if policy else ()) if s.effect == "Allow" and s.principals
        for service in s.principals.values("Service")))


# What may precede ``/NAME`` after ``:iam``.
PREFIXES = {"user": "iam:user", "role": "iam:role", "group": "iam:group", "policy": "iam:policy",
            "instance-profile": "iam:instance-profile", "instance": "ec2:instance"}


def find(index: IamIndex, text: str) -> str | None:
    """What a user typed after ``:iam``: an ARN, ``KIND/NAME`` (user, role, group, policy,
    instance-profile, instance) or a bare name or instance id that names exactly one of them;
    None when it does not (the screen then offers the picker, pre-filled)."""
    text = text.strip()
    if not text:
        return None
    if text in index.estate:
        return text
    prefix, _, name = text.rpartition("/")
    kinds = [PREFIXES[prefix]] if prefix in PREFIXES else list(VIEW_KINDS) if not prefix else []
    found = [r.arn for k in kinds for r in index.estate.resources(k) if name in (r.id, r.name)]
    return found[0] if len(found) == 1 else None


def pickable(index: IamIndex) -> list[tuple[str, str]]:
    """(title, ARN) of everything the IAM screen can open on, for the fuzzy picker."""
    return [(kind_title(r), r.arn) for kind in VIEW_KINDS[:-1] for r in index.estate.resources(kind)]
