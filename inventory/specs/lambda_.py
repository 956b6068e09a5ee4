"""Lambda: functions with their VPC configuration, execution role and resource policy."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        # Environment variables may hold secrets: never keep them.
        kind="lambda:function", service="lambda", operation="ListFunctions", items="Functions",
        id="FunctionName", arn="FunctionArn", tags=None, drop=("Environment",), title="Lambda functions",
        aliases=("lambda", "fn", "function"),
        columns=columns(col("Runtime", "data.Runtime"), col("Memory MB", "data.MemorySize"),
                        col("VPC", "data.VpcConfig.VpcId"), col("Role", "data.Role")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="lambda:function", service="lambda", operation="GetPolicy", params={"FunctionName": "@id"},
        into="Policy", result="Policy", absent=("ResourceNotFoundException",), parse_json=True,
    ),
)

EDGES = (
    EdgeRule("lambda:function", R.IN_VPC, "VpcConfig.VpcId"),
    EdgeRule("lambda:function", R.IN_SUBNET, "VpcConfig.SubnetIds[]"),
    EdgeRule("lambda:function", R.MEMBER_OF_SECURITY_GROUP, "VpcConfig.SecurityGroupIds[]"),
    EdgeRule("lambda:function", R.HAS_EXECUTION_ROLE, "Role", by="arn"),
)
