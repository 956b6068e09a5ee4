"""Which SCP and RCP levels bind an account: the organization tree as the IAM engine reads it.

AWS Organizations User Guide, "SCP evaluation" (orgs_manage_policies_scps_evaluation.html) and
"RCP evaluation" (orgs_manage_policies_rcps_evaluation.html): a policy attached to the root binds
every account of the organization, one attached to an OU every account under it at any depth, one
attached to an account that account. For a permission to be allowed, every level of the direct
path — the root, each OU from the root down, the account itself — must allow it (at least one
policy attached at that level allows it); an explicit Deny at any level denies it.
AWS-managed ``FullAWSAccess`` / ``RCPFullAWSAccess`` are allow-all policies like any other.

Who is not bound: the management account ("SCPs don't affect users or roles in the management
account", orgs_manage_policies_scps.html; "RCPs don't affect resources in the management account",
orgs_manage_policies_rcps.html), and an account that is not a member of the organization (a policy
attaches to the organization's own root, OUs and accounts only). Service-linked roles are exempt
from SCPs (orgs_manage_policies_scps.html, "Tasks and entities not restricted by SCPs"): the caller
says so (principals.py knows the role).

When the tree was not read (a member account may not list it, iam.md §4), membership is unknown:
the root's and the account's own policies apply as before, and each OU's policies that could refuse
are named as unknown levels, so an answer they could change is conditional, never silently allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from awsx.core.graph import Estate

from .policy import Policy, PolicyError

# The reads that build the tree; a marker on one of them means membership is not fully known.
TREE_OPERATIONS = frozenset({"ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent"})
NOT_CRAWLED = "OU membership not crawled"

OrgPolicy = Policy | PolicyError
# (scp | rcp, the policy, its (target type, target id) pairs; None when its targets were not read)
Attachment = tuple[str, OrgPolicy, "tuple[tuple[str, str], ...] | None"]


@dataclass(frozen=True, slots=True)
class Level:
    """One level of an account's path: where it is and the policies of one type attached there."""

    type: str  # root | ou | account
    target: str  # r-ab12 | ou-ab12-... | 111122223333
    name: str
    policies: tuple[OrgPolicy, ...]


@dataclass(frozen=True, slots=True)
class ControlPath:
    """The levels of one policy type (``scp`` or ``rcp``) that bind one account, from the root down.
    ``exempt`` says why none does; ``unknown`` lists the levels that may bind it but cannot be
    placed: OUs the account may sit under when the tree was not read (``unread`` says why), and
    policies whose targets were not read (type ``policy``)."""

    policy_type: str
    account: str | None
    levels: tuple[Level, ...] = ()
    unknown: tuple[Level, ...] = ()
    exempt: str = ""
    unread: str = ""

    def why_unknown(self, level: Level) -> str:
        """The condition an unknown level puts on an answer it could change."""
        if level.type == "policy":
            return f"{self.policy_type.upper()} {level.target} (its targets were not read)"
        return f"{self.policy_type.upper()}s attached to {level.target} ({self.unread})"


@dataclass(frozen=True, slots=True)
class _Node:
    type: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Organization:
    """The crawled organizations' trees and the SCPs/RCPs attached to each level."""

    policies: list[Attachment]
    management_accounts: frozenset[str] = frozenset()
    nodes: dict[str, _Node] = field(default_factory=dict)  # id -> node, for roots, OUs and accounts
    unread: str = ""  # why membership is unknown ("" when the tree was read whole)
    _paths: dict[tuple[str, str | None], ControlPath] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, estate: Estate, policies: list[Attachment]) -> Organization:
        management = frozenset(
            str(p.data["ManagementAccountId"]) for p in estate.resources("organizations:policy")
            if p.data.get("ManagementAccountId"))
        nodes: dict[str, _Node] = {}
        for kind, level in (("organizations:root", "root"), ("organizations:ou", "ou"), ("organizations:account", "account")):
            for resource in estate.resources(kind):
                nodes[resource.id] = _Node(level, resource.name or resource.id, resource.data.get("ParentId") or None)
        readers = {r.account for r in estate.resources("organizations:root")}
        tree_markers = [m for m in estate.markers if m.service == "organizations" and m.operation in TREE_OPERATIONS]
        # A member account refused the tree says nothing of a tree another account read whole.
        failed = ", ".join(sorted({f"organizations:{m.operation} {m.status}" for m in tree_markers
                                   if not readers or m.account in readers}))
        if not readers:
            unread = f"{NOT_CRAWLED}: {failed}" if failed else NOT_CRAWLED
        else:
            unread = f"the tree is partly unread: {failed}" if failed else ""
        return cls(policies, management, nodes, unread)

    def attached(self, policy_type: str, target: str) -> tuple[OrgPolicy, ...]:
        return tuple(p for t, p, targets in self.policies
                     if t == policy_type and any(i == target for _, i in targets or ()))

    def _unplaced(self, policy_type: str) -> tuple[Level, ...]:
        """Policies of this type whose targets were not read: each may bind any account."""
        return tuple(Level("policy", _policy_name(p), "", (p,)) for t, p, targets in self.policies
                     if t == policy_type and targets is None)

    def _chain(self, account: str) -> list[str]:
        """The ids from ``account`` up as far as the read tree goes (to a root when it is whole)."""
        chain: list[str] = []
        current: str | None = account
        while current is not None and current in self.nodes and current not in chain:
            chain.append(current)
            current = self.nodes[current].parent
        return chain

    def _level(self, policy_type: str, target: str, kind: str, name: str) -> Level:
        return Level(kind, target, name, self.attached(policy_type, target))

    def path(self, policy_type: str, account: str | None) -> ControlPath:
        """The levels of ``policy_type`` that bind ``account`` (see the module docstring), once per
        account: privesc and who-can ask for every principal."""
        key = (policy_type, account)
        if key not in self._paths:
            self._paths[key] = self._path(policy_type, account)
        return self._paths[key]

    def _path(self, policy_type: str, account: str | None) -> ControlPath:
        if account is None or not any(t == policy_type for t, _, _ in self.policies):
            return ControlPath(policy_type, account)  # none read: the type is not in use, or unreadable
        if account in self.management_accounts:
            return ControlPath(policy_type, account, exempt=f"{account} is the organization's management account")
        chain = self._chain(account)
        if chain and self.nodes[account].type == "account" and self.nodes[chain[-1]].type == "root":
            levels = tuple(self._level(policy_type, target, self.nodes[target].type, self.nodes[target].name)
                           for target in reversed(chain))
            return ControlPath(policy_type, account, tuple(level for level in levels if level.policies),
                               self._unplaced(policy_type))
        if chain:  # a member whose path stops short of the root: a level above it was not read
            return self._unread_path(policy_type, account, self.unread or f"the path of {account} does not reach a root")
        if not self.unread:
            return ControlPath(policy_type, account, exempt=f"{account} is not a member of the crawled organization")
        return self._unread_path(policy_type, account, self.unread)

    def _unread_path(self, policy_type: str, account: str, unread: str) -> ControlPath:
        """Membership unknown: every root's policies and the account's own bind it, and every OU's
        policies might."""
        roots: list[OrgPolicy] = []
        ous: dict[str, list[OrgPolicy]] = {}
        for t, policy, targets in self.policies:
            for target_type, target in targets or ():
                if t == policy_type and target_type == "ROOT":
                    roots.append(policy)
                elif t == policy_type and target_type == "ORGANIZATIONAL_UNIT":
                    ous.setdefault(target, []).append(policy)
        root_ids = sorted({i for t, _, targets in self.policies if t == policy_type for k, i in targets or ()
                           if k == "ROOT"})
        levels = (Level("root", ", ".join(root_ids), "", tuple(roots)),
                  self._level(policy_type, account, "account", account))
        unknown = tuple(Level("ou", ou, self.nodes[ou].name if ou in self.nodes else ou, tuple(policies))
                        for ou, policies in ous.items())
        return ControlPath(policy_type, account, tuple(level for level in levels if level.policies),
                           unknown + self._unplaced(policy_type), unread=unread)


def _policy_name(policy: OrgPolicy) -> str:
    return policy.name if isinstance(policy, Policy) else policy.policy


# --- the answer records ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LevelAnswer:
    """What one level said of a request: ``allow``, ``deny`` (an explicit Deny), ``no-allow`` (no
    policy attached there allows it), ``conditional``, or ``unknown`` (an OU the account may sit
    under), with the policies that said it."""

    type: str
    target: str
    name: str
    verdict: str
    policies: tuple[str, ...]

    @property
    def label(self) -> str:
        """``root r-ab12``, ``OU prod (ou-ab12-1)``, ``account shop (111122223333)``: a root's name
        is AWS's default ``Root``, so only its id tells it apart."""
        kind = "OU" if self.type == "ou" else self.type
        if not self.name or self.name in (self.target, "Root"):
            return f"{kind} {self.target}"
        return f"{kind} {self.name} ({self.target})"

    def describe(self) -> str:
        return f"{self.label}: {self.verdict}" + (f" ({', '.join(self.policies)})" if self.policies else "")

    def to_json(self) -> dict:
        return {"level": self.type, "target": self.target, "name": self.name, "verdict": self.verdict,
                "policies": list(self.policies)}


@dataclass(frozen=True, slots=True)
class ControlAnswer:
    """The SCP or RCP levels that decided a request, from the root down, or why none applies."""

    policy_type: str  # scp | rcp
    account: str | None
    levels: tuple[LevelAnswer, ...] = ()
    exempt: str = ""
    unread: str = ""

    def describe(self) -> str:
        """``SCP root r-ab12: allow (FullAWSAccess) -> OU prod (ou-ab12-1): deny (no-ec2) -> ...``"""
        head = self.policy_type.upper()
        if self.exempt:
            return f"{head}: none apply ({self.exempt})"
        if not self.levels:
            return f"{head}: none attached" + (f" ({self.unread})" if self.unread else "")
        tail = f"; {self.unread}" if self.unread else ""
        return f"{head} " + " -> ".join(level.describe() for level in self.levels) + tail

    def to_json(self) -> dict:
        return {"type": self.policy_type, "account": self.account, "exempt": self.exempt or None,
                "unread": self.unread or None, "levels": [level.to_json() for level in self.levels]}
