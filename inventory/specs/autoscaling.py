"""Auto Scaling groups and the EC2 launch templates they launch from.

A group's record is DescribeAutoScalingGroups' as AWS returns it (desired / min / max, its
instances with their lifecycle state, subnets, target groups, launch template and version).
A launch template keeps its default version's data (DescribeLaunchTemplateVersions with
``$Default``) without ``UserData``, which often holds secrets: only whether it is set is kept.
"""

from __future__ import annotations

from typing import Any

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

# A group launches from its own template or from a mixed-instances policy's (and its overrides').
_TEMPLATE_IDS = ("LaunchTemplate.LaunchTemplateId",
                 "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId",
                 "MixedInstancesPolicy.LaunchTemplate.Overrides[].LaunchTemplateSpecification.LaunchTemplateId")

SPECS = (
    ResourceSpec(
        kind="autoscaling:group", service="autoscaling", operation="DescribeAutoScalingGroups",
        items="AutoScalingGroups", id="AutoScalingGroupName", arn="AutoScalingGroupARN", title="Auto Scaling groups",
        aliases=("asg", "autoscaling"),
        # Columns are dotted paths: a mixed-instances group shows its template in its record.
        columns=columns(col("Desired", "data.DesiredCapacity"), col("Min", "data.MinSize"), col("Max", "data.MaxSize"),
                        col("Launch template", "data.LaunchTemplate.LaunchTemplateName"),
                        col("Version", "data.LaunchTemplate.Version"), col("AZs", "data.AvailabilityZones")),
    ),
    ResourceSpec(
        kind="ec2:launch-template", service="ec2", operation="DescribeLaunchTemplates", items="LaunchTemplates",
        id="LaunchTemplateId", name="LaunchTemplateName", arn_type="launch-template", title="Launch templates",
        aliases=("lt", "launchtemplate"),
        columns=columns(col("Default version", "data.DefaultVersionNumber"),
                        col("Latest version", "data.LatestVersionNumber"),
                        col("Instance type", "data.DefaultVersion.LaunchTemplateData.InstanceType"),
                        col("Image", "data.DefaultVersion.LaunchTemplateData.ImageId"),
                        col("User data set", "data.DefaultVersion.UserDataSet")),
    ),
)


def without_user_data(version: Any) -> Any:
    """A launch template version without its ``UserData`` (bootstrap scripts often carry
    secrets), and ``UserDataSet`` saying whether it had any."""
    if not isinstance(version, dict):
        return version
    data = dict(version.get("LaunchTemplateData") or {})
    user_data = data.pop("UserData", None)
    return {**version, "LaunchTemplateData": data, "UserDataSet": bool(user_data)}


ENRICHMENTS = (
    Enrichment(
        kind="ec2:launch-template", service="ec2", operation="DescribeLaunchTemplateVersions",
        params={"LaunchTemplateId": "@id"}, static_params={"Versions": ["$Default"]}, into="DefaultVersion",
        result="LaunchTemplateVersions[0]", reshape=without_user_data,
    ),
)

_LAUNCHED = "DefaultVersion.LaunchTemplateData"

EDGES = (
    EdgeRule("autoscaling:group", R.IN_SUBNET, "split(VPCZoneIdentifier, ',')"),
    # Cartography: (:EC2Instance)-[:MEMBER_AUTO_SCALE_GROUP]->(:AutoScalingGroup).
    EdgeRule("autoscaling:group", R.MEMBER_AUTO_SCALE_GROUP, "Instances[].InstanceId", target_kind="ec2:instance",
             reverse=True),
    EdgeRule("autoscaling:group", R.ASSOCIATED_WITH, "TargetGroupARNs[]", by="arn"),
    EdgeRule("autoscaling:group", R.HAS_LAUNCH_TEMPLATE, refs=_TEMPLATE_IDS,
             target_kind="ec2:launch-template"),
    EdgeRule("ec2:launch-template", R.HAS_INSTANCE_PROFILE, f"{_LAUNCHED}.IamInstanceProfile.Arn", by="arn"),
    EdgeRule("ec2:launch-template", R.HAS_INSTANCE_PROFILE, f"{_LAUNCHED}.IamInstanceProfile.Name", by="name",
             target_kind="iam:instance-profile"),
    EdgeRule("ec2:launch-template", R.MEMBER_OF_SECURITY_GROUP,
             f"[{_LAUNCHED}.SecurityGroupIds[], {_LAUNCHED}.NetworkInterfaces[].Groups[]][]"),
    EdgeRule("ec2:launch-template", R.IN_SUBNET, f"{_LAUNCHED}.NetworkInterfaces[].SubnetId"),
)
