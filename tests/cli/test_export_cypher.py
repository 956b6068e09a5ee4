"""Issue 19 part 1: ``awsx export --format cypher`` on the demo estate, run on a real openCypher
engine, answers three Cartography-style queries as awsx's own engines answer them.

The engine is LadybugDB (PyPI ``ladybug``), an embedded graph database: the maintained
continuation of Kuzu, whose project was archived upstream in late 2025 (FalkorDB's embedded build
needs Python 3.12). What differs between the script for cypher-shell and what runs on LadybugDB is
listed in tests/fixtures/ladybug_engine.py, all of it mechanical: tables declared first from the
export's own plan, the Neo4j-only ``SET n:Extra`` lines and ``CREATE INDEX`` statements left out,
the ``:param`` lines handed over as parameters, non-string row values cast to their declared type.
Every query below is the same text a Cartography user would run on Neo4j, except that a node
has one label here, so a principal is matched without the shared ``:AWSPrincipal`` label.

The expected answers are computed from the estate and the engines in the test, never written in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_text import HOSTILE, hostile_snapshots, raw_controls
from ladybug_engine import Engine

from awsx.cli.graph_db import answers
from awsx.cli.main import main
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.store.cartography import mapping_markdown
from awsx.store.cypher_export import CLEANUP, build_plan, export_stamp
from awsx.store.snapshot import open_snapshot

DEMO = Path(__file__).parents[2] / "snapshots" / "demo.awsx"
WORLD = "0.0.0.0/0"


@pytest.fixture(scope="module")
def estate():
    return open_snapshot(DEMO)


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("cypher") / "demo.cypher"
    assert main(["export", "--format", "cypher", "--snapshot", str(DEMO), "-o", str(out)]) == 0
    return out.read_text()


@pytest.fixture(scope="module")
def loaded(estate, script) -> Engine:
    engine = Engine(build_plan(estate, answers(estate)))
    assert engine.run_script(script) > 0
    return engine


def _column(engine: Engine, query: str) -> set:
    return {row[0] for row in engine.rows(query)}


def _open_to_the_world(group) -> bool:
    return any(r.get("CidrIp") == WORLD for permission in group.data.get("IpPermissions") or ()
               for r in permission.get("IpRanges") or ())


def test_instances_reachable_through_a_group_open_to_the_world_are_the_ones_the_rules_say(estate, loaded):
    """In the group themselves, or registered behind a load balancer in one (Cartography's EXPOSE)."""
    open_groups = {group.id for group in estate.resources("ec2:security-group") if _open_to_the_world(group)}
    direct = {instance.id for instance in estate.resources("ec2:instance")
              if any(g.get("GroupId") in open_groups for g in instance.data.get("SecurityGroups") or ())}
    open_balancers = {lb.arn for lb in estate.resources("elbv2:load-balancer")
                      if set(lb.data.get("SecurityGroups") or ()) & open_groups}
    behind = {d["Target"]["Id"] for group in estate.resources("elbv2:target-group")
              if set(group.data.get("LoadBalancerArns") or ()) & open_balancers and group.data.get("TargetType") == "instance"
              for d in group.data.get("TargetHealthDescriptions") or ()}
    expected = direct | behind
    assert expected, "the demo estate has instances reachable through a group open to the world"
    world = f"(:IpRange {{id: '{WORLD}'}})-[:MEMBER_OF_IP_RULE]->(:IpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->"
    assert _column(loaded, f"""
        MATCH {world}(sg:EC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(i:EC2Instance) RETURN i.id AS id
        UNION
        MATCH {world}(sg:EC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(:LoadBalancerV2)-[:EXPOSE]->(i:EC2Instance)
        RETURN i.id AS id""") == expected


def _trusted_accounts(role) -> set[str]:
    """The accounts a role's trust policy names as AWS principals (an account id or an ARN)."""
    statements = (role.data.get("AssumeRolePolicyDocument") or {}).get("Statement") or []
    accounts = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        principal = statement.get("Principal")
        if statement.get("Effect") != "Allow" or not isinstance(principal, dict):
            continue
        named = principal.get("AWS", [])
        for value in [named] if isinstance(named, str) else named:
            accounts.add(value if value.isdigit() or value.count(":") < 5 else value.split(":")[4])
    return accounts


def test_roles_trusting_another_account_are_the_ones_their_trust_policies_name(estate, loaded):
    expected = {role.arn for role in estate.resources("iam:role") if _trusted_accounts(role) - {role.account}}
    assert expected, "the demo estate has a role another account may assume"
    assert _column(loaded, """
        MATCH (a:AWSAccount)-[:RESOURCE]->(r:AWSRole)-[:TRUSTS_AWS_PRINCIPAL]->(p)
        WHERE NOT p.arn STARTS WITH ('arn:aws:iam::' + a.id + ':')
        RETURN DISTINCT r.arn""") == expected


def test_principals_with_a_path_to_admin_are_the_ones_privesc_finds(estate, loaded):
    report = privesc(IamIndex(estate))
    expected = {path.principal for path in report.paths}
    assert expected, "the demo estate has a principal that can escalate"
    assert _column(loaded, """
        MATCH (p)-[e:AWSX_CAN_ESCALATE_TO]->(admin)
        WHERE admin.awsx_admin AND e.hops >= 1
        RETURN DISTINCT p.arn""") == expected
    assert _column(loaded, "MATCH (p) WHERE p.awsx_admin RETURN p.arn") == {a.arn for a in report.admins}


def test_every_node_and_relationship_carries_the_exports_stamp(estate, loaded):
    stamp = export_stamp(estate)
    assert _column(loaded, "MATCH (n) RETURN DISTINCT n.lastupdated") == {stamp}
    assert _column(loaded, "MATCH ()-[r]->() RETURN DISTINCT r.lastupdated") == {stamp}


def test_running_the_script_again_changes_no_count(loaded, script):
    before = loaded.counts()
    loaded.run_script(script)
    assert loaded.counts() == before


@pytest.mark.parametrize("argv, said", [
    (["--format", "cypher", "--uri", "bolt://db:7687"], "--uri: only with --format neo4j"),
    (["--format", "neo4j"], "--format neo4j needs --uri"),
    (["--format", "neo4j", "--uri", "bolt://db:7687", "--user", "neo4j", "--password-env", "AWSX_NO_SUCH_VARIABLE"],
     "--password-env AWSX_NO_SUCH_VARIABLE: no such environment variable"),
    (["--format", "neo4j", "--uri", "bolt://db:7687", "--password-env", "HOME"], "--password-env needs --user"),
    (["--format", "cypher", "--batch-size", "0"], "--batch-size must be at least 1"),
    (["--format", "neo4j", "--uri", "http://db:7474"], "use bolt://HOST:7687 or neo4j://HOST:7687"),
])
def test_an_option_that_cannot_work_is_one_line_and_exit_2(argv, said, capsys):
    assert main(["export", *argv, "--snapshot", str(DEMO)]) == 2
    error = capsys.readouterr().err.strip()
    assert said in error and "\n" not in error and error.startswith("awsx: error:")


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:9", "neo4j://127.0.0.1:9"])
def test_a_server_that_is_not_there_is_one_line_and_exit_2(uri, capsys, monkeypatch):
    monkeypatch.setenv("AWSX_TEST_NEO4J_PASSWORD", "not-used")
    argv = ["export", "--format", "neo4j", "--uri", uri, "--user", "neo4j",
            "--password-env", "AWSX_TEST_NEO4J_PASSWORD", "--snapshot", str(DEMO)]
    assert main(argv) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"awsx: error: cannot reach neo4j at {uri}") and "\n" not in error


README = (Path(__file__).parents[2] / "README.md").read_text()


def test_the_readme_mapping_table_is_the_mapping_in_the_code():
    block = re.search(r"<!-- cartography-mapping:start -->\n(.*?)\n<!-- cartography-mapping:end -->", README, re.S)
    assert block is not None and block.group(1) == mapping_markdown()


def test_the_readme_shows_the_cleanup_the_code_prints():
    assert all(statement in README for statement in CLEANUP)


def test_a_hostile_estate_exports_nothing_raw_and_its_names_come_back_exact(tmp_path, capsys):
    """Names holding escapes, bidi controls, quotes and backticks: the script holds no raw
    control (Cypher string escapes), and the engine reads every name back as it was."""
    snapshot, _ = hostile_snapshots(tmp_path)
    assert main(["export", "--format", "cypher", "--snapshot", str(snapshot)]) == 0
    script = capsys.readouterr().out
    assert raw_controls(script) == set()
    estate = open_snapshot(snapshot)
    engine = Engine(build_plan(estate, answers(estate)))
    engine.run_script(script)
    named = {r.name for r in estate.resources() if r.name}
    assert HOSTILE in "".join(named)
    stored = engine.connection.execute("MATCH (n) WHERE n.name IS NOT NULL RETURN n.name")
    back = set()
    while stored.has_next():
        back.add(stored.get_next()[0])
    assert named <= back


def test_the_script_format_never_loads_the_neo4j_driver(tmp_path):
    """The driver is imported only when --format neo4j runs (a fresh interpreter, sys.modules read)."""
    code = ("import sys; from awsx.cli.main import main; "
            f"assert main(['export', '--format', 'cypher', '--snapshot', {str(DEMO)!r}, '-o', {str(tmp_path / 'x')!r}]) == 0; "
            "print('neo4j' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
