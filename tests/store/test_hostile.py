"""A hostile corpus, built in tmp_path from the demo snapshot (nothing big is committed): deep
nesting in each member, wrong types, non-JSON policies, a zip bomb, a lying header, many kinds
naming one member, sizes over budget, a FIFO, /dev/zero, an empty path. Every verb answers
each with an answer or one ``awsx: error:`` line (exit 2), never a traceback, in a fresh
process whose peak RSS stays under 200 MB (a memory bound; no test here measures time)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest
import verb_runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awsx.core.errors import SnapshotError
from awsx.iam.kinds import IAM_KINDS
from awsx.inventory.specs import resolve_kind
from awsx.reach.kinds import NETWORK_KINDS
from awsx.store import snapshot
from awsx.store.data_schema import DATA_SCHEMAS
from awsx.store.snapshot import SnapshotReader, open_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"
RUNNER = Path(__file__).resolve().parents[1] / "fixtures" / "verb_runner.py"
RSS_BUDGET_MB = 200
DEEP = 100_000
VPCS = "resources/ec2_vpc.jsonl"
GROUPS = "resources/ec2_security-group.jsonl"
VERBS = (["pulse"], ["ls"], ["ls", "sg"], ["show", "prod-use1-alb"], ["reach", "internet", "prod-use1-alb", "--port", "443"],
         ["exposure"], ["cost"], ["waste"], ["privesc"], ["public"], ["who-can", "s3:GetObject"],
         ["can", "user/deploy-bot", "iam:PassRole", "*"], ["export", "--format", "graphml", "-o", "{out}"])
ENGINE_VERBS = (["pulse"], ["reach", "internet", "prod-use1-alb", "--port", "443"], ["exposure"], ["cost"], ["waste"],
                ["privesc"], ["who-can", "s3:GetObject"])

Members = dict[str, bytes]


def demo_members() -> Members:
    with zipfile.ZipFile(DEMO) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_archive(path: Path, members: Members, stored: frozenset[str] = frozenset()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content, zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return path


def manifest_of(members: Members) -> dict:
    return json.loads(members["manifest.json"])


def with_manifest(members: Members, change: Callable[[dict], object]) -> Members:
    manifest = manifest_of(members)
    change(manifest)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def with_lines(members: Members, member: str, change: Callable[[dict], object]) -> Members:
    """``member`` with ``change`` applied to every line's record."""
    records = [json.loads(line) for line in members[member].splitlines()]
    for record in records:
        change(record)
    return {**members, member: b"".join(json.dumps(r).encode() + b"\n" for r in records)}


def with_deep_value(members: Members, member: str, depth: int, where: Callable[[dict], dict]) -> Members:
    """``member``'s first line with a value nested ``depth`` deep (written as bytes: no encoder
    could produce it) in the object ``where`` picks out of the record."""
    lines = members[member].splitlines()
    record = json.loads(lines[0])
    where(record)["deep"] = "@DEEP@"
    lines[0] = json.dumps(record).encode().replace(b'"@DEEP@"', nested(depth))
    return {**members, member: b"\n".join(lines) + b"\n"}


def lie_about_size(path: Path, member: str, size: int) -> Path:
    """Patch ``member``'s uncompressed size in the central directory (what zipfile believes)."""
    content = bytearray(path.read_bytes())
    start = 0
    while (start := content.find(b"PK\x01\x02", start + 1)) != -1:
        name_length = int.from_bytes(content[start + 28:start + 30], "little")
        if content[start + 46:start + 46 + name_length] == member.encode():
            content[start + 24:start + 28] = size.to_bytes(4, "little")
            path.write_bytes(bytes(content))
            return path
    raise AssertionError(f"{member} not in {path}")


def zip_bomb(path: Path) -> Path:
    """The VPC member replaced by 64 MB of zeros, streamed in (about 64 KB compressed)."""
    members = demo_members()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name != VPCS:
                archive.writestr(name, content)
        with archive.open(VPCS, "w") as stream:
            for _ in range(64):
                stream.write(bytes(1024**2))
    return path


def lying_header(path: Path) -> Path:
    """The VPC member says it holds 1000 bytes; its stream holds 64 MB."""
    return lie_about_size(zip_bomb(path), VPCS, 1000)


def over_the_member_budget(path: Path) -> Path:
    """A member declaring 1.5 GiB from 9 MB of incompressible bytes: a plausible ratio, too big."""
    noise = random.Random(20).randbytes(9 * 1024**2)
    write_archive(path, {**demo_members(), VPCS: noise}, stored=frozenset({VPCS}))
    return lie_about_size(path, VPCS, 3 * 1024**3 // 2)


def one_member_for_forty_kinds(members: Members) -> Members:
    def forty(manifest: dict) -> None:
        entry = manifest["kinds"]["ec2:vpc"]
        manifest["kinds"].update({f"ec2:vpc-{n}": dict(entry) for n in range(40)})
    return with_manifest(members, forty)


def mistyped_rule(record: dict) -> None:
    for rule in record["data"].get("IpPermissions", []):
        rule["FromPort"] = "junk"


def rule_cidr_not_a_cidr(record: dict) -> None:
    for rule in record["data"].get("IpPermissions", []):
        rule["IpRanges"] = [{"CidrIp": "everyone"}]


def first_kind(manifest: dict) -> dict:
    return next(iter(manifest["kinds"].values()))


# name -> how to build it in a directory. Each is refused: every verb says one line, exit 2.
REFUSED: dict[str, Callable[[Path], Path]] = {
    "deep manifest": lambda d: write_archive(d / "f.awsx", {**demo_members(), "manifest.json": demo_members()[
        "manifest.json"].replace(b'"extra": {', b'"extra": {"deep": ' + nested(DEEP) + b", ", 1)}),
    "deep resource line": lambda d: write_archive(d / "f.awsx", with_deep_value(demo_members(), VPCS, DEEP,
                                                                                lambda r: r["data"])),
    "deep edge line": lambda d: write_archive(d / "f.awsx", with_deep_value(demo_members(), "edges.jsonl", DEEP,
                                                                            lambda r: r.setdefault("attrs", {}))),
    "nesting over the limit, under the stack's": lambda d: write_archive(d / "f.awsx", with_deep_value(
        demo_members(), VPCS, 80, lambda r: r["data"])),
    "count: many": lambda d: write_archive(d / "f.awsx", with_manifest(
        demo_members(), lambda m: first_kind(m).update(count="many"))),
    'schema: "1"': lambda d: write_archive(d / "f.awsx", with_manifest(demo_members(), lambda m: m.update(schema="1"))),
    "schema: true": lambda d: write_archive(d / "f.awsx", with_manifest(demo_members(), lambda m: m.update(schema=True))),
    "schema: -7": lambda d: write_archive(d / "f.awsx", with_manifest(demo_members(), lambda m: m.update(schema=-7))),
    "marker status unknown": lambda d: write_archive(d / "f.awsx", with_manifest(
        demo_members(), lambda m: m.update(markers=[{"account": "1", "region": "r", "service": "s", "operation": "o",
                                                      "status": "fine", "message": ""}]))),
    "edge relation unknown": lambda d: write_archive(d / "f.awsx", with_lines(
        demo_members(), "edges.jsonl", lambda e: e.update(relation="OWNS"))),
    "resource without an arn": lambda d: write_archive(d / "f.awsx", with_lines(demo_members(), VPCS,
                                                                                lambda r: r.pop("arn"))),
    "security-group port mistyped": lambda d: write_archive(d / "f.awsx", with_lines(demo_members(), GROUPS,
                                                                                     mistyped_rule)),
    "security-group CIDR not a CIDR": lambda d: write_archive(d / "f.awsx", with_lines(demo_members(), GROUPS,
                                                                                       rule_cidr_not_a_cidr)),
    "one member for forty kinds": lambda d: write_archive(d / "f.awsx", one_member_for_forty_kinds(demo_members())),
    "zip bomb": lambda d: zip_bomb(d / "f.awsx"),
    "lying header": lambda d: lying_header(d / "f.awsx"),
    "member over its budget": lambda d: over_the_member_budget(d / "f.awsx"),
    "a FIFO": lambda d: (os.mkfifo(d / "fifo.awsx"), d / "fifo.awsx")[1],
    "/dev/zero": lambda d: Path("/dev/zero"),
    "a directory": lambda d: d,
}


def run_verbs(snapshot_path: str, directory: Path) -> dict:
    """Every verb on ``snapshot_path`` (and ``open`` and ``diff``), in one fresh process."""
    verbs = [[*(word.replace("{out}", str(directory / "out")) for word in verb), "--snapshot", snapshot_path]
             for verb in VERBS]
    verbs += [["open", snapshot_path], ["diff", str(DEMO), snapshot_path]]
    result = subprocess.run([sys.executable, str(RUNNER), json.dumps(verbs)], capture_output=True, text=True,
                            timeout=300, cwd=directory)  # a hang guard, not a measure
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# The cases whose hostility is in one kind's member: a verb that does not read that kind (issue
# 18: a verb reads what its engine needs) answers from the members it reads, never parsing it.
HOSTILE_KIND = {"deep resource line": "ec2:vpc", "nesting over the limit, under the stack's": "ec2:vpc",
                "resource without an arn": "ec2:vpc", "lying header": "ec2:vpc",
                "security-group port mistyped": "ec2:security-group",
                "security-group CIDR not a CIDR": "ec2:security-group"}


def kinds_read(argv: list[str]) -> frozenset[str] | None:
    """The kinds a verb reads of a snapshot (cli/reach.py, cli/iam.py, cli/browse.py); None: all."""
    if argv[0] in ("reach", "exposure"):
        return NETWORK_KINDS
    if argv[0] in ("privesc", "public", "who-can", "can"):
        return IAM_KINDS
    if argv[0] == "ls" and not argv[1].startswith("-"):
        return frozenset({resolve_kind(argv[1]) or ""})
    return None


def reads_the_hostile_member(case: str, argv: list[str]) -> bool:
    kinds = kinds_read(argv)
    return case not in HOSTILE_KIND or kinds is None or HOSTILE_KIND[case] in kinds


def assert_one_line(argv: list[str], code: int, stderr: str) -> None:
    assert code == 2, (argv, code, stderr)
    assert stderr.startswith("awsx: error: ") and stderr.count("\n") == 1, (argv, stderr)


@pytest.mark.parametrize("case", REFUSED)
def test_every_verb_refuses_a_hostile_snapshot_in_one_line_within_the_memory_budget(case, tmp_path):
    path = REFUSED[case](tmp_path)
    report = run_verbs(str(path), tmp_path)
    for argv, code, stderr in report["results"]:
        if reads_the_hostile_member(case, argv):
            assert_one_line(argv, code, stderr)
        else:
            assert code == 0 and "Traceback" not in stderr, (argv, code, stderr)
    assert report["peak_rss_mb"] < RSS_BUDGET_MB


def test_an_empty_snapshot_path_is_an_error_not_a_live_crawl(tmp_path):
    report = run_verbs("", tmp_path)
    for argv, code, stderr in report["results"]:
        assert_one_line(argv, code, stderr)
        assert "empty" in stderr or argv[0] == "diff"  # diff's usage error


def non_json_policies(members: Members) -> Members:
    """Every policy text the IAM engines parse replaced by something that is not JSON."""
    def spoil(record: dict) -> None:
        data = record["data"]
        for field in ("AssumeRolePolicyDocument", "Policy", "KeyPolicy"):
            if field in data:
                data[field] = "{not json" if field != "Policy" else "%7Bnot json"
        for version in data.get("PolicyVersionList") or ():
            version["Document"] = "[[["
        for inline in data.get("RolePolicyList", []) + data.get("UserPolicyList", []) + data.get("GroupPolicyList", []):
            inline["PolicyDocument"] = "nope"
    for kind, entry in manifest_of(members)["kinds"].items():
        if kind.split(":")[0] in ("iam", "s3", "kms", "sqs", "sns", "lambda"):
            members = with_lines(members, entry["member"], spoil)
    return members


def test_policies_that_are_not_json_get_an_answer_or_one_line_from_every_verb(tmp_path):
    path = write_archive(tmp_path / "f.awsx", non_json_policies(demo_members()))
    report = run_verbs(str(path), tmp_path)
    for argv, code, stderr in report["results"]:
        assert "Traceback" not in stderr, (argv, stderr)
        if code != 0:
            assert_one_line(argv, code, stderr)
    assert report["peak_rss_mb"] < RSS_BUDGET_MB


def test_awsx_open_refuses_a_bad_manifest_before_the_tui_starts(tmp_path):
    path = REFUSED["count: many"](tmp_path)
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "open", str(path)], capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"awsx: error: {path} is not a usable awsx snapshot: manifest.json: Expected `int`, " \
                            "got `str` - at `$.kinds[...].count`\n"


@pytest.mark.parametrize(("schema", "shown"), [("1", '"1"'), (True, "true"), (-7, "-7"), (0, "0"), (1.0, "1.0")])
def test_a_schema_version_is_an_integer_in_range(schema, shown, tmp_path):
    path = write_archive(tmp_path / "f.awsx", with_manifest(demo_members(), lambda m: m.update(schema=schema)))
    with pytest.raises(SnapshotError) as refused:
        SnapshotReader(path)
    assert str(refused.value) == f"{path} names snapshot schema {shown}: a schema version is an integer from 1 to 1"


def test_members_together_over_the_file_budget_are_refused_before_reading(tmp_path, monkeypatch):
    path = write_archive(tmp_path / "f.awsx", demo_members())
    declared = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(snapshot, "MAX_SNAPSHOT_BYTES", declared - 1)
    with pytest.raises(SnapshotError, match=f"members add up to {declared} bytes uncompressed; the budget is"):
        SnapshotReader(path)
    monkeypatch.setattr(snapshot, "MAX_SNAPSHOT_BYTES", declared)
    assert len(open_snapshot(path)) > 0


def test_a_line_over_its_budget_is_refused_without_holding_it(tmp_path, monkeypatch):
    long_name = with_lines(demo_members(), VPCS, lambda r: r.update(name="v" * 5000))
    path = write_archive(tmp_path / "f.awsx", long_name)
    monkeypatch.setattr(snapshot, "MAX_LINE_BYTES", 4096)
    monkeypatch.setattr(snapshot, "CHUNK_BYTES", 1024)
    with pytest.raises(SnapshotError, match=f"{VPCS} line 1 is longer than 4096 bytes"):
        open_snapshot(path)


def test_a_valid_snapshot_still_loads_whole(tmp_path):
    path = write_archive(tmp_path / "f.awsx", demo_members())
    assert len(open_snapshot(path)) == sum(SnapshotReader(path).kinds.values())



json_values = st.recursive(st.none() | st.booleans() | st.integers(-70000, 70000) | st.text(max_size=6),
                           lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2),
                           max_leaves=4)


def paths_in(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``value`` (dict keys and list indexes)."""
    found = [prefix] if prefix else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found += paths_in(child, (*prefix, key))
    return found


def replaced(value: dict, path: tuple, new: object) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_field_of_a_declared_kind_mutated_gets_an_answer_or_one_line(tmp_path_factory, data):
    """The kinds whose fields the engines compute with (store/data_schema.py): any field of any
    of their resources given any JSON value either loads and every engine answers, or is
    refused at load in one line."""
    members = demo_members()
    kind = data.draw(st.sampled_from(sorted(set(DATA_SCHEMAS) & set(manifest_of(members)["kinds"]))))
    member = manifest_of(members)["kinds"][kind]["member"]
    lines = members[member].splitlines()
    number = data.draw(st.integers(0, len(lines) - 1))
    record = json.loads(lines[number])
    path = data.draw(st.sampled_from(paths_in(record["data"])))
    replaced(record["data"], path, data.draw(json_values))
    lines[number] = json.dumps(record).encode()
    directory = tmp_path_factory.mktemp("mutated")
    file = write_archive(directory / "f.awsx", {**members, member: b"\n".join(lines) + b"\n"})
    for argv in ([*verb, "--snapshot", str(file)] for verb in ENGINE_VERBS):
        code, stderr = verb_runner.run(argv)  # in this process: hypothesis runs many
        assert code in (0, 2) and "Traceback" not in stderr, (argv, path, stderr)
        if code == 2:
            assert_one_line(argv, code, stderr)
