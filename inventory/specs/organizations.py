"""AWS Organizations, when the account may read it (the management account or a delegated
administrator; otherwise a marker says so): the tree of the root, its organizational units and
the accounts under each, and the service control policies and resource control policies with the
targets they are attached to. SCPs and RCPs are one kind, told apart by ``data.Type``: the IAM
engine applies SCPs to principals and RCPs to resources, level by level along each member
account's path from the root (iam.md §1; awsx/iam/organization.py).

The tree is read top down: ``ListRoots``, then ``ListOrganizationalUnitsForParent`` and
``ListAccountsForParent`` per root and, recursively, per OU. Each OU and account records the id
of its parent and the ``Path`` of ids from the root down to that parent (``r-ab12/ou-ab12-1/``),
which the listing calls do not return. An account's e-mail address is not kept: no engine needs it.
"""

from typing import Any

from awsx.core.model import Relation as R
from awsx.core.model import Resource

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

_POLICY = dict(
    kind="organizations:policy", service="organizations", operation="ListPolicies", items="Policies",
    id="Id", arn="Arn", name="Name", tags=None, scope="global",
    title="Organization policies (SCP, RCP)", aliases=("scp", "rcp"),
    columns=columns(col("Type", "data.Type"), col("AWS managed", "data.AwsManaged")),
)


def _under(parent: Resource) -> dict[str, Any]:
    """Where a listed OU or account sits: its parent's id, and the ids from the root down to it."""
    return {"ParentId": parent.id, "Path": f"{parent.data.get('Path') or ''}{parent.id}/"}


_ROOT = ResourceSpec(
    kind="organizations:root", service="organizations", operation="ListRoots", items="Roots",
    id="Id", arn="Arn", name="Name", tags=None, scope="global", title="Organization roots",
    aliases=("org-root",), absent=("AWSOrganizationsNotInUseException",),
    columns=columns(col("Policy types", "data.PolicyTypes[?Status=='ENABLED'].Type")),
)
_OU = dict(
    kind="organizations:ou", service="organizations", operation="ListOrganizationalUnitsForParent",
    items="OrganizationalUnits", id="Id", arn="Arn", name="Name", tags=None, scope="global",
    title="Organizational units", aliases=("ou",), parent_params={"ParentId": "@id"}, from_parent=_under,
    columns=columns(col("Parent", "data.ParentId"), col("Path", "data.Path")),
)
_ACCOUNT = dict(
    kind="organizations:account", service="organizations", operation="ListAccountsForParent", items="Accounts",
    id="Id", arn="Arn", name="Name", tags=None, scope="global", title="Organization accounts",
    aliases=("org-account",), parent_params={"ParentId": "@id"}, from_parent=_under, drop=("Email",),
    columns=columns(col("Status", "data.Status"), col("Joined", "data.JoinedMethod"), col("Parent", "data.ParentId"),
                    col("Path", "data.Path")),
)

SPECS = tuple(
    ResourceSpec(**_POLICY, params={"Filter": policy_type})
    for policy_type in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")
) + (_ROOT,) + tuple(
    # Under the root and, recursively, under every OU found.
    ResourceSpec(**spec, parent=parent) for spec in (_OU, _ACCOUNT)
    for parent in ("organizations:root", "organizations:ou")
)

ENRICHMENTS = (
    Enrichment(
        kind="organizations:policy", service="organizations", operation="DescribePolicy",
        params={"PolicyId": "@id"}, into="Content", result="Policy.Content", parse_json=True,
    ),
    Enrichment(
        kind="organizations:policy", service="organizations", operation="ListTargetsForPolicy",
        params={"PolicyId": "@id"}, into="Targets", result="Targets",
    ),
    Enrichment(
        # SCPs do not apply to the management account (iam.md §1.3): say which one it is.
        # Asked per policy so that an account outside any organization makes no call at all.
        kind="organizations:policy", service="organizations", operation="DescribeOrganization", params={},
        into="ManagementAccountId", result="Organization.MasterAccountId",
        absent=("AWSOrganizationsNotInUseException",),
    ),
)

EDGES: tuple[EdgeRule, ...] = (
    EdgeRule("organizations:ou", R.PARENT, "ParentId"),
    EdgeRule("organizations:account", R.PARENT, "ParentId"),
) + tuple(
    EdgeRule("organizations:policy", R.ATTACHED_TO, f"Targets[?Type=='{target_type}'].TargetId", target_kind=kind)
    for target_type, kind in (("ROOT", "organizations:root"), ("ORGANIZATIONAL_UNIT", "organizations:ou"),
                              ("ACCOUNT", "organizations:account"))
)
