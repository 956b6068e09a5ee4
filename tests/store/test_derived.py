"""The derived cache (awsx/store/derived.py): what is costly to derive from a snapshot is
derived once per file, version, regions and kinds; an entry that does not load is derived
again without a word; --no-cache neither reads nor writes it; the CLI's answers are the same
cold, warm and without it. The cache lives under the test's own XDG_CACHE_HOME (conftest)."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from engine_kinds import DEMO

import awsx.store.derived as derived_module
from awsx.cli.main import main
from awsx.store.derived import DerivedCache, default_directory, derived, remember
from awsx.store.snapshot import open_snapshot, snapshot_digest


def _explode() -> None:
    raise RuntimeError("an entry written by something else")


class Unloadable:
    """Pickles, but fails to load: a corrupt entry, or one of a class that changed."""

    def __reduce__(self):
        return _explode, ()


@pytest.fixture
def counted():
    calls: list[str] = []

    def derive(value: str = "derived") -> str:
        calls.append(value)
        return value

    return calls, derive


def _remembered(tmp_path, path=DEMO):
    return remember(open_snapshot(path), DerivedCache(tmp_path / "derived"), path)


def test_a_structure_is_derived_once_per_snapshot(tmp_path, counted):
    calls, derive = counted
    assert derived(_remembered(tmp_path), "thing", derive, str) == "derived"
    assert derived(_remembered(tmp_path), "thing", derive, str) == "derived"
    assert calls == ["derived"]


def test_another_file_another_version_or_other_regions_derive_again(tmp_path, monkeypatch, counted):
    calls, derive = counted
    derived(_remembered(tmp_path), "thing", derive, str)
    other = tmp_path / "other.awsx"
    shutil.copy(DEMO, other)
    with open(other, "ab") as out:  # a zip reads the same with bytes after its end; the digest differs
        out.write(b"\0")
    derived(_remembered(tmp_path, other), "thing", derive, str)
    narrowed = remember(open_snapshot(DEMO).in_regions(["eu-west-1"]), DerivedCache(tmp_path / "derived"), DEMO)
    derived(narrowed, "thing", derive, str)
    monkeypatch.setattr(derived_module, "__version__", "99.0")
    derived(_remembered(tmp_path), "thing", derive, str)
    assert len(calls) == 4


def test_an_entry_that_does_not_load_is_derived_again_silently(tmp_path, counted):
    calls, derive = counted
    estate = _remembered(tmp_path)
    source = derived_module._SOURCES[estate]
    key = source.key(estate, "thing", None)
    source.cache._open().set(key, Unloadable())
    assert derived(estate, "thing", derive, str) == "derived"
    source.cache._open().set(key, ["a structure of another shape"])
    assert derived(estate, "thing", derive, str) == "derived"
    assert derived(_remembered(tmp_path), "thing", derive, str) == "derived"
    assert calls == ["derived", "derived"]


def test_a_corrupt_cache_database_is_no_cache_at_all(tmp_path, counted):
    calls, derive = counted
    directory = tmp_path / "derived"
    directory.mkdir()
    (directory / "cache.db").write_bytes(b"not a database" * 100)
    estate = remember(open_snapshot(DEMO), DerivedCache(directory), DEMO)
    assert derived(estate, "thing", derive, str) == "derived"
    assert derived(estate, "thing", derive, str) == "derived"
    assert calls == ["derived", "derived"]


def test_an_estate_with_no_snapshot_behind_it_derives_every_time(counted):
    calls, derive = counted
    estate = open_snapshot(DEMO)
    derived(estate, "thing", derive, str)
    derived(estate, "thing", derive, str)
    assert len(calls) == 2


def test_the_digest_is_the_files_sha256():
    import hashlib

    assert snapshot_digest(DEMO) == hashlib.sha256(DEMO.read_bytes()).hexdigest()


def test_the_cache_is_private_and_under_the_xdg_cache_dir(tmp_path, counted):
    assert str(default_directory()).startswith(os.environ["XDG_CACHE_HOME"])
    directory = tmp_path / "derived"
    derived(remember(open_snapshot(DEMO), DerivedCache(directory), DEMO), "thing", counted[1], str)
    assert oct(directory.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in directory.iterdir()} == {"0o600"}


def _who_can(capsys, *flags: str) -> dict:
    assert main(["who-can", "s3:GetObject", "--snapshot", str(DEMO), "--json", *flags]) == 0
    return json.loads(capsys.readouterr().out)


def test_who_can_builds_the_principal_graph_on_the_first_call_only(capsys, monkeypatch):
    import awsx.iam.derived as iam_derived

    built = []
    real = iam_derived.build_graph
    monkeypatch.setattr(iam_derived, "build_graph", lambda index: built.append(1) or real(index))
    cold = _who_can(capsys)
    warm = _who_can(capsys)
    assert built == [1] and warm == cold and cold["principals"]
    assert (default_directory() / "cache.db").exists()


def test_no_cache_neither_reads_nor_writes_the_derived_cache(capsys, monkeypatch):
    import awsx.iam.derived as iam_derived

    built = []
    real = iam_derived.build_graph
    monkeypatch.setattr(iam_derived, "build_graph", lambda index: built.append(1) or real(index))
    _who_can(capsys, "--no-cache")
    _who_can(capsys, "--no-cache")
    assert built == [1, 1] and not default_directory().exists()
