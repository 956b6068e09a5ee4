"""Rules as rows (issue 14, item 5): the smallest records of a security group, network ACL and
route table, read into the rows the detail view and ``awsx show`` print."""

from __future__ import annotations

from tui_fixture import ACCOUNT, REGION

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Resource
from awsx.reach.rule_rows import NaclRow, RouteRow, SecurityGroupRow, nacl_rows, rule_table, security_group_rows


def _resource(kind: str, resource_id: str, name: str, data: dict) -> Resource:
    kind_type = kind.split(":", 1)[1]
    return Resource(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind_type}/{resource_id}", kind=kind, id=resource_id,
                    name=name, account=ACCOUNT, region=REGION, tags={}, data=data)


def _estate(*resources: Resource) -> Estate:
    return Estate(list(resources), [], info=EstateInfo(source="test", crawled_at="2025-01-02T03:04:05Z"))


def test_every_peer_of_a_rule_is_a_row_with_the_name_of_a_referenced_group_or_prefix_list() -> None:
    """SG3: CIDRs of both families, prefix lists and groups; ports as the reach path writes them."""
    data = {"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                               "IpRanges": [{"CidrIp": "81.2.69.142/32", "Description": "admin home"}],
                               "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}],
                               "PrefixListIds": [{"PrefixListId": "pl-1"}],
                               "UserIdGroupPairs": [{"GroupId": "sg-2"}]}],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                                    {"IpProtocol": "udp", "FromPort": 1024, "ToPort": 65535,
                                     "UserIdGroupPairs": [{"GroupId": "sg-gone"}]}]}
    rows = security_group_rows(data, {"sg-2": "app-sg"}, {"pl-1": "office-cidrs"})
    assert rows == (
        SecurityGroupRow("ingress", "tcp", "22", "81.2.69.142/32", "", "admin home"),
        SecurityGroupRow("ingress", "tcp", "22", "2001:db8::/32", "", ""),
        SecurityGroupRow("ingress", "tcp", "22", "pl-1", "office-cidrs", ""),
        SecurityGroupRow("ingress", "tcp", "22", "sg-2", "app-sg", ""),
        SecurityGroupRow("egress", "all", "all", "0.0.0.0/0", "", ""),
        SecurityGroupRow("egress", "udp", "1024-65535", "sg-gone", "", ""),  # a name the estate lacks stays empty
    )


def test_nacl_entries_are_in_evaluation_order_and_each_direction_ends_with_the_implicit_deny() -> None:
    """NACL3 order (numbers, not listing order), NACL7 protocol names, NACL6 IPv6 CIDRs; the
    listed ``*`` entry (32767) is not doubled and moto's missing one is still shown."""
    data = {"Entries": [
        {"RuleNumber": 200, "Egress": False, "RuleAction": "allow", "Protocol": "17",
         "PortRange": {"From": 53, "To": 53}, "CidrBlock": "10.0.0.0/8"},
        {"RuleNumber": 100, "Egress": False, "RuleAction": "deny", "Protocol": "6",
         "PortRange": {"From": 22, "To": 22}, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 32767, "Egress": False, "RuleAction": "deny", "Protocol": "-1", "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 101, "Egress": True, "RuleAction": "allow", "Protocol": "-1", "Ipv6CidrBlock": "::/0"},
    ]}
    assert nacl_rows(data) == (
        NaclRow("100", "inbound", "deny", "tcp", "22", "0.0.0.0/0"),
        NaclRow("200", "inbound", "allow", "udp", "53", "10.0.0.0/8"),
        NaclRow("*", "inbound", "deny", "all", "all", "*"),
        NaclRow("101", "outbound", "allow", "all", "all", "::/0"),
        NaclRow("*", "outbound", "deny", "all", "all", "*"),
    )


def test_route_rows_name_prefix_lists_and_derive_blackholes_from_the_target() -> None:
    """RT4 destinations of every form; RT5: a route to an IGW not attached to the table's VPC is a
    blackhole even when the record (moto) says active."""
    table = _resource("ec2:route-table", "rtb-1", "public-rt", {"VpcId": "vpc-1", "Routes": [
        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active", "Origin": "CreateRouteTable"},
        {"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1", "State": "active", "Origin": "CreateRoute"},
        {"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1", "State": "active", "Origin": "CreateRoute"},
    ]})
    prefix_list = _resource("ec2:prefix-list", "pl-1", "com.amazonaws.eu-west-1.s3", {"Entries": []})
    igw = _resource("ec2:internet-gateway", "igw-1", "igw", {"Attachments": [{"VpcId": "vpc-2", "State": "available"}]})
    rules = rule_table(_estate(table, prefix_list, igw), table)
    assert rules is not None and rules.columns == ("destination", "destination_name", "target", "state", "origin")
    assert rules.rows == (
        RouteRow("10.0.0.0/16", "", "local", "active", "CreateRouteTable"),
        RouteRow("::/0", "", "igw-1", "blackhole (igw-1 is not attached to vpc-1)", "CreateRoute"),
        RouteRow("pl-1", "com.amazonaws.eu-west-1.s3", "vpce-1", "active", "CreateRoute"),
    )
    assert rules.to_json()[2] == {"destination": "pl-1", "destination_name": "com.amazonaws.eu-west-1.s3",
                                  "target": "vpce-1", "state": "active", "origin": "CreateRoute"}


def test_a_group_looks_up_names_in_its_estate_and_other_kinds_have_no_rule_table() -> None:
    group = _resource("ec2:security-group", "sg-1", "db-sg", {"IpPermissions": [
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": "sg-2"}]}]})
    app = _resource("ec2:security-group", "sg-2", "app-sg", {})
    vpc = _resource("ec2:vpc", "vpc-1", "prod", {})
    estate = _estate(group, app, vpc)
    rules = rule_table(estate, group)
    assert rules is not None and rules.cells() == [("ingress", "tcp", "5432", "sg-2", "app-sg", "")]
    assert rule_table(estate, app).rows == ()
    assert rule_table(estate, vpc) is None
