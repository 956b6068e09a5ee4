"""The ``.awsx`` snapshot file: an estate saved to disk, to reopen offline or hand to someone.

Snapshot format (schema 1): a zip archive holding
  ``manifest.json``            format, schema, tool version, accounts, regions, crawl time,
                               markers, redaction, and per kind a count and its counts per
                               (account, region) (``places``: added later in schema 1, so a
                               reader treats it as optional; the TUI paints them before the
                               estate has loaded)
  ``resources/<kind>.jsonl``   one resource per line, one member per kind (so a reader can
                               load only the kinds it shows)
  ``edges.jsonl``, ``dangling.jsonl``
Only JSON is ever parsed (no pickle, no eval): a snapshot may come from someone else. Member
sizes are checked before reading so a crafted archive cannot exhaust memory.
"""

from __future__ import annotations

import gc
import json
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Iterator

from awsx import __version__
from awsx.core.errors import SnapshotError, error_line
from awsx.core.graph import Estate, EstateInfo
from awsx.core.heap import keep_for_the_session
from awsx.core.model import DanglingRef, Edge, Marker, Resource

FORMAT = "awsx-snapshot"
SCHEMA_VERSION = 1
MAX_MEMBER_BYTES = 2 * 1024**3  # 2 GiB uncompressed per member: far above any real estate
MAX_RATIO = 200  # uncompressed / compressed; JSON compresses ~10-20x, bombs far more


def _member_name(kind: str) -> str:
    return "resources/" + re.sub(r"[^a-z0-9.-]+", "_", kind.lower()) + ".jsonl"


def _jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n" for record in records)


def _places(resources: Iterable[Resource]) -> list[list[str | int]]:
    """``[[account, region, count], ...]`` sorted: a kind's counts per dashboard column."""
    counts = Counter((r.account, r.region) for r in resources)
    return [[account, region, counts[(account, region)]] for account, region in sorted(counts)]


def write_snapshot(estate: Estate, path: str | Path, *, extra: dict[str, Any] | None = None) -> Path:
    """Write ``estate`` to ``path`` atomically (a partial file never replaces a good one)."""
    target = Path(path)
    kinds = sorted(estate.kind_counts())
    manifest = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "tool_version": __version__,
        "info": {**asdict(estate.info), "extra": {**estate.info.extra, **(extra or {})}},
        "markers": [m.to_json() for m in estate.markers],
        "kinds": {kind: {"count": estate.kind_counts()[kind], "member": _member_name(kind),
                         "places": _places(estate.resources(kind))} for kind in kinds},
    }
    temporary = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
            for kind in kinds:
                ordered = sorted(estate.resources(kind), key=lambda r: r.arn)
                archive.writestr(_member_name(kind), _jsonl(r.to_json() for r in ordered))
            archive.writestr("edges.jsonl", _jsonl(sorted((e.to_json() for e in estate.edges()), key=json.dumps)))
            archive.writestr("dangling.jsonl", _jsonl(d.to_json() for d in estate.dangling))
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SnapshotError(f"cannot write snapshot {target}: {exc.strerror or exc}") from exc
    return target


class SnapshotReader:
    """Reads a snapshot lazily: the manifest at once, each kind's member on demand."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
            self.manifest = json.loads(self._read("manifest.json"))
        except FileNotFoundError:
            raise SnapshotError(f"snapshot {self.path} does not exist") from None
        except IsADirectoryError:
            raise SnapshotError(f"snapshot {self.path} is a directory, not a file") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError) as exc:
            raise SnapshotError(f"{self.path} is not a readable awsx snapshot (corrupt or truncated: {error_line(exc)})") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise SnapshotError(f"{self.path} is not an awsx snapshot (no awsx manifest)")
        schema = self.manifest.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise SnapshotError(f"{self.path} uses snapshot schema {schema}; this awsx reads up to {SCHEMA_VERSION}: upgrade awsx")

    def _read(self, member: str) -> str:
        info = self._zip.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise ValueError(f"member {member} claims an implausible size")
        return self._zip.read(member).decode("utf-8")

    def _lines(self, member: str) -> Iterator[dict[str, Any]]:
        for number, line in enumerate(self._read(member).splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError(f"{member} line {number} is not an object")
                yield record

    @property
    def kinds(self) -> dict[str, int]:
        return {kind: int(meta["count"]) for kind, meta in self.manifest.get("kinds", {}).items()}

    def place_counts(self) -> dict[str, dict[tuple[str, str], int]] | None:
        """``{kind: {(account, region): count}}`` from the manifest alone, without loading the
        estate; None for a snapshot written before the manifest carried them (or a malformed
        entry: the counts are a preview, the full load still judges the file)."""
        try:
            return {kind: {(str(account), str(region)): int(count) for account, region, count in meta["places"]}
                    for kind, meta in self.manifest.get("kinds", {}).items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def shell(self) -> Estate:
        """This snapshot's info and markers with no resources: what the header shows while
        ``load`` runs (the TUI opens on it; nothing counts resources in it)."""
        try:
            markers = [Marker.from_json(record) for record in self.manifest.get("markers", [])]
            return Estate((), markers=markers, info=self.info())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SnapshotError(f"{self.path} is corrupt or truncated: {error_line(exc)}") from None

    def info(self) -> EstateInfo:
        raw = dict(self.manifest.get("info") or {})
        fields = EstateInfo.__dataclass_fields__
        known = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items() if k in fields}
        known["source"] = f"snapshot {self.path.name}"
        known.setdefault("crawled_at", "")
        return EstateInfo(**known)

    def load(self) -> Estate:
        """The whole estate. Any malformed content is one SnapshotError naming the file."""
        # Loading allocates millions of containers and frees none, so the cyclic collector would
        # rescan the growing heap again and again for nothing: paused, a load takes half the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return keep_for_the_session(self._load())
        finally:
            if collecting:
                gc.enable()

    def _load(self) -> Estate:
        try:
            resources = [
                Resource.from_json(record)
                for meta in self.manifest.get("kinds", {}).values()
                for record in self._lines(meta["member"])
            ]
            edges = [Edge.from_json(record) for record in self._lines("edges.jsonl")]
            dangling = [DanglingRef.from_json(r) for r in self._lines("dangling.jsonl")] if "dangling.jsonl" in self._zip.namelist() else []
            markers = [Marker.from_json(record) for record in self.manifest.get("markers", [])]
            info = self.info()
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise SnapshotError(f"{self.path} is corrupt or truncated: {error_line(exc)}") from None
        return Estate(resources, edges, markers, dangling, info)

    def close(self) -> None:
        self._zip.close()


def open_snapshot(path: str | Path) -> Estate:
    reader = SnapshotReader(path)
    try:
        return reader.load()
    finally:
        reader.close()
