"""EC2: the network (VPCs .. prefix lists), instances, EBS volumes and own snapshots."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

_PRIVATE_IPS = ("PrivateIpAddresses[].PrivateIpAddress", "PrivateIpAddresses[].Association.PublicIp",
                "Ipv6Addresses[].Ipv6Address", "Association.PublicIp")

SPECS = (
    ResourceSpec(
        kind="ec2:availability-zone", service="ec2", operation="DescribeAvailabilityZones",
        items="AvailabilityZones", id="ZoneName", arn_type="availability-zone",
        tags=None, title="Availability zones", aliases=("az", "zone"),
        columns=columns(col("Zone id", "data.ZoneId"), col("State", "data.State")),
    ),
    ResourceSpec(
        kind="ec2:vpc", service="ec2", operation="DescribeVpcs", items="Vpcs", id="VpcId",
        arn_type="vpc", title="VPCs", aliases=("vpc",),
        columns=columns(col("CIDR", "data.CidrBlock"), col("Default", "data.IsDefault"), col("State", "data.State")),
    ),
    ResourceSpec(
        kind="ec2:subnet", service="ec2", operation="DescribeSubnets", items="Subnets", id="SubnetId",
        arn="SubnetArn", title="Subnets", aliases=("subnet", "sn"),
        columns=columns(col("VPC", "data.VpcId"), col("CIDR", "data.CidrBlock"),
                        col("AZ", "data.AvailabilityZone"), col("AZ id", "data.AvailabilityZoneId"),
                        col("Public IP on launch", "data.MapPublicIpOnLaunch")),
    ),
    ResourceSpec(
        kind="ec2:network-interface", service="ec2", operation="DescribeNetworkInterfaces",
        items="NetworkInterfaces", id="NetworkInterfaceId", arn_type="network-interface",
        tags="TagSet", ips=_PRIVATE_IPS, title="Network interfaces", aliases=("eni", "ni"),
        columns=columns(col("Private IP", "data.PrivateIpAddress"), col("Public IP", "data.Association.PublicIp"),
                        col("Subnet", "data.SubnetId"), col("Type", "data.InterfaceType"),
                        col("Status", "data.Status"), col("Attached to", "data.Attachment.InstanceId")),
    ),
    ResourceSpec(
        kind="ec2:security-group", service="ec2", operation="DescribeSecurityGroups",
        items="SecurityGroups", id="GroupId", name="GroupName", arn_type="security-group",
        title="Security groups", aliases=("sg", "securitygroup"),
        columns=columns(col("VPC", "data.VpcId"), col("Description", "data.Description")),
    ),
    ResourceSpec(
        kind="ec2:network-acl", service="ec2", operation="DescribeNetworkAcls", items="NetworkAcls",
        id="NetworkAclId", arn_type="network-acl", title="Network ACLs", aliases=("nacl", "acl"),
        columns=columns(col("VPC", "data.VpcId"), col("Default", "data.IsDefault")),
    ),
    ResourceSpec(
        kind="ec2:route-table", service="ec2", operation="DescribeRouteTables", items="RouteTables",
        id="RouteTableId", arn_type="route-table", title="Route tables", aliases=("rt", "rtb"),
        columns=columns(col("VPC", "data.VpcId")),
    ),
    ResourceSpec(
        kind="ec2:internet-gateway", service="ec2", operation="DescribeInternetGateways",
        items="InternetGateways", id="InternetGatewayId", arn_type="internet-gateway",
        title="Internet gateways", aliases=("igw",),
        columns=columns(col("Attachments", "data.Attachments")),
    ),
    ResourceSpec(
        kind="ec2:egress-only-internet-gateway", service="ec2", operation="DescribeEgressOnlyInternetGateways",
        items="EgressOnlyInternetGateways", id="EgressOnlyInternetGatewayId",
        arn_type="egress-only-internet-gateway", title="Egress-only internet gateways", aliases=("eigw",),
        columns=columns(col("Attachments", "data.Attachments")),
    ),
    ResourceSpec(
        kind="ec2:nat-gateway", service="ec2", operation="DescribeNatGateways", items="NatGateways",
        id="NatGatewayId", arn_type="natgateway", ips=("NatGatewayAddresses[].PrivateIp", "NatGatewayAddresses[].PublicIp"),
        title="NAT gateways", aliases=("nat", "natgw"),
        columns=columns(col("VPC", "data.VpcId"), col("Subnet", "data.SubnetId"), col("State", "data.State"),
                        col("Connectivity", "data.ConnectivityType")),
    ),
    ResourceSpec(
        kind="ec2:elastic-ip", service="ec2", operation="DescribeAddresses", items="Addresses",
        id="AllocationId", name="PublicIp", arn_type="elastic-ip", ips=("PublicIp", "PrivateIpAddress"),
        title="Elastic IPs", aliases=("eip", "address"),
        columns=columns(col("Public IP", "data.PublicIp"), col("Instance", "data.InstanceId"),
                        col("ENI", "data.NetworkInterfaceId"), col("Association", "data.AssociationId")),
    ),
    ResourceSpec(
        kind="ec2:vpc-peering-connection", service="ec2", operation="DescribeVpcPeeringConnections",
        items="VpcPeeringConnections", id="VpcPeeringConnectionId", arn_type="vpc-peering-connection",
        home_region="RequesterVpcInfo.Region",
        title="VPC peering connections", aliases=("pcx", "peering"),
        columns=columns(col("Requester", "data.RequesterVpcInfo.VpcId"), col("Accepter", "data.AccepterVpcInfo.VpcId"),
                        col("Accepter region", "data.AccepterVpcInfo.Region"), col("Status", "data.Status.Code")),
    ),
    ResourceSpec(
        kind="ec2:transit-gateway", service="ec2", operation="DescribeTransitGateways", items="TransitGateways",
        id="TransitGatewayId", arn="TransitGatewayArn", title="Transit gateways", aliases=("tgw",),
        columns=columns(col("State", "data.State"), col("ASN", "data.Options.AmazonSideAsn")),
    ),
    ResourceSpec(
        kind="ec2:transit-gateway-attachment", service="ec2", operation="DescribeTransitGatewayAttachments",
        items="TransitGatewayAttachments", id="TransitGatewayAttachmentId", arn_type="transit-gateway-attachment",
        title="Transit gateway attachments", aliases=("tgwa", "tgw-attachment"),
        columns=columns(col("TGW", "data.TransitGatewayId"), col("Type", "data.ResourceType"),
                        col("Resource", "data.ResourceId"), col("State", "data.State")),
    ),
    ResourceSpec(
        kind="ec2:transit-gateway-route-table", service="ec2", operation="DescribeTransitGatewayRouteTables",
        items="TransitGatewayRouteTables", id="TransitGatewayRouteTableId",
        arn_type="transit-gateway-route-table", title="Transit gateway route tables", aliases=("tgw-rtb", "tgwrt"),
        columns=columns(col("TGW", "data.TransitGatewayId"), col("Default association", "data.DefaultAssociationRouteTable")),
    ),
    ResourceSpec(
        kind="ec2:vpc-endpoint", service="ec2", operation="DescribeVpcEndpoints", items="VpcEndpoints",
        id="VpcEndpointId", arn_type="vpc-endpoint", title="VPC endpoints", aliases=("vpce", "endpoint"),
        columns=columns(col("Type", "data.VpcEndpointType"), col("VPC", "data.VpcId"),
                        col("State", "data.State"), col("Service", "data.ServiceName")),
    ),
    ResourceSpec(
        kind="ec2:prefix-list", service="ec2", operation="DescribeManagedPrefixLists", items="PrefixLists",
        id="PrefixListId", arn="PrefixListArn", name="PrefixListName", title="Managed prefix lists",
        aliases=("pl", "prefix-list"),
        columns=columns(col("Owner", "data.OwnerId"), col("Family", "data.AddressFamily"), col("Max entries", "data.MaxEntries")),
    ),
    ResourceSpec(
        kind="ec2:instance", service="ec2", operation="DescribeInstances", items="Reservations[].Instances[]",
        id="InstanceId", arn_type="instance",
        ips=("PrivateIpAddress", "PublicIpAddress", "NetworkInterfaces[].PrivateIpAddresses[].PrivateIpAddress",
             "NetworkInterfaces[].Ipv6Addresses[].Ipv6Address"),
        title="EC2 instances", aliases=("ec2", "instance", "i"),
        columns=columns(col("Type", "data.InstanceType"), col("State", "data.State.Name"),
                        col("Private IP", "data.PrivateIpAddress"), col("Public IP", "data.PublicIpAddress"),
                        col("Subnet", "data.SubnetId"), col("Launched", "data.LaunchTime")),
    ),
    ResourceSpec(
        kind="ec2:volume", service="ec2", operation="DescribeVolumes", items="Volumes", id="VolumeId",
        arn_type="volume", title="EBS volumes", aliases=("ebs", "volume", "vol"),
        columns=columns(col("Type", "data.VolumeType"), col("Size GiB", "data.Size"), col("IOPS", "data.Iops"),
                        col("State", "data.State"), col("AZ", "data.AvailabilityZone")),
    ),
    ResourceSpec(
        # Own snapshots only: public and shared snapshots are not this estate's.
        kind="ec2:snapshot", service="ec2", operation="DescribeSnapshots", items="Snapshots", id="SnapshotId",
        params={"OwnerIds": ["self"]}, arn_template="arn:{partition}:ec2:{region}::{type}/{id}",
        arn_type="snapshot", title="EBS snapshots", aliases=("snap", "snapshot"),
        columns=columns(col("Volume", "data.VolumeId"), col("Size GiB", "data.VolumeSize"),
                        col("Started", "data.StartTime"), col("State", "data.State")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        # The subnets (one per AZ) a VPC attachment uses: TGW AZ coverage (reachability.md §10).
        kind="ec2:transit-gateway-attachment", service="ec2", operation="DescribeTransitGatewayVpcAttachments",
        params={"TransitGatewayAttachmentIds": "[@id]"}, into="VpcAttachment",
        result="TransitGatewayVpcAttachments[0]", when="ResourceType == 'vpc'",
    ),
    Enrichment(
        kind="ec2:prefix-list", service="ec2", operation="GetManagedPrefixListEntries",
        params={"PrefixListId": "@id"}, into="Entries", result="Entries",
    ),
    Enrichment(
        kind="ec2:transit-gateway-route-table", service="ec2", operation="GetTransitGatewayRouteTableAssociations",
        params={"TransitGatewayRouteTableId": "@id"}, into="Associations", result="Associations",
    ),
    Enrichment(
        kind="ec2:transit-gateway-route-table", service="ec2", operation="GetTransitGatewayRouteTablePropagations",
        params={"TransitGatewayRouteTableId": "@id"}, into="Propagations",
        result="TransitGatewayRouteTablePropagations",
    ),
    Enrichment(
        # Static and propagated routes; moto returns static ones only (reachability.md §18).
        kind="ec2:transit-gateway-route-table", service="ec2", operation="SearchTransitGatewayRoutes",
        params={"TransitGatewayRouteTableId": "@id"}, into="Routes", result="Routes",
        static_params={"Filters": [{"Name": "type", "Values": ["static", "propagated"]}]},
    ),
)

_ROUTE_TARGETS = ("GatewayId", "NatGatewayId", "VpcPeeringConnectionId", "TransitGatewayId",
                  "NetworkInterfaceId", "InstanceId", "EgressOnlyInternetGatewayId", "LocalGatewayId",
                  "CarrierGatewayId")
_ROUTE_ATTRS = ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId", "State", "Origin")

EDGES = (
    EdgeRule("ec2:subnet", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:security-group", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:security-group", R.REFERENCES_SECURITY_GROUP,
             "[IpPermissions, IpPermissionsEgress][][].UserIdGroupPairs[].GroupId"),
    EdgeRule("ec2:security-group", R.USES_PREFIX_LIST,
             "[IpPermissions, IpPermissionsEgress][][].PrefixListIds[].PrefixListId"),
    EdgeRule("ec2:network-acl", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:network-acl", R.ASSOCIATED_WITH, "Associations[].SubnetId"),
    EdgeRule("ec2:route-table", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:route-table", R.ASSOCIATED_WITH, "Associations[].SubnetId"),
    EdgeRule("ec2:route-table", R.ASSOCIATED_WITH, "Associations[].GatewayId"),
    EdgeRule("ec2:route-table", R.ROUTES_TO, refs=_ROUTE_TARGETS, each="Routes", attrs=_ROUTE_ATTRS),
    EdgeRule("ec2:route-table", R.USES_PREFIX_LIST, "Routes[].DestinationPrefixListId"),
    EdgeRule("ec2:internet-gateway", R.ATTACHED_TO, "Attachments[].VpcId"),
    EdgeRule("ec2:egress-only-internet-gateway", R.ATTACHED_TO, "Attachments[].VpcId"),
    EdgeRule("ec2:nat-gateway", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:nat-gateway", R.IN_SUBNET, "SubnetId"),
    EdgeRule("ec2:nat-gateway", R.HAS_NETWORK_INTERFACE, "NatGatewayAddresses[].NetworkInterfaceId"),
    EdgeRule("ec2:elastic-ip", R.ATTACHED_TO, "NetworkInterfaceId"),
    EdgeRule("ec2:elastic-ip", R.ATTACHED_TO, "InstanceId"),
    EdgeRule("ec2:vpc-peering-connection", R.PEERS_WITH, "RequesterVpcInfo.VpcId"),
    EdgeRule("ec2:vpc-peering-connection", R.PEERS_WITH, "AccepterVpcInfo.VpcId"),
    EdgeRule("ec2:transit-gateway-attachment", R.ATTACHED_TO, "TransitGatewayId"),
    EdgeRule("ec2:transit-gateway-attachment", R.ASSOCIATED_WITH, "ResourceId"),
    EdgeRule("ec2:transit-gateway-attachment", R.IN_SUBNET, "VpcAttachment.SubnetIds[]"),
    EdgeRule("ec2:transit-gateway-route-table", R.ATTACHED_TO, "TransitGatewayId"),
    EdgeRule("ec2:transit-gateway-route-table", R.ASSOCIATED_WITH, "Associations[].TransitGatewayAttachmentId",
             reverse=True),
    EdgeRule("ec2:transit-gateway-route-table", R.PROPAGATES_TO, "Propagations[].TransitGatewayAttachmentId",
             reverse=True),
    EdgeRule("ec2:transit-gateway-route-table", R.ROUTES_TO,
             "TransitGatewayAttachments[].TransitGatewayAttachmentId", each="Routes",
             attrs=("DestinationCidrBlock", "PrefixListId", "State", "Type")),
    EdgeRule("ec2:vpc-endpoint", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:vpc-endpoint", R.IN_SUBNET, "SubnetIds[]"),
    EdgeRule("ec2:vpc-endpoint", R.MEMBER_OF_SECURITY_GROUP, "Groups[].GroupId"),
    EdgeRule("ec2:vpc-endpoint", R.ASSOCIATED_WITH, "RouteTableIds[]"),
    EdgeRule("ec2:vpc-endpoint", R.HAS_NETWORK_INTERFACE, "NetworkInterfaceIds[]"),
    EdgeRule("ec2:network-interface", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:network-interface", R.IN_SUBNET, "SubnetId"),
    EdgeRule("ec2:network-interface", R.MEMBER_OF_SECURITY_GROUP, "Groups[].GroupId"),
    EdgeRule("ec2:network-interface", R.ATTACHED_TO, "Attachment.InstanceId"),
    EdgeRule("ec2:instance", R.IN_VPC, "VpcId"),
    EdgeRule("ec2:instance", R.IN_SUBNET, "SubnetId"),
    EdgeRule("ec2:instance", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroups[].GroupId"),
    EdgeRule("ec2:instance", R.HAS_INSTANCE_PROFILE, "IamInstanceProfile.Arn", by="arn"),
    EdgeRule("ec2:volume", R.ATTACHED_TO, "Attachments[].InstanceId"),
    EdgeRule("ec2:snapshot", R.SNAPSHOT_OF, "VolumeId"),
)
