"""Malformed input never gets past one clear error: hypothesis throws random and mutated
snapshot files at the loader, and random arguments at every CLI verb. The answer is always
an estate or one ``awsx: error:`` line with exit 2: no traceback, and nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verb_runner import run  # ``awsx ARGV`` in this process: (exit status, stderr)

from awsx.cli import estate
from awsx.cli import main as cli
from awsx.core.errors import SnapshotError
from awsx.reach.kinds import NETWORK_KINDS
from awsx.store.snapshot import open_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Every verb but the two that start servers (demo, serve); ``open`` runs with the TUI stubbed.
VERBS = ("ls", "show", "crawl", "open", "policy", "reach", "exposure", "can", "who-can", "privesc", "cost", "waste")

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                           max_leaves=8)


def assert_one_clear_error(code: int, stderr: str, written: set[Path]) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.rstrip("\n").split("\n")  # a typed "\r" stays inside its line
    assert len([line for line in lines if "error:" in line]) == 1, stderr
    assert lines[-1].startswith("awsx"), stderr
    assert not written


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A clean working directory; ``open`` never starts the TUI; the demo snapshot is read once."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("awsx.tui.app.run_tui", lambda estate, *a, **k: None)
    demo = open_snapshot(DEMO)
    monkeypatch.setattr(estate, "open_snapshot", lambda path, kinds=None: demo if Path(path) == DEMO and kinds is None
                        else open_snapshot(path, kinds))
    return tmp_path


def files_in(directory: Path) -> set[Path]:
    return set(directory.rglob("*"))


def malformed_archive(manifest: object, members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


manifests = st.one_of(
    json_values,
    st.fixed_dictionaries({"format": st.just("awsx-snapshot"), "schema": st.just(1)},
                          optional={"kinds": st.dictionaries(st.text(max_size=6), json_values, max_size=2),
                                    "info": json_values, "markers": json_values}),
)
members = st.dictionaries(st.sampled_from(["edges.jsonl", "dangling.jsonl", "resources/ec2_vpc.jsonl"]),
                          st.one_of(st.binary(max_size=40), json_values.map(lambda v: (json.dumps(v) + "\n").encode())),
                          max_size=3)


def mutated_demo(data: st.DataObject) -> bytes:
    original = DEMO.read_bytes()
    position = data.draw(st.integers(0, len(original) - 1))
    if data.draw(st.booleans()):
        return original[:position]  # truncated
    return original[:position] + bytes([original[position] ^ data.draw(st.integers(1, 255))]) + original[position + 1:]


@FUZZ
@given(data=st.data())
def test_a_malformed_snapshot_is_one_snapshot_error(workdir, data):
    kind = data.draw(st.sampled_from(["bytes", "archive", "mutated"]))
    if kind == "bytes":
        content = data.draw(st.binary(max_size=200))
    elif kind == "archive":
        content = malformed_archive(data.draw(manifests), data.draw(members))
    else:
        content = mutated_demo(data)
    path = workdir / "input.awsx"
    path.write_bytes(content)
    try:
        open_snapshot(path)
    except SnapshotError as error:
        assert "\n" not in str(error)
        before = files_in(workdir)
        verb = data.draw(st.sampled_from(["ls", "open", "cost", "exposure"]))
        code, stderr = run([verb, str(path)] if verb == "open" else [verb, "--snapshot", str(path)])
        if verb == "exposure" and _reads(path, NETWORK_KINDS):
            # exposure reads the network kinds alone: a broken member of another kind is not its input
            assert code == 0 and "Traceback" not in stderr, stderr
        else:
            assert_one_clear_error(code, stderr, files_in(workdir) - before)


def _reads(path, kinds) -> bool:
    try:
        open_snapshot(path, kinds)
    except SnapshotError:
        return False
    return True


def option_words() -> list[str]:
    parser = cli.build_parser()
    words = {o for action in parser._actions for o in action.option_strings}
    for sub in parser.verbs.values():
        words |= {o for action in sub._actions for o in action.option_strings}
    return sorted(words - {"-h", "--help", "--version"})


tokens = st.one_of(
    st.sampled_from(option_words()),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.integers(-(2**40), 2**40).map(str),
    st.sampled_from(["tcp", "udp", "icmp", "-1", "0", "65536", "kind", "tag:", "region", "=", "k=v", "s3:GetObject",
                     "*", "arn:aws:iam::123456789012:role/admin", "sg-0", "10.0.0.1", "vpc", "eni", "nonexistent.json"]),
)


@FUZZ
@given(verb=st.sampled_from(VERBS), words=st.lists(tokens, max_size=6))
def test_random_arguments_give_an_answer_or_one_clear_error(workdir, verb, words):
    before = files_in(workdir)
    code, stderr = run([verb, *words, "--snapshot", str(DEMO)])
    assert code in (0, 2), stderr
    if code == 2:
        assert_one_clear_error(code, stderr, files_in(workdir) - before)
    assert "Traceback" not in stderr
