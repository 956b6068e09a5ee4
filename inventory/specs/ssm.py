"""Systems Manager: the instances SSM manages (DescribeInstanceInformation, read-only). An
instance listed here runs the SSM Agent and is registered: SendCommand / StartSession reach
it and run as its instance profile's role, so SSM escalation edges go to these instances only
(and only when PingStatus is Online). Hybrid nodes (``mi-...``) are listed too; only EC2
instances point at their ``ec2:instance``.
https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeInstanceInformation.html
"""

from awsx.core.model import Relation as R

from .base import EdgeRule, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        # SSM's own ARN form (managed-instance/<id>), so it never collides with the EC2 instance's.
        # No ``ips``: the agent reports the address it sees, a hybrid node's is on premises, and
        # an EC2 one's already finds the instance; reach must not take it for a VPC address.
        kind="ssm:managed-instance", service="ssm", operation="DescribeInstanceInformation",
        items="InstanceInformationList", id="InstanceId", name="ComputerName", tags=None,
        arn_template="arn:{partition}:ssm:{region}:{account}:managed-instance/{id}",
        title="SSM managed instances", aliases=("ssm", "managed-instance", "mi"),
        columns=columns(col("Ping", "data.PingStatus"), col("Type", "data.ResourceType"),
                        col("Platform", "data.PlatformName"), col("Agent", "data.AgentVersion")),
    ),
)

ENRICHMENTS = ()

EDGES = (
    EdgeRule("ssm:managed-instance", R.ASSOCIATED_WITH, "[@][?ResourceType=='EC2Instance'].InstanceId",
             target_kind="ec2:instance"),
)
