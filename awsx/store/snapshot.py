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
Only JSON is ever parsed (no pickle, no eval), against a declared schema (awsx/store/schema.py),
within byte budgets counted while streaming: a snapshot may come from someone else.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections import Counter
from contextlib import ExitStack
from dataclasses import asdict, replace
from pathlib import Path
from typing import AbstractSet, Any, BinaryIO, Iterable, Iterator, TextIO

from awsx import __version__
from awsx.core.errors import SnapshotError, error_line
from awsx.core.graph import Estate, EstateInfo
from awsx.core.heap import keep_for_the_session
from awsx.core.model import NO_ATTRS, DanglingRef, Edge, Marker, Resource
from awsx.store.schema import (
    FORMAT,
    SCHEMA_VERSION,
    HeaderError,
    Line,
    Manifest,
    SchemaError,
    edge_ends,
    parse_line,
    parse_manifest,
)

# Budgets, in uncompressed bytes. A 100k-resource estate is about 100 MB of JSON, so these are
# far above any real estate and far below what would exhaust a laptop.
MAX_SNAPSHOT_BYTES = 2 * 1024**3  # every member a load reads, together
MAX_MEMBER_BYTES = 1024**3  # one member
MAX_MANIFEST_BYTES = 64 * 1024**2  # the manifest, read whole before anything else
MAX_LINE_BYTES = 16 * 1024**2  # one resource, edge or dangling reference
MAX_RATIO = 200  # uncompressed / compressed; JSON compresses ~10-20x, bombs far more
CHUNK_BYTES = 1024**2  # what one read decompresses at most


def _member_name(kind: str) -> str:
    return "resources/" + re.sub(r"[^a-z0-9.-]+", "_", kind.lower()) + ".jsonl"


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n"


def _write_jsonl(archive: zipfile.ZipFile, member: str, records: Iterable[dict[str, Any]]) -> None:
    """``records`` into ``member`` one line at a time: a kind is never one string in memory
    (a 40k-interface kind was a 60 MB str, then its compressed copy, at the crawl's peak)."""
    with archive.open(member, "w") as stream:
        for record in records:
            stream.write(_line(record).encode())


def _edge_order(edge: Edge) -> tuple[str, str, str, str]:
    return edge.source, edge.target, edge.relation.value, json.dumps(edge.attrs, sort_keys=True) if edge.attrs else ""


def manifest_of(info: EstateInfo, markers: Iterable[Marker], places: dict[str, Counter[tuple[str, str]]]) -> str:
    """The manifest of an estate whose kinds have ``places`` (per kind, the resources per
    (account, region)): the one writer of the format, for an estate written whole or in parts."""
    kinds = {kind: {"count": sum(counts.values()), "member": _member_name(kind),
                    "places": [[account, region, counts[(account, region)]] for account, region in sorted(counts)]}
             for kind, counts in sorted(places.items())}
    return json.dumps({"format": FORMAT, "schema": SCHEMA_VERSION, "tool_version": __version__,
                       "info": asdict(info), "markers": [m.to_json() for m in markers], "kinds": kinds},
                      indent=1, sort_keys=True)


def write_snapshot(estate: Estate, path: str | Path, *, extra: dict[str, Any] | None = None) -> Path:
    """Write ``estate`` to ``path`` atomically (a partial file never replaces a good one)."""
    target = Path(path)
    kinds = sorted(estate.kind_counts())
    info = replace(estate.info, extra={**estate.info.extra, **(extra or {})})
    places = {kind: Counter((r.account, r.region) for r in estate.resources(kind)) for kind in kinds}
    temporary = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr("manifest.json", manifest_of(info, estate.markers, places))
            for kind in kinds:
                ordered = sorted(estate.resources(kind), key=lambda r: r.arn)
                _write_jsonl(archive, _member_name(kind), (r.to_json() for r in ordered))
            _write_jsonl(archive, "edges.jsonl", (e.to_json() for e in sorted(estate.edges(), key=_edge_order)))
            _write_jsonl(archive, "dangling.jsonl", (d.to_json() for d in estate.dangling))
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SnapshotError(f"cannot write snapshot {target}: {exc.strerror or exc}") from exc
    return target


Part = tuple[Iterable[Resource], Iterable[Edge], Iterable[DanglingRef]]


def write_snapshot_parts(parts: Iterable[Part], info: EstateInfo, markers: Iterable[Marker], path: str | Path) -> Path:
    """Write an estate that arrives in parts (an account at a time, say) without holding it:
    each part's lines are spooled per member to temporary files beside ``path``, then copied
    into the archive, so memory holds one part. Each part's edges must be complete (no part
    references another's resources: merging parts that do is ``awsx merge``'s job). Within a
    kind, resources are in part order, each part's sorted by ARN."""
    target = Path(path)
    places: dict[str, Counter[tuple[str, str]]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix=".awsx-parts-", dir=target.parent) as spool, ExitStack() as opened:
            spooled: dict[str, TextIO] = {}

            def member(name: str) -> TextIO:
                if name not in spooled:  # closed below, or by ``opened`` if a part fails mid-way
                    spooled[name] = opened.enter_context(open(Path(spool) / str(len(spooled)), "w", encoding="utf-8"))
                return spooled[name]

            for resources, edges, dangling in parts:
                for resource in sorted(resources, key=lambda r: r.arn):
                    places.setdefault(resource.kind, Counter())[(resource.account, resource.region)] += 1
                    member(_member_name(resource.kind)).write(_line(resource.to_json()))
                member("edges.jsonl").writelines(_line(e.to_json()) for e in edges)
                member("dangling.jsonl").writelines(_line(d.to_json()) for d in dangling)
            for stream in spooled.values():
                stream.close()
            temporary = target.with_name(target.name + ".partial")
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
                archive.writestr("manifest.json", manifest_of(info, markers, places))
                for name in [*map(_member_name, sorted(places)), "edges.jsonl", "dangling.jsonl"]:
                    with archive.open(name, "w", force_zip64=True) as out:
                        if name in spooled:
                            with open(spooled[name].name, "rb") as source:
                                shutil.copyfileobj(source, out, CHUNK_BYTES)
        temporary.replace(target)
    except OSError as exc:
        target.with_name(target.name + ".partial").unlink(missing_ok=True)
        raise SnapshotError(f"cannot write snapshot {target}: {exc.strerror or exc}") from exc
    return target


class SnapshotReader:
    """Reads a snapshot lazily: the manifest at once, each kind's member on demand.

    Only a regular file is opened (a FIFO or a device would block or never end). Every member
    is streamed in chunks and counted against its budget and the file's before it is parsed,
    so a crafted archive (a bomb, a header that lies about its size) is refused having cost a
    chunk, not gigabytes; each line is decoded against its schema (awsx/store/schema.py).
    """

    def __init__(self, path: str | Path) -> None:
        if not str(path):
            raise SnapshotError("the snapshot path is empty: name a .awsx file")
        self.path = Path(path)
        self._budget = MAX_SNAPSHOT_BYTES
        try:
            self._zip = zipfile.ZipFile(_regular_file(self.path))
        except FileNotFoundError:
            raise SnapshotError(f"snapshot {self.path} does not exist") from None
        except IsADirectoryError:
            raise SnapshotError(f"snapshot {self.path} is a directory, not a file") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            raise SnapshotError(f"{self.path} is not a readable awsx snapshot (corrupt or truncated: "
                                f"{error_line(exc)})") from None
        try:
            self.manifest: Manifest = parse_manifest(self._read("manifest.json"))
            self._check_sizes()
        except HeaderError as exc:
            self._zip.close()
            raise SnapshotError(f"{self.path} {exc}") from None
        except SchemaError as exc:
            self._zip.close()
            raise SnapshotError(f"{self.path} is not a usable awsx snapshot: {exc}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError) as exc:
            self._zip.close()
            raise SnapshotError(f"{self.path} is not a readable awsx snapshot (corrupt or truncated: "
                                f"{error_line(exc)})") from None

    def _members(self) -> list[str]:
        """The members a full load reads, each once."""
        optional = ["dangling.jsonl"] if "dangling.jsonl" in self._zip.NameToInfo else []
        return [entry.member for entry in self.manifest.kinds.values()] + ["edges.jsonl", *optional]

    def _check_sizes(self) -> None:
        """What the archive declares, judged before a byte is decompressed: each member within
        its budget and a plausible compression ratio, all of them within the file's budget."""
        declared = self._zip.getinfo("manifest.json").file_size
        for member in self._members():
            info = self._zip.getinfo(member)
            if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
                raise SchemaError(f"member {member} claims an implausible size ({info.file_size} bytes from "
                                  f"{info.compress_size} compressed; the budget is {MAX_MEMBER_BYTES} bytes, at most {MAX_RATIO} times "
                                  "the compressed size)")
            declared += info.file_size
        if declared > MAX_SNAPSHOT_BYTES:
            raise SchemaError(f"its members add up to {declared} bytes uncompressed; the budget is "
                              f"{MAX_SNAPSHOT_BYTES}")

    def _chunks(self, member: str) -> Iterator[bytes]:
        """``member``'s bytes in chunks, counted against the member's declared size and budget
        and the file's budget as they arrive (zipfile trusts neither)."""
        info = self._zip.getinfo(member)
        limit = min(info.file_size, MAX_MEMBER_BYTES)
        seen = 0
        with self._zip.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                seen += len(chunk)
                self._budget -= len(chunk)
                if seen > limit or self._budget < 0:
                    raise SchemaError(f"member {member} is larger than its header or the budget allows")
                yield chunk

    def _read(self, member: str) -> bytes:
        if self._zip.getinfo(member).file_size > MAX_MANIFEST_BYTES:
            raise SchemaError(f"member {member} is larger than {MAX_MANIFEST_BYTES} bytes")
        return b"".join(self._chunks(member))

    def _raw_lines(self, member: str) -> Iterator[tuple[bytes, str]]:
        """``member``'s non-blank lines and where each is, never holding more than one line
        and a chunk."""
        number, pending = 0, b""
        for chunk in self._chunks(member):
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            if len(pending) > MAX_LINE_BYTES:
                raise SchemaError(f"{member} line {number + len(lines) + 1} is longer than {MAX_LINE_BYTES} bytes")
            for line in lines:
                number += 1
                if line.strip():
                    yield line, f"{member} line {number}"
        if pending.strip():
            yield pending, f"{member} line {number + 1}"

    def _lines(self, member: str, record: type[Line]) -> Iterator[Line]:
        """``member``'s records, one per line."""
        for line, where in self._raw_lines(member):
            yield parse_line(line, record, where)

    def _edges(self, loaded: AbstractSet[str] | None) -> Iterator[Edge]:
        """The edges, or with ``loaded`` only those between loaded resources: an edge's ends
        are read first (a tenth of decoding it whole), so a verb that reads a few kinds does
        not decode the others' edges (reach on the 10k-ENI estate keeps 11k of 79k)."""
        if loaded is None:
            yield from self._lines("edges.jsonl", Edge)
            return
        for line, where in self._raw_lines("edges.jsonl"):
            source, target = edge_ends(line, where)
            if source in loaded and target in loaded:
                yield parse_line(line, Edge, where)

    @property
    def kinds(self) -> dict[str, int]:
        return {kind: entry.count for kind, entry in self.manifest.kinds.items()}

    def place_counts(self) -> dict[str, dict[tuple[str, str], int]] | None:
        """``{kind: {(account, region): count}}`` from the manifest alone, without loading the
        estate; None for a snapshot written before the manifest carried them."""
        if any(entry.places is None for entry in self.manifest.kinds.values()):
            return None
        return {kind: {(account, region): count for account, region, count in entry.places or ()}
                for kind, entry in self.manifest.kinds.items()}

    def shell(self) -> Estate:
        """This snapshot's info and markers with no resources: what the header shows while
        ``load`` runs (the TUI opens on it; nothing counts resources in it)."""
        return Estate((), markers=self.manifest.markers, info=self.info())

    def info(self) -> EstateInfo:
        info = self.manifest.info
        return EstateInfo(source=f"snapshot {self.path.name}", crawled_at=info.crawled_at, accounts=info.accounts,
                          regions=info.regions, profiles=info.profiles, endpoint=info.endpoint,
                          redacted=info.redacted, extra=info.extra)

    def load(self, kinds: AbstractSet[str] | None = None) -> Estate:
        """The whole estate, or with ``kinds`` only the members of those kinds (a verb reads what
        its engine needs), the edges between what is loaded and every marker; the estate records
        which kinds it holds (``Estate.loaded``), so an unloaded kind never reads as "crawled,
        none found". Any malformed content is one SnapshotError naming the file."""
        # Loading allocates millions of containers and frees none, so the cyclic collector would
        # rescan the growing heap again and again for nothing: paused, a load takes half the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return keep_for_the_session(self._load(kinds))
        finally:
            if collecting:
                gc.enable()

    def _load(self, kinds: AbstractSet[str] | None) -> Estate:
        chosen = {kind: entry for kind, entry in self.manifest.kinds.items() if kinds is None or kind in kinds}
        try:
            resources = [resource for entry in chosen.values() for resource in self._lines(entry.member, Resource)]
            arns = {resource.arn: resource.arn for resource in resources}
            edges = _sharing(self._edges(None if kinds is None else arns.keys()), arns)
            has_dangling = "dangling.jsonl" in self._zip.NameToInfo
            dangling = list(self._lines("dangling.jsonl", DanglingRef)) if has_dangling else []
            if kinds is not None:
                dangling = [d for d in dangling if d.source in arns]
        except SchemaError as exc:
            raise SnapshotError(f"{self.path} is not a usable awsx snapshot: {exc}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError) as exc:
            raise SnapshotError(f"{self.path} is corrupt or truncated: {error_line(exc)}") from None
        return Estate(resources, edges, self.manifest.markers, dangling, self.info(),
                      loaded=None if kinds is None else frozenset(kinds))

    def close(self) -> None:
        self._zip.close()


def _sharing(edges: Iterable[Edge], arns: dict[str, str]) -> list[Edge]:
    """``edges`` with their ends the very strings of their resources' ARNs and one shared empty
    ``attrs``: read back, each end was a copy of its own (290k edges, 60 MB of duplicates)."""
    return [Edge(arns.get(edge.source, edge.source), arns.get(edge.target, edge.target), edge.relation,
                 edge.attrs or NO_ATTRS) for edge in edges]


def _regular_file(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file. Opened without blocking and judged
    by the open descriptor, so a FIFO cannot hang the open and nothing can be swapped in
    between the check and the read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(descriptor).st_mode
    if stat.S_ISDIR(mode):
        os.close(descriptor)
        raise IsADirectoryError(path)
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise SnapshotError(f"snapshot {path} is not a regular file (a FIFO, device or socket)")
    return os.fdopen(descriptor, "rb")


def open_snapshot(path: str | Path, kinds: AbstractSet[str] | None = None) -> Estate:
    """The estate in ``path``: every kind, or only ``kinds`` (``SnapshotReader.load``)."""
    reader = SnapshotReader(path)
    try:
        return reader.load(kinds)
    finally:
        reader.close()


def snapshot_digest(path: str | Path) -> str:
    """The SHA-256 of the file: what the derived structures of a snapshot are cached under
    (awsx/store/derived.py). The whole file streamed, not the zip's member CRCs: a CRC-32 is
    easy to forge, so a crafted snapshot could otherwise pass for one already cached; hashing
    8 MB (the 100k estate) costs ~20 ms against a load of seconds."""
    try:
        with _regular_file(Path(path)) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as exc:
        raise SnapshotError(f"cannot read snapshot {path}: {exc.strerror or exc}") from None
