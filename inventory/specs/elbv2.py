"""Elastic Load Balancing v2: load balancers, listeners, target groups and target health."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="elbv2:load-balancer", service="elbv2", operation="DescribeLoadBalancers", items="LoadBalancers",
        id="LoadBalancerName", arn="LoadBalancerArn", tags=None, dns=("DNSName",), title="Load balancers",
        aliases=("lb", "alb", "nlb", "elb"),
        columns=columns(col("Type", "data.Type"), col("Scheme", "data.Scheme"), col("VPC", "data.VpcId"),
                        col("State", "data.State.Code"), col("DNS name", "data.DNSName")),
    ),
    ResourceSpec(
        kind="elbv2:listener", service="elbv2", operation="DescribeListeners", items="Listeners", id="ListenerArn",
        arn="ListenerArn", tags=None, parent="elbv2:load-balancer", parent_params={"LoadBalancerArn": "@arn"},
        title="Listeners", aliases=("listener",),
        columns=columns(col("Protocol", "data.Protocol"), col("Port", "data.Port"), col("Load balancer", "data.LoadBalancerArn")),
    ),
    ResourceSpec(
        kind="elbv2:target-group", service="elbv2", operation="DescribeTargetGroups", items="TargetGroups",
        id="TargetGroupName", arn="TargetGroupArn", tags=None, title="Target groups", aliases=("tg", "targetgroup"),
        columns=columns(col("Protocol", "data.Protocol"), col("Port", "data.Port"), col("Target type", "data.TargetType"),
                        col("VPC", "data.VpcId")),
    ),
)

# DescribeLoadBalancers/TargetGroups carry no tags; DescribeTags does, for up to 20 ARNs a call.
_TAGS = {"into": "Tags", "result": "Tags", "tags": True, "batch": 20, "batch_items": "TagDescriptions",
         "batch_key": "ResourceArn"}

ENRICHMENTS = (
    Enrichment(kind="elbv2:load-balancer", service="elbv2", operation="DescribeTags",
               params={"ResourceArns": "[@arn]"}, **_TAGS),
    Enrichment(kind="elbv2:target-group", service="elbv2", operation="DescribeTags",
               params={"ResourceArns": "[@arn]"}, **_TAGS),
    Enrichment(
        kind="elbv2:target-group", service="elbv2", operation="DescribeTargetHealth",
        params={"TargetGroupArn": "@arn"}, into="TargetHealthDescriptions", result="TargetHealthDescriptions",
    ),
)

EDGES = (
    EdgeRule("elbv2:load-balancer", R.IN_VPC, "VpcId"),
    EdgeRule("elbv2:load-balancer", R.IN_SUBNET, "AvailabilityZones[].SubnetId"),
    EdgeRule("elbv2:load-balancer", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroups[]"),
    EdgeRule("elbv2:listener", R.ATTACHED_TO, "LoadBalancerArn", by="arn"),
    EdgeRule("elbv2:listener", R.FORWARDS_TO,
             "DefaultActions[].[TargetGroupArn, ForwardConfig.TargetGroups[].TargetGroupArn][][]", by="arn"),
    EdgeRule("elbv2:target-group", R.IN_VPC, "VpcId"),
    EdgeRule("elbv2:target-group", R.ATTACHED_TO, "LoadBalancerArns[]", by="arn"),
    EdgeRule("elbv2:target-group", R.TARGETS, "TargetHealthDescriptions[].Target.Id"),
)
