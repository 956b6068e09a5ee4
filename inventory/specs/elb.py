"""Classic Load Balancers (``elb``): listeners, registered instances and their health
(DescribeInstanceHealth per load balancer), scheme, subnets and security groups."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="elb:load-balancer", service="elb", operation="DescribeLoadBalancers", items="LoadBalancerDescriptions",
        id="LoadBalancerName", name="LoadBalancerName", tags=None, dns=("DNSName",),
        arn_template="arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{id}",
        title="Classic Load Balancers", aliases=("clb", "classic-elb"),
        columns=columns(col("Scheme", "data.Scheme"), col("VPC", "data.VPCId"),
                        col("Listeners", "data.ListenerDescriptions[].Listener.LoadBalancerPort"),
                        col("Instances", "data.Instances[].InstanceId"), col("DNS name", "data.DNSName")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="elb:load-balancer", service="elb", operation="DescribeTags",
               params={"LoadBalancerNames": "[@id]"}, into="Tags", result="Tags", tags=True, batch=20,
               batch_items="TagDescriptions", batch_key="LoadBalancerName"),
    Enrichment(kind="elb:load-balancer", service="elb", operation="DescribeInstanceHealth",
               params={"LoadBalancerName": "@id"}, into="InstanceStates", result="InstanceStates"),
)

EDGES = (
    EdgeRule("elb:load-balancer", R.IN_VPC, "VPCId"),
    EdgeRule("elb:load-balancer", R.IN_SUBNET, "Subnets[]"),
    EdgeRule("elb:load-balancer", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroups[]"),
    EdgeRule("elb:load-balancer", R.TARGETS, "Instances[].InstanceId", target_kind="ec2:instance"),
)
