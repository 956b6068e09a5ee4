"""awsx's estate in Cartography's graph schema, as data: for each awsx kind the node labels, the
property Cartography keys it by (``id``) and the properties it carries; for each awsx edge the
relationship type and direction Cartography draws. ``awsx export --format neo4j|cypher``
(awsx/store/cypher_export.py) builds every statement from this table, and the README's mapping
table is generated from it (a test compares them).

Why Cartography's schema: Cypher over its labels is what AWS security graphs share (Cartography's
own analysis jobs, Prowler's attack-path queries), so a graph awsx writes answers those queries and
can sit beside a Cartography sync of the same accounts (same label, same ``id``: the same node).

Every label and relationship type below is read from Cartography's models (cartography-cncf/
cartography, ``cartography/models/aws/...``, cited per entry). Cartography is renaming its AWS
labels (``EC2Instance`` -> ``AWSEC2Instance``, the old one kept as an extra label until v1.0): the
first label here is the one its queries and Prowler's use today, the second the new one. What
Cartography has no name for gets an ``Awsx`` label (``AwsxEc2RouteTable``, keyed by ARN) or an
``AWSX_`` relationship (``AWSX_ROUTES_TO``): nothing here is invented in Cartography's name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from awsx.core.model import Relation, Resource

MODELS = "cartography-cncf/cartography cartography/models/aws/"


@dataclass(frozen=True, slots=True)
class Prop:
    """A node or relationship property: its name in the graph, where its value comes from (a
    Resource attribute such as ``arn``, or a dotted path into the record, ``State.Name``) and its
    type as an embedded engine declares it (STRING, INT64, DOUBLE, BOOLEAN, STRING[])."""

    name: str
    field: str = ""
    type: str = "STRING"

    def value(self, resource: Resource) -> Any:
        return field_value(resource, self.field or self.name)


@dataclass(frozen=True, slots=True)
class NodeSchema:
    """How one awsx kind becomes a node. ``labels[0]`` is the label MERGE matches on (an embedded
    engine's table); the others are added beside it. ``key`` fills Cartography's ``id``."""

    labels: tuple[str, ...]
    key: str
    props: tuple[Prop, ...] = ()
    model: str = ""  # the Cartography file that defines it

    @property
    def label(self) -> str:
        return self.labels[0]


@dataclass(frozen=True, slots=True)
class RelSchema:
    """How one awsx edge becomes a relationship; ``reverse``: Cartography draws it the other way
    (``(:AWSVpc)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:EC2SecurityGroup)`` for a group IN_VPC)."""

    type: str
    reverse: bool = False
    model: str = ""
    props: tuple[Prop, ...] = ()  # what the relationship carries besides lastupdated


def field_value(resource: Resource, path: str) -> Any:
    """``arn``, ``id``, ``name``, ``region`` are the Resource's own; anything else is read from its
    record, one key per dot (None where a step is missing)."""
    if path in ("arn", "id", "name", "region", "account"):
        return getattr(resource, path)
    value: Any = resource.data
    for step in path.split("."):
        value = value.get(step) if isinstance(value, dict) else None
    return value


# --- nodes ---------------------------------------------------------------------------------------

NODES: dict[str, NodeSchema] = {
    "ec2:instance": NodeSchema(("EC2Instance", "AWSEC2Instance"), "id", (
        Prop("instanceid", "InstanceId"), Prop("instancetype", "InstanceType"), Prop("state", "State.Name"),
        Prop("publicipaddress", "PublicIpAddress"), Prop("privateipaddress", "PrivateIpAddress"),
    ), "ec2/instances.py"),
    "ec2:network-interface": NodeSchema(("NetworkInterface", "AWSNetworkInterface"), "id", (
        Prop("private_ip_address", "PrivateIpAddress"), Prop("interface_type", "InterfaceType"), Prop("status", "Status"),
    ), "ec2/networkinterfaces.py"),
    "ec2:security-group": NodeSchema(("EC2SecurityGroup", "AWSEC2SecurityGroup"), "id", (
        Prop("groupid", "GroupId"), Prop("description", "Description"),
    ), "ec2/security_groups.py"),
    "ec2:subnet": NodeSchema(("EC2Subnet", "AWSEC2Subnet"), "id", (
        Prop("subnetid", "SubnetId"), Prop("cidr_block", "CidrBlock"), Prop("availability_zone", "AvailabilityZone"),
    ), "ec2/subnets.py"),
    "ec2:vpc": NodeSchema(("AWSVpc",), "id", (Prop("primary_cidr_block", "CidrBlock"), Prop("is_default", "IsDefault", "BOOLEAN")),
                          "ec2/vpc.py"),
    "ec2:internet-gateway": NodeSchema(("AWSInternetGateway",), "id", (), "ec2/internet_gateways.py"),
    "ec2:volume": NodeSchema(("EBSVolume",), "id", (Prop("type", "VolumeType"), Prop("kmskeyid", "KmsKeyId")), "ec2/volumes.py"),
    "ec2:snapshot": NodeSchema(("EBSSnapshot",), "id", (), "ec2/snapshots.py"),
    "iam:role": NodeSchema(("AWSRole", "AWSPrincipal"), "arn", (Prop("roleid", "RoleId"), Prop("path", "Path")),
                           "iam/role.py"),
    "iam:user": NodeSchema(("AWSUser", "AWSPrincipal"), "arn", (Prop("userid", "UserId"), Prop("path", "Path")),
                           "iam/user.py"),
    "iam:group": NodeSchema(("AWSGroup",), "arn", (Prop("groupid", "GroupId"), Prop("path", "Path")), "iam/group.py"),
    "iam:policy": NodeSchema(("AWSPolicy",), "arn", (Prop("policyid", "PolicyId"),), "iam/policy.py"),
    "iam:instance-profile": NodeSchema(("AWSInstanceProfile",), "arn", (Prop("path", "Path"),), "iam/instanceprofile.py"),
    "lambda:function": NodeSchema(("AWSLambda",), "arn", (Prop("runtime", "Runtime"),), "awslambda/function.py"),
    "elbv2:load-balancer": NodeSchema(("LoadBalancerV2", "AWSLoadBalancerV2"), "DNSName", (
        Prop("dnsname", "DNSName"), Prop("scheme", "Scheme"), Prop("type", "Type"),
    ), "ec2/loadbalancerv2.py"),
    "elbv2:target-group": NodeSchema(("ELBV2TargetGroup", "AWSELBV2TargetGroup"), "arn", (
        Prop("target_type", "TargetType"), Prop("protocol", "Protocol"), Prop("port", "Port", "INT64"),
    ), "ec2/loadbalancerv2.py"),
    "rds:db-instance": NodeSchema(("RDSInstance",), "arn", (
        Prop("db_instance_identifier", "DBInstanceIdentifier"), Prop("engine", "Engine"),
        Prop("publicly_accessible", "PubliclyAccessible", "BOOLEAN"),
    ), "rds/ (RDSInstanceToEC2SecurityGroupRel; the legacy RDSInstance label)"),
    "s3:bucket": NodeSchema(("S3Bucket",), "name", (), "s3/ (S3BucketSchema)"),
}

# Nodes awsx derives from records (an account, a rule of a security group, a policy statement).
ACCOUNT = NodeSchema(("AWSAccount",), "id", (), "account.py")
INBOUND_RULE = NodeSchema(("IpPermissionInbound", "IpRule"), "id", (
    Prop("groupid", type="STRING"), Prop("protocol"), Prop("fromport", type="INT64"), Prop("toport", type="INT64"),
), "ec2/security_group_rules.py")
EGRESS_RULE = NodeSchema(("IpPermissionEgress", "IpRule"), "id", INBOUND_RULE.props, "ec2/security_group_rules.py")
IP_RANGE = NodeSchema(("IpRange",), "id", (Prop("range"),), "ec2/security_group_rules.py")
STATEMENT = NodeSchema(("AWSPolicyStatement",), "id", (
    Prop("effect"), Prop("action", type="STRING[]"), Prop("notaction", type="STRING[]"), Prop("resource", type="STRING[]"),
    Prop("notresource", type="STRING[]"), Prop("condition"), Prop("sid"),
), "iam/policy_statement.py")
INLINE_POLICY = NodeSchema(("AWSPolicy",), "id", (), "iam/inline_policy.py")
# A principal a trust policy names that the crawl did not see (another account, its root).
OUTSIDE_PRINCIPAL = NodeSchema(("AWSPrincipal",), "arn", (), "iam/role.py (TRUSTS_AWS_PRINCIPAL's target)")

# Properties every node gets: Cartography's id, arn, name, region and lastupdated, then awsx's
# own (its kind and its answers). Engines that declare tables declare these on every table.
COMMON: tuple[Prop, ...] = (
    Prop("arn"), Prop("name"), Prop("region"), Prop("lastupdated", type="INT64"), Prop("awsx_kind"),
    # awsx's answers: what the internet reaches (Cartography's own flag, and the ports with their
    # sources), whether a principal is an admin, the monthly list-price estimate (null: unknown).
    Prop("exposed_internet", type="BOOLEAN"), Prop("awsx_exposed", type="STRING[]"),
    Prop("awsx_admin", type="BOOLEAN"), Prop("awsx_monthly_usd", type="DOUBLE"),
)


def awsx_label(kind: str) -> str:
    """``ec2:route-table`` -> ``AwsxEc2RouteTable``: a kind Cartography has no label for."""
    words = kind.replace(":", "-").replace("_", "-").split("-")
    return "Awsx" + "".join(word[:1].upper() + word[1:] for word in words if word)


def node_schema(kind: str) -> NodeSchema:
    """The node an awsx kind becomes (keyed by ARN under an Awsx label where Cartography has none)."""
    return NODES.get(kind) or NodeSchema((awsx_label(kind),), "arn")


# --- relationships ---------------------------------------------------------------------------------

_SG = Relation.MEMBER_OF_SECURITY_GROUP
RELS: dict[tuple[str, Relation, str], RelSchema] = {
    ("ec2:instance", _SG, "ec2:security-group"): RelSchema("MEMBER_OF_EC2_SECURITY_GROUP", model="ec2/securitygroup_instance.py"),
    ("ec2:network-interface", _SG, "ec2:security-group"): RelSchema("MEMBER_OF_EC2_SECURITY_GROUP",
                                                                    model="ec2/networkinterface_instance.py"),
    ("elbv2:load-balancer", _SG, "ec2:security-group"): RelSchema("MEMBER_OF_EC2_SECURITY_GROUP", model="ec2/loadbalancerv2.py"),
    ("rds:db-instance", _SG, "ec2:security-group"): RelSchema("MEMBER_OF_EC2_SECURITY_GROUP", model="rds/"),
    ("ec2:instance", Relation.IN_SUBNET, "ec2:subnet"): RelSchema("PART_OF_SUBNET", model="ec2/subnet_instance.py"),
    ("ec2:network-interface", Relation.IN_SUBNET, "ec2:subnet"): RelSchema("PART_OF_SUBNET",
                                                                           model="ec2/networkinterface_instance.py"),
    ("elbv2:load-balancer", Relation.IN_SUBNET, "ec2:subnet"): RelSchema("SUBNET", model="ec2/loadbalancerv2.py"),
    ("ec2:subnet", Relation.IN_VPC, "ec2:vpc"): RelSchema("MEMBER_OF_AWS_VPC", model="ec2/subnets.py"),
    ("ec2:security-group", Relation.IN_VPC, "ec2:vpc"): RelSchema("MEMBER_OF_EC2_SECURITY_GROUP", True, "ec2/security_groups.py"),
    ("ec2:internet-gateway", Relation.ATTACHED_TO, "ec2:vpc"): RelSchema("ATTACHED_TO", model="ec2/internet_gateways.py"),
    ("ec2:volume", Relation.ATTACHED_TO, "ec2:instance"): RelSchema("ATTACHED_TO", model="ec2/volumes.py"),
    ("ec2:snapshot", Relation.SNAPSHOT_OF, "ec2:volume"): RelSchema("CREATED_FROM", model="ec2/snapshots.py"),
    ("ec2:network-interface", Relation.ATTACHED_TO, "ec2:instance"): RelSchema("NETWORK_INTERFACE", True,
                                                                               "ec2/networkinterface_instance.py"),
    ("ec2:instance", Relation.HAS_INSTANCE_PROFILE, "iam:instance-profile"): RelSchema("INSTANCE_PROFILE",
                                                                                       model="ec2/instances.py"),
    ("iam:instance-profile", Relation.HAS_ROLE, "iam:role"): RelSchema("ASSOCIATED_WITH", model="iam/instanceprofile.py"),
    ("iam:role", Relation.HAS_POLICY, "iam:policy"): RelSchema("POLICY", model="iam/policy.py"),
    ("iam:user", Relation.HAS_POLICY, "iam:policy"): RelSchema("POLICY", model="iam/policy.py"),
    ("iam:group", Relation.HAS_POLICY, "iam:policy"): RelSchema("POLICY", model="iam/policy.py"),
    ("iam:user", Relation.MEMBER_OF_GROUP, "iam:group"): RelSchema("MEMBER_AWS_GROUP", model="iam/group_membership.py"),
    ("iam:role", Relation.TRUSTS, "iam:user"): RelSchema("TRUSTS_AWS_PRINCIPAL", model="iam/role.py"),
    ("iam:role", Relation.TRUSTS, "iam:role"): RelSchema("TRUSTS_AWS_PRINCIPAL", model="iam/role.py"),
    ("lambda:function", Relation.HAS_EXECUTION_ROLE, "iam:role"): RelSchema("STS_ASSUMEROLE_ALLOW",
                                                                           model="awslambda/function.py"),
    ("elbv2:target-group", Relation.ATTACHED_TO, "elbv2:load-balancer"): RelSchema("ELBV2_TARGET_GROUP", True,
                                                                                   "ec2/loadbalancerv2.py"),
}

# Relationships of the derived nodes (Cartography's, each cited) and of awsx's answers (AWSX_).
RESOURCE = RelSchema("RESOURCE", model="every model's sub_resource_relationship: (:AWSAccount)-[:RESOURCE]->(n)")
RULE_OF_GROUP = RelSchema("MEMBER_OF_EC2_SECURITY_GROUP", model="ec2/security_group_rules.py")
RANGE_OF_RULE = RelSchema("MEMBER_OF_IP_RULE", model="ec2/security_group_rules.py")
STATEMENT_OF_POLICY = RelSchema("STATEMENT", model="iam/policy_statement.py")
INLINE_POLICY_OF = RelSchema("POLICY", model="iam/inline_policy.py")
TRUSTS_OUTSIDE = RelSchema("TRUSTS_AWS_PRINCIPAL", model="iam/role.py")
EXPOSE = RelSchema("EXPOSE", model="ec2/loadbalancerv2.py (LoadBalancerV2ToEC2InstanceMatchLink)", props=(
    Prop("port", type="INT64"), Prop("protocol"), Prop("target_group_arn")))
# awsx privesc: the shortest path to an admin, one line per step
CAN_ESCALATE_TO = RelSchema("AWSX_CAN_ESCALATE_TO", props=(Prop("path", type="STRING[]"), Prop("hops", type="INT64")))


def rel_schema(source_kind: str, relation: Relation, target_kind: str) -> RelSchema:
    """The relationship an awsx edge becomes (``AWSX_<RELATION>`` where Cartography has none)."""
    return RELS.get((source_kind, relation, target_kind)) or RelSchema(f"AWSX_{relation.value}")


# --- the README's table --------------------------------------------------------------------------

def mapping_markdown() -> str:
    """The README's mapping tables (kinds, then relations), generated from the data above."""
    lines = [f"| awsx kind | Cartography labels | `id` is awsx's | Cartography model (`{MODELS}`) |", "|---|---|---|---|"]
    lines += [f"| `{kind}` | {':'.join(f'`{label}`' for label in schema.labels)} | `{schema.key}` | `{schema.model}` |"
              for kind, schema in sorted(NODES.items())]
    lines += [f"| (derived) | {':'.join(f'`{label}`' for label in schema.labels)} | `{schema.key}` | `{schema.model}` |"
              for schema in (ACCOUNT, INBOUND_RULE, EGRESS_RULE, IP_RANGE, STATEMENT, INLINE_POLICY, OUTSIDE_PRINCIPAL)]
    lines += ["| any other kind | `Awsx` + the kind in words (`AwsxEc2RouteTable`) | `arn` | - |", ""]
    lines += [f"| awsx edge | Cartography relationship | Cartography model (`{MODELS}`) |", "|---|---|---|"]
    lines += [f"| `{source}` {relation.value} `{target}` | {_drawn(schema)} | `{schema.model}` |"
              for (source, relation, target), schema in sorted(RELS.items())]
    lines += [f"| {what} | {_drawn(schema)} | `{schema.model or 'awsx'}` |" for what, schema in _derived_rels()]
    lines += ["| any other edge | `AWSX_` + the relation (`AWSX_ROUTES_TO`), edge attributes as JSON in `attrs` | - |"]
    return "\n".join(lines)


def _drawn(schema: RelSchema) -> str:
    return f"`{schema.type}` (drawn target -> source)" if schema.reverse else f"`{schema.type}`"


def _derived_rels() -> Iterator[tuple[str, RelSchema]]:
    yield "account -> every node", RESOURCE
    yield "security-group rule -> its group", RULE_OF_GROUP
    yield "source range -> the rule", RANGE_OF_RULE
    yield "policy -> its statements", STATEMENT_OF_POLICY
    yield "principal -> its inline policy", INLINE_POLICY_OF
    yield "load balancer -> an instance its target groups register", EXPOSE
    yield "role -> a principal outside the estate its trust policy names", TRUSTS_OUTSIDE
    yield "principal -> the admin `awsx privesc` reaches (`path`, `hops`)", CAN_ESCALATE_TO
