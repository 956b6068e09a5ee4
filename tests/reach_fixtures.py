"""Small hand-built estates for the reachability engine's unit tests: each test builds the
smallest network that shows its rule, with records shaped like the real Describe* answers."""

from __future__ import annotations

from typing import Any

from awsx.graph import Estate
from awsx.inventory.edges import assemble
from awsx.model import Resource

ACCOUNT = "111122223333"
ALL_TRAFFIC = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [],
                "UserIdGroupPairs": []}]


def tcp(port: int, to: int | None = None, *, cidr: str | None = None, v6: str | None = None, group: str | None = None,
        prefix_list: str | None = None, protocol: str = "tcp") -> dict[str, Any]:
    """One SG rule (IpPermissions shape)."""
    return {"IpProtocol": protocol, "FromPort": port, "ToPort": to if to is not None else port,
            "IpRanges": [{"CidrIp": cidr}] if cidr else [], "Ipv6Ranges": [{"CidrIpv6": v6}] if v6 else [],
            "PrefixListIds": [{"PrefixListId": prefix_list}] if prefix_list else [],
            "UserIdGroupPairs": [{"GroupId": group, "UserId": ACCOUNT}] if group else []}


def acl(number: int, action: str, cidr: str, low: int | None = None, high: int | None = None, *, egress: bool = False,
        protocol: str = "6") -> dict[str, Any]:
    """One NACL entry; without ports it covers every port (protocol -1)."""
    entry: dict[str, Any] = {"RuleNumber": number, "RuleAction": action, "Egress": egress, "CidrBlock": cidr,
                             "Protocol": protocol if low is not None else "-1"}
    if low is not None:
        entry["PortRange"] = {"From": low, "To": high if high is not None else low}
    return entry


OPEN_NACL = [acl(100, "allow", "0.0.0.0/0"), acl(100, "allow", "0.0.0.0/0", egress=True)]


class Builder:
    def __init__(self, region: str = "us-east-1") -> None:
        self.region = region
        self.resources: list[Resource] = []

    def _add(self, kind: str, rtype: str, rid: str, data: dict[str, Any], name: str = "", region: str | None = None,
             arn: str | None = None) -> str:
        region = region or self.region
        service = kind.split(":")[0]
        self.resources.append(Resource(arn or f"arn:aws:{service}:{region}:{ACCOUNT}:{rtype}/{rid}", kind, rid, name or rid,
                                       ACCOUNT, region, {}, data))
        return rid

    # -- network
    def vpc(self, vid: str, cidr: str, region: str | None = None, nacl: bool = True) -> str:
        self._add("ec2:vpc", "vpc", vid, {"VpcId": vid, "CidrBlock": cidr, "State": "available",
                                            "CidrBlockAssociationSet": [{"CidrBlock": cidr, "CidrBlockState": {"State": "associated"}}]},
                  region=region)
        if nacl:  # every VPC has a default NACL (NACL1) that allows everything
            self._add("ec2:network-acl", "network-acl", f"acl-default-{vid}", {
                "NetworkAclId": f"acl-default-{vid}", "VpcId": vid, "IsDefault": True, "Associations": [],
                "Entries": OPEN_NACL + [acl(32767, "deny", "0.0.0.0/0"), acl(32767, "deny", "0.0.0.0/0", egress=True)]},
                region=region)
        return vid

    def subnet(self, sid: str, vpc: str, cidr: str, az: str = "us-east-1a", region: str | None = None) -> str:
        return self._add("ec2:subnet", "subnet", sid, {"SubnetId": sid, "VpcId": vpc, "CidrBlock": cidr,
                                                       "AvailabilityZone": az, "State": "available"}, region=region)

    def route_table(self, rid: str, vpc: str, vpc_cidr: str, routes: list[dict[str, Any]] = (), subnets: tuple = (),
                    main: bool = False, region: str | None = None) -> str:
        associations = [{"RouteTableId": rid, "SubnetId": s, "Main": False, "AssociationState": {"State": "associated"}}
                        for s in subnets]
        if main:
            associations.append({"RouteTableId": rid, "Main": True, "AssociationState": {"State": "associated"}})
        local = {"DestinationCidrBlock": vpc_cidr, "GatewayId": "local", "State": "active"}
        return self._add("ec2:route-table", "route-table", rid, {"RouteTableId": rid, "VpcId": vpc,
                                                                 "Associations": associations,
                                                                 "Routes": [local, *[{"State": "active", **r} for r in routes]]},
                         region=region)

    def nacl(self, nid: str, vpc: str, entries: list[dict[str, Any]], subnets: tuple = ()) -> str:
        return self._add("ec2:network-acl", "network-acl", nid, {
            "NetworkAclId": nid, "VpcId": vpc, "IsDefault": False, "Entries": entries,
            "Associations": [{"NetworkAclId": nid, "SubnetId": s} for s in subnets]})

    def sg(self, gid: str, vpc: str, ingress: list[dict[str, Any]] = (), egress: list[dict[str, Any]] | None = None,
           region: str | None = None) -> str:
        return self._add("ec2:security-group", "security-group", gid, {
            "GroupId": gid, "GroupName": gid, "VpcId": vpc, "IpPermissions": list(ingress),
            "IpPermissionsEgress": ALL_TRAFFIC if egress is None else list(egress)}, region=region)

    def eni(self, eid: str, subnet: str, vpc: str, ip: str, groups: tuple = (), public: str | None = None,
            instance: str | None = None, status: str = "in-use", source_dest_check: bool = True,
            az: str = "us-east-1a", region: str | None = None, secondary: tuple = (), ipv6: tuple = ()) -> str:
        data: dict[str, Any] = {
            "NetworkInterfaceId": eid, "SubnetId": subnet, "VpcId": vpc, "AvailabilityZone": az,
            "PrivateIpAddress": ip, "Status": status, "SourceDestCheck": source_dest_check, "InterfaceType": "interface",
            "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": True}] + [{"PrivateIpAddress": s, "Primary": False} for s in secondary],
            "Groups": [{"GroupId": g} for g in groups], "Ipv6Addresses": [{"Ipv6Address": a} for a in ipv6]}
        if public:
            data["Association"] = {"PublicIp": public}
        if status == "in-use":
            data["Attachment"] = {"Status": "attached", "DeviceIndex": 0, **({"InstanceId": instance} if instance else {})}
        return self._add("ec2:network-interface", "network-interface", eid, data, region=region)

    def instance(self, iid: str, enis: list[tuple[str, str]], name: str = "") -> str:
        """enis: (eni id, subnet id) pairs, primary first."""
        return self._add("ec2:instance", "instance", iid, {
            "InstanceId": iid, "State": {"Name": "running"},
            "NetworkInterfaces": [{"NetworkInterfaceId": e, "SubnetId": s, "Attachment": {"DeviceIndex": i}}
                                  for i, (e, s) in enumerate(enis)]}, name=name)

    def igw(self, gid: str, vpc: str | None) -> str:
        return self._add("ec2:internet-gateway", "internet-gateway", gid, {
            "InternetGatewayId": gid, "Attachments": [{"VpcId": vpc, "State": "available"}] if vpc else []})

    def nat(self, nid: str, subnet: str, vpc: str, private: str, public: str | None = "198.51.100.50",
            connectivity: str = "public") -> str:
        return self._add("ec2:nat-gateway", "natgateway", nid, {
            "NatGatewayId": nid, "SubnetId": subnet, "VpcId": vpc, "State": "available", "ConnectivityType": connectivity,
            "NatGatewayAddresses": [{"PrivateIp": private, **({"PublicIp": public} if public else {}),
                                     "NetworkInterfaceId": f"eni-{nid}"}]})

    def peering(self, pid: str, requester: tuple[str, str, str], accepter: tuple[str, str, str], status: str = "active") -> str:
        """requester/accepter: (vpc id, cidr, region)."""
        def info(side: tuple[str, str, str]) -> dict[str, Any]:
            return {"VpcId": side[0], "CidrBlock": side[1], "Region": side[2], "OwnerId": ACCOUNT}
        return self._add("ec2:vpc-peering-connection", "vpc-peering-connection", pid, {
            "VpcPeeringConnectionId": pid, "RequesterVpcInfo": info(requester), "AccepterVpcInfo": info(accepter),
            "Status": {"Code": status}})

    def prefix_list(self, pid: str, cidrs: list[str], name: str = "") -> str:
        return self._add("ec2:prefix-list", "prefix-list", pid, {
            "PrefixListId": pid, "PrefixListName": name or pid, "Entries": [{"Cidr": c} for c in cidrs]}, name=name or pid)

    def gateway_endpoint(self, vid: str, vpc: str, service: str, tables: list[str]) -> str:
        return self._add("ec2:vpc-endpoint", "vpc-endpoint", vid, {
            "VpcEndpointId": vid, "VpcId": vpc, "VpcEndpointType": "Gateway", "ServiceName": service,
            "RouteTableIds": tables, "State": "available", "NetworkInterfaceIds": [], "SubnetIds": [], "Groups": []})

    def transit_gateway(self, tid: str, referencing: bool = False) -> str:
        options = {"SecurityGroupReferencingSupport": "enable"} if referencing else {}
        return self._add("ec2:transit-gateway", "transit-gateway", tid, {"TransitGatewayId": tid, "State": "available",
                                                                         "Options": options})

    def tgw_attachment(self, aid: str, tgw: str, vpc: str, subnets: list[str]) -> str:
        return self._add("ec2:transit-gateway-attachment", "transit-gateway-attachment", aid, {
            "TransitGatewayAttachmentId": aid, "TransitGatewayId": tgw, "ResourceId": vpc, "ResourceType": "vpc",
            "State": "available", "VpcAttachment": {"SubnetIds": subnets, "VpcId": vpc}})

    def tgw_route_table(self, rid: str, tgw: str, associations: list[str], propagations: list[str],
                        routes: list[dict[str, Any]] = ()) -> str:
        return self._add("ec2:transit-gateway-route-table", "transit-gateway-route-table", rid, {
            "TransitGatewayRouteTableId": rid, "TransitGatewayId": tgw,
            "Associations": [{"TransitGatewayAttachmentId": a, "State": "associated"} for a in associations],
            "Propagations": [{"TransitGatewayAttachmentId": a, "State": "enabled"} for a in propagations],
            "Routes": list(routes)})

    def load_balancer(self, name: str, vpc: str, zones: list[tuple[str, str]], groups: list[str],
                      scheme: str = "internet-facing", lb_type: str = "application") -> str:
        arn = f"arn:aws:elasticloadbalancing:{self.region}:{ACCOUNT}:loadbalancer/app/{name}/1"
        self._add("elbv2:load-balancer", "loadbalancer", name, {
            "LoadBalancerArn": arn, "LoadBalancerName": name, "VpcId": vpc, "Scheme": scheme, "Type": lb_type,
            "SecurityGroups": groups, "AvailabilityZones": [{"SubnetId": s, "ZoneName": z} for s, z in zones]}, arn=arn)
        return arn

    def listener(self, lb_arn: str, port: int, target_group: str | None, protocol: str = "HTTP") -> str:
        arn = f"{lb_arn.replace(':loadbalancer/', ':listener/')}/{port}"
        actions = [{"Type": "forward", "TargetGroupArn": target_group}] if target_group else []
        return self._add("elbv2:listener", "listener", arn, {"ListenerArn": arn, "LoadBalancerArn": lb_arn,
                                                             "Port": port, "Protocol": protocol,
                                                             "DefaultActions": actions}, arn=arn)

    def target_group(self, name: str, vpc: str, port: int, targets: list[tuple[str, int]]) -> str:
        arn = f"arn:aws:elasticloadbalancing:{self.region}:{ACCOUNT}:targetgroup/{name}/1"
        self._add("elbv2:target-group", "targetgroup", name, {
            "TargetGroupArn": arn, "TargetGroupName": name, "VpcId": vpc, "Port": port, "Protocol": "HTTP",
            "TargetType": "instance",
            "TargetHealthDescriptions": [{"Target": {"Id": t, "Port": p}, "TargetHealth": {"State": "healthy"}}
                                         for t, p in targets]}, arn=arn)
        return arn

    def database(self, did: str, vpc: str, subnets: list[tuple[str, str]], groups: list[str], az: str,
                 public: bool = False, port: int = 5432) -> str:
        group = {"DBSubnetGroupName": f"{did}-subnets", "VpcId": vpc,
                 "Subnets": [{"SubnetIdentifier": s, "SubnetAvailabilityZone": {"Name": z}} for s, z in subnets]}
        return self._add("rds:db-instance", "db", did, {
            "DBInstanceIdentifier": did, "AvailabilityZone": az, "DBSubnetGroup": group, "PubliclyAccessible": public,
            "VpcSecurityGroups": [{"VpcSecurityGroupId": g, "Status": "active"} for g in groups],
            "Endpoint": {"Port": port}}, arn=f"arn:aws:rds:{self.region}:{ACCOUNT}:db:{did}")

    def eigw(self, gid: str, vpc: str) -> str:
        return self._add("ec2:egress-only-internet-gateway", "egress-only-internet-gateway", gid, {
            "EgressOnlyInternetGatewayId": gid, "Attachments": [{"VpcId": vpc, "State": "attached"}]})

    def build(self) -> Estate:
        resources, edges, dangling = assemble(self.resources)
        return Estate(resources, edges, [], dangling)


def two_tier(**changes: Any) -> Builder:
    """The reference shape: VPC 10.0.0.0/16 with an IGW; public subnet 10.0.0.0/24 (route to the
    IGW) holding `web` (10.0.0.10, public 54.1.1.10) and a NAT gateway; private subnet
    10.0.1.0/24 (route to the NAT) holding `app` (10.0.1.10) and `app2` (10.0.1.20).
    web-sg admits 443 from anywhere, app-sg admits 8080 from web-sg. Default NACL allows all."""
    b = Builder()
    b.vpc("vpc-1", "10.0.0.0/16")
    b.subnet("subnet-public", "vpc-1", "10.0.0.0/24")
    b.subnet("subnet-private", "vpc-1", "10.0.1.0/24")
    b.igw("igw-1", "vpc-1")
    b.nat("nat-1", "subnet-public", "vpc-1", "10.0.0.5")
    b.route_table("rtb-main", "vpc-1", "10.0.0.0/16", main=True)
    b.route_table("rtb-public", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}],
                  subnets=("subnet-public",))
    b.route_table("rtb-private", "vpc-1", "10.0.0.0/16", [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}],
                  subnets=("subnet-private",))
    b.sg("sg-web", "vpc-1", [tcp(443, cidr="0.0.0.0/0")])
    b.sg("sg-app", "vpc-1", [tcp(8080, group="sg-web")])
    b.eni("eni-web", "subnet-public", "vpc-1", "10.0.0.10", ("sg-web",), public="54.1.1.10", instance="i-web")
    b.instance("i-web", [("eni-web", "subnet-public")], name="web")
    b.eni("eni-app", "subnet-private", "vpc-1", "10.0.1.10", ("sg-app",), instance="i-app")
    b.instance("i-app", [("eni-app", "subnet-private")], name="app")
    b.eni("eni-app2", "subnet-private", "vpc-1", "10.0.1.20", ("sg-app",))
    return b
