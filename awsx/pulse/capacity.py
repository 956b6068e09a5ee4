"""Fault predicates of the compute kinds (issue #16): capacity running below what was asked
for, and an EKS API endpoint open to the whole internet. Each reads one record as AWS returns
it (DescribeAutoScalingGroups, DescribeServices, DescribeCluster)."""

from __future__ import annotations

from awsx.core.model import Resource

WORLD = ("0.0.0.0/0", "::/0")


def group_below_desired(group: Resource) -> bool:
    """Fewer ``InService`` instances than ``DesiredCapacity``: instances still Pending, in
    Standby or Terminating do not serve (Auto Scaling lifecycle, docs.aws.amazon.com/autoscaling/
    ec2/userguide/ec2-auto-scaling-lifecycle.html)."""
    in_service = sum(1 for i in group.data.get("Instances") or () if i.get("LifecycleState") == "InService")
    return in_service < int(group.data.get("DesiredCapacity") or 0)


def service_below_desired(service: Resource) -> bool:
    """An ACTIVE service whose ``runningCount`` is below its ``desiredCount`` (DescribeServices);
    a DRAINING or INACTIVE service is being removed, not failing."""
    data = service.data
    return data.get("status", "ACTIVE") == "ACTIVE" and int(data.get("runningCount") or 0) < int(data.get("desiredCount") or 0)


def endpoint_public_to_world(cluster: Resource) -> bool:
    """The cluster's public API endpoint is on and its ``publicAccessCidrs`` include 0.0.0.0/0
    (EKS's default when public access is on: docs.aws.amazon.com/eks/latest/userguide/
    cluster-endpoint.html). Kubernetes authentication still applies; the network does not limit it."""
    config = cluster.data.get("resourcesVpcConfig") or {}
    return bool(config.get("endpointPublicAccess")) and any(c in WORLD for c in config.get("publicAccessCidrs") or ())
