"""Issue 19, parts 2 and 3, in the store: the estate as Parquet that DuckDB reads back with the
same counts per kind, a join across ``edges`` that answers a relation question, and DuckDB over
the estate in memory, closed to files, the network and Python variables."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import Edge, Marker, MarkerStatus, Relation, Resource
from awsx.store.estate_tables import table_name
from awsx.store.parquet_export import MANIFEST, export_parquet
from awsx.store.snapshot import open_snapshot
from awsx.store.sql import SqlDatabase

DEMO = Path(__file__).parents[2] / "snapshots" / "demo.awsx"


@pytest.fixture(scope="module")
def demo() -> Estate:
    return open_snapshot(DEMO)


@pytest.fixture(scope="module")
def exported(demo: Estate, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(export_parquet(demo, tmp_path_factory.mktemp("parquet") / "estate").directory)


def read(directory: Path, table: str) -> str:
    """A DuckDB table expression over one exported table, the account kept a string."""
    return (f"read_parquet('{directory / table}/*/*.parquet', hive_partitioning = true, "
            "hive_types = {'account': 'VARCHAR'})")


def rows(query: str) -> list[tuple]:
    """What DuckDB, on its own (no awsx between), answers."""
    with duckdb.connect() as connection:
        return connection.execute(query).fetchall()


def two_account_estate() -> Estate:
    vpc = Resource("arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-1", "ec2:vpc", "vpc-1", "core", "111111111111",
                   "eu-west-1", tags={"env": "prod"}, data={"CidrBlock": "10.0.0.0/16"})
    instance = Resource("arn:aws:ec2:eu-west-1:111111111111:instance/i-1", "ec2:instance", "i-1", "web",
                        "111111111111", "eu-west-1", tags={"owner": "ana"}, data={"InstanceType": "t2.micro"})
    other = Resource("arn:aws:ec2:eu-west-1:022222222222:instance/i-2", "ec2:instance", "i-2", "batch",
                     "022222222222", "eu-west-1", data={"InstanceType": "t3.large"})
    marker = Marker("022222222222", "eu-west-1", "ssm", "DescribeInstanceInformation", MarkerStatus.DENIED, "403")
    return Estate([vpc, instance, other], [Edge(instance.arn, vpc.arn, Relation.IN_VPC)], [marker])


def test_every_kinds_table_reads_back_in_duckdb_with_the_estates_count(demo: Estate, exported: Path) -> None:
    counts = {kind: rows(f"SELECT count(*) FROM {read(exported, table_name(kind))}")[0][0]
              for kind in demo.kind_counts()}
    assert counts == dict(demo.kind_counts())
    assert json.loads((exported / MANIFEST).read_text())["tables"]["edges"] == demo.graph.number_of_edges()


def test_the_tables_are_partitioned_by_account_with_tags_as_a_map_and_the_record_as_a_json_string(exported: Path,
                                                                                          demo: Estate) -> None:
    assert sorted(p.name for p in (exported / "ec2_instance").iterdir()) == ["account=123456789012"]
    found = rows(f"SELECT arn, account, tags['team'], record->>'$.InstanceType', typeof(tags), typeof(record) "
                      f"FROM {read(exported, 'ec2_instance')}")
    expected = {(r.arn, r.account, r.tags.get("team"), r.data["InstanceType"], "MAP(VARCHAR, VARCHAR)", "VARCHAR")
                for r in demo.resources("ec2:instance")}
    assert set(found) == expected and len(found) == len(expected)
    records = dict(rows(f"SELECT arn, record FROM {read(exported, 'ec2_instance')}"))
    assert {arn: json.loads(text) for arn, text in records.items()} == {
        r.arn: json.loads(json.dumps(r.data, default=str)) for r in demo.resources("ec2:instance")}


def test_a_join_across_the_exported_edges_counts_instances_per_vpc(exported: Path, demo: Estate) -> None:
    answer = dict(rows(
        f"SELECT v.name, count(*) FROM {read(exported, 'ec2_instance')} i "
        f"JOIN {read(exported, 'edges')} e ON e.src = i.arn AND e.relation = 'IN_VPC' "
        f"JOIN {read(exported, 'ec2_vpc')} v ON v.arn = e.dst GROUP BY v.name"))
    expected = Counter(demo.resource(edge.target).name for instance in demo.resources("ec2:instance")
                       for edge in demo.out_edges(instance.arn, Relation.IN_VPC))
    assert answer == dict(expected) and sum(answer.values()) == demo.kind_counts()["ec2:instance"]


def test_each_account_is_its_own_partition_and_an_account_id_keeps_its_leading_zero(tmp_path: Path) -> None:
    written = Path(export_parquet(two_account_estate(), tmp_path / "out").directory)
    assert sorted(p.name for p in (written / "ec2_instance").iterdir()) == ["account=022222222222",
                                                                           "account=111111111111"]
    assert rows(f"SELECT account, id FROM {read(written, 'ec2_instance')} ORDER BY id") == [
        ("111111111111", "i-1"), ("022222222222", "i-2")]
    assert rows(f"SELECT account, status FROM {read(written, 'markers')}") == [
        ("022222222222", "denied")]


def test_a_directory_that_is_not_a_previous_export_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserError, match="exists and is not an awsx Parquet export: refusing"):
        export_parquet(two_account_estate(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="is not a directory"):
        export_parquet(two_account_estate(), tmp_path / "file")


def test_a_previous_export_is_replaced_whole(tmp_path: Path, demo: Estate) -> None:
    target = tmp_path / "out"
    export_parquet(demo, target)
    export_parquet(two_account_estate(), target)
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "ec2_instance", "ec2_vpc", "edges", "markers"]
    assert [p for p in tmp_path.iterdir()] == [target]  # no staging directory left behind


def test_sql_views_are_named_after_the_kinds_and_an_empty_known_kind_answers_no_rows() -> None:
    database = SqlDatabase(two_account_estate(), kinds=["s3:bucket", "ec2:network-interface"])
    assert database.query("SELECT count(*) FROM ec2_instance").rows == ((2,),)
    assert database.query("SELECT count(*) FROM s3_bucket").rows == ((0,),)
    assert database.query("SELECT count(*) FROM ec2_network_interface").rows == ((0,),)
    names = [t.name for t in database.tables().tables]
    assert names[:3] == ["resources", "edges", "markers"]
    assert set(names[3:]) == {"ec2_instance", "ec2_vpc", "s3_bucket", "ec2_network_interface"}


def test_the_issues_question_is_one_query_over_edges_and_tags() -> None:
    answer = SqlDatabase(two_account_estate()).query(
        "SELECT i.id FROM ec2_instance i JOIN edges e ON e.src = i.arn AND e.relation = 'IN_VPC' "
        "JOIN ec2_vpc v ON v.arn = e.dst WHERE i.record->>'$.InstanceType' LIKE 't2.%' AND v.tags['env'] = 'prod'")
    assert answer.rows == (("i-1",),)
    assert SqlDatabase(two_account_estate()).query(
        "SELECT id FROM ec2_instance WHERE tags['owner'] IS NULL").rows == (("i-2",),)


def test_json_output_keeps_json_columns_as_json_and_says_when_rows_were_left_out() -> None:
    answer = SqlDatabase(two_account_estate()).query("SELECT id, record FROM ec2_instance ORDER BY id", max_rows=1)
    assert answer.to_json() == {"query": "SELECT id, record FROM ec2_instance ORDER BY id",
                                "columns": [{"name": "id", "type": "VARCHAR"}, {"name": "record", "type": "JSON"}],
                                "rows": [["i-1", {"InstanceType": "t2.micro"}]], "count": 1, "truncated": True}


@pytest.mark.parametrize("query", ["SELEC 1", "SELECT * FROM nope", "SELECT nope FROM resources"])
def test_bad_sql_is_one_line_naming_duckdbs_message(query: str) -> None:
    with pytest.raises(UserError) as raised:
        SqlDatabase(two_account_estate()).query(query)
    message = str(raised.value)
    assert message.startswith("sql: ") and "\n" not in message and "Error" in message


def test_a_query_cannot_read_files_write_files_load_extensions_or_undo_the_lockdown(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    database = SqlDatabase(two_account_estate())
    for query in (f"SELECT * FROM read_csv('{secret}')", f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'",
                  f"ATTACH '{tmp_path / 'x.db'}'", "INSTALL httpfs", "LOAD httpfs",
                  "SET enable_external_access = true", "SET python_enable_replacements = true",
                  "SELECT * FROM read_text('https://example.com/')"):
        with pytest.raises(UserError, match="Permission Error|Invalid Input Error|locked"):
            database.query(query)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv"]


def test_a_python_variable_in_scope_is_not_a_table() -> None:
    import pyarrow as pa

    hidden = pa.table({"value": ["not the estate's"]})  # DuckDB's Python client would scan this by name
    with pytest.raises(UserError, match="Table with name hidden does not exist"):
        SqlDatabase(two_account_estate()).query("SELECT * FROM hidden")
    assert hidden.num_rows == 1


def test_a_hostile_kind_name_is_a_literal_not_sql() -> None:
    odd = Resource("arn:x:1", "x:y' OR '1'='1", "1", "", "1", "r")
    plain = Resource("arn:x:2", "x:z", "2", "", "1", "r")
    database = SqlDatabase(Estate([odd, plain]))
    assert database.query(f"SELECT id FROM {table_name(odd.kind)}").rows == (("1",),)


def test_a_query_running_or_about_to_run_ends_when_stopped_from_another_thread() -> None:
    database = SqlDatabase(two_account_estate())
    said: list[str] = []
    started = threading.Event()

    def endless() -> None:
        started.set()
        try:
            database.query("SELECT count(*) FROM range(1000000000000)")
        except UserError as error:
            said.append(str(error))

    worker = threading.Thread(target=endless)
    worker.start()
    started.wait()
    database.stop()  # before DuckDB starts the query or while it runs: it ends either way
    worker.join()
    assert said in (["sql: INTERRUPT Error: Interrupted!"], ["sql: stopped before it ran"])
    with pytest.raises(UserError, match="stopped before it ran"):
        database.query("SELECT 1")
