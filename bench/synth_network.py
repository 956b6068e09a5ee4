"""Synthetic EC2 network records, shaped like the API answers the crawler normalises.

Each VPC is a realistic three-AZ layout: public and private subnets, an internet gateway, a NAT
gateway with its Elastic IP and requester-managed ENI, a main, a public and a private route
table, the default NACL on public subnets and a stricter custom NACL on private ones, tiered
security groups (web <- internet, app <- web, db <- app, bastion <- office) plus service groups
that reference each other, and workload ENIs (instance primaries, service-managed, detached)
with instances and EBS volumes. Neighbouring VPCs are peered with routes both ways.
Every record is a plain API record: ``synth.build`` turns them into Resources with the
crawler's own ``to_resource`` and derives edges with the crawler's own ``assemble``.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from typing import Any, Iterator

REGIONS = ("us-east-1", "eu-west-1")
ZONE_IDS = {"us-east-1": ("use1-az1", "use1-az2", "use1-az4"), "eu-west-1": ("euw1-az1", "euw1-az2", "euw1-az3")}
ENIS_PER_VPC = 1000
SERVICE_GROUPS_PER_VPC = 20
OFFICE_CIDR = "203.0.113.0/24"
PUBLIC_PER_ACCOUNT = 16384
INSTANCE_TYPES = ("t3.micro", "t3.medium", "m5.large", "m5.xlarge", "m4.large", "c5.large", "r5.large")
PORTS = (22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9090, 27017)
ANYWHERE = "0.0.0.0/0"
Record = dict[str, Any]


def tags(name: str, env: str) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}, {"Key": "env", "Value": env}, {"Key": "team", "Value": "platform"}]


def tcp(port_from: int, port_to: int | None = None, *, cidrs: tuple[str, ...] = (),
        groups: tuple[str, ...] = (), account: str = "") -> Record:
    """One security group permission in the DescribeSecurityGroups shape."""
    return {"IpProtocol": "tcp", "FromPort": port_from, "ToPort": port_to or port_from,
            "IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [], "PrefixListIds": [],
            "UserIdGroupPairs": [{"GroupId": g, "UserId": account} for g in groups]}


def nacl_entry(number: int, egress: bool, cidr: str, action: str, protocol: str = "-1",
               ports: tuple[int, int] | None = None) -> Record:
    entry = {"RuleNumber": number, "Egress": egress, "CidrBlock": cidr, "Protocol": protocol, "RuleAction": action}
    if ports:
        entry["PortRange"] = {"From": ports[0], "To": ports[1]}
    return entry


def public_addresses(serial: int) -> Iterator[str]:
    """Public IPv4 addresses of one account: a block of its own in 54.0.0.0/10 (enough for
    16k public ENIs an account, 256 accounts)."""
    first = ipaddress.ip_address("54.0.0.1") + serial * PUBLIC_PER_ACCOUNT
    return (str(first + offset) for offset in range(PUBLIC_PER_ACCOUNT))


@dataclass
class Records:
    """API records per (kind, region), in the order the crawler would meet them."""

    account: str
    crawled_at: str
    items: list[tuple[str, str, Record]] = field(default_factory=list)

    def add(self, kind: str, region: str, record: Record) -> Record:
        self.items.append((kind, region, record))
        return record


class Ids:
    """AWS-looking ids: ``eni-`` and 17 hex digits, unique per prefix; the account's serial
    in the high digits keeps them unique across the accounts of one estate, as AWS's are."""

    def __init__(self, serial: int = 0) -> None:
        self._first = 0x1000 + (serial << 44)
        self._next: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        number = self._next.get(prefix, self._first)
        self._next[prefix] = number + 1
        return f"{prefix}-{number:017x}"


@dataclass
class Vpc:
    """What later records of one VPC need to point at."""

    id: str
    region: str
    cidr: str
    env: str
    public: list[Record] = field(default_factory=list)
    private: list[Record] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # role -> group id
    service_groups: list[str] = field(default_factory=list)
    private_route_table: Record | None = None


class NetworkSynth:
    """Writes the network, instances and volumes of ``enis`` workload ENIs into ``records``."""

    def __init__(self, records: Records, rng: random.Random, profiles: list[str], serial: int = 0) -> None:
        self.records = records
        self.rng = rng
        self.ids = Ids(serial)
        self.profiles = profiles  # instance profile ARNs an instance may carry
        self.public_ips = public_addresses(serial)
        self.account = records.account
        self.when = records.crawled_at

    def add(self, kind: str, region: str, record: Record) -> Record:
        return self.records.add(kind, region, record)

    def generate(self, enis: int) -> None:
        for region in REGIONS:
            for zone, zone_id in zip(self.zones(region), ZONE_IDS[region]):
                self.add("ec2:availability-zone", region, {"ZoneName": zone, "ZoneId": zone_id, "RegionName": region,
                                                           "State": "available", "ZoneType": "availability-zone",
                                                           "Messages": []})
        count = max(1, -(-enis // ENIS_PER_VPC))
        vpcs = [self.vpc(index) for index in range(count)]
        for first, second in zip(vpcs[::2], vpcs[1::2]):
            if first.region == second.region:
                self.peer(first, second)
        for index in range(enis):
            self.workload(vpcs[index % count], index // count)

    @staticmethod
    def zones(region: str) -> tuple[str, ...]:
        return tuple(f"{region}{letter}" for letter in "abc")

    # --- the fabric of one VPC -------------------------------------------------------------------
    def vpc(self, index: int) -> Vpc:
        region = REGIONS[index % len(REGIONS)]
        env = ("prod", "staging", "dev")[index % 3]
        vpc = Vpc(self.ids("vpc"), region, f"10.{index}.0.0/16", env)
        self.add("ec2:vpc", region, {
            "VpcId": vpc.id, "CidrBlock": vpc.cidr, "State": "available", "IsDefault": False, "OwnerId": self.account,
            "InstanceTenancy": "default", "DhcpOptionsId": "default", "Ipv6CidrBlockAssociationSet": [],
            "CidrBlockAssociationSet": [{"AssociationId": self.ids("vpc-cidr-assoc"), "CidrBlock": vpc.cidr,
                                         "CidrBlockState": {"State": "associated"}}],
            "Tags": tags(f"{env}-{region}-{index}", env)})
        for number, (zone, zone_id) in enumerate(zip(self.zones(region), ZONE_IDS[region])):
            for tier, holder in (("public", vpc.public), ("private", vpc.private)):
                third = (number * 2 + (tier == "private")) * 16
                holder.append(self.subnet(vpc, f"10.{index}.{third}.0/20", zone, zone_id, tier))
        igw = self.ids("igw")
        self.add("ec2:internet-gateway", region, {"InternetGatewayId": igw, "OwnerId": self.account,
                                                  "Attachments": [{"State": "available", "VpcId": vpc.id}],
                                                  "Tags": tags(f"{env}-{index}-igw", env)})
        nat = self.nat_gateway(vpc, vpc.public[0])
        self.route_tables(vpc, igw, nat)
        self.nacls(vpc)
        self.security_groups(vpc)
        return vpc

    def subnet(self, vpc: Vpc, cidr: str, zone: str, zone_id: str, tier: str) -> Record:
        subnet_id = self.ids("subnet")
        return self.add("ec2:subnet", vpc.region, {
            "SubnetId": subnet_id, "VpcId": vpc.id, "CidrBlock": cidr, "AvailabilityZone": zone,
            "AvailabilityZoneId": zone_id, "MapPublicIpOnLaunch": tier == "public", "State": "available",
            "AvailableIpAddressCount": 4000, "DefaultForAz": False, "OwnerId": self.account,
            "Ipv6CidrBlockAssociationSet": [], "AssignIpv6AddressOnCreation": False, "Ipv6Native": False,
            "SubnetArn": f"arn:aws:ec2:{vpc.region}:{self.account}:subnet/{subnet_id}",
            "Tags": tags(f"{vpc.env}-{tier}-{zone[-1]}", vpc.env) + [{"Key": "tier", "Value": tier}]})

    def nat_gateway(self, vpc: Vpc, subnet: Record) -> str:
        nat, eni, allocation = self.ids("nat"), self.ids("eni"), self.ids("eipalloc")
        private = self.address(subnet, 5)
        public = str(next(self.public_ips))
        association = self.ids("eipassoc")
        self.add("ec2:network-interface", vpc.region, {
            **self.interface(vpc, subnet, eni, private, public, groups=()),
            "InterfaceType": "nat_gateway", "RequesterManaged": True, "Status": "in-use",
            "Description": f"Interface for NAT Gateway {nat}", "SourceDestCheck": False})
        self.add("ec2:elastic-ip", vpc.region, {
            "AllocationId": allocation, "PublicIp": public, "Domain": "vpc", "NetworkInterfaceId": eni,
            "PrivateIpAddress": private, "AssociationId": association, "NetworkInterfaceOwnerId": self.account,
            "Tags": tags(f"{vpc.env}-nat-eip", vpc.env)})
        self.add("ec2:nat-gateway", vpc.region, {
            "NatGatewayId": nat, "VpcId": vpc.id, "SubnetId": subnet["SubnetId"], "State": "available",
            "ConnectivityType": "public", "CreateTime": self.when, "Tags": tags(f"{vpc.env}-nat", vpc.env),
            "NatGatewayAddresses": [{"AllocationId": allocation, "NetworkInterfaceId": eni, "PrivateIp": private,
                                     "PublicIp": public, "AssociationId": association}]})
        return nat

    def route_table(self, vpc: Vpc, name: str, subnets: list[Record], routes: list[Record], main: bool = False) -> Record:
        table = self.ids("rtb")
        associations = [{"Main": False, "RouteTableAssociationId": self.ids("rtbassoc"), "RouteTableId": table,
                         "SubnetId": s["SubnetId"], "AssociationState": {"State": "associated"}} for s in subnets]
        if main:
            associations.append({"Main": True, "RouteTableAssociationId": self.ids("rtbassoc"), "RouteTableId": table,
                                 "AssociationState": {"State": "associated"}})
        local = {"DestinationCidrBlock": vpc.cidr, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
        return self.add("ec2:route-table", vpc.region, {
            "RouteTableId": table, "VpcId": vpc.id, "OwnerId": self.account, "Associations": associations,
            "Routes": [local, *routes], "Tags": tags(f"{vpc.env}-{name}-rt", vpc.env)})

    def route_tables(self, vpc: Vpc, igw: str, nat: str) -> None:
        self.route_table(vpc, "main", [], [], main=True)
        self.route_table(vpc, "public", vpc.public, [
            {"DestinationCidrBlock": ANYWHERE, "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}])
        vpc.private_route_table = self.route_table(vpc, "private", vpc.private, [
            {"DestinationCidrBlock": ANYWHERE, "NatGatewayId": nat, "Origin": "CreateRoute", "State": "active"}])

    def nacls(self, vpc: Vpc) -> None:
        def associations(acl: str, subnets: list[Record]) -> list[Record]:
            return [{"NetworkAclAssociationId": self.ids("aclassoc"), "NetworkAclId": acl, "SubnetId": s["SubnetId"]}
                    for s in subnets]
        default, custom = self.ids("acl"), self.ids("acl")
        open_entries = [nacl_entry(100, egress, ANYWHERE, "allow") for egress in (False, True)]
        deny_rest = [nacl_entry(32767, egress, ANYWHERE, "deny") for egress in (False, True)]
        self.add("ec2:network-acl", vpc.region, {
            "NetworkAclId": default, "VpcId": vpc.id, "IsDefault": True, "OwnerId": self.account, "Tags": [],
            "Entries": open_entries + deny_rest, "Associations": associations(default, vpc.public)})
        # Private subnets: anything from the private network, only return traffic from elsewhere.
        self.add("ec2:network-acl", vpc.region, {
            "NetworkAclId": custom, "VpcId": vpc.id, "IsDefault": False, "OwnerId": self.account,
            "Tags": tags(f"{vpc.env}-private-acl", vpc.env),
            "Entries": [nacl_entry(90, False, "10.0.0.0/8", "deny", "6", (23, 23)),
                        nacl_entry(100, False, "10.0.0.0/8", "allow"),
                        nacl_entry(110, False, ANYWHERE, "allow", "6", (1024, 65535)),
                        nacl_entry(100, True, ANYWHERE, "allow"), *deny_rest],
            "Associations": associations(custom, vpc.private)})

    def security_group(self, vpc: Vpc, name: str, ingress: list[Record]) -> str:
        group = self.ids("sg")
        self.add("ec2:security-group", vpc.region, {
            "GroupId": group, "GroupName": name, "Description": f"{name} tier", "VpcId": vpc.id,
            "OwnerId": self.account, "IpPermissions": ingress,
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": ANYWHERE}], "Ipv6Ranges": [],
                                     "PrefixListIds": [], "UserIdGroupPairs": []}],
            "SecurityGroupArn": f"arn:aws:ec2:{vpc.region}:{self.account}:security-group/{group}",
            "Tags": tags(f"{vpc.env}-{name}", vpc.env)})
        return group

    def security_groups(self, vpc: Vpc) -> None:
        g, a = vpc.groups, self.account
        g["web"] = self.security_group(vpc, "web", [tcp(80, cidrs=(ANYWHERE,)), tcp(443, cidrs=(ANYWHERE,))])
        g["bastion"] = self.security_group(vpc, "bastion", [tcp(22, cidrs=(OFFICE_CIDR,))])
        g["app"] = self.security_group(vpc, "app", [tcp(8080, groups=(g["web"],), account=a),
                                                    tcp(22, groups=(g["bastion"],), account=a)])
        g["db"] = self.security_group(vpc, "db", [tcp(5432, groups=(g["app"],), account=a),
                                                  tcp(3306, groups=(g["app"],), account=a)])
        for number in range(SERVICE_GROUPS_PER_VPC):
            peers = tuple(self.rng.sample([g["app"], *vpc.service_groups] or [g["app"]],
                                          k=min(2, 1 + len(vpc.service_groups))))
            rules = [tcp(self.rng.choice(PORTS), groups=peers, account=a), tcp(9000 + number, cidrs=(vpc.cidr,))]
            vpc.service_groups.append(self.security_group(vpc, f"svc-{number}", rules))

    def peer(self, first: Vpc, second: Vpc) -> None:
        peering = self.ids("pcx")
        self.add("ec2:vpc-peering-connection", first.region, {
            "VpcPeeringConnectionId": peering, "Status": {"Code": "active", "Message": "Active"},
            "RequesterVpcInfo": {"VpcId": first.id, "CidrBlock": first.cidr, "OwnerId": self.account,
                                 "Region": first.region},
            "AccepterVpcInfo": {"VpcId": second.id, "CidrBlock": second.cidr, "OwnerId": self.account,
                                "Region": second.region},
            "Tags": tags(f"{first.env}-peering", first.env)})
        for here, there in ((first, second), (second, first)):
            assert here.private_route_table is not None
            here.private_route_table["Routes"].append({"DestinationCidrBlock": there.cidr, "Origin": "CreateRoute",
                                                       "State": "active", "VpcPeeringConnectionId": peering})

    # --- workloads ---------------------------------------------------------------------------------
    @staticmethod
    def address(subnet: Record, offset: int) -> str:
        return str(ipaddress.ip_network(subnet["CidrBlock"]).network_address + offset)

    def interface(self, vpc: Vpc, subnet: Record, eni: str, private: str, public: str | None,
                  groups: tuple[str, ...]) -> Record:
        association = {"IpOwnerId": "amazon", "PublicIp": public,
                       "PublicDnsName": f"ec2-{public.replace('.', '-')}.compute.amazonaws.com"} if public else None
        address = {"Primary": True, "PrivateIpAddress": private, "PrivateDnsName": f"ip-{private.replace('.', '-')}.internal"}
        record: Record = {
            "NetworkInterfaceId": eni, "VpcId": vpc.id, "SubnetId": subnet["SubnetId"],
            "AvailabilityZone": subnet["AvailabilityZone"], "AvailabilityZoneId": subnet["AvailabilityZoneId"],
            "PrivateIpAddress": private, "PrivateDnsName": address["PrivateDnsName"],
            "PrivateIpAddresses": [{**address, "Association": association} if association else address],
            "Groups": [{"GroupId": group, "GroupName": group} for group in groups], "InterfaceType": "interface",
            "Ipv6Addresses": [], "MacAddress": "02:00:00:00:00:00", "OwnerId": self.account, "RequesterManaged": False,
            "SourceDestCheck": True, "Status": "available", "Description": "", "TagSet": []}
        if association:
            record["Association"] = association
        return record

    def workload(self, vpc: Vpc, slot: int) -> None:
        """One ENI; most are instance primaries (with the instance and its root volume)."""
        rng = self.rng
        public = rng.random() < 0.35
        subnets = vpc.public if public else vpc.private
        subnet = subnets[slot % len(subnets)]
        private = self.address(subnet, 10 + slot // len(subnets))
        role = rng.choice(("web", "bastion")) if public and rng.random() < 0.8 else rng.choice(("app", "db", "svc"))
        group = rng.choice(vpc.service_groups) if role == "svc" else vpc.groups[role]
        groups = (group,) if rng.random() < 0.7 else (group, rng.choice(vpc.service_groups))
        eni = self.ids("eni")
        record = self.interface(vpc, subnet, eni, private, str(next(self.public_ips)) if public else None,
                                tuple(dict.fromkeys(groups)))
        shape = rng.random()
        if shape < 0.65:
            self.instance(vpc, subnet, record, role)
        elif shape < 0.9:  # a service's ENI (Lambda, ECS tasks): in use, no instance
            record.update(RequesterManaged=True, Status="in-use", Description="AWS Lambda VPC ENI",
                          Attachment={"AttachmentId": self.ids("ela-attach"), "DeviceIndex": 1,
                                      "Status": "attached", "InstanceOwnerId": "amazon-aws"})
        self.add("ec2:network-interface", vpc.region, record)
        if rng.random() < 0.03:  # a forgotten volume: waste
            self.volume(vpc.region, subnet["AvailabilityZone"], None)

    def instance(self, vpc: Vpc, subnet: Record, eni: Record, role: str) -> None:
        rng = self.rng
        instance = self.ids("i")
        attachment = {"AttachmentId": self.ids("eni-attach"), "DeviceIndex": 0, "InstanceId": instance,
                      "InstanceOwnerId": self.account, "Status": "attached", "AttachTime": self.when,
                      "DeleteOnTermination": True}
        eni.update(Status="in-use", Attachment=attachment, Description="Primary network interface")
        volume = self.volume(vpc.region, subnet["AvailabilityZone"], instance)
        running = rng.random() < 0.9
        public = (eni.get("Association") or {}).get("PublicIp")
        record: Record = {
            "InstanceId": instance, "InstanceType": rng.choice(INSTANCE_TYPES), "ImageId": "ami-0c0ffee0c0ffee000",
            "State": {"Code": 16, "Name": "running"} if running else {"Code": 80, "Name": "stopped"},
            "StateTransitionReason": "" if running else "User initiated (2026-01-05 10:00:00 GMT)",
            "SubnetId": subnet["SubnetId"], "VpcId": vpc.id, "PrivateIpAddress": eni["PrivateIpAddress"],
            "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "Tenancy": "default", "GroupName": ""},
            "SecurityGroups": [{"GroupId": g["GroupId"], "GroupName": g["GroupName"]} for g in eni["Groups"]],
            "NetworkInterfaces": [{**{k: v for k, v in eni.items() if k not in ("TagSet", "AvailabilityZoneId")},
                                   "Attachment": attachment}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": volume, "Status": "attached",
                                                                        "AttachTime": self.when,
                                                                        "DeleteOnTermination": True}}],
            "LaunchTime": self.when, "Architecture": "x86_64", "RootDeviceName": "/dev/xvda",
            "RootDeviceType": "ebs", "Monitoring": {"State": "disabled"}, "SourceDestCheck": True,
            "Tags": tags(f"{vpc.env}-{role}-{instance[-5:]}", vpc.env)}
        if public:
            record["PublicIpAddress"] = public
        if self.profiles and rng.random() < 0.3:
            profile = rng.choice(self.profiles)
            record["IamInstanceProfile"] = {"Arn": profile, "Id": "AIPA" + instance[-16:].upper()}
        self.add("ec2:instance", vpc.region, record)

    def volume(self, region: str, zone: str, instance: str | None) -> str:
        rng = self.rng
        volume = self.ids("vol")
        kind = rng.choices(("gp3", "gp2", "io1"), weights=(70, 25, 5))[0]
        size = rng.choice((8, 20, 50, 100, 500))
        record: Record = {
            "VolumeId": volume, "Size": size, "VolumeType": kind, "AvailabilityZone": zone, "CreateTime": self.when,
            "Encrypted": rng.random() < 0.8, "State": "in-use" if instance else "available",
            "Iops": 3000 if kind == "gp3" else max(100, size * 3) if kind == "gp2" else 1000,
            "Attachments": [{"InstanceId": instance, "VolumeId": volume, "Device": "/dev/xvda", "State": "attached",
                             "AttachTime": self.when, "DeleteOnTermination": True}] if instance else [],
            "Tags": tags(f"{volume}-data", "prod")}
        if kind == "gp3":
            record["Throughput"] = 125
        self.add("ec2:volume", region, record)
        return volume
