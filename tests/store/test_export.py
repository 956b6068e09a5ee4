"""Exports: the current view (a table) as JSON, CSV or Markdown, and the estate graph as
GraphML, DOT or JSON that other tools read back with the same nodes and edges."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import networkx as nx
import pydot
import pytest
from hostile_text import HOSTILE, SHOWN, raw_controls
from session_options import offline_env

from awsx.core.errors import UserError
from awsx.store.graph_export import export_graph
from awsx.store.table_export import export_table, format_for

COLUMNS = ["Id", "Name", "Ports", "Tags"]
ROWS = [
    ["sg-1", "web | public", [80, 443], {"env": "prod"}],
    ["sg-2", 'quote " and, comma\nnewline', [], None],
]


def test_json_keeps_values_and_column_order():
    document = json.loads(export_table(COLUMNS, ROWS, "json"))
    assert document[0] == {"Id": "sg-1", "Name": "web | public", "Ports": [80, 443], "Tags": {"env": "prod"}}
    assert list(document[1]) == COLUMNS and document[1]["Tags"] is None


def test_csv_round_trips_through_a_csv_reader_with_a_newline_shown_as_an_escape():
    rows = list(csv.reader(io.StringIO(export_table(COLUMNS, ROWS, "csv"), newline="")))
    assert rows == [COLUMNS, ["sg-1", "web | public", "80, 443", '{"env":"prod"}'],
                    ["sg-2", 'quote " and, comma\\x0anewline', "", ""]]


def test_csv_text_that_a_spreadsheet_would_run_as_a_formula_is_quoted_but_numbers_are_not():
    rows = [["=HYPERLINK(\"http://x\")", "+1", -5], ["@SUM(A1)", "-2+3", 1.5]]
    written = list(csv.reader(io.StringIO(export_table(["=A", "B", "C"], rows, "csv"), newline="")))
    assert written == [["'=A", "B", "C"], ["'=HYPERLINK(\"http://x\")", "'+1", "-5"], ["'@SUM(A1)", "'-2+3", "1.5"]]


def test_markdown_escapes_pipes_and_shows_newlines_as_escapes():
    assert export_table(COLUMNS, ROWS, "markdown").splitlines() == [
        "| Id | Name | Ports | Tags |",
        "|---|---|---|---|",
        '| sg-1 | web \\| public | 80, 443 | {"env":"prod"} |',
        '| sg-2 | quote " and, comma\\\\x0anewline |  |  |',
    ]


def test_the_format_follows_the_file_name_and_bad_names_are_user_errors():
    assert [format_for(n) for n in ("v.json", "v.CSV", "v.md", "v.markdown")] == ["json", "csv", "markdown", "markdown"]
    with pytest.raises(UserError, match="use .json, .csv or .md"):
        format_for("view.xlsx")
    with pytest.raises(ValueError, match="row 1 has 1 cells for 4 columns"):
        export_table(COLUMNS, [["only one"]], "csv")


def _edge_set(estate):
    return {(e.source, e.target, e.relation.value) for e in estate.edges()}


def test_graphml_reads_back_with_every_node_and_edge(demo_estate):
    graph = nx.parse_graphml(export_graph(demo_estate, "graphml"), force_multigraph=True)
    assert set(graph.nodes) == {r.arn for r in demo_estate.resources()}
    assert {(s, t, d["relation"]) for s, t, d in graph.edges(data=True)} == _edge_set(demo_estate)
    vpc = next(demo_estate.resources("ec2:vpc"))
    assert graph.nodes[vpc.arn]["kind"] == "ec2:vpc" and graph.nodes[vpc.arn]["id"] == vpc.id


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser on a newer pyparsing
def test_dot_parses_with_quoted_arns(demo_estate):
    (graph,) = pydot.graph_from_dot_data(export_graph(demo_estate, "dot"))
    names = {json.loads(node.get_name()) for node in graph.get_nodes()}
    assert names == {r.arn for r in demo_estate.resources()}
    assert len(graph.get_edges()) == demo_estate.graph.number_of_edges()


def test_json_is_node_link_data(demo_estate):
    graph = nx.node_link_graph(json.loads(export_graph(demo_estate, "json")), edges="edges")
    assert graph.number_of_nodes() == len(demo_estate)
    assert {(s, t, d["relation"]) for s, t, d in graph.edges(data=True)} == _edge_set(demo_estate)


def test_awsx_export_writes_a_file_offline(demo_snapshot, tmp_path):
    target = tmp_path / "estate.graphml"
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "export", "--snapshot", str(demo_snapshot),
                             "--format", "graphml", "-o", str(target)],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and nx.read_graphml(target).number_of_nodes() > 0


@pytest.mark.parametrize("fmt", ["csv", "markdown", "json"])
def test_a_view_exported_with_the_hostile_corpus_holds_nothing_raw(fmt):
    """Issue #20: CSV and Markdown show each escape (``\\x1b``); JSON keeps the value exact."""
    written = export_table(["Name", HOSTILE], [[HOSTILE, {HOSTILE: [HOSTILE]}]], fmt)
    assert raw_controls(written, allowed="\r" if fmt == "csv" else "") == set()
    if fmt == "json":
        assert json.loads(written) == [{"Name": HOSTILE, HOSTILE: {HOSTILE: [HOSTILE]}}]
    else:
        assert SHOWN in written and "[bold red]x" in written
