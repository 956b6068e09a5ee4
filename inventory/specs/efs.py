"""EFS: file systems and their mount targets."""

from awsx.core.model import Relation as R

from .base import EdgeRule, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="efs:file-system", service="efs", operation="DescribeFileSystems", items="FileSystems",
        id="FileSystemId", arn="FileSystemArn", title="EFS file systems", aliases=("efs", "fs"),
        columns=columns(col("Size bytes", "data.SizeInBytes.Value"), col("Mode", "data.PerformanceMode"),
                        col("Throughput", "data.ThroughputMode"), col("Mount targets", "data.NumberOfMountTargets")),
    ),
    ResourceSpec(
        kind="efs:mount-target", service="efs", operation="DescribeMountTargets", items="MountTargets",
        id="MountTargetId", arn_template="arn:{partition}:elasticfilesystem:{region}:{account}:{type}/{id}",
        arn_type="mount-target", tags=None, ips=("IpAddress",), parent="efs:file-system",
        parent_params={"FileSystemId": "@id"}, title="EFS mount targets", aliases=("mt", "mount-target"),
        columns=columns(col("File system", "data.FileSystemId"), col("Subnet", "data.SubnetId"),
                        col("IP", "data.IpAddress"), col("AZ", "data.AvailabilityZoneName")),
    ),
)

ENRICHMENTS = ()

EDGES = (
    EdgeRule("efs:mount-target", R.ATTACHED_TO, "FileSystemId"),
    EdgeRule("efs:mount-target", R.IN_SUBNET, "SubnetId"),
    EdgeRule("efs:mount-target", R.IN_VPC, "VpcId"),
    EdgeRule("efs:mount-target", R.HAS_NETWORK_INTERFACE, "NetworkInterfaceId"),
)
