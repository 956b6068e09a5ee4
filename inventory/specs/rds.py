"""RDS: DB instances, Aurora DB clusters (members, writer and readers) and DB subnet groups.
Read replicas point at their source instance (``ReadReplicaSourceDBInstanceIdentifier``)."""

from awsx.core.model import Relation as R

from .base import EdgeRule, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="rds:db-instance", service="rds", operation="DescribeDBInstances", items="DBInstances",
        id="DBInstanceIdentifier", arn="DBInstanceArn", tags="TagList", title="RDS instances", aliases=("rds", "db"),
        columns=columns(col("Engine", "data.Engine"), col("Class", "data.DBInstanceClass"),
                        col("Multi-AZ", "data.MultiAZ"), col("Public", "data.PubliclyAccessible"),
                        col("Status", "data.DBInstanceStatus"), col("Cluster", "data.DBClusterIdentifier")),
    ),
    ResourceSpec(
        kind="rds:db-cluster", service="rds", operation="DescribeDBClusters", items="DBClusters",
        id="DBClusterIdentifier", arn="DBClusterArn", name="DBClusterIdentifier", tags="TagList", title="RDS DB clusters",
        aliases=("aurora", "db-cluster"),
        columns=columns(col("Engine", "data.Engine"), col("Status", "data.Status"),
                        col("Multi-AZ", "data.MultiAZ"),
                        col("Encrypted", "data.StorageEncrypted"), col("Writer endpoint", "data.Endpoint"),
                        col("Reader endpoint", "data.ReaderEndpoint")),
    ),
    ResourceSpec(
        kind="rds:db-subnet-group", service="rds", operation="DescribeDBSubnetGroups", items="DBSubnetGroups",
        id="DBSubnetGroupName", arn="DBSubnetGroupArn", tags=None, title="DB subnet groups",
        aliases=("dbsubnet", "db-subnet-group"),
        columns=columns(col("VPC", "data.VpcId"), col("Status", "data.SubnetGroupStatus")),
    ),
)

ENRICHMENTS = ()

# A cross-region replica names its source by ARN, a same-region one by identifier: both end in it.
REPLICA_SOURCE = "ReadReplicaSourceDBInstanceIdentifier && last_part(ReadReplicaSourceDBInstanceIdentifier, ':')"

EDGES = (
    EdgeRule("rds:db-instance", R.IN_VPC, "DBSubnetGroup.VpcId"),
    EdgeRule("rds:db-instance", R.ASSOCIATED_WITH, "DBSubnetGroup.DBSubnetGroupName", by="name",
             target_kind="rds:db-subnet-group"),
    EdgeRule("rds:db-instance", R.MEMBER_OF_SECURITY_GROUP, "VpcSecurityGroups[].VpcSecurityGroupId"),
    # Aurora members: the cluster lists them with their role (IsClusterWriter) on the edge.
    EdgeRule("rds:db-cluster", R.IS_CLUSTER_MEMBER_OF, "DBInstanceIdentifier", each="DBClusterMembers",
             attrs=("IsClusterWriter",), target_kind="rds:db-instance", reverse=True),
    EdgeRule("rds:db-instance", R.IS_READ_REPLICA_OF, REPLICA_SOURCE, target_kind="rds:db-instance"),
    EdgeRule("rds:db-cluster", R.IS_READ_REPLICA_OF, "ReplicationSourceIdentifier", by="arn"),
    EdgeRule("rds:db-cluster", R.MEMBER_OF_SECURITY_GROUP, "VpcSecurityGroups[].VpcSecurityGroupId"),
    EdgeRule("rds:db-cluster", R.ASSOCIATED_WITH, "DBSubnetGroup", target_kind="rds:db-subnet-group"),
    EdgeRule("rds:db-cluster", R.ASSOCIATED_WITH, "KmsKeyId", by="arn"),
    EdgeRule("rds:db-subnet-group", R.IN_VPC, "VpcId"),
    EdgeRule("rds:db-subnet-group", R.ASSOCIATED_WITH, "Subnets[].SubnetIdentifier"),
)
