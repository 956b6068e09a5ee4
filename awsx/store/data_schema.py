"""What the engines read from a resource's ``data``, declared per kind, so a snapshot's
mistyped field is refused at load instead of surfacing as a traceback in a verb.

A resource's ``data`` is AWS's own answer, kept whole and free-form; only the fields an
engine computes with are declared here (reach and exposure walk security-group rules, ports
and CIDRs, the route tables, network ACLs, interfaces and NAT gateways a path crosses; cost,
waste and privesc read an instance's state, type, addresses and profile, the sizes of volumes,
snapshots, databases and buckets, and IAM's attachments). Undeclared fields stay free-form:
the engines show them, never compute with them. A declared field may be absent (AWS omits
many), but when present it has its type: ``FromPort: "junk"`` or ``IpRanges: 7`` is a load
error naming the JSON path.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Any, Mapping

import msgspec

Port = Annotated[int, msgspec.Meta(ge=-1, le=65535)]  # -1: every port (with protocol -1)


# What a snapshot holds by the hundred thousand: dotted-quad IPv4 addresses and CIDRs. Accepted
# by one C regex match, they skip ``ipaddress``'s octet parsing in Python (155k addresses in the
# 100k estate's load); anything else (IPv6, a netmask, a wrong value) is judged by ``ipaddress``.
# An octet is 0-255 without a leading zero, which ``ipaddress`` refuses too.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_IPV4_CIDR = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}/(?:3[0-2]|[12]?[0-9])")


def _network(text: str | None | msgspec.UnsetType, version: int | None) -> None:
    """Raise ValueError unless ``text`` is absent (None, unset) or an IPv``version`` CIDR (of
    either family for None); msgspec reports the error with its JSON path."""
    if text is None or text is msgspec.UNSET or (version != 6 and _IPV4_CIDR.fullmatch(text)):
        return
    if ipaddress.ip_network(text, strict=False).version not in ((4, 6) if version is None else (version,)):
        raise ValueError(f"{text!r} is not an IPv{version} CIDR")


def _address(text: str | None) -> None:
    """Raise ValueError unless ``text`` is absent, empty or an IP address."""
    if text and not _IPV4.fullmatch(text):
        ipaddress.ip_address(text)


class IpRange(msgspec.Struct, frozen=True):
    CidrIp: str

    def __post_init__(self) -> None:
        _network(self.CidrIp, 4)


class Ipv6Range(msgspec.Struct, frozen=True):
    CidrIpv6: str

    def __post_init__(self) -> None:
        _network(self.CidrIpv6, 6)


class PrefixListReference(msgspec.Struct, frozen=True):
    PrefixListId: str = ""


class GroupReference(msgspec.Struct, frozen=True):
    GroupId: str = ""


class IpPermission(msgspec.Struct, frozen=True):
    """One security-group rule as EC2 returns it (DescribeSecurityGroups)."""

    IpProtocol: str = "-1"
    FromPort: Port = -1
    ToPort: Port = -1
    IpRanges: tuple[IpRange, ...] = ()
    Ipv6Ranges: tuple[Ipv6Range, ...] = ()
    PrefixListIds: tuple[PrefixListReference, ...] = ()
    UserIdGroupPairs: tuple[GroupReference, ...] = ()


class SecurityGroupData(msgspec.Struct, frozen=True):
    IpPermissions: tuple[IpPermission, ...] = ()
    IpPermissionsEgress: tuple[IpPermission, ...] = ()


class PublicAssociation(msgspec.Struct, frozen=True):
    PublicIp: str = ""
    AllocationId: str | None = None

    def __post_init__(self) -> None:
        _address(self.PublicIp)


class PrivateAddress(msgspec.Struct, frozen=True):
    PrivateIpAddress: str = ""
    Association: PublicAssociation | None = None

    def __post_init__(self) -> None:
        _address(self.PrivateIpAddress)


class InterfaceAttachment(msgspec.Struct, frozen=True):
    DeviceIndex: int = 0


class InstanceInterface(msgspec.Struct, frozen=True):
    NetworkInterfaceId: str = ""
    Attachment: InterfaceAttachment | None = None
    Association: PublicAssociation | None = None
    PrivateIpAddresses: tuple[PrivateAddress, ...] = ()


class Named(msgspec.Struct, frozen=True):
    """``{"Name": ...}``: an instance's State."""

    Name: str = ""


class ArnReference(msgspec.Struct, frozen=True):
    Arn: str = ""


class InstanceData(msgspec.Struct, frozen=True):
    """What reach (its interfaces), cost and waste (state, type, public addresses) and privesc
    (its instance profile) read of an EC2 instance."""

    State: Named | None = None
    InstanceType: str = ""
    IamInstanceProfile: ArnReference | None = None
    NetworkInterfaces: tuple[InstanceInterface, ...] = ()
    PublicIpAddress: str | None = None
    SubnetId: str = ""
    VpcId: str = ""


class NatAddress(msgspec.Struct, frozen=True):
    NetworkInterfaceId: str = ""
    PrivateIp: str = ""
    PublicIp: str = ""
    AllocationId: str = ""


class NatGatewayData(msgspec.Struct, frozen=True):
    State: str | None = None
    SubnetId: str = ""
    VpcId: str = ""
    NatGatewayAddresses: tuple[NatAddress, ...] = ()


class PortRange(msgspec.Struct, frozen=True):
    From: Port = 0
    To: Port = 65535


class AclEntry(msgspec.Struct, frozen=True):
    """One network-ACL entry (DescribeNetworkAcls); CIDRs are checked like a security group's."""

    RuleNumber: Annotated[int, msgspec.Meta(ge=1, le=32767)] = 32767
    Egress: bool = False
    Protocol: str = "-1"
    RuleAction: str = ""
    CidrBlock: str | None = None
    Ipv6CidrBlock: str | None = None
    PortRange: PortRange | None = None

    def __post_init__(self) -> None:
        _network(self.CidrBlock, 4)
        _network(self.Ipv6CidrBlock, 6)


class SubnetAssociation(msgspec.Struct, frozen=True):
    SubnetId: str = ""


class NetworkAclData(msgspec.Struct, frozen=True):
    VpcId: str = ""
    IsDefault: bool = False
    Associations: tuple[SubnetAssociation, ...] = ()
    Entries: tuple[AclEntry, ...] = ()


class EniAttachment(msgspec.Struct, frozen=True):
    InstanceId: str = ""
    Status: str = ""


class Ipv6Address(msgspec.Struct, frozen=True):
    Ipv6Address: str = ""

    def __post_init__(self) -> None:
        _address(self.Ipv6Address)


class NetworkInterfaceData(msgspec.Struct, frozen=True):
    """What reach models an ENI from: its place, addresses, attachment and security groups."""

    SubnetId: str = ""
    VpcId: str = ""
    AvailabilityZone: str | None = None
    PrivateIpAddress: str | None = None
    PrivateIpAddresses: tuple[PrivateAddress, ...] = ()
    Ipv6Addresses: tuple[Ipv6Address, ...] = ()
    Association: PublicAssociation | None = None
    Attachment: EniAttachment | None = None
    Groups: tuple[GroupReference, ...] = ()
    Status: str | None = None
    InterfaceType: str | None = None
    RequesterManaged: bool = False
    SourceDestCheck: bool = True

    def __post_init__(self) -> None:
        _address(self.PrivateIpAddress)


class AssociationState(msgspec.Struct, frozen=True):
    State: str = "associated"


class RouteTableAssociation(msgspec.Struct, frozen=True):
    Main: bool = False
    SubnetId: str | None = None
    AssociationState: AssociationState | None = None


class Route(msgspec.Struct, frozen=True):
    """One route (DescribeRouteTables): its destination is checked, its target is an id."""

    DestinationCidrBlock: str | None = None
    DestinationIpv6CidrBlock: str | None = None
    DestinationPrefixListId: str | None = None
    State: str | None = None

    def __post_init__(self) -> None:
        _network(self.DestinationCidrBlock, 4)
        _network(self.DestinationIpv6CidrBlock, 6)


class RouteTableData(msgspec.Struct, frozen=True):
    VpcId: str = ""
    Associations: tuple[RouteTableAssociation, ...] = ()
    Routes: tuple[Route, ...] = ()


class BlockState(msgspec.Struct, frozen=True):
    State: str = "associated"


class Ipv4Block(msgspec.Struct, frozen=True):
    CidrBlock: str
    CidrBlockState: BlockState | None = None

    def __post_init__(self) -> None:
        _network(self.CidrBlock, 4)


class Ipv6Block(msgspec.Struct, frozen=True):
    Ipv6CidrBlock: str | None = None

    def __post_init__(self) -> None:
        _network(self.Ipv6CidrBlock, 6)


class AddressSpace(msgspec.Struct, frozen=True):
    """A VPC's or subnet's IPv4 block: it may be absent, but not null nor anything but a CIDR."""

    CidrBlock: str | msgspec.UnsetType = msgspec.UNSET
    Ipv6CidrBlockAssociationSet: tuple[Ipv6Block, ...] = ()

    def __post_init__(self) -> None:
        _network(self.CidrBlock, 4)


class VpcData(AddressSpace, frozen=True):
    CidrBlockAssociationSet: tuple[Ipv4Block, ...] = ()


class SubnetData(AddressSpace, frozen=True):
    VpcId: str = ""
    AvailabilityZone: str = ""


Number = int | float


class VolumeData(msgspec.Struct, frozen=True):
    """What cost and waste price an EBS volume by."""

    VolumeType: str | None = None
    Size: Number | None = None
    Iops: Number | None = None
    Throughput: Number | None = None
    State: str | None = None


class InlinePolicy(msgspec.Struct, frozen=True):
    """An inline policy. Its document stays free-form on purpose: one that is not JSON, or not
    a policy, is the IAM engine's to report as a PolicyError (unknown), not the loader's."""

    PolicyName: str = ""
    PolicyDocument: Any = None


class AttachedPolicy(msgspec.Struct, frozen=True):
    PolicyArn: str = ""
    PolicyName: str = ""


class Boundary(msgspec.Struct, frozen=True):
    PermissionsBoundaryArn: str = ""


class IdentityData(msgspec.Struct, frozen=True):
    """A user's, group's or role's policies as GetAccountAuthorizationDetails lists them."""

    UserPolicyList: tuple[InlinePolicy, ...] = ()
    GroupPolicyList: tuple[InlinePolicy, ...] = ()
    RolePolicyList: tuple[InlinePolicy, ...] = ()
    AttachedManagedPolicies: tuple[AttachedPolicy, ...] = ()
    PermissionsBoundary: Boundary | None = None
    GroupList: tuple[str, ...] = ()
    UserId: str = ""
    RoleId: str = ""
    InstanceProfileList: tuple[Any, ...] = ()
    LoginProfile: bool | dict[str, Any] | None = None
    AccessKeys: tuple[Any, ...] = ()  # ListAccessKeys: with two, a new key needs one deleted (privesc iam-003)


class ManagedInstanceData(msgspec.Struct, frozen=True):
    """What privesc reads of DescribeInstanceInformation: whether SSM manages an EC2 instance
    and its agent answers (ssm:StartSession / SendCommand reach only those)."""

    InstanceId: str = ""
    PingStatus: str | None = None
    ResourceType: str | None = None


class PolicyVersion(msgspec.Struct, frozen=True):
    VersionId: str = ""
    IsDefaultVersion: bool = False
    Document: Any = None


class ManagedPolicyData(msgspec.Struct, frozen=True):
    DefaultVersionId: str = ""
    PolicyVersionList: tuple[PolicyVersion, ...] = ()


class InstanceProfileData(msgspec.Struct, frozen=True):
    Roles: tuple[ArnReference, ...] = ()


class DbSubnet(msgspec.Struct, frozen=True):
    SubnetIdentifier: str = ""
    SubnetAvailabilityZone: Named | None = None


class DbSubnetGroup(msgspec.Struct, frozen=True):
    Subnets: tuple[DbSubnet, ...] = ()


class DbSecurityGroup(msgspec.Struct, frozen=True):
    VpcSecurityGroupId: str = ""


class DbInstanceData(msgspec.Struct, frozen=True):
    """Where reach places an RDS instance, and what cost prices it by."""

    DBSubnetGroup: DbSubnetGroup | None = None
    VpcSecurityGroups: tuple[DbSecurityGroup, ...] = ()
    AvailabilityZone: str | None = None
    PubliclyAccessible: bool = False
    DBInstanceClass: str = ""
    Engine: str = ""
    MultiAZ: bool = False
    StorageType: str | None = None
    AllocatedStorage: Number | None = None
    Iops: Number | None = None


class PublicAccessBlock(msgspec.Struct, frozen=True):
    RestrictPublicBuckets: bool = False
    BlockPublicPolicy: bool = False
    BlockPublicAcls: bool = False
    IgnorePublicAcls: bool = False


class BucketData(msgspec.Struct, frozen=True):
    """A bucket's public-access block and its size (bytes, or bytes per storage type); its
    policy stays free-form like every policy document."""

    PublicAccessBlock: PublicAccessBlock | None = None
    BucketSizeBytes: Number | dict[str, Number] | None = None


class PrefixListEntry(msgspec.Struct, frozen=True):
    Cidr: str | None = None

    def __post_init__(self) -> None:
        _network(self.Cidr, None)


class PrefixListData(msgspec.Struct, frozen=True):
    Entries: tuple[PrefixListEntry, ...] = ()


class SnapshotData(msgspec.Struct, frozen=True):
    VolumeSize: Number | None = None
    StorageTier: str | None = None


class VpcEndpointData(msgspec.Struct, frozen=True):
    NetworkInterfaceIds: tuple[str, ...] = ()


class FileSystemSize(msgspec.Struct, frozen=True):
    Value: Number | None = None
    ValueInStandard: Number | None = None
    ValueInIA: Number | None = None
    ValueInArchive: Number | None = None


class FileSystemData(msgspec.Struct, frozen=True):
    SizeInBytes: FileSystemSize | None = None
    AvailabilityZoneName: str | None = None
    ThroughputMode: str | None = None
    ProvisionedThroughputInMibps: Number | None = None


# An ELBv2 ARN names its resource after a slash (``targetgroup/web/0123``): reach prints that name.
Elbv2Arn = Annotated[str, msgspec.Meta(pattern="/")]


class ForwardTarget(msgspec.Struct, frozen=True):
    TargetGroupArn: Elbv2Arn | None = None


class ForwardConfig(msgspec.Struct, frozen=True):
    TargetGroups: tuple[ForwardTarget, ...] = ()


class ListenerAction(msgspec.Struct, frozen=True):
    Type: str = ""
    TargetGroupArn: Elbv2Arn | None = None
    ForwardConfig: ForwardConfig | None = None


class ListenerData(msgspec.Struct, frozen=True):
    Protocol: str | None = None
    Port: Port | None = None
    DefaultActions: tuple[ListenerAction, ...] = ()


class LoadBalancerAddress(msgspec.Struct, frozen=True):
    IpAddress: str | None = None
    AllocationId: str | None = None

    def __post_init__(self) -> None:
        _address(self.IpAddress)


class LoadBalancerZone(msgspec.Struct, frozen=True):
    SubnetId: str = ""
    ZoneName: str = ""
    LoadBalancerAddresses: tuple[LoadBalancerAddress, ...] = ()


class LoadBalancerData(msgspec.Struct, frozen=True):
    Scheme: str | None = None
    VpcId: str = ""
    AvailabilityZones: tuple[LoadBalancerZone, ...] = ()
    SecurityGroups: tuple[str, ...] = ()


class Target(msgspec.Struct, frozen=True):
    Id: str = ""
    Port: Port | None = None
    AvailabilityZone: str | None = None


class TargetHealthState(msgspec.Struct, frozen=True):
    State: str | None = None


class TargetHealth(msgspec.Struct, frozen=True):
    Target: Target | None = None
    TargetHealth: TargetHealthState | None = None


class TargetGroupData(msgspec.Struct, frozen=True):
    Port: Port | None = None
    TargetHealthDescriptions: tuple[TargetHealth, ...] = ()


class KmsKeyMetadata(msgspec.Struct, frozen=True):
    KeyManager: str = ""  # AWS | CUSTOMER: RCPs do not bind AWS managed keys


class KmsKeyData(msgspec.Struct, frozen=True):
    KeyMetadata: KmsKeyMetadata | None = None


class OrganizationTarget(msgspec.Struct, frozen=True):
    Type: str = ""
    TargetId: str = ""


class OrganizationPolicyData(msgspec.Struct, frozen=True):
    """An SCP or RCP: its type and the roots, OUs and accounts it is attached to. The document
    (``Content``) stays free-form, as an inline policy's does."""

    Type: str = ""
    Targets: tuple[OrganizationTarget, ...] = ()
    ManagementAccountId: str | None = None


class OrganizationNodeData(msgspec.Struct, frozen=True):
    """An OU or account in the organization tree: the level above it."""

    ParentId: str = ""


# The role a resource runs as (privesc follows it), as each service spells the field.
class StackData(msgspec.Struct, frozen=True):
    RoleARN: str | None = None


class BuildProjectData(msgspec.Struct, frozen=True):
    serviceRole: str | None = None


class GlueJobData(msgspec.Struct, frozen=True):
    Role: str | None = None  # a role name or ARN


class RoleArnData(msgspec.Struct, frozen=True):
    RoleArn: str | None = None


class NotebookInstanceData(RoleArnData, frozen=True):
    """Privesc: the role it runs as, and whether it is InService (sagemaker-004)."""

    NotebookInstanceStatus: str | None = None


class DevEndpointData(RoleArnData, frozen=True):
    """Privesc: the role it runs as, and whether it is READY for SSH."""

    Status: str | None = None


class Throughput(msgspec.Struct, frozen=True):
    ReadCapacityUnits: Number | None = None
    WriteCapacityUnits: Number | None = None


class SecondaryIndex(msgspec.Struct, frozen=True):
    ProvisionedThroughput: Throughput | None = None


class BillingModeSummary(msgspec.Struct, frozen=True):
    BillingMode: str | None = None


class TableClassSummary(msgspec.Struct, frozen=True):
    TableClass: str | None = None


class TableDescription(msgspec.Struct, frozen=True):
    BillingModeSummary: BillingModeSummary | None = None
    TableClassSummary: TableClassSummary | None = None
    ProvisionedThroughput: Throughput | None = None
    GlobalSecondaryIndexes: tuple[SecondaryIndex, ...] = ()
    TableSizeBytes: Number | None = None


class PointInTimeRecovery(msgspec.Struct, frozen=True):
    PointInTimeRecoveryStatus: str | None = None


class ContinuousBackups(msgspec.Struct, frozen=True):
    PointInTimeRecoveryDescription: PointInTimeRecovery | None = None


class DynamoDbTableData(msgspec.Struct, frozen=True):
    """What cost prices a table by (DescribeTable) and pulse checks (point-in-time recovery)."""

    Table: TableDescription | None = None
    ContinuousBackups: ContinuousBackups | None = None


class CacheClusterData(msgspec.Struct, frozen=True):
    Engine: str | None = None
    CacheNodeType: str | None = None
    NumCacheNodes: int | None = None
    ReplicationGroupId: str | None = None


class ReplicationGroupData(msgspec.Struct, frozen=True):
    Engine: str | None = None
    CacheNodeType: str | None = None
    MemberClusters: tuple[str, ...] = ()


class CertificateData(msgspec.Struct, frozen=True):
    """ACM status and expiry (ISO 8601), for the failing-certificates fault."""

    Status: str | None = None
    NotAfter: str | None = None


class SecretData(msgspec.Struct, frozen=True):
    """Rotation metadata only (a secret's value is never crawled)."""

    RotationEnabled: bool | None = None
    LastRotatedDate: str | None = None


class AutoScalingInstance(msgspec.Struct, frozen=True):
    LifecycleState: str = ""
    InstanceId: str = ""
    AvailabilityZone: str = ""


class AutoScalingGroupData(msgspec.Struct, frozen=True):
    """What pulse reads of an Auto Scaling group (desired capacity against instances in
    service) and resilience (its instances and subnets, which zones it can launch in)."""

    DesiredCapacity: int = 0
    Instances: tuple[AutoScalingInstance, ...] = ()
    VPCZoneIdentifier: str = ""


class EcsServiceData(msgspec.Struct, frozen=True):
    """What pulse reads of an ECS service (DescribeServices): desired against running."""

    status: str = "ACTIVE"
    desiredCount: int = 0
    runningCount: int = 0


class EcsClusterData(msgspec.Struct, frozen=True):
    """What privesc reads of an ECS cluster (DescribeClusters): whether a container instance is
    registered, for StartTask to place a task on (ecs-005, ecs-009)."""

    registeredContainerInstancesCount: int | None = None


class EphemeralStorage(msgspec.Struct, frozen=True):
    sizeInGiB: int = 20


class NameValue(msgspec.Struct, frozen=True):
    name: str = ""
    value: str | None = None


class EcsTaskData(msgspec.Struct, frozen=True):
    """What cost reads of an ECS task (DescribeTasks): how it is launched and its size; privesc,
    whether it runs and was run with ECS Exec on (ecs-006)."""

    launchType: str | None = None
    capacityProviderName: str | None = None
    lastStatus: str | None = None
    platformFamily: str | None = None
    cpu: str | None = None
    memory: str | None = None
    ephemeralStorage: EphemeralStorage | None = None
    attributes: tuple[NameValue, ...] = ()
    enableExecuteCommand: bool | None = None


class EksVpcConfig(msgspec.Struct, frozen=True):
    endpointPublicAccess: bool = False
    publicAccessCidrs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for cidr in self.publicAccessCidrs:
            _network(cidr, None)


class EksUpgradePolicy(msgspec.Struct, frozen=True):
    supportType: str | None = None


class EksClusterData(msgspec.Struct, frozen=True):
    """What pulse (the public endpoint) and cost (the support tier) read of an EKS cluster."""

    version: str | None = None
    resourcesVpcConfig: EksVpcConfig | None = None
    upgradePolicy: EksUpgradePolicy | None = None


class ClassicInstanceState(msgspec.Struct, frozen=True):
    InstanceId: str = ""
    State: str | None = None


class ClassicLoadBalancerData(msgspec.Struct, frozen=True):
    """A Classic Load Balancer's zones are names, not records as ELBv2's are."""

    Scheme: str | None = None
    AvailabilityZones: tuple[str, ...] = ()
    Subnets: tuple[str, ...] = ()
    InstanceStates: tuple[ClassicInstanceState, ...] = ()


class AlarmMetricStat(msgspec.Struct, frozen=True):
    Period: Number | None = None


class AlarmMetric(msgspec.Struct, frozen=True):
    MetricStat: AlarmMetricStat | None = None


class AlarmData(msgspec.Struct, frozen=True):
    StateValue: str | None = None
    Period: Number | None = None
    Metrics: tuple[AlarmMetric, ...] = ()
    AlarmRule: str | None = None


class TrailStatus(msgspec.Struct, frozen=True):
    IsLogging: bool | None = None


class TrailData(msgspec.Struct, frozen=True):
    IsMultiRegionTrail: bool | None = None
    Status: TrailStatus | None = None


DATA_SCHEMAS: Mapping[str, type[msgspec.Struct]] = {
    "ec2:security-group": SecurityGroupData,
    "ec2:instance": InstanceData,
    "ec2:nat-gateway": NatGatewayData,
    "ec2:network-acl": NetworkAclData,
    "ec2:network-interface": NetworkInterfaceData,
    "ec2:route-table": RouteTableData,
    "ec2:vpc": VpcData,
    "ec2:subnet": SubnetData,
    "ec2:volume": VolumeData,
    "ec2:snapshot": SnapshotData,
    "ec2:prefix-list": PrefixListData,
    "ec2:vpc-endpoint": VpcEndpointData,
    "efs:file-system": FileSystemData,
    "elbv2:listener": ListenerData,
    "elbv2:load-balancer": LoadBalancerData,
    "elbv2:target-group": TargetGroupData,
    "iam:user": IdentityData,
    "iam:group": IdentityData,
    "iam:role": IdentityData,
    "iam:policy": ManagedPolicyData,
    "iam:instance-profile": InstanceProfileData,
    "rds:db-instance": DbInstanceData,
    "s3:bucket": BucketData,
    "kms:key": KmsKeyData,
    "organizations:policy": OrganizationPolicyData,
    "organizations:ou": OrganizationNodeData,
    "organizations:account": OrganizationNodeData,
    "cloudformation:stack": StackData,
    "codebuild:project": BuildProjectData,
    "glue:job": GlueJobData,
    "glue:dev-endpoint": DevEndpointData,
    "sagemaker:notebook-instance": NotebookInstanceData,
    "ssm:managed-instance": ManagedInstanceData,
    "dynamodb:table": DynamoDbTableData,
    "elasticache:cluster": CacheClusterData,
    "elasticache:replication-group": ReplicationGroupData,
    "acm:certificate": CertificateData,
    "secretsmanager:secret": SecretData,
    "autoscaling:group": AutoScalingGroupData,
    "ecs:cluster": EcsClusterData,
    "ecs:service": EcsServiceData,
    "ecs:task": EcsTaskData,
    "eks:cluster": EksClusterData,
    "elb:load-balancer": ClassicLoadBalancerData,
    "cloudwatch:alarm": AlarmData,
    "cloudtrail:trail": TrailData,
}


def check_data(kind: str, data: Mapping[str, Any] | bytes,
               schemas: Mapping[str, type[msgspec.Struct]] = DATA_SCHEMAS) -> None:
    """Raise msgspec.ValidationError when ``data`` (a record, or its JSON as a snapshot holds
    it: decoded straight into the schema, never into dicts) has a field ``schemas`` declare of
    the wrong type."""
    schema = schemas.get(kind)
    if schema is None:
        return
    if isinstance(data, bytes):
        msgspec.json.decode(data, type=schema)
    else:
        msgspec.convert(data, schema)
