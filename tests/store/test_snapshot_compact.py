"""A loaded snapshot keeps its estate compact (issue 18, memory that stays flat): each record
stays the JSON it was read as until asked for, edges share their resources' ARN strings, and
the writer streams a member line by line instead of building it as one string."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from awsx.core.errors import SnapshotError
from awsx.core.model import RawData, Resource
from awsx.store.snapshot import open_snapshot, write_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"


@pytest.fixture(scope="module")
def estate():
    return open_snapshot(DEMO)


def _member_lines(path: Path, member: str) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        return [json.loads(line) for line in archive.read(member).splitlines()]


def test_a_record_read_back_is_held_as_its_json_and_reads_as_the_dict_it_was(estate):
    vpc = next(estate.resources("ec2:vpc"))
    stored = Resource.data.stored(vpc)  # type: ignore[attr-defined]
    assert type(stored) is RawData
    written = next(line for line in _member_lines(DEMO, "resources/ec2_vpc.jsonl") if line["arn"] == vpc.arn)
    assert type(vpc.data) is dict and vpc.data == written["data"]
    assert vpc.to_json()["data"] == written["data"]


def test_a_record_read_back_equals_the_same_resource_built_in_memory(estate):
    vpc = next(estate.resources("ec2:vpc"))
    built = Resource(vpc.arn, vpc.kind, vpc.id, vpc.name, vpc.account, vpc.region, dict(vpc.tags), dict(vpc.data),
                     vpc.ips, vpc.provenance)
    assert built == vpc and vpc == built


def test_the_strings_every_resource_repeats_are_one_object_each(estate):
    first, second = list(estate.resources("ec2:subnet"))[:2]
    assert first.account is second.account and first.region is second.region and first.kind is second.kind
    assert first.provenance == second.provenance and first.provenance is second.provenance


def test_an_edge_read_back_names_its_ends_by_the_resources_own_arn_strings(estate):
    edge = next(estate.edges())
    assert edge.source is estate.resource(edge.source).arn and edge.target is estate.resource(edge.target).arn


def test_edges_come_out_in_the_order_a_networkx_graph_of_the_file_gave(estate):
    # The order the Estate's networkx MultiDiGraph gave before (views and xray list in it):
    # edges added as the file lists them, each resource's neighbours in the order first seen.
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(estate._resources)
    for line in _member_lines(DEMO, "edges.jsonl"):
        graph.add_edge(line["source"], line["target"], relation=line["relation"])

    def ends(edges):
        return [(edge.source, edge.target, edge.relation.value) for edge in edges]

    def networkx(view):
        return [(source, target, data["relation"]) for source, target, data in view]

    for arn in estate._resources:
        assert ends(estate.out_edges(arn)) == networkx(graph.out_edges(arn, data=True))
        assert ends(estate.in_edges(arn)) == networkx(graph.in_edges(arn, data=True))
    assert ends(estate.edges()) == networkx(graph.edges(data=True))
    assert estate.edge_count() == graph.number_of_edges() == estate.graph.number_of_edges()


def test_a_record_whose_data_is_not_an_object_is_refused_in_one_line(tmp_path):
    target = tmp_path / "bad.awsx"
    with zipfile.ZipFile(DEMO) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "resources/ec2_vpc.jsonl":
                lines = content.splitlines()
                record = json.loads(lines[0])
                record["data"] = ["not", "an", "object"]
                content = b"\n".join([json.dumps(record).encode(), *lines[1:]]) + b"\n"
            out.writestr(info, content)
    with pytest.raises(SnapshotError, match=r"resources/ec2_vpc.jsonl line 1: Expected `object`.*\$\.data"):
        open_snapshot(target)


def test_the_writer_streams_each_member_instead_of_building_it_whole(estate, tmp_path, monkeypatch):
    def whole_member(self, name, data, *args, **kwargs):
        if name != "manifest.json":
            raise AssertionError(f"{name} was built as one string")
        return original(self, name, data, *args, **kwargs)

    original = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", whole_member)
    path = write_snapshot(estate, tmp_path / "again.awsx")
    again = open_snapshot(path)
    assert {r.arn: r for r in again.resources()} == {r.arn: r for r in estate.resources()}
    assert sorted(map(repr, again.edges())) == sorted(map(repr, estate.edges()))
