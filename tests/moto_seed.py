"""A small vocabulary for seeding reachability cases into the test moto server: VPCs, subnets
by AZ letter, route tables, groups and instances, remembered by name in ``Seeder.ids``."""

from __future__ import annotations

import boto3

AMI = "ami-0c0ffee0c0ffee000"


def tcp(port, **peer):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **peer}


class Seeder:
    """Builds one case estate through boto3 against the moto server; every id it creates is
    remembered under the name the test gives it."""

    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint = endpoint
        self.region = region  # where everything goes unless a call names another Region
        self.ids: dict[str, str] = {}

    def client(self, service: str, region: str | None = None):
        return boto3.client(service, region_name=region or self.region, endpoint_url=self.endpoint,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def vpc(self, name: str, cidr: str, region: str | None = None) -> str:
        self.ids[name] = self.client("ec2", region).create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
        return self.ids[name]

    def subnet(self, name: str, vpc: str, cidr: str, zone: str = "a", region: str | None = None) -> str:
        self.ids[name] = self.client("ec2", region).create_subnet(
            VpcId=self.ids[vpc], CidrBlock=cidr, AvailabilityZone=f"{region or self.region}{zone}")["Subnet"]["SubnetId"]
        return self.ids[name]

    def table(self, name: str, vpc: str, subnets: list[str], routes: list[dict], region: str | None = None) -> str:
        ec2 = self.client("ec2", region)
        rtb = self.ids[name] = ec2.create_route_table(VpcId=self.ids[vpc])["RouteTable"]["RouteTableId"]
        for route in routes:
            ec2.create_route(RouteTableId=rtb, **route)
        for subnet in subnets:
            ec2.associate_route_table(RouteTableId=rtb, SubnetId=self.ids[subnet])
        return rtb

    def group(self, name: str, vpc: str, *rules: dict, region: str | None = None) -> str:
        ec2 = self.client("ec2", region)
        gid = self.ids[name] = ec2.create_security_group(GroupName=name, Description=name,
                                                         VpcId=self.ids[vpc])["GroupId"]
        if rules:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(rules))
        return gid

    def instance(self, name: str, subnet: str, ip: str, group: str, region: str | None = None) -> str:
        launched = self.client("ec2", region).run_instances(
            ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=self.ids[subnet], PrivateIpAddress=ip,
            SecurityGroupIds=[self.ids[group]])["Instances"][0]
        self.ids[name] = launched["InstanceId"]
        return self.ids[name]

    def peering(self, name: str, vpc: str, peer: str, accept: bool = True, peer_region: str | None = None) -> str:
        ec2 = self.client("ec2")
        answer = ec2.create_vpc_peering_connection(VpcId=self.ids[vpc], PeerVpcId=self.ids[peer],
                                                   PeerRegion=peer_region or self.region)
        pcx = self.ids[name] = answer["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        if accept:
            self.client("ec2", peer_region).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        return pcx
