"""EKS: clusters (endpoint access and its CIDRs, security groups, cluster role) and managed
node groups (scaling, the Auto Scaling group EKS made for them, node role).

ListClusters and ListNodegroups answer names only; DescribeCluster / DescribeNodegroup are
merged into the records as AWS returns them. The cluster's certificate authority data is
dropped: public, bulky, and nothing awsx computes with.
"""

from typing import Any

from awsx.core.model import Relation as R
from awsx.core.model import Resource

from .base import INTO_RECORD, EdgeRule, Enrichment, ResourceSpec, col, columns

_VPC = "resourcesVpcConfig"


def _cluster_name(cluster: Resource) -> dict[str, Any]:
    """DescribeNodegroup takes the cluster's name, which ListNodegroups omits."""
    return {"clusterName": cluster.id}


SPECS = (
    ResourceSpec(
        kind="eks:cluster", service="eks", operation="ListClusters", items="clusters[].{name: @}", id="name", name="name",
        arn="arn", arn_template="arn:{partition}:eks:{region}:{account}:cluster/{id}", tags="tags",
        title="EKS clusters", aliases=("eks", "k8s"),
        columns=columns(col("Version", "data.version"), col("Status", "data.status"),
                        col("Public", f"data.{_VPC}.endpointPublicAccess"),
                        col("Private", f"data.{_VPC}.endpointPrivateAccess"),
                        col("Public CIDRs", f"data.{_VPC}.publicAccessCidrs"), col("Endpoint", "data.endpoint")),
    ),
    ResourceSpec(
        # Before DescribeNodegroup answers, the ARN is a placeholder: the real one ends in a uuid.
        kind="eks:nodegroup", service="eks", operation="ListNodegroups", items="nodegroups[].{nodegroupName: @}",
        id="nodegroupName", arn="nodegroupArn", arn_template="arn:{partition}:eks:{region}:{account}:{type}/{id}",
        arn_type="nodegroup", tags="tags", parent="eks:cluster", parent_params={"clusterName": "@id"},
        from_parent=_cluster_name, title="EKS node groups", aliases=("nodegroup", "ng"),
        columns=columns(col("Cluster", "data.clusterName"), col("Status", "data.status"),
                        col("Desired", "data.scalingConfig.desiredSize"), col("Min", "data.scalingConfig.minSize"),
                        col("Max", "data.scalingConfig.maxSize"), col("Capacity", "data.capacityType"),
                        col("Instance types", "data.instanceTypes")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="eks:cluster", service="eks", operation="DescribeCluster", params={"name": "@id"}, into=INTO_RECORD,
               result="cluster", drop=("certificateAuthority",)),
    Enrichment(kind="eks:nodegroup", service="eks", operation="DescribeNodegroup",
               params={"clusterName": "clusterName", "nodegroupName": "@id"}, into=INTO_RECORD, result="nodegroup"),
)

EDGES = (
    EdgeRule("eks:cluster", R.IN_VPC, f"{_VPC}.vpcId"),
    EdgeRule("eks:cluster", R.IN_SUBNET, f"{_VPC}.subnetIds[]"),
    EdgeRule("eks:cluster", R.MEMBER_OF_SECURITY_GROUP, refs=(f"{_VPC}.securityGroupIds[]", f"{_VPC}.clusterSecurityGroupId")),
    EdgeRule("eks:cluster", R.HAS_ROLE, "roleArn", by="arn"),
    EdgeRule("eks:cluster", R.ASSOCIATED_WITH, "encryptionConfig[].provider.keyArn", by="arn"),
    EdgeRule("eks:nodegroup", R.ATTACHED_TO, "clusterName", target_kind="eks:cluster"),
    EdgeRule("eks:nodegroup", R.IN_SUBNET, "subnets[]"),
    EdgeRule("eks:nodegroup", R.HAS_ROLE, "nodeRole", by="arn"),
    EdgeRule("eks:nodegroup", R.ASSOCIATED_WITH, "resources.autoScalingGroups[].name", target_kind="autoscaling:group"),
    EdgeRule("eks:nodegroup", R.MEMBER_OF_SECURITY_GROUP, "resources.remoteAccessSecurityGroup"),
    EdgeRule("eks:nodegroup", R.HAS_LAUNCH_TEMPLATE, "launchTemplate.id", target_kind="ec2:launch-template"),
)
