"""AWS Organizations: service control policies, when the account may read them (otherwise
a marker says so)."""

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="organizations:policy", service="organizations", operation="ListPolicies", items="Policies",
        id="Id", arn="Arn", name="Name", tags=None, scope="global", params={"Filter": "SERVICE_CONTROL_POLICY"},
        title="Service control policies", aliases=("scp",),
        columns=columns(col("Type", "data.Type"), col("AWS managed", "data.AwsManaged")),
    ),
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
