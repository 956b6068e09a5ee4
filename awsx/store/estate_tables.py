"""The estate as Arrow tables, the one shape both ``awsx export --format parquet`` and
``awsx sql`` read: ``resources`` (every kind, common columns), ``edges`` and ``markers``.

A resource's API record travels as one JSON column (Arrow's ``json`` extension type, which
Parquet keeps as its JSON logical type and DuckDB reads as ``JSON``), so nothing of a record is
lost to a fixed schema and DuckDB's JSON operators reach any field
(``record->>'$.InstanceType'``). Tags are a ``MAP<string, string>`` (``tags['env']``).
pyarrow is imported by the modules that need it only, so the other verbs never load it."""

from __future__ import annotations

import json
import re
from typing import Any

import pyarrow as pa

from awsx.core.graph import Estate

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


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def resources_table(estate: Estate) -> pa.Table:
    """One row per resource, every kind (``kind`` tells them apart)."""
    rows = [{"arn": r.arn, "kind": r.kind, "id": r.id, "name": r.name, "account": r.account, "region": r.region,
             "tags": list(r.tags.items()), "ips": list(r.ips), "record": _json(r.data)}
            for r in estate.resources()]
    return pa.Table.from_pylist(rows, schema=RESOURCE_SCHEMA)


def edges_table(estate: Estate) -> pa.Table:
    """One row per typed edge; ``account`` is the source's (the partition a Parquet export files it in)."""
    rows = []
    for edge in estate.edges():
        source, target = estate.resource(edge.source), estate.resource(edge.target)
        rows.append({"src": edge.source, "dst": edge.target, "relation": edge.relation.value,
                     "src_kind": source.kind, "dst_kind": target.kind, "account": source.account,
                     "attrs": _json(dict(edge.attrs))})
    return pa.Table.from_pylist(rows, schema=EDGE_SCHEMA)


def markers_table(estate: Estate) -> pa.Table:
    """One row per part of the estate the crawl could not read (absence of data is not absence)."""
    rows = [{"account": m.account, "region": m.region, "service": m.service, "operation": m.operation,
             "status": m.status.value, "message": m.message, "resources": list(m.resources)}
            for m in estate.markers]
    return pa.Table.from_pylist(rows, schema=MARKER_SCHEMA)


def estate_tables(estate: Estate) -> dict[str, pa.Table]:
    """``resources``, ``edges`` and ``markers``; a kind's table is ``resources`` where ``kind`` is it."""
    return {RESOURCES: resources_table(estate), EDGES: edges_table(estate), MARKERS: markers_table(estate)}
