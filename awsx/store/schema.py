"""The declared shape of a snapshot's members, and the limits a reader holds them to.

A snapshot may come from someone else, so nothing in it is trusted: every member is decoded
by msgspec against a type (the record dataclasses of ``awsx.core.model`` for resource, edge,
dangling and marker lines; the structs below for the manifest), which checks types, enums and
required fields in C as it parses; the ``data`` fields engines compute with are declared per
kind in awsx/store/data_schema.py. What a type cannot say is checked here too: how deep the
free-form JSON under ``data`` / ``attrs`` / ``extra`` nests (engines, exports and the TUI walk
it recursively), and that no member is named by two kinds (one small file could otherwise make
the reader decompress the same big member once per kind). Every refusal is a ``SchemaError``:
one line naming the member, the line and the JSON path.
"""

from __future__ import annotations

import json
import sys
from dataclasses import MISSING, Field, fields
from functools import lru_cache
from typing import Annotated, Any, Literal, TypeVar, get_type_hints

import msgspec

from awsx.core.model import DanglingRef, Edge, Marker, Provenance, RawData, Resource
from awsx.store.data_schema import check_data
from awsx.store.service_schema import SERVICE_SCHEMAS

FORMAT = "awsx-snapshot"
SCHEMA_VERSION = 1
# Nesting levels in one JSON document (a resource line counts from its own object). Real AWS
# data nests about 10 deep (a policy condition inside a statement inside a version list);
# 64 leaves room for that and stays far below Python's recursion limit for the code that
# walks it.
MAX_DEPTH = 64

Count = Annotated[int, msgspec.Meta(ge=0)]
MemberName = Annotated[str, msgspec.Meta(pattern=r"^resources/[a-z0-9._-]+\.jsonl$")]


class SchemaError(ValueError):
    """A member that does not have its declared shape (the reader makes it a SnapshotError)."""


class HeaderError(SchemaError):
    """Not a snapshot, or not one of a schema this awsx reads: said of the file as a whole
    (its message is a predicate: ``FILE is not an awsx snapshot``)."""


class Header(msgspec.Struct, frozen=True):
    """The two fields read before anything else: is this a snapshot, and of which schema."""

    format: Any = None
    schema: Any = None


class KindEntry(msgspec.Struct, frozen=True):
    """A kind in the manifest: how many resources, the member holding them, and their counts
    per (account, region) (``places``: added later in schema 1, so optional)."""

    count: Count
    member: MemberName
    places: tuple[tuple[str, str, Count], ...] | None = None


class ManifestInfo(msgspec.Struct, frozen=True):
    """``EstateInfo`` as written; ``source`` is not read (the reader names the file instead)."""

    crawled_at: str = ""
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    endpoint: str | None = None
    redacted: bool = False
    extra: dict[str, Any] = {}


class Manifest(msgspec.Struct, frozen=True):
    format: Literal["awsx-snapshot"]
    schema: int
    tool_version: str = ""
    info: ManifestInfo = ManifestInfo()
    markers: tuple[Marker, ...] = ()
    kinds: dict[str, KindEntry] = {}


Line = TypeVar("Line", Resource, Edge, DanglingRef)
# A resource line is decoded as Resource's own fields with ``data`` left as its JSON bytes
# (checked as JSON, decoded only against the kind's declared fields), so a loaded estate keeps
# its records serialised (awsx/core/model.py's RawData).
def _line_field(spec: Field[Any]) -> tuple[Any, ...]:
    """One of Resource's fields as a msgspec field: its type and default, ``data`` as Raw."""
    annotation = msgspec.Raw if spec.name == "data" else get_type_hints(Resource)[spec.name]
    if spec.default is not MISSING:
        return spec.name, annotation, spec.default
    if spec.default_factory is not MISSING:
        factory = (lambda: msgspec.Raw(b"{}")) if spec.name == "data" else spec.default_factory
        return spec.name, annotation, msgspec.field(default_factory=factory)
    return spec.name, annotation


ResourceLine = msgspec.defstruct("ResourceLine", [_line_field(spec) for spec in fields(Resource)], frozen=True)


class EdgeEnds(msgspec.Struct, frozen=True):
    """What a partial load reads of an edge line first: its ends (the rest is skipped, not
    decoded; the line is decoded whole if both ends are loaded)."""

    source: str
    target: str


_DECODERS: dict[type, msgspec.json.Decoder] = {
    record: msgspec.json.Decoder(record) for record in (ResourceLine, Edge, EdgeEnds, DanglingRef, Header, Manifest)}
_DECODERS[Resource] = _DECODERS[ResourceLine]
_DECODERS[dict] = msgspec.json.Decoder(dict)


def _check_header(raw: bytes) -> Header:
    """The format and schema fields, judged before the rest: a file that is not a snapshot,
    or one from a newer awsx, gets that said rather than a field-by-field complaint."""
    header = _decode(raw, Header, "manifest.json")
    if header.format != FORMAT:
        raise HeaderError("is not an awsx snapshot (no awsx manifest)")
    schema = header.schema
    if type(schema) is not int or schema < 1:  # a bool is an int to Python, not to a schema
        raise HeaderError(f"names snapshot schema {json.dumps(schema)[:40]}: a schema version is an integer "
                          f"from 1 to {SCHEMA_VERSION}")
    if schema > SCHEMA_VERSION:
        raise HeaderError(f"uses snapshot schema {schema}; this awsx reads up to {SCHEMA_VERSION}: upgrade awsx")
    return header


def parse_manifest(raw: bytes) -> Manifest:
    _check_header(raw)
    manifest = _decode(raw, Manifest, "manifest.json")
    _check_depth(manifest.info.extra, "manifest.json", "$.info.extra", depth=3)
    owners: dict[str, str] = {}
    for kind, entry in manifest.kinds.items():
        if entry.member in owners:
            raise SchemaError(f"manifest.json: kinds {owners[entry.member]!r} and {kind!r} name the same member "
                              f"{entry.member}")
        owners[entry.member] = kind
    return manifest


def parse_line(raw: bytes, record: type[Line], where: str) -> Line:
    """One JSONL line as its record. Free-form JSON is walked for depth only when the line
    holds more brackets than the limit: a line with fewer cannot nest deeper."""
    value = _decode(raw, record, where)
    deep = raw.count(b"[") + raw.count(b"{") > MAX_DEPTH
    if record is Resource:
        return _resource(value, where, deep=deep)
    if deep and isinstance(value, Edge):
        _check_depth(value.attrs, where, "$.attrs", depth=2)
    return value


def edge_ends(raw: bytes, where: str) -> tuple[str, str]:
    ends = _decode(raw, EdgeEnds, where)
    return ends.source, ends.target


def _resource(line: Any, where: str, *, deep: bool) -> Resource:
    """A ResourceLine as the Resource it is, its ``data`` kept as JSON bytes once checked:
    nesting, then each declared field decoded straight from the bytes against its kind's
    schema. What every resource repeats is shared: kind, account and region interned, and one
    Provenance per (operation, crawl time): a crawl has a few dozen, not one per record."""
    data = bytes(line.data)  # a copy: Raw is a view that would keep the whole chunk alive
    if not data.startswith(b"{"):
        raise SchemaError(f"{where}: Expected `object`, got `{data[:12].decode(errors='replace')}` - at `$.data`")
    if deep:
        _check_depth(_decode(data, dict, where), where, "$.data", depth=2)
    try:
        check_data(line.kind, data)
        check_data(line.kind, data, SERVICE_SCHEMAS)  # reach's fields of issue 16's kinds
    except msgspec.ValidationError as exc:
        raise SchemaError(f"{where}: {str(exc).replace('`$', '`$.data', 1)}") from None
    return Resource(line.arn, sys.intern(line.kind), line.id, line.name, sys.intern(line.account),
                    sys.intern(line.region), line.tags, RawData(data), line.ips, _shared(line.provenance))


@lru_cache(maxsize=1024)
def _shared(provenance: Provenance | None) -> Provenance | None:
    """The first of the equal provenances seen (a frozen record: sharing one is safe)."""
    return provenance


def _decode(raw: bytes, record: type, where: str) -> Any:
    try:
        return _DECODERS[record].decode(raw)
    except msgspec.ValidationError as exc:
        raise SchemaError(f"{where}: {exc}") from None
    except msgspec.DecodeError as exc:
        raise SchemaError(f"{where} is not JSON ({exc})") from None
    except RecursionError:
        raise SchemaError(f"{where} nests deeper than {MAX_DEPTH} levels") from None


def _check_depth(value: Any, where: str, path: str, *, depth: int) -> None:
    """Refuse JSON nesting deeper than MAX_DEPTH (``depth``: the level ``value`` sits at).
    Iterative, so a deep value cannot exhaust the stack of the check itself."""
    pending = [(value, depth)]
    while pending:
        node, level = pending.pop()
        if level > MAX_DEPTH:
            raise SchemaError(f"{where} nests deeper than {MAX_DEPTH} levels (at {path})")
        children = node.values() if type(node) is dict else node if type(node) is list else ()
        pending.extend((child, level + 1) for child in children if type(child) in (dict, list))
