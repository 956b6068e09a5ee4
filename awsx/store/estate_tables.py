"""The estate as Arrow tables, the one shape both ``awsx export --format parquet`` and
``awsx sql`` read: ``resources`` (every kind, common columns), ``edges`` and ``markers``.

A resource's API record travels as one JSON column (Arrow's ``json`` extension type, which
DuckDB reads as ``JSON``; the Parquet export writes it as a plain string), so nothing of a record
is lost to a fixed schema and DuckDB's JSON operators reach any field
(``record->>'$.InstanceType'``). Tags are a ``MAP<string, string>`` (``tags['env']``).
pyarrow is imported by the modules that need it only, so the other verbs never load it."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import pyarrow as pa

from awsx.core.graph import Estate
from awsx.core.model import Resource

RESOURCES, EDGES, MARKERS = "resources", "edges", "markers"

TAGS = pa.map_(pa.string(), pa.string())
RESOURCE_SCHEMA = pa.schema([
    ("arn", pa.string()), ("kind", pa.string()), ("id", pa.string()), ("name", pa.string()),
    ("account", pa.string()), ("region", pa.string()), ("tags", TAGS), ("ips", pa.list_(pa.string())),
    ("record", pa.json_()),
])
EDGE_SCHEMA = pa.schema([
    ("src", pa.string()), ("dst", pa.string()), ("relation", pa.string()), ("src_kind", pa.string()),
    ("dst_kind", pa.string()), ("account", pa.string()), ("attrs", pa.json_()),
])
MARKER_SCHEMA = pa.schema([
    ("account", pa.string()), ("region", pa.string()), ("service", pa.string()), ("operation", pa.string()),
    ("status", pa.string()), ("message", pa.string()), ("resources", pa.list_(pa.string())),
])


def table_name(kind: str) -> str:
    """The SQL name of a kind's table: ``ec2:network-interface`` -> ``ec2_network_interface``."""
    return re.sub(r"[^0-9A-Za-z]", "_", kind)


# msgspec's encoder and whole columns, not json.dumps and Table.from_pylist: encoding the records
# was most of the build (100k resources, estate frozen as loaded: 6.0 s CPU -> 3.3 s).
_ENCODER = msgspec.json.Encoder(enc_hook=str, order="sorted")


def _json(value: Any) -> str:
    return _ENCODER.encode(value).decode() if value else "{}"


def _columns(schema: pa.Schema, rows: list[tuple[Any, ...]]) -> pa.Table:
    """Rows of tuples in the schema's order, as one Arrow array per column."""
    values = list(zip(*rows)) if rows else [() for _ in schema]
    return pa.Table.from_arrays([pa.array(column, type=field.type) for column, field in zip(values, schema)],
                                schema=schema)


def _record(resource: Resource) -> str:
    """The resource's API record as JSON: as held when it is held serialised (read from a
    snapshot, kept by a crawl), else encoded."""
    held = resource.raw_json()
    return _json(resource.data) if held is None else held.decode()


def resources_table(estate: Estate) -> pa.Table:
    """One row per resource, every kind (``kind`` tells them apart)."""
    return _columns(RESOURCE_SCHEMA, [(r.arn, r.kind, r.id, r.name, r.account, r.region, list(r.tags.items()),
                                       list(r.ips), _record(r)) for r in estate.resources()])


def edges_table(estate: Estate) -> pa.Table:
    """One row per typed edge; ``account`` is the source's (the partition a Parquet export files it in)."""
    rows = []
    for edge in estate.edges():
        source, target = estate.resource(edge.source), estate.resource(edge.target)
        rows.append((edge.source, edge.target, edge.relation.value, source.kind, target.kind, source.account,
                     _json(edge.attrs)))
    return _columns(EDGE_SCHEMA, rows)


def markers_table(estate: Estate) -> pa.Table:
    """One row per part of the estate the crawl could not read (absence of data is not absence)."""
    return _columns(MARKER_SCHEMA, [(m.account, m.region, m.service, m.operation, m.status.value, m.message,
                                     list(m.resources)) for m in estate.markers])


def estate_tables(estate: Estate) -> dict[str, pa.Table]:
    """``resources``, ``edges`` and ``markers``; a kind's table is ``resources`` where ``kind`` is it."""
    return {RESOURCES: resources_table(estate), EDGES: edges_table(estate), MARKERS: markers_table(estate)}
