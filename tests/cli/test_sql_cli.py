"""``awsx sql`` and ``awsx export --format parquet`` as a user runs them: the README's examples
answer on the demo snapshot what the estate itself says, the Parquet tables read back with the
counts ``awsx ls --json`` prints, and bad SQL is one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from hostile_text import HOSTILE, SHOWN, hostile_snapshots, raw_controls
from session_options import offline_env

from awsx.cli import output as cli_output
from awsx.cli.main import main
from awsx.core.inert import inert
from awsx.core.model import Relation
from awsx.inventory.specs import KINDS
from awsx.store.estate_tables import table_name
from awsx.store.snapshot import open_snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "snapshots" / "demo.awsx"
README = (ROOT / "README.md").read_text()


def readme_examples() -> list[list[str]]:
    """Each ``awsx sql`` line of the README's examples, as the words a shell would pass."""
    block = re.search(r"<!-- sql-examples:start -->(.*?)<!-- sql-examples:end -->", README, re.S)
    assert block is not None
    return [shlex.split(line)[2:] for line in block.group(1).splitlines() if line.startswith("awsx sql ")]


def answer_of(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def demo():
    return open_snapshot(DEMO)


def _top_kinds(estate) -> list[list[object]]:
    return [[k, n] for k, n in sorted(estate.kind_counts().items(), key=lambda kv: (-kv[1], kv[0]))[:5]]


def _vpc_of(estate, instance) -> str:
    [edge] = estate.out_edges(instance.arn, Relation.IN_VPC)
    return edge.target


def _instances_per_vpc(estate) -> list[list[object]]:
    by_vpc: dict[str, list[str]] = {}
    for instance in estate.resources("ec2:instance"):
        by_vpc.setdefault(estate.resource(_vpc_of(estate, instance)).name, []).append(instance.data["InstanceType"])
    return [[vpc, len(types), ", ".join(sorted(set(types)))] for vpc, types in sorted(by_vpc.items())]


def _unowned_in_peered_vpcs(estate) -> list[list[object]]:
    peered = {edge.target for edge in estate.edges() if edge.relation is Relation.PEERS_WITH}
    found = [(i.name, i.arn, i.data["InstanceType"], estate.resource(_vpc_of(estate, i)).name)
             for i in estate.resources("ec2:instance") if "owner" not in i.tags and _vpc_of(estate, i) in peered]
    return [[name, kind, vpc] for name, _, kind, vpc in sorted(found)]


def _per_team(estate) -> list[list[object]]:
    teams = Counter(r.tags.get("team") for r in estate.resources())
    return [[team, n] for team, n in sorted(teams.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))]


def _unread(estate) -> list[list[object]]:
    counts = Counter((m.service, m.status.value) for m in estate.markers)
    return [[service, status, n] for (service, status), n in sorted(counts.items())]


# In the README's order: what each example must answer, computed from the estate, not by SQL.
EXPECTED = [_top_kinds, _instances_per_vpc, _unowned_in_peered_vpcs, _per_team, _unread]


def test_the_readme_has_the_examples_this_test_checks() -> None:
    assert len(readme_examples()) == len(EXPECTED) >= 4


@pytest.mark.parametrize("number", range(len(EXPECTED)))
def test_each_readme_example_answers_what_the_estate_says(capsys, demo, number: int) -> None:
    argv = readme_examples()[number]
    assert argv[:2] == ["--snapshot", "snapshots/demo.awsx"]
    answer = answer_of(capsys, ["sql", "--snapshot", str(DEMO), *argv[2:]])
    expected = EXPECTED[number](demo)
    assert answer["rows"] == expected and answer["count"] == len(expected) > 0


def test_the_peered_vpc_question_finds_instances_on_both_sides_of_the_peering(capsys, demo) -> None:
    rows = answer_of(capsys, ["sql", "--snapshot", str(DEMO), *readme_examples()[2][2:]])["rows"]
    assert {vpc for _, _, vpc in rows} == {"prod-use1-vpc", "prod-euw1-vpc"}


def test_parquet_tables_read_back_with_the_counts_of_ls_json(capsys, tmp_path: Path) -> None:
    counts = answer_of(capsys, ["ls", "--snapshot", str(DEMO)])["counts"]
    assert main(["export", "--snapshot", str(DEMO), "--format", "parquet", "-o", str(tmp_path / "pq")]) == 0
    assert f"wrote {tmp_path / 'pq'} ({len(counts)} kind tables" in capsys.readouterr().err
    with duckdb.connect() as connection:
        read = {kind: connection.execute(
            f"SELECT count(*) FROM read_parquet('{tmp_path / 'pq' / table_name(kind)}/*/*.parquet', "
            "hive_partitioning = true)").fetchall()[0][0] for kind in counts}
    assert read == counts


def test_a_table_by_default_and_csv_on_request(capsys) -> None:
    query = "SELECT name, tags['team'] AS team FROM ec2_instance WHERE name LIKE 'prod-use1-%' ORDER BY name"
    assert main(["sql", "--snapshot", str(DEMO), query]) == 0
    table = capsys.readouterr().out
    assert "3 rows" in table and all(f"prod-use1-{n}" in table for n in ("app-a", "app-b", "bastion"))
    assert main(["sql", "--snapshot", str(DEMO), "--csv", query]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
        ["name", "team"], ["prod-use1-app-a", "platform"], ["prod-use1-app-b", "platform"],
        ["prod-use1-bastion", "platform"]]


def test_tables_lists_every_kind_with_the_common_columns(capsys, demo) -> None:
    listing = answer_of(capsys, ["sql", "--snapshot", str(DEMO), "--tables"])["tables"]
    by_name = {t["name"]: t for t in listing}
    assert {table_name(kind) for kind in KINDS} <= set(by_name)
    assert by_name["ec2_instance"]["rows"] == demo.kind_counts()["ec2:instance"]
    assert [c["name"] for c in by_name["resources"]["columns"]] == [
        "arn", "kind", "id", "name", "account", "region", "tags", "ips", "record"]
    assert [c["name"] for c in by_name["edges"]["columns"]][:3] == ["src", "dst", "relation"]


def test_more_rows_than_asked_for_is_said_on_stderr(capsys) -> None:
    assert main(["sql", "--snapshot", str(DEMO), "--max-rows", "2", "--json", "SELECT arn FROM resources"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["truncated"] is True and "only the first 2 rows" in captured.err


@pytest.mark.parametrize("argv, said", [
    (["SELEC 1"], 'awsx: error: sql: Parser Error: syntax error at or near "SELEC"\n'),
    (["SELECT * FROM ec2_instances"], "awsx: error: sql: Catalog Error: Table with name ec2_instances does not exist!"),
    ([], "awsx: error: sql: give a QUERY, or --tables to list the tables\n"),
    (["SELECT 1", "--max-rows", "0"], "awsx: error: --max-rows must be at least 1, not 0\n"),
])
def test_bad_sql_is_one_line_and_exit_2(capsys, argv: list[str], said: str) -> None:
    assert main(["sql", "--snapshot", str(DEMO), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1


def test_parquet_needs_a_directory_and_refuses_one_that_is_not_an_export(capsys, tmp_path: Path) -> None:
    assert main(["export", "--snapshot", str(DEMO), "--format", "parquet"]) == 2
    assert capsys.readouterr().err == "awsx: error: --format parquet writes a directory: give it with -o DIR\n"
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["export", "--snapshot", str(DEMO), "--format", "parquet", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"awsx: error: {tmp_path} exists and is not an awsx Parquet export: "
                                       "refusing to write into it\n")


@pytest.mark.parametrize("argv", [["ls", "--snapshot", str(DEMO), "--json"],
                                  ["export", "--snapshot", str(DEMO), "--format", "json"], ["--help"]],
                         ids=["ls", "export-json", "help"])
def test_other_verbs_load_neither_duckdb_nor_pyarrow(argv: list[str]) -> None:
    probe = ("import sys\nfrom awsx.cli.main import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('duckdb', 'pyarrow') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=offline_env(),
                          timeout=120)
    assert done.stderr.splitlines()[-1] == "[]", done.stderr


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_snapshots(tmp_path_factory.mktemp("hostile"))[0]


@pytest.mark.parametrize("output", [[], ["--csv"], ["--json"]], ids=["table", "csv", "json"])
def test_hostile_names_and_tags_come_out_escaped_with_nothing_raw(capsys, monkeypatch, hostile, output) -> None:
    monkeypatch.setattr(cli_output.stdout, "width", 5000)  # no cell folded: the corpus is found in one piece
    assert main(["sql", "--snapshot", str(hostile), *output, "SELECT name, tags FROM resources"]) == 0
    captured = capsys.readouterr()
    assert raw_controls(captured.out + captured.err, allowed="\r" if output == ["--csv"] else "") == set()
    if output == ["--json"]:  # JSON keeps the values exact, its escapes are JSON's
        assert any(HOSTILE in row[0] for row in json.loads(captured.out)["rows"])
    else:
        assert SHOWN in captured.out and inert(HOSTILE) in captured.out


def test_a_query_holding_escapes_is_refused_in_one_inert_line(capsys) -> None:
    assert main(["sql", "--snapshot", str(DEMO), "SELECT * FROM \x1b]0;owned\x07x"]) == 2
    err = capsys.readouterr().err
    assert raw_controls(err) == set() and err.count("\n") == 1 and err.startswith("awsx: error: sql: ")
