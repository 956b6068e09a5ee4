"""EKS1: an EKS cluster's public API server endpoint. It is an AWS-managed address outside the
cluster's VPC, so no security group, NACL or route of the VPC decides who reaches it: only
``endpointPublicAccess`` and the ``publicAccessCidrs`` allow list do ("You can limit the CIDR
blocks that can access the public endpoint", and with private access on, "Kubernetes API
requests that originate from within your cluster's VPC use the private VPC endpoint";
docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html). The API server listens on
443 only. The control plane's network interfaces in the cluster's subnets (A9,
service_nodes.py) are the private endpoint when ``endpointPrivateAccess`` is on, walked like
any other node, and the control plane's source towards the nodes either way."""

from __future__ import annotations

from typing import Any, Mapping

from .addresses import contains
from .network import Network, Node
from .service_nodes import eks_config
from .verdict import FORWARD, Trace
from .walk import Walk

API_PORT = 443


def wrong_port(cluster_id: str, protocol: str, port: int) -> Trace:
    """EKS1: a query for anything but tcp/443 meets no listener, on either endpoint."""
    trace = Trace()
    trace.block(FORWARD, "eks-endpoint", "eks-endpoint", cluster_id,
                f"{cluster_id}: the Kubernetes API server listens on tcp/{API_PORT} only, not {protocol}/{port} (EKS1)")
    return trace


def private_access(data: Mapping[str, Any]) -> bool:
    """A9: the API server answers on the control plane's ENIs in the VPC (``endpointPrivateAccess``)."""
    return bool(eks_config(data).get("endpointPrivateAccess"))


def public_access_cidrs(data: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The allow list of the public endpoint; None when the record does not say (then unknown)."""
    cidrs = eks_config(data).get("publicAccessCidrs")
    return None if cidrs is None else tuple(cidrs)


def public_endpoint(network: Network, sender: Node | None, client: str, cluster_id: str, data: Mapping[str, Any]) -> Trace:
    """EKS1 from the internet (``client`` is the address walked for its atom) or from a node
    when the cluster has no private endpoint: the request must leave the VPC first (a walk to
    the endpoint's public address), then the allow list must hold the client's address."""
    trace = Trace()
    if not eks_config(data).get("endpointPublicAccess"):
        trace.block(FORWARD, "eks-endpoint", "eks-endpoint", cluster_id,
                    f"{cluster_id}: endpointPublicAccess is false: the API server has no public endpoint (EKS1)")
        return trace
    if sender is not None:
        stand_in = network.internet_atoms(4, frozenset())[0][0]
        trace.hop(FORWARD, "eks-endpoint", cluster_id, True,
                  f"{cluster_id}: endpointPrivateAccess is false, so {sender.id} uses the public endpoint, an AWS address, "
                  f"is walked as {stand_in} (EKS1)")
        if not Walk(network, "tcp", API_PORT, trace).from_node(sender, None, stand_in):
            return trace
    cidrs = public_access_cidrs(data)
    if cidrs is None:
        trace.unknown(FORWARD, "eks-endpoint", cluster_id, f"the publicAccessCidrs of {cluster_id} (EKS1)")
    elif sender is None and any(contains(c, client) for c in cidrs):
        trace.hop(FORWARD, "eks-endpoint", cluster_id, True,
                  f"{cluster_id}: public endpoint; {client} is in publicAccessCidrs {', '.join(cidrs)} (EKS1)")
    elif sender is None:
        trace.block(FORWARD, "eks-endpoint", "eks-endpoint", cluster_id,
                    f"{cluster_id}: {client} is not in publicAccessCidrs {', '.join(cidrs) or '(empty)'} (EKS1)")
    elif "0.0.0.0/0" in cidrs:
        trace.hop(FORWARD, "eks-endpoint", cluster_id, True, f"{cluster_id}: publicAccessCidrs admit every address (EKS1)")
    else:
        trace.unknown(FORWARD, "eks-endpoint", cluster_id,
                      f"whether the public address {sender.id} leaves its VPC from is in the publicAccessCidrs "
                      f"{', '.join(cidrs)} of {cluster_id} (EKS1)")
    return trace
