"""The Cypher export's plan, batches, script and Bolt writer, on the smallest estates that show
each point; the demo estate's acceptance queries are in tests/cli/test_export_cypher.py."""

from __future__ import annotations

import json
import math

import pytest
from hostile_text import HOSTILE
from ladybug_engine import Engine, script_statements
from neo4j import exceptions

from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Edge, Relation, Resource
from awsx.store.bolt import BoltTarget, write_bolt
from awsx.store.cypher_export import CLEANUP, DEFAULT_BATCH, batches, build_plan, cypher_literal, cypher_script

ACCOUNT = "111122223333"


def _bucket(number: int) -> Resource:
    return Resource(f"arn:aws:s3:::bucket-{number}", "s3:bucket", f"bucket-{number}", f"bucket-{number}", ACCOUNT, "us-east-1")


def _estate(buckets: int, crawled_at: str = "2026-01-01T00:00:00+00:00") -> Estate:
    return Estate([_bucket(n) for n in range(buckets)], info=EstateInfo("memory", crawled_at, (ACCOUNT,)))


class FakeDriver:
    """Records what the writer sends: (statement, parameters) per transaction."""

    def __init__(self, uri: str, auth, fail: Exception | None = None) -> None:
        self.uri, self.auth, self.fail = uri, auth, fail
        self.sent: list[tuple[str, dict]] = []
        self.database = "unset"

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def verify_connectivity(self) -> None:
        if self.fail:
            raise self.fail

    def session(self, database=None):
        self.database = database
        return self

    def execute_write(self, work, *args):
        driver = self

        class Tx:
            def run(self, statement, parameters):
                driver.sent.append((statement, parameters))
                return type("Result", (), {"consume": lambda self: None})()

        return work(Tx(), *args)


def _write(estate: Estate, size: int = DEFAULT_BATCH, target: BoltTarget = BoltTarget("bolt://db:7687")) -> FakeDriver:
    made: list[FakeDriver] = []

    def driver(uri, auth):
        made.append(FakeDriver(uri, auth))
        return made[-1]

    plan = build_plan(estate)
    assert write_bolt(target, plan.stamp, batches(plan, size), driver) == len(made[0].sent)
    return made[0]


def test_rows_go_in_batches_of_the_default_thousand_each_with_the_stamp():
    estate = _estate(2500)
    fake = _write(estate)
    merge = [p for s, p in fake.sent if s.startswith("UNWIND") and "MERGE (n:S3Bucket" in s]
    assert [len(p["rows"]) for p in merge] == [1000, 1000, 500]
    assert [row["id"] for p in merge for row in p["rows"]] == [f"bucket-{n}" for n in range(2500)]
    assert {p["stamp"] for _, p in fake.sent} == {build_plan(estate).stamp}


@pytest.mark.parametrize("size", [1, 2, 7])
def test_a_batch_size_splits_every_statement_and_loses_no_row(size):
    plan = build_plan(_estate(7))
    fake = _write(_estate(7), size)
    for group in (*plan.nodes, *plan.rels):
        sent = [p["rows"] for s, p in fake.sent if s == group.statement()]
        assert len(sent) == math.ceil(len(group.rows) / size)
        assert [row for rows in sent for row in rows] == list(group.rows)


def test_bolt_sends_exactly_the_statements_of_the_script_in_order():
    estate = _estate(3)
    plan = build_plan(estate)
    from_script = [line for line in cypher_script(plan, 2).split(";\n") if line.strip()]
    statements = ["\n".join(l for l in chunk.splitlines() if not l.startswith((":param", "//"))) for chunk in from_script]
    assert [s for s, _ in _write(estate, 2).sent] == statements


def test_the_login_and_database_reach_the_driver():
    fake = _write(_estate(1), target=BoltTarget("neo4j://db:7687", "neo4j", "secret", "estate"))
    assert (fake.uri, fake.auth, fake.database) == ("neo4j://db:7687", ("neo4j", "secret"), "estate")


@pytest.mark.parametrize("failure, said", [
    (exceptions.ServiceUnavailable("Couldn't connect to db:7687\nmore detail"), "cannot reach neo4j at bolt://db:7687"),
    (exceptions.AuthError("The client is unauthorized"), "refused the login"),
])
def test_a_connection_or_login_failure_is_one_line(failure, said):
    plan = build_plan(_estate(1))
    with pytest.raises(UserError) as raised:
        write_bolt(BoltTarget("bolt://db:7687"), plan.stamp, batches(plan), lambda uri, auth: FakeDriver(uri, auth, failure))
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_nothing_listens_on_a_closed_local_port_is_one_line_from_the_real_driver():
    plan = build_plan(_estate(1))
    with pytest.raises(UserError, match="cannot reach neo4j at bolt://127.0.0.1:9"):
        write_bolt(BoltTarget("bolt://127.0.0.1:9"), plan.stamp, batches(plan))


def test_a_literal_reads_back_as_the_value_and_backticks_only_quote_keys():
    value = {"rows": [{"id": text, "n": 1, "x": None, "ok": True, "list": [text]} for text in (*HOSTILE, "a`b", "é\u202e")]}
    literal = cypher_literal(value)
    assert json.loads(literal.replace("`", '"')) == value


def test_edges_cartography_names_take_its_type_and_direction_and_others_an_awsx_one():
    vpc = Resource("arn:vpc", "ec2:vpc", "vpc-1", "", ACCOUNT, "us-east-1")
    group = Resource("arn:sg", "ec2:security-group", "sg-1", "", ACCOUNT, "us-east-1")
    table = Resource("arn:rtb", "ec2:route-table", "rtb-1", "", ACCOUNT, "us-east-1")
    estate = Estate([vpc, group, table], [Edge("arn:sg", "arn:vpc", Relation.IN_VPC),
                                          Edge("arn:rtb", "arn:vpc", Relation.IN_VPC, {"main": True})])
    rels = {(g.type, g.source, g.target): g for g in build_plan(estate).rels}
    assert rels[("MEMBER_OF_EC2_SECURITY_GROUP", "AWSVpc", "EC2SecurityGroup")].rows == ({"source": "vpc-1", "target": "sg-1"},)
    awsx = rels[("AWSX_IN_VPC", "AwsxEc2RouteTable", "AWSVpc")]
    assert awsx.rows == ({"source": "arn:rtb", "target": "vpc-1", "attrs": ['{"main": true}']},)


def test_a_later_export_and_the_documented_cleanup_leave_only_what_it_wrote():
    first, later = _estate(3), _estate(2, "2026-02-01T00:00:00+00:00")
    engine = Engine(build_plan(first))
    engine.run_script(cypher_script(build_plan(first)))
    plan = build_plan(later)
    engine.run_script(cypher_script(plan))
    for statement in CLEANUP:
        engine.connection.execute(statement, {"stamp": plan.stamp})
    assert {row[0] for row in engine.rows("MATCH (b:S3Bucket) RETURN b.id")} == {"bucket-0", "bucket-1"}
    assert engine.counts() == (3, 2)  # the account and two buckets, each bucket a RESOURCE of it


def test_the_script_runs_on_the_embedded_engine_statement_for_statement():
    plan = build_plan(_estate(2))
    script = cypher_script(plan, 1)
    ran = Engine(plan).run_script(script)
    assert ran == len(list(script_statements(script))) == sum(1 for b in batches(plan, 1) if b.rows)
