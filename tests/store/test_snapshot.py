"""The .awsx snapshot: a faithful round trip, and one clear line (exit 2, no traceback) for
any file that is not a good snapshot, whatever its bytes."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from session_options import offline_env

from awsx.core.errors import SnapshotError
from awsx.cost.table import price_table_document
from awsx.store.snapshot import SnapshotReader, open_snapshot, write_snapshot


def test_round_trip_keeps_resources_edges_markers_and_info(demo_estate, demo_snapshot):
    reopened = open_snapshot(demo_snapshot)
    assert {r.arn: r for r in reopened.resources()} == {r.arn: r for r in demo_estate.resources()}
    def edge_set(estate):
        return sorted(json.dumps(e.to_json(), sort_keys=True) for e in estate.edges())

    assert edge_set(reopened) == edge_set(demo_estate)
    assert reopened.markers == demo_estate.markers
    assert reopened.info.accounts == demo_estate.info.accounts
    assert reopened.info.source == f"snapshot {demo_snapshot.name}"


@pytest.mark.parametrize("kinds", [{"ec2:instance", "ec2:network-interface", "ec2:subnet"}, {"iam:role", "iam:policy"}])
def test_a_partial_load_holds_exactly_the_edges_between_what_it_loaded(demo_snapshot, kinds):
    full, partial = open_snapshot(demo_snapshot), open_snapshot(demo_snapshot, kinds)
    def lines(edges):
        return sorted(json.dumps(e.to_json(), sort_keys=True) for e in edges)

    between = [e for e in full.edges() if full.resource(e.source).kind in kinds and full.resource(e.target).kind in kinds]
    assert between and lines(partial.edges()) == lines(between)


def test_a_partial_load_refuses_an_edge_line_that_is_not_json_whatever_its_ends(demo_snapshot, tmp_path):
    broken = tmp_path / "broken.awsx"
    with zipfile.ZipFile(demo_snapshot) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content + b"{not json\n" if item.filename == "edges.jsonl" else content)
    with pytest.raises(SnapshotError, match="edges.jsonl line .* is not JSON"):
        open_snapshot(broken, {"iam:role"})


def test_manifest_counts_kinds_without_reading_resources(demo_estate, demo_snapshot):
    reader = SnapshotReader(demo_snapshot)
    assert reader.kinds == dict(demo_estate.kind_counts())


def test_manifest_counts_each_kind_per_account_and_region(demo_estate, demo_snapshot):
    from awsx.pulse.counts import kind_counts_by_place

    expected = {kind: {(place.account, place.region): n for place, n in row.items()}
                for kind, row in kind_counts_by_place(demo_estate).items()}
    assert SnapshotReader(demo_snapshot).place_counts() == expected


def test_a_snapshot_without_place_counts_still_opens(demo_estate, demo_snapshot, tmp_path):
    """Snapshots written before the manifest carried ``places``: no early counts, same estate."""
    older = tmp_path / "older.awsx"
    _rewrite(demo_snapshot, older, manifest_change=lambda m: {
        **m, "kinds": {kind: {k: v for k, v in meta.items() if k != "places"} for kind, meta in m["kinds"].items()}})
    reader = SnapshotReader(older)
    assert reader.place_counts() is None
    assert reader.kinds == dict(demo_estate.kind_counts())
    assert len(open_snapshot(older)) == len(demo_estate)


def test_snapshot_holds_no_lambda_environment(demo_snapshot):
    with zipfile.ZipFile(demo_snapshot) as archive:
        functions = archive.read("resources/lambda_function.jsonl").decode()
    assert functions and '"Environment"' not in functions


def _corruptions(good: bytes) -> dict[str, bytes]:
    return {
        "truncated": good[: len(good) // 2],
        "random": bytes(range(256)) * 4,
        "empty": b"",
        "text": b"this is not a snapshot\n",
    }


def _rewrite(source, target, manifest_change=None, member_change=None):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "manifest.json" and manifest_change:
                data = json.dumps(manifest_change(json.loads(data))).encode()
            elif item.filename.startswith("resources/") and member_change:
                data = member_change(data)
            copy.writestr(item, data)


@pytest.mark.parametrize("damage", ["truncated", "random", "empty", "text", "foreign", "future", "bad-record", "missing"])
def test_a_bad_snapshot_gives_one_clear_line_and_exit_2(demo_snapshot, tmp_path, damage):
    bad = tmp_path / "bad.awsx"
    if damage == "foreign":
        _rewrite(demo_snapshot, bad, manifest_change=lambda m: {**m, "format": "something-else"})
    elif damage == "future":
        _rewrite(demo_snapshot, bad, manifest_change=lambda m: {**m, "schema": 99})
    elif damage == "bad-record":
        _rewrite(demo_snapshot, bad, member_change=lambda data: data[:-40] + b"\n{not json\n")
    elif damage != "missing":
        bad.write_bytes(_corruptions(demo_snapshot.read_bytes())[damage])
    result = subprocess.run(
        [sys.executable, "-m", "awsx.cli", "ls", "eni", "--snapshot", str(bad)],
        capture_output=True, text=True, env=offline_env(), timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("awsx: error: "), result.stderr
    assert "Traceback" not in result.stderr


def test_open_of_a_corrupt_file_is_one_line_too(demo_snapshot, tmp_path):
    bad = tmp_path / "bad.awsx"
    bad.write_bytes(demo_snapshot.read_bytes()[:1000])
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "open", str(bad)],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "corrupt or truncated" in result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_raise_only_snapshot_error(tmp_path, blob):
    path = tmp_path / "fuzz.awsx"
    path.write_bytes(blob)
    with pytest.raises(SnapshotError):
        open_snapshot(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_members_raise_only_snapshot_error(demo_snapshot, tmp_path, data):
    with zipfile.ZipFile(demo_snapshot) as original:
        names = original.namelist()
    victim = data.draw(st.sampled_from(names))
    garbage = data.draw(st.binary(max_size=256))
    path = tmp_path / "damaged.awsx"
    with zipfile.ZipFile(demo_snapshot) as original, zipfile.ZipFile(path, "w") as copy:
        for name in names:
            copy.writestr(name, garbage if name == victim else original.read(name))
    try:
        open_snapshot(path)
    except SnapshotError:
        pass


def test_write_is_atomic_and_errors_are_clear(demo_estate, tmp_path):
    with pytest.raises(SnapshotError, match="cannot write snapshot"):
        write_snapshot(demo_estate, tmp_path / "no-such-dir" / "x.awsx")
    assert not list(tmp_path.rglob("*.partial"))


def test_the_price_table_used_travels_inside_the_snapshot(demo_snapshot):
    stored = SnapshotReader(demo_snapshot).manifest.info.extra["price_table"]
    assert stored == price_table_document()
    assert stored["as_of"]
