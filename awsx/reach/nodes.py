"""The records of the network index: a node (something that sends or receives packets in a
subnet, A2) and a subnet, and ``Placing``, what of the index a placement function needs. Their
own module so service_nodes.py and network.py both use them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from awsx.core.graph import Estate


@dataclass(frozen=True, slots=True)
class Node:
    """Something that sends or receives packets in a subnet (A2). ``modelled``: moto gives it no
    ENI, so its address is a stand-in inside its subnet (A5, A6, section 18)."""

    kind: str  # network-interface | nat-gateway | load-balancer | db-instance | vpc-endpoint | ecs-task | cache-node
    #          | eks-endpoint | classic-load-balancer
    id: str
    vpc: str
    subnet: str
    az: str
    region: str
    private_ip: str
    public_ip: str | None = None
    groups: tuple[str, ...] = ()
    attached: bool = True
    source_dest_check: bool = True
    modelled: bool = False
    owner: str = ""  # instance id, LB name, ...
    ipv6: tuple[str, ...] = ()
    private_ips: tuple[str, ...] = ()
    unknown_groups: str = ""  # what is missing when the groups are not known (A7, A8): never guessed open


@dataclass(frozen=True, slots=True)
class Subnet:
    id: str
    vpc: str
    cidr: str
    az: str
    region: str
    ipv6_cidrs: tuple[str, ...] = ()


class Placing(Protocol):
    """What placing a service's nodes reads of the network index (``Network`` is one)."""

    subnets: dict[str, Subnet]

    @property
    def estate(self) -> Estate: ...

    def stand_in(self, subnet: Subnet) -> str: ...
