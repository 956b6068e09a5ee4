"""RDS: DB instances and DB subnet groups."""

from awsx.core.model import Relation as R

from .base import EdgeRule, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="rds:db-instance", service="rds", operation="DescribeDBInstances", items="DBInstances",
        id="DBInstanceIdentifier", arn="DBInstanceArn", tags="TagList", title="RDS instances", aliases=("rds", "db"),
        columns=columns(col("Engine", "data.Engine"), col("Class", "data.DBInstanceClass"),
                        col("Multi-AZ", "data.MultiAZ"), col("Public", "data.PubliclyAccessible"),
                        col("Status", "data.DBInstanceStatus")),
    ),
    ResourceSpec(
        kind="rds:db-subnet-group", service="rds", operation="DescribeDBSubnetGroups", items="DBSubnetGroups",
        id="DBSubnetGroupName", arn="DBSubnetGroupArn", tags=None, title="DB subnet groups",
        aliases=("dbsubnet", "db-subnet-group"),
        columns=columns(col("VPC", "data.VpcId"), col("Status", "data.SubnetGroupStatus")),
    ),
)

ENRICHMENTS = ()

EDGES = (
    EdgeRule("rds:db-instance", R.IN_VPC, "DBSubnetGroup.VpcId"),
    EdgeRule("rds:db-instance", R.ASSOCIATED_WITH, "DBSubnetGroup.DBSubnetGroupName", by="name",
             target_kind="rds:db-subnet-group"),
    EdgeRule("rds:db-instance", R.MEMBER_OF_SECURITY_GROUP, "VpcSecurityGroups[].VpcSecurityGroupId"),
    EdgeRule("rds:db-subnet-group", R.IN_VPC, "VpcId"),
    EdgeRule("rds:db-subnet-group", R.ASSOCIATED_WITH, "Subnets[].SubnetIdentifier"),
)
