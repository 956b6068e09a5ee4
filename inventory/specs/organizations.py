"""AWS Organizations: service control policies and resource control policies, when the account
may read them (otherwise a marker says so). Both are one kind, told apart by ``data.Type``: the
IAM engine applies SCPs to principals and RCPs to resources (iam.md §1)."""

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

_POLICY = dict(
    kind="organizations:policy", service="organizations", operation="ListPolicies", items="Policies",
    id="Id", arn="Arn", name="Name", tags=None, scope="global",
    title="Organization policies (SCP, RCP)", aliases=("scp", "rcp"),
    columns=columns(col("Type", "data.Type"), col("AWS managed", "data.AwsManaged")),
)

SPECS = tuple(
    ResourceSpec(**_POLICY, params={"Filter": policy_type})
    for policy_type in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")
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

EDGES: tuple[EdgeRule, ...] = ()
