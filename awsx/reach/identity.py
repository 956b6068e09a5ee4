"""Exposure joined with identity (issue 14 item 6): for every target the internet can reach,
the IAM identity it runs as and what that identity can do: admin, can escalate to admin (with
the path), and which data stores it can read or write.

It lives in the reach engine because it is an exposure answer that asks the IAM engine a
question: reach imports iam here, iam never imports reach, so the two engines stay one way.

What a target runs as: the role its edges name (``acting_principal``: an instance its instance
profile's role, a Lambda function its execution role, any other kind its HAS_ROLE), a load
balancer the identities of the targets registered in the target groups its listener on the
exposed port forwards to. Data stores: S3 buckets
(objects read or written), KMS keys (decrypt), RDS instances with IAM database authentication
(``rds-db:connect``) and DynamoDB tables, where crawled. A conditional decision is listed apart,
never as a yes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from awsx.core.graph import Estate, UnknownResource
from awsx.core.model import Resource
from awsx.iam.attachments import acting_principal
from awsx.iam.escalation import Step
from awsx.iam.evaluate import evaluate
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import PrincipalGraph, build_graph, shortest_path

from .exposure import Exposure
from .loadbalancer import target_groups


@dataclass(frozen=True, slots=True)
class Identity:
    """A role a reachable target runs as and what it can do. ``via`` is the resource that runs
    as it (an instance behind a load balancer; the target itself otherwise)."""

    arn: str
    via: str
    admin: bool
    escalation: tuple[Step, ...] = ()  # the shortest path to an admin; empty when there is none
    data: tuple[str, ...] = ()  # data stores it may read or write, unconditionally
    conditional: tuple[str, ...] = ()  # ... only if conditions hold

    @property
    def escalates_to_admin(self) -> bool:
        return bool(self.escalation)

    @property
    def summary(self) -> str:
        """``admin``, ``escalates to admin``, ``reads/writes 2 data stores`` or ``no data access``."""
        if self.admin:
            return "admin"
        if self.escalation:
            return "escalates to admin"
        if self.data:
            return f"reads/writes {len(self.data)} data store{'' if len(self.data) == 1 else 's'}"
        return "no data access" + (f" ({len(self.conditional)} conditional)" if self.conditional else "")

    def to_json(self) -> dict[str, Any]:
        return {"arn": self.arn, "via": self.via, "admin": self.admin, "escalates_to_admin": self.escalates_to_admin,
                "escalation": [s.to_json() for s in self.escalation], "data": list(self.data),
                "conditional": list(self.conditional)}


@dataclass(frozen=True, slots=True)
class ExposedIdentity:
    """An exposure finding and the identities behind its target, the most powerful first."""

    exposure: Exposure
    identities: tuple[Identity, ...] = ()

    @property
    def identity(self) -> Identity | None:
        return self.identities[0] if self.identities else None

    @property
    def admin(self) -> bool:
        return any(i.admin for i in self.identities)

    def to_json(self) -> dict[str, Any]:
        identity = self.identity
        return {**self.exposure.to_json(), "identity": identity.to_json() if identity else None,
                "identities": [i.to_json() for i in self.identities]}


def _data_requests(resource: Resource) -> Iterator[tuple[str, str]]:
    """(action, resource ARN) requests that would read or write ``resource``'s data."""
    if resource.kind == "s3:bucket":
        yield from (("s3:GetObject", f"{resource.arn}/*"), ("s3:PutObject", f"{resource.arn}/*"))
    elif resource.kind == "kms:key":
        yield "kms:Decrypt", resource.arn
    elif resource.kind == "rds:db-instance" and resource.data.get("IAMDatabaseAuthenticationEnabled"):
        dbi = resource.data.get("DbiResourceId", "")
        yield "rds-db:connect", f"arn:aws:rds-db:{resource.region}:{resource.account}:dbuser:{dbi}/*"
    elif resource.kind == "dynamodb:table":
        yield from (("dynamodb:GetItem", resource.arn), ("dynamodb:PutItem", resource.arn))


DATA_KINDS = ("s3:bucket", "kms:key", "rds:db-instance", "dynamodb:table")


class IdentityJoin:
    """The IAM answers one estate's exposure findings share: one index, one principal graph,
    one answer per role (many targets run as the same role)."""

    def __init__(self, estate: Estate, graph: PrincipalGraph | None = None, index: IamIndex | None = None) -> None:
        # ``index``: the one ``graph`` was built from, when the caller holds both (the pulse does).
        self.estate = estate
        self.index = index or IamIndex(estate)
        self.graph = graph or build_graph(self.index)
        self._roles: dict[str, tuple[bool, tuple[Step, ...], tuple[str, ...], tuple[str, ...]]] = {}

    def runs_as(self, resource: Resource) -> str | None:
        """The role ARN ``resource`` acts as when it calls AWS, when the estate holds it: its
        ``HAS_ROLE`` / ``HAS_INSTANCE_PROFILE`` (a function: execution role) edges, any kind."""
        return acting_principal(self.index, resource)

    def identity(self, role: str, via: str) -> Identity:
        if role not in self._roles:
            self._roles[role] = self._can(role)
        admin, escalation, data, conditional = self._roles[role]
        return Identity(role, via, admin, escalation, data, conditional)

    def _can(self, role: str) -> tuple[bool, tuple[Step, ...], tuple[str, ...], tuple[str, ...]]:
        admins = set(self.graph.admins)
        admin = role in admins
        escalation = () if admin else shortest_path(self.graph, role, admins) or ()
        principal = self.index.principal(role)
        data: list[str] = []
        conditional: list[str] = []
        if principal.errors:  # a malformed policy: nothing is claimed about its data access
            return admin, escalation, (), ()
        for kind in DATA_KINDS:
            for store in self.estate.resources(kind):
                decisions = [evaluate(self.index, principal, action, arn).decision
                             for action, arn in _data_requests(store)]
                if "allow" in decisions:
                    data.append(store.arn)
                elif "conditional" in decisions:
                    conditional.append(store.arn)
        return admin, escalation, tuple(data), tuple(conditional)

    def behind(self, found: Exposure) -> Iterator[Resource]:
        """What runs behind a finding's target: the target itself, or for a load balancer the
        targets registered in the groups its listener on the finding's port forwards to."""
        try:
            target = self.estate.find(found.target)
        except UnknownResource:
            return
        if target.kind == "elb:load-balancer":  # A11: a Classic Load Balancer forwards to its instances
            if any((d.get("Listener") or {}).get("LoadBalancerPort") == found.port
                   for d in target.data.get("ListenerDescriptions") or ()):
                yield from self._found(str(i.get("InstanceId", "")) for i in target.data.get("Instances") or ())
            return
        if target.kind != "elbv2:load-balancer":
            yield target
            return
        groups = [arn for listener in self.estate.resources("elbv2:listener")
                  if listener.data.get("LoadBalancerArn") == target.arn and listener.data.get("Port") == found.port
                  for arn in target_groups(listener.data)]
        for group in self.estate.resources("elbv2:target-group"):
            if group.arn in groups:
                yield from self._found(str((d.get("Target") or {}).get("Id", ""))
                                       for d in group.data.get("TargetHealthDescriptions") or ())

    def _found(self, refs: Iterable[str]) -> Iterator[Resource]:
        """The resources a load balancer's targets name, those the estate holds."""
        for ref in refs:
            try:
                yield self.estate.find(ref)
            except UnknownResource:
                continue

    def join(self, found: Exposure) -> ExposedIdentity:
        identities: dict[str, Identity] = {}
        for resource in self.behind(found):
            role = self.runs_as(resource)
            if role is not None and role not in identities:
                identities[role] = self.identity(role, resource.id)
        ranked = sorted(identities.values(), key=lambda i: (not i.admin, not i.escalation, -len(i.data), i.arn))
        return ExposedIdentity(found, tuple(ranked))


def exposed_identities(estate: Estate, found: list[Exposure], graph: PrincipalGraph | None = None,
                       index: IamIndex | None = None) -> list[ExposedIdentity]:
    """Each exposure finding with the identities behind its target (``found`` is exposure()'s)."""
    join = IdentityJoin(estate, graph, index)
    return [join.join(f) for f in found]


def admin_targets(joined: list[ExposedIdentity]) -> list[str]:
    """The internet-reachable targets at least one of whose identities is an admin, once each."""
    return list(dict.fromkeys(j.exposure.target for j in joined if j.admin))
