"""The fields the reachability engine computes with of issue 16's kinds (ECS tasks and
services, ElastiCache, EKS, Aurora clusters, Classic Load Balancers, Route 53 records and
zones: awsx/reach/service_nodes.py, dns.py, eks.py), typed as data_schema.py types the older
kinds and checked beside them when a snapshot is read (schema.py). A module of its own so the
fields other engines read of the same kinds (cost, pulse), declared in data_schema.py, are
checked too, with no two declarations of one kind to merge."""

from __future__ import annotations

from typing import Mapping

import msgspec

from .data_schema import DbSubnet, Port, _address, _network


class NameValue(msgspec.Struct, frozen=True):
    name: str = ""
    value: str | None = None


class TaskAttachment(msgspec.Struct, frozen=True):
    type: str = ""
    details: tuple[NameValue, ...] = ()

    def __post_init__(self) -> None:
        for detail in self.details:
            if detail.name == "privateIPv4Address":
                _address(detail.value)


class TaskData(msgspec.Struct, frozen=True):
    attachments: tuple[TaskAttachment, ...] = ()
    group: str | None = None
    clusterArn: str | None = None
    lastStatus: str | None = None
    availabilityZone: str | None = None


class AwsVpcConfiguration(msgspec.Struct, frozen=True):
    subnets: tuple[str, ...] = ()
    securityGroups: tuple[str, ...] = ()
    assignPublicIp: str | None = None


class NetworkConfiguration(msgspec.Struct, frozen=True):
    awsvpcConfiguration: AwsVpcConfiguration | None = None


class EcsServiceData(msgspec.Struct, frozen=True):
    serviceName: str | None = None
    clusterArn: str | None = None
    networkConfiguration: NetworkConfiguration | None = None


class CacheEndpoint(msgspec.Struct, frozen=True):
    Port: Port | None = None


class CacheNode(msgspec.Struct, frozen=True):
    CustomerAvailabilityZone: str | None = None
    Endpoint: CacheEndpoint | None = None


class CacheSecurityGroup(msgspec.Struct, frozen=True):
    SecurityGroupId: str = ""


class CacheSubnetGroupData(msgspec.Struct, frozen=True):
    CacheSubnetGroupName: str | None = None
    Subnets: tuple[DbSubnet, ...] = ()


class CacheClusterData(msgspec.Struct, frozen=True):
    CacheSubnetGroupName: str | None = None
    CacheSubnetGroup: CacheSubnetGroupData | None = None
    SecurityGroups: tuple[CacheSecurityGroup, ...] = ()
    CacheNodes: tuple[CacheNode, ...] = ()
    PreferredAvailabilityZone: str | None = None
    ConfigurationEndpoint: CacheEndpoint | None = None


class NodeGroup(msgspec.Struct, frozen=True):
    PrimaryEndpoint: CacheEndpoint | None = None


class ReplicationGroupData(msgspec.Struct, frozen=True):
    MemberClusters: tuple[str, ...] = ()
    NodeGroups: tuple[NodeGroup, ...] = ()
    ConfigurationEndpoint: CacheEndpoint | None = None


class EksVpcConfig(msgspec.Struct, frozen=True):
    vpcId: str | None = None
    subnetIds: tuple[str, ...] = ()
    securityGroupIds: tuple[str, ...] = ()
    clusterSecurityGroupId: str | None = None
    endpointPublicAccess: bool | None = None
    endpointPrivateAccess: bool | None = None
    publicAccessCidrs: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for cidr in self.publicAccessCidrs or ():
            _network(cidr, None)


class EksClusterData(msgspec.Struct, frozen=True):
    resourcesVpcConfig: EksVpcConfig | None = None


class ClusterMember(msgspec.Struct, frozen=True):
    DBInstanceIdentifier: str = ""
    IsClusterWriter: bool = False


class DbClusterData(msgspec.Struct, frozen=True):
    Port: Port | None = None
    DBClusterMembers: tuple[ClusterMember, ...] = ()


class ClassicListener(msgspec.Struct, frozen=True):
    Protocol: str | None = None
    LoadBalancerPort: Port | None = None
    InstancePort: Port | None = None


class ClassicListenerDescription(msgspec.Struct, frozen=True):
    Listener: ClassicListener | None = None


class ClassicInstance(msgspec.Struct, frozen=True):
    InstanceId: str = ""


class ClassicLoadBalancerData(msgspec.Struct, frozen=True):
    Scheme: str | None = None
    VPCId: str | None = None
    Subnets: tuple[str, ...] = ()
    SecurityGroups: tuple[str, ...] = ()
    ListenerDescriptions: tuple[ClassicListenerDescription, ...] = ()
    Instances: tuple[ClassicInstance, ...] = ()


class AliasTarget(msgspec.Struct, frozen=True):
    DNSName: str | None = None


class RecordValue(msgspec.Struct, frozen=True):
    Value: str = ""


class RecordData(msgspec.Struct, frozen=True):
    Name: str | None = None
    Type: str | None = None
    SetIdentifier: str | None = None
    HostedZoneId: str | None = None
    AliasTarget: AliasTarget | None = None
    ResourceRecords: tuple[RecordValue, ...] = ()


class ZoneConfig(msgspec.Struct, frozen=True):
    PrivateZone: bool | None = None


class ZoneVpc(msgspec.Struct, frozen=True):
    VPCId: str = ""


class HostedZoneData(msgspec.Struct, frozen=True):
    Id: str | None = None
    Config: ZoneConfig | None = None
    VPCs: tuple[ZoneVpc, ...] = ()


SERVICE_SCHEMAS: Mapping[str, type[msgspec.Struct]] = {
    "ecs:task": TaskData,
    "ecs:service": EcsServiceData,
    "elasticache:cluster": CacheClusterData,
    "elasticache:subnet-group": CacheSubnetGroupData,
    "elasticache:replication-group": ReplicationGroupData,
    "eks:cluster": EksClusterData,
    "rds:db-cluster": DbClusterData,
    "elb:load-balancer": ClassicLoadBalancerData,
    "route53:record": RecordData,
    "route53:hosted-zone": HostedZoneData,
}

