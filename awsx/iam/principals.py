"""Who the principals are and which policies apply to them, read once from an Estate.

Policies come from the GetAccountAuthorizationDetails records (inline, managed default version,
groups, permissions boundaries of users *and* roles: iam.md §3), SCPs/RCPs from
``organizations:policy`` records placed on the organization tree (organization.py), resource policies from each resource's ``data.Policy``. A
document that does not parse is kept as a ``PolicyError`` against the principals or resources
that use it, so one bad policy never makes the rest of the estate unusable.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import Resource

from .organization import Attachment, Organization, OrgPolicy
from .policy import Policy, PolicyError, parse_policy

SERVICE_LINKED_PATH = "/aws-service-role/"
# AWS managed policies: every account can use them, no account owns them, none can change them.
AWS_MANAGED_POLICY = "arn:aws:iam::aws:policy/"
# Resource policies that must themselves allow the principal, even in the same account (§1.4).
MUST_ALLOW_KINDS = frozenset({"iam:role", "kms:key"})


@dataclass(frozen=True, slots=True)
class Principal:
    """A user, a role (acting through a session of it) or a named role session."""

    arn: str
    kind: str  # "user" | "role" | "session"
    account: str
    name: str
    identity: tuple[Policy, ...] = ()
    boundary: Policy | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    role_arn: str | None = None  # for roles and sessions
    session_arn: str | None = None  # only when a session ARN was named
    service_linked: bool = False
    user_id: str | None = None
    errors: tuple[PolicyError, ...] = ()
    unseen: tuple[str, ...] = ()  # attached managed policies the estate does not hold

    @property
    def resource_arn(self) -> str:
        """The IAM resource this principal is (the role for a session)."""
        return self.role_arn if self.kind == "session" and self.role_arn else self.arn


@dataclass(frozen=True, slots=True)
class ResourcePolicy:
    policy: Policy | None
    account: str | None
    must_allow: bool
    tags: Mapping[str, str] = field(default_factory=dict)
    error: PolicyError | None = None
    seen: bool = True  # False: the resource is not in the estate


@dataclass(frozen=True, slots=True)
class ParsedPolicies:
    """An index's parsing work: principals by ARN, managed policies by ``type:ARN``."""

    principals: dict[str, Principal]
    managed: dict[str, Policy | PolicyError]


def _document_of(data: Mapping[str, Any]) -> Any:
    for entry in data.get("PolicyVersionList") or ():
        if entry.get("IsDefaultVersion") or entry.get("VersionId") == data.get("DefaultVersionId"):
            return entry.get("Document")
    return data.get("Document")


class IamIndex:
    """Principals, policies and resource policies of one Estate, parsed once and cached."""

    def __init__(self, estate: Estate) -> None:
        self.estate = estate
        self._managed: dict[str, Policy | PolicyError] = {}
        self._principals: dict[str, Principal] = {}
        self._resource_policies: dict[str, ResourcePolicy] = {}
        self._groups = {(g.account, g.id): g for g in estate.resources("iam:group")}
        # SCPs and RCPs, level by level along each member account's path (organization.py).
        self.organization = Organization.of(estate, self._organization_policies())

    # --- policies ------------------------------------------------------------------------
    def managed(self, arn: str, policy_type: str = "identity") -> Policy | PolicyError | None:
        key = f"{policy_type}:{arn}"
        if key not in self._managed:
            if arn not in self.estate or self.estate.resource(arn).kind != "iam:policy":
                return None
            try:
                self._managed[key] = parse_policy(_document_of(self.estate.resource(arn).data), arn, policy_type)
            except PolicyError as error:
                self._managed[key] = error
        return self._managed[key]

    def _identity(self, owner: Resource, inline_key: str) -> tuple[list[Policy], list[PolicyError], list[str]]:
        policies: list[Policy] = []
        errors: list[PolicyError] = []
        unseen: list[str] = []
        for inline in owner.data.get(inline_key) or ():
            name = f"{owner.arn}:inline/{inline.get('PolicyName')}"
            try:
                policies.append(parse_policy(inline.get("PolicyDocument"), name, "identity"))
            except PolicyError as error:
                errors.append(error)
        for attached in owner.data.get("AttachedManagedPolicies") or ():
            found = self.managed(str(attached.get("PolicyArn")))
            if found is None:
                unseen.append(str(attached.get("PolicyArn")))
            elif isinstance(found, PolicyError):
                errors.append(found)
            else:
                policies.append(found)
        return policies, errors, unseen

    def groups_of(self, user: Resource) -> list[Resource]:
        return [self._groups[(user.account, n)] for n in user.data.get("GroupList") or () if (user.account, n) in self._groups]

    def _principal(self, resource: Resource) -> Principal:
        data = resource.data
        inline_key = "UserPolicyList" if resource.kind == "iam:user" else "RolePolicyList"
        policies, errors, unseen = self._identity(resource, inline_key)
        if resource.kind == "iam:user":
            for group in self.groups_of(resource):
                more, more_errors, more_unseen = self._identity(group, "GroupPolicyList")
                policies += more
                errors += more_errors
                unseen += more_unseen
        boundary = None
        boundary_arn = (data.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
        if boundary_arn:
            found = self.managed(boundary_arn, "boundary")
            if isinstance(found, PolicyError):
                errors.append(found)
            elif found is None:
                # A boundary we cannot read still bounds: an empty one allows nothing we can prove.
                unseen.append(boundary_arn)
                boundary = Policy(boundary_arn, "boundary", ())
            else:
                boundary = found
        role = resource.kind == "iam:role"
        return Principal(
            arn=resource.arn, kind="role" if role else "user", account=resource.account, name=resource.id,
            identity=tuple(policies), boundary=boundary, tags=dict(resource.tags),
            role_arn=resource.arn if role else None,
            service_linked=role and str(data.get("Path") or "").startswith(SERVICE_LINKED_PATH),
            user_id=data.get("UserId") or data.get("RoleId"), errors=tuple(errors), unseen=tuple(unseen),
        )

    def principal(self, arn: str) -> Principal:
        if arn not in self._principals:
            self._principals[arn] = self._principal(self.estate.resource(arn))
        return self._principals[arn]

    def principals(self) -> list[Principal]:
        return [self.principal(r.arn) for kind in ("iam:user", "iam:role") for r in self.estate.resources(kind)]

    def parsed(self) -> ParsedPolicies:
        """Every principal and managed policy parsed: what ``adopt`` gives another index of the
        same estate (awsx/iam/derived.py keeps it on disk, so only the first verb parses)."""
        self.principals()
        return ParsedPolicies(dict(self._principals), dict(self._managed))

    def adopt(self, parsed: ParsedPolicies) -> IamIndex:
        """This index with ``parsed`` taken as already done (from ``parsed()`` on this estate)."""
        self._principals.update(parsed.principals)
        self._managed.update(parsed.managed)
        return self

    def resolve(self, ref: str) -> Principal:
        """``user/NAME``, ``role/NAME``, a user/role ARN or an assumed-role session ARN."""
        if ref.startswith("arn:") and ":assumed-role/" in ref:
            account = ref.split(":")[4]
            parts = ref.split(":assumed-role/", 1)[1].split("/")
            role_arn = f"arn:aws:iam::{account}:role/{parts[0]}"
            if role_arn not in self.estate:
                raise UserError(f"unknown principal {ref!r}: role {role_arn} is not in the estate")
            role = self.principal(role_arn)
            return replace(role, arn=ref, kind="session", session_arn=ref)
        if ref.startswith("arn:"):
            if ref in self.estate and self.estate.resource(ref).kind in ("iam:user", "iam:role"):
                return self.principal(ref)
            raise UserError(f"unknown principal {ref!r} (not a user or role in the estate)")
        kind, _, name = ref.partition("/")
        if kind not in ("user", "role") or not name:
            raise UserError(f"bad principal {ref!r}: use an ARN, user/NAME or role/NAME")
        matches = [r for r in self.estate.resources(f"iam:{kind}") if r.id == name.rsplit("/", 1)[-1]]
        if not matches:
            raise UserError(f"unknown principal {ref!r}: no IAM {kind} named {name!r}")
        if len(matches) > 1:
            raise UserError(f"{ref!r} is ambiguous; use an ARN: {', '.join(sorted(m.arn for m in matches))}")
        return self.principal(matches[0].arn)

    # --- resource side -------------------------------------------------------------------
    def resource_policy(self, arn: str) -> ResourcePolicy:
        if arn not in self._resource_policies:
            self._resource_policies[arn] = self._resource_policy(arn)
        return self._resource_policies[arn]

    def _resource_policy(self, arn: str) -> ResourcePolicy:
        if arn.startswith(AWS_MANAGED_POLICY):
            # Known, not foreign, whichever account's crawl holds it: an IAM policy has no resource
            # policy, so the caller's own account decides (reads follow its identity policies;
            # changes are refused by guards.py).
            return ResourcePolicy(None, None, False)
        target = self._resource_for(arn)
        if target is None:
            parts = arn.split(":")
            account = parts[4] if len(parts) > 4 and parts[4] else None
            return ResourcePolicy(None, account, False, seen=arn == "*")
        if target.kind == "iam:role":
            document, policy_type = target.data.get("AssumeRolePolicyDocument"), "trust"
        else:
            data = target.data
            document = data.get("Policy") or data.get("KeyPolicy") or (data.get("Attributes") or {}).get("Policy")
            policy_type = "resource"
        must_allow = target.kind in MUST_ALLOW_KINDS
        if not document:
            return ResourcePolicy(None, target.account, must_allow, target.tags)
        try:
            return ResourcePolicy(parse_policy(document, target.arn, policy_type), target.account, must_allow, target.tags)
        except PolicyError as error:
            return ResourcePolicy(None, target.account, must_allow, target.tags, error=error)

    def _resource_for(self, arn: str) -> Resource | None:
        if arn in self.estate:
            return self.estate.resource(arn)
        if arn.startswith("arn:aws:s3:::"):  # an object: the bucket's policy governs it
            bucket = arn.split("/", 1)[0]
            return self.estate.resource(bucket) if bucket in self.estate else None
        if arn.startswith("arn:aws:lambda:") and arn.count(":") == 7:  # a qualified function ARN
            base = arn.rsplit(":", 1)[0]
            return self.estate.resource(base) if base in self.estate else None
        return None

    # --- organizations -------------------------------------------------------------------
    def _organization_policies(self) -> list[Attachment]:
        out = []
        for resource in self.estate.resources("organizations:policy"):
            data = resource.data
            policy_type = "rcp" if "RESOURCE_CONTROL" in str(data.get("Type") or "") else "scp"
            name = resource.name or resource.arn
            try:
                parsed: OrgPolicy = parse_policy(data.get("Content"), name, policy_type)
            except PolicyError as error:
                parsed = error
            # None: ListTargetsForPolicy was not read, so where the policy is attached is unknown.
            targets = None if "Targets" not in data else tuple(
                (str(t.get("Type") or ""), str(t.get("TargetId") or "")) for t in data.get("Targets") or ())
            out.append((policy_type, parsed, targets))
        return out
