"""ElastiCache: replication groups (Redis / Valkey), cache clusters with their nodes
(``ShowCacheNodeInfo`` for the node endpoints reach needs), and cache subnet groups, kept as
AWS returns them, with their tags. Never a key or a value of the cache."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="elasticache:replication-group", service="elasticache", operation="DescribeReplicationGroups",
        items="ReplicationGroups", id="ReplicationGroupId", arn="ARN", tags=None,
        title="ElastiCache replication groups", aliases=("redis", "replication-group"),
        columns=columns(col("Engine", "data.Engine"), col("Node type", "data.CacheNodeType"),
                        col("Status", "data.Status"), col("Multi-AZ", "data.MultiAZ"),
                        col("At rest", "data.AtRestEncryptionEnabled"),
                        col("In transit", "data.TransitEncryptionEnabled"), col("Members", "data.MemberClusters")),
    ),
    ResourceSpec(
        kind="elasticache:cluster", service="elasticache", operation="DescribeCacheClusters",
        params={"ShowCacheNodeInfo": True}, items="CacheClusters", id="CacheClusterId", arn="ARN", tags=None,
        title="ElastiCache clusters", aliases=("elasticache", "cache", "memcached"),
        columns=columns(col("Engine", "data.Engine"), col("Node type", "data.CacheNodeType"),
                        col("Nodes", "data.NumCacheNodes"), col("Status", "data.CacheClusterStatus"),
                        col("Replication group", "data.ReplicationGroupId"),
                        col("Subnet group", "data.CacheSubnetGroupName")),
    ),
    ResourceSpec(
        kind="elasticache:subnet-group", service="elasticache", operation="DescribeCacheSubnetGroups",
        items="CacheSubnetGroups", id="CacheSubnetGroupName", arn="ARN", tags=None,
        title="Cache subnet groups", aliases=("cache-subnet-group",),
        columns=columns(col("VPC", "data.VpcId"), col("Description", "data.CacheSubnetGroupDescription")),
    ),
)

# Neither describe call carries tags; ListTagsForResource does, one ARN a call.
ENRICHMENTS = tuple(
    Enrichment(kind=kind, service="elasticache", operation="ListTagsForResource", params={"ResourceName": "@arn"},
               into="Tags", result="TagList", tags=True)
    for kind in ("elasticache:replication-group", "elasticache:cluster")
)

EDGES = (
    EdgeRule("elasticache:replication-group", R.ASSOCIATED_WITH, "KmsKeyId", by="arn"),
    EdgeRule("elasticache:cluster", R.IS_CLUSTER_MEMBER_OF, "ReplicationGroupId",
             target_kind="elasticache:replication-group"),
    # By id, not name: a name lookup ignores the region, and "default" is in every region.
    EdgeRule("elasticache:cluster", R.ASSOCIATED_WITH, "CacheSubnetGroupName", target_kind="elasticache:subnet-group"),
    EdgeRule("elasticache:cluster", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroups[].SecurityGroupId"),
    EdgeRule("elasticache:subnet-group", R.IN_VPC, "VpcId"),
    EdgeRule("elasticache:subnet-group", R.ASSOCIATED_WITH, "Subnets[].SubnetIdentifier"),
)
