"""Whether a network interface, an Elastic IP or an EBS volume is in use: ownership, not a status
field (issue 14). One rule per kind, shared by the pulse's "unattached" faults, the waste
report, the x-ray marks and the reachability engine (A3), so they never disagree.

A status says what EC2 last reported about an attachment; it says nothing about requester-managed
interfaces (NAT gateways, EFS mount targets, Lambda, load balancers, VPC endpoints), which a mock
and some AWS answers show ``available`` while their service uses them
(https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html, requester-managed interfaces)."""

from __future__ import annotations

from awsx.core.graph import Estate
from awsx.core.model import Relation, Resource

# InterfaceType values of interfaces that a service creates and uses (EC2 API reference:
# NetworkInterface.InterfaceType); only "interface" is an ordinary, attachable ENI.
_ORDINARY_INTERFACE = ("", "interface")


def eni_in_use(estate: Estate, eni: Resource) -> bool:
    """An ENI is in use if anything owns or uses it: a resource with a HAS_NETWORK_INTERFACE
    edge to it (NAT gateway, EFS mount target, VPC endpoint...), an attachment, the in-use
    status, a requester-managed interface, or a service interface type (nat_gateway, efs,
    lambda, network_load_balancer, vpc_endpoint, ...)."""
    data = eni.data
    attachment = data.get("Attachment") or {}
    return bool(estate.in_edges(eni.arn, Relation.HAS_NETWORK_INTERFACE)
                or attachment.get("InstanceId") or attachment.get("Status") in ("attached", "attaching")
                or data.get("Status") == "in-use" or data.get("RequesterManaged")
                or str(data.get("InterfaceType") or "") not in _ORDINARY_INTERFACE)


def elastic_ip_in_use(estate: Estate, address: Resource) -> bool:
    """An Elastic IP is in use if it is associated with anything (an instance, an ENI, which
    includes a NAT gateway's): an association id, an instance or interface id, or the edge."""
    data = address.data
    return bool(data.get("AssociationId") or data.get("InstanceId") or data.get("NetworkInterfaceId")
                or estate.out_edges(address.arn, Relation.ATTACHED_TO))


def volume_in_use(estate: Estate, volume: Resource) -> bool:
    """An EBS volume is in use if an instance has it attached: an attachment, the in-use state,
    or the edge."""
    return bool(volume.data.get("Attachments") or volume.data.get("State") == "in-use"
                or estate.out_edges(volume.arn, Relation.ATTACHED_TO))
