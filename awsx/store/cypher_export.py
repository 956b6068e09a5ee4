"""The estate as Cypher statements in Cartography's schema (``awsx export --format neo4j|cypher``).

One plan, two writers: the estate (and the engines' answers the CLI hands in) becomes groups of
rows, one group per node label or per (relationship type, source label, target label), each
loaded by one parameterised statement, ``UNWIND $rows AS row MERGE ...``, in batches. The Bolt
writer (awsx/store/bolt.py) sends those statements with each batch as ``$rows``; the script for
``cypher-shell`` is the same statements, each batch set first with cypher-shell's ``:param``.

MERGE on Cartography's key (``id``) makes a re-export update in place; every node and relationship
gets ``lastupdated = $stamp`` (an integer, as Cartography's ``update_tag``: the crawl time in Unix
seconds), so what an older export wrote and this one did not is found by its older stamp.

Neo4j-only parts are kept on lines of their own so an engine without them drops exactly those:
``CREATE INDEX`` statements and the ``SET n:Label`` line that adds a node's extra labels."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from awsx.core.graph import Estate
from awsx.core.model import Relation, Resource

from . import cartography as carto
from .cartography import COMMON, NodeSchema, Prop, RelSchema

DEFAULT_BATCH = 1000
# After an export with stamp S, what earlier exports wrote and this one did not (run with
# $stamp = S). Only awsx's nodes carry awsx_kind, so a Cartography sync beside them is untouched.
CLEANUP = ("MATCH (a)-[r]->() WHERE a.awsx_kind IS NOT NULL AND r.lastupdated < $stamp DELETE r",
           "MATCH (n) WHERE n.awsx_kind IS NOT NULL AND n.lastupdated < $stamp DETACH DELETE n")
_PRINCIPAL_KINDS = ("iam:role", "iam:user", "iam:group")
_INLINE_POLICIES = {"iam:role": "RolePolicyList", "iam:user": "UserPolicyList", "iam:group": "GroupPolicyList"}
_RULES = ((carto.INBOUND_RULE, "inbound", "IpPermissions"), (carto.EGRESS_RULE, "egress", "IpPermissionsEgress"))
ATTRS = Prop("attrs", type="STRING[]")  # an AWSX_ relationship's edge attributes, one JSON object per edge


@dataclass(frozen=True, slots=True)
class Escalation:
    """``awsx privesc``: ``principal`` reaches the admin ``admin`` by ``steps`` (each one line)."""

    principal: str
    admin: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answers:
    """The engines' answers an export carries, by ARN (the CLI asks the engines)."""

    exposed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "tcp/22 from the world"
    admins: frozenset[str] = frozenset()
    escalations: tuple[Escalation, ...] = ()
    monthly: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NodeGroup:
    labels: tuple[str, ...]
    props: tuple[Prop, ...]  # set from the row, besides ``id`` and ``lastupdated``
    rows: tuple[dict[str, Any], ...]

    @property
    def label(self) -> str:
        return self.labels[0]

    def statement(self) -> str:
        lines = ["UNWIND $rows AS row", f"MERGE (n:{self.label} {{id: row.id}})"]
        if len(self.labels) > 1:
            lines.append("SET n:" + ":".join(self.labels[1:]))
        lines.append(", ".join(["SET n.lastupdated = $stamp", *(f"n.{p.name} = row.{p.name}" for p in self.props)]))
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class RelGroup:
    type: str
    source: str  # the source node's label
    target: str
    props: tuple[Prop, ...]
    rows: tuple[dict[str, Any], ...]

    def statement(self) -> str:
        sets = ", ".join(["SET r.lastupdated = $stamp", *(f"r.{p.name} = row.{p.name}" for p in self.props)])
        return "\n".join(["UNWIND $rows AS row",
                          f"MATCH (a:{self.source} {{id: row.source}}), (b:{self.target} {{id: row.target}})",
                          f"MERGE (a)-[r:{self.type}]->(b)", sets])


@dataclass(frozen=True, slots=True)
class Plan:
    stamp: int
    nodes: tuple[NodeGroup, ...]
    rels: tuple[RelGroup, ...]

    def indexes(self) -> tuple[str, ...]:
        """Neo4j indexes on each MERGE label's key, as Cartography creates them (no constraint:
        a Cartography graph beside this one may not satisfy one)."""
        labels = dict.fromkeys(group.label for group in self.nodes)
        return tuple(f"CREATE INDEX IF NOT EXISTS FOR (n:{label}) ON (n.id)" for label in labels)


@dataclass(frozen=True, slots=True)
class Batch:
    statement: str
    rows: tuple[dict[str, Any], ...]


def export_stamp(estate: Estate) -> int:
    """The crawl time in Unix seconds: re-exporting one snapshot writes the same stamp, a later
    crawl a larger one (Cartography's ``update_tag`` is its sync time, an integer too)."""
    crawled = estate.info.crawled_at
    return int(datetime.fromisoformat(crawled).timestamp()) if crawled else 0


def batches(plan: Plan, size: int = DEFAULT_BATCH) -> Iterator[Batch]:
    """Every statement with its rows, ``size`` rows at a time: nodes first, then relationships
    (whose MATCH needs both ends). An index statement is one batch with no rows."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for index in plan.indexes():
        yield Batch(index, ())
    for group in (*plan.nodes, *plan.rels):
        statement = group.statement()
        for start in range(0, len(group.rows), size):
            yield Batch(statement, group.rows[start:start + size])


# --- the plan ------------------------------------------------------------------------------------

class _Builder:
    """Collects rows per group; a node keyed twice keeps its first row, an edge drawn twice
    between the same two nodes is one relationship (its attributes listed)."""

    def __init__(self) -> None:
        self.nodes: dict[NodeSchema, dict[str, dict[str, Any]]] = {}
        self.rels: dict[tuple[str, str, str], tuple[tuple[Prop, ...], dict[tuple[str, str], dict[str, Any]]]] = {}

    def node(self, schema: NodeSchema, key: str, values: Mapping[str, Any]) -> tuple[str, str]:
        rows = self.nodes.setdefault(schema, {})
        rows.setdefault(key, {"id": key, **{p.name: _typed(values.get(p.name), p.type) for p in _node_props(schema)}})
        return schema.label, key

    def rel(self, schema: RelSchema, source: tuple[str, str], target: tuple[str, str],
            attrs: Mapping[str, Any] | None = None, values: Mapping[str, Any] | None = None) -> None:
        """``attrs``: an AWSX_ edge's attributes (listed in ``attrs``); ``values``: properties
        the schema declares (an escalation's path)."""
        if schema.reverse:
            source, target = target, source
        props = ((ATTRS,) if attrs is not None else ()) + schema.props
        _, rows = self.rels.setdefault((schema.type, source[0], target[0]), (props, {}))
        row = rows.setdefault((source[1], target[1]), {
            "source": source[1], "target": target[1], **{p.name: _typed((values or {}).get(p.name), p.type) for p in schema.props},
            **({"attrs": []} if attrs is not None else {})})
        if attrs:
            row["attrs"].append(json.dumps(dict(attrs), sort_keys=True, default=str))

    def plan(self, stamp: int) -> Plan:
        nodes = tuple(NodeGroup(schema.labels, _node_props(schema), tuple(rows.values()))
                      for schema, rows in self.nodes.items())
        rels = tuple(RelGroup(kind, source, target, props, tuple(rows.values()))
                     for (kind, source, target), (props, rows) in self.rels.items())
        return Plan(stamp, nodes, rels)


def _node_props(schema: NodeSchema) -> tuple[Prop, ...]:
    """What a node's row sets: every common property and its schema's own (the stamp aside)."""
    return tuple(p for p in COMMON + schema.props if p.name != "lastupdated")


def _typed(value: Any, kind: str) -> Any:
    """A record value as the declared type (a nested value becomes its JSON text)."""
    if value is None:
        return [] if kind == "STRING[]" else None
    if kind == "STRING[]":
        items = value if isinstance(value, (list, tuple)) else [value]
        return [item if isinstance(item, str) else json.dumps(item, sort_keys=True, default=str) for item in items]
    if kind == "BOOLEAN":
        return value if isinstance(value, bool) else None
    if kind == "INT64":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "DOUBLE":
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)


def _resource_values(resource: Resource, schema: NodeSchema, answers: Answers) -> dict[str, Any]:
    exposed = answers.exposed.get(resource.arn, ())
    admin = resource.arn in answers.admins if resource.kind in _PRINCIPAL_KINDS else None
    return {"arn": resource.arn, "name": resource.name, "region": resource.region, "awsx_kind": resource.kind,
            "exposed_internet": True if exposed else None, "awsx_exposed": list(exposed), "awsx_admin": admin,
            "awsx_monthly_usd": answers.monthly.get(resource.arn),
            **{p.name: p.value(resource) for p in schema.props}}


def build_plan(estate: Estate, answers: Answers = Answers()) -> Plan:
    """Every node and relationship of the estate in Cartography's schema, with awsx's answers."""
    build = _Builder()
    refs: dict[str, tuple[str, str]] = {}  # ARN -> (label, id) of its node
    for resource in estate.resources():
        schema = carto.node_schema(resource.kind)
        key = carto.field_value(resource, schema.key)
        refs[resource.arn] = build.node(schema, str(key) if key else resource.arn, _resource_values(resource, schema, answers))
    for account in sorted({r.account for r in estate.resources() if r.account} | set(estate.info.accounts)):
        build.node(carto.ACCOUNT, account, {"name": account, "awsx_kind": "account"})
    for resource in estate.resources():
        if resource.account:
            build.rel(carto.RESOURCE, (carto.ACCOUNT.label, resource.account), refs[resource.arn])
    for edge in estate.edges():
        source, target = estate.resource(edge.source), estate.resource(edge.target)
        schema = carto.rel_schema(source.kind, edge.relation, target.kind)
        mapped = (source.kind, edge.relation, target.kind) in carto.RELS
        build.rel(schema, refs[edge.source], refs[edge.target], None if mapped else edge.attrs)
    _security_group_rules(estate, build, refs)
    _load_balancer_targets(estate, build, refs)
    _policy_statements(estate, build, refs)
    _outside_principals(estate, build, refs)
    for found in answers.escalations:
        if found.principal in refs and found.admin in refs:
            build.rel(carto.CAN_ESCALATE_TO, refs[found.principal], refs[found.admin],
                      values={"path": list(found.steps), "hops": len(found.steps)})
    return build.plan(export_stamp(estate))


def _security_group_rules(estate: Estate, build: _Builder, refs: Mapping[str, tuple[str, str]]) -> None:
    """Each rule of a group as Cartography's IpRule (IpPermissionInbound / IpPermissionEgress)
    with its source ranges as IpRange nodes (keyed by the CIDR, shared between rules)."""
    for group in estate.resources("ec2:security-group"):
        for schema, direction, field_name in _RULES:
            for number, permission in enumerate(group.data.get(field_name) or (), start=1):
                rule_id = f"{group.id}/{direction}/{number}"
                rule = build.node(schema, rule_id, {
                    "groupid": group.id, "protocol": permission.get("IpProtocol"), "fromport": permission.get("FromPort"),
                    "toport": permission.get("ToPort"), "region": group.region, "awsx_kind": "ec2:security-group-rule"})
                build.rel(carto.RULE_OF_GROUP, rule, refs[group.arn])
                cidrs = [r.get("CidrIp") for r in permission.get("IpRanges") or ()]
                cidrs += [r.get("CidrIpv6") for r in permission.get("Ipv6Ranges") or ()]
                for cidr in filter(None, cidrs):
                    source = build.node(carto.IP_RANGE, cidr, {"range": cidr, "awsx_kind": "ip-range"})
                    build.rel(carto.RANGE_OF_RULE, source, rule)


def _load_balancer_targets(estate: Estate, build: _Builder, refs: Mapping[str, tuple[str, str]]) -> None:
    """Cartography's ``(:LoadBalancerV2)-[:EXPOSE]->(:EC2Instance)``: an instance registered in a
    target group the load balancer forwards to, with the group's port and protocol."""
    for balancer in estate.resources("elbv2:load-balancer"):
        for attached in estate.in_edges(balancer.arn, Relation.ATTACHED_TO):
            group = estate.resource(attached.source)
            if group.kind != "elbv2:target-group":
                continue
            for target in estate.out_edges(group.arn, Relation.TARGETS):
                if estate.resource(target.target).kind == "ec2:instance":
                    build.rel(carto.EXPOSE, refs[balancer.arn], refs[target.target], values={
                        "port": group.data.get("Port"), "protocol": group.data.get("Protocol"),
                        "target_group_arn": group.arn})


def _document(raw: Any) -> list[Mapping[str, Any]]:
    """A policy document's statements (a single statement may stand alone, as AWS allows)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    statements = raw.get("Statement") if isinstance(raw, Mapping) else None
    statements = [statements] if isinstance(statements, Mapping) else statements or []
    return [s for s in statements if isinstance(s, Mapping)]


def _statements(build: _Builder, policy: tuple[str, str], document: Any) -> None:
    for number, statement in enumerate(_document(document), start=1):
        node = build.node(carto.STATEMENT, f"{policy[1]}/statement/{number}", {
            "effect": statement.get("Effect"), "action": statement.get("Action"), "notaction": statement.get("NotAction"),
            "resource": statement.get("Resource"), "notresource": statement.get("NotResource"),
            "condition": statement.get("Condition"), "sid": statement.get("Sid"), "awsx_kind": "iam:policy-statement"})
        build.rel(carto.STATEMENT_OF_POLICY, policy, node)


def _policy_statements(estate: Estate, build: _Builder, refs: Mapping[str, tuple[str, str]]) -> None:
    """The default version's statements of each managed policy; each inline policy as an
    AWSPolicy of its principal (Cartography's id: ``PRINCIPAL_ARN/inline_policy/NAME``)."""
    for policy in estate.resources("iam:policy"):
        default = next((v for v in policy.data.get("PolicyVersionList") or () if v.get("IsDefaultVersion")), {})
        _statements(build, refs[policy.arn], default.get("Document"))
    for kind, field_name in _INLINE_POLICIES.items():
        for principal in estate.resources(kind):
            for inline in principal.data.get(field_name) or ():
                name = inline.get("PolicyName") or ""
                node = build.node(carto.INLINE_POLICY, f"{principal.arn}/inline_policy/{name}",
                                  {"name": name, "awsx_kind": "iam:inline-policy"})
                build.rel(carto.INLINE_POLICY_OF, refs[principal.arn], node)
                _statements(build, node, inline.get("PolicyDocument"))


def _outside_principals(estate: Estate, build: _Builder, refs: Mapping[str, tuple[str, str]]) -> None:
    """A trust policy naming a principal the crawl did not see (another account): Cartography's
    AWSPrincipal node for it, so ``TRUSTS_AWS_PRINCIPAL`` reaches outside the estate too."""
    for ref in estate.dangling:
        if ref.relation is Relation.TRUSTS and ref.source in refs:
            principal = build.node(carto.OUTSIDE_PRINCIPAL, ref.ref, {"arn": ref.ref, "awsx_kind": "iam:principal"})
            build.rel(carto.TRUSTS_OUTSIDE, refs[ref.source], principal)


# --- the script for cypher-shell -----------------------------------------------------------------

def cypher_literal(value: Any) -> str:
    """A value as a Cypher literal. Strings are JSON's escapes (which Cypher reads alike) with
    backticks escaped too, so in the output a backtick only ever quotes a map key."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value).replace("`", "\\u0060")
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"`{key}`: {cypher_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_script(plan: Plan, size: int = DEFAULT_BATCH, header: Iterable[str] = ()) -> str:
    """The plan as a cypher-shell script: ``:param`` sets the stamp, then each batch's rows
    before its statement (cypher-shell 5's map form of ``:param``)."""
    lines = [f"// {line}" for line in header]
    lines.append(":param " + cypher_literal({"stamp": plan.stamp}))
    for batch in batches(plan, size):
        if batch.rows:
            lines.append(":param " + cypher_literal({"rows": batch.rows}))
        lines.append(batch.statement + ";")
    return "\n".join(lines) + "\n"
