"""IAM: one paginated GetAccountAuthorizationDetails feeds users, groups, roles, managed
policies and instance profiles; per user, access key metadata, whether a console password
exists (never the profile itself) and MFA devices. Everything here is global."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

_AUTH = "GetAccountAuthorizationDetails"
_IAM_ARN = "arn:{partition}:iam::{account}:{type}/{id}"

SPECS = (
    ResourceSpec(
        kind="iam:user", service="iam", operation=_AUTH, items="UserDetailList", id="UserName", arn="Arn",
        scope="global", title="IAM users", aliases=("user", "iamuser"),
        columns=columns(col("Path", "data.Path"), col("Created", "data.CreateDate"),
                        col("Console", "data.LoginProfile"), col("Groups", "data.GroupList")),
    ),
    ResourceSpec(
        kind="iam:group", service="iam", operation=_AUTH, items="GroupDetailList", id="GroupName", arn="Arn",
        tags=None, scope="global", title="IAM groups", aliases=("group", "iamgroup"),
        columns=columns(col("Path", "data.Path"), col("Created", "data.CreateDate")),
    ),
    ResourceSpec(
        kind="iam:role", service="iam", operation=_AUTH, items="RoleDetailList", id="RoleName", arn="Arn",
        scope="global", title="IAM roles", aliases=("role", "iamrole"),
        columns=columns(col("Path", "data.Path"), col("Created", "data.CreateDate"),
                        col("Boundary", "data.PermissionsBoundary.PermissionsBoundaryArn")),
    ),
    ResourceSpec(
        kind="iam:policy", service="iam", operation=_AUTH, items="Policies", id="PolicyName", arn="Arn",
        tags=None, scope="global", title="IAM managed policies", aliases=("policy", "iampolicy"),
        columns=columns(col("Path", "data.Path"), col("Attachments", "data.AttachmentCount"),
                        col("Default version", "data.DefaultVersionId")),
    ),
    ResourceSpec(
        kind="iam:instance-profile", service="iam", operation=_AUTH, items="RoleDetailList[].InstanceProfileList[]",
        id="InstanceProfileName", arn="Arn", scope="global", title="IAM instance profiles",
        aliases=("instance-profile", "ip"),
        columns=columns(col("Path", "data.Path"), col("Roles", "data.Roles[].RoleName")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="iam:user", service="iam", operation="ListAccessKeys", params={"UserName": "@id"},
        into="AccessKeys", result="AccessKeyMetadata",
    ),
    Enrichment(
        kind="iam:user", service="iam", operation="GetLoginProfile", params={"UserName": "@id"},
        into="LoginProfile", absent=("NoSuchEntity",), absent_value=False, exists_only=True,
    ),
    Enrichment(
        kind="iam:user", service="iam", operation="ListMFADevices", params={"UserName": "@id"},
        into="MFADevices", result="MFADevices",
    ),
    Enrichment(
        # The summary may omit a user's permissions boundary (iam.md §4): GetUser has it.
        kind="iam:user", service="iam", operation="GetUser", params={"UserName": "@id"},
        into="PermissionsBoundary", result="User.PermissionsBoundary",
    ),
)

EDGES = (
    EdgeRule("iam:user", R.MEMBER_OF_GROUP, "GroupList[]", by="name", target_kind="iam:group"),
    EdgeRule("iam:user", R.HAS_POLICY, "AttachedManagedPolicies[].PolicyArn", by="arn"),
    EdgeRule("iam:user", R.HAS_PERMISSIONS_BOUNDARY, "PermissionsBoundary.PermissionsBoundaryArn", by="arn"),
    EdgeRule("iam:group", R.HAS_POLICY, "AttachedManagedPolicies[].PolicyArn", by="arn"),
    EdgeRule("iam:role", R.HAS_POLICY, "AttachedManagedPolicies[].PolicyArn", by="arn"),
    EdgeRule("iam:role", R.HAS_PERMISSIONS_BOUNDARY, "PermissionsBoundary.PermissionsBoundaryArn", by="arn"),
    EdgeRule("iam:role", R.TRUSTS, "AssumeRolePolicyDocument.Statement[].Principal.AWS", by="arn"),
    EdgeRule("iam:instance-profile", R.HAS_ROLE, "Roles[].Arn", by="arn"),
)
