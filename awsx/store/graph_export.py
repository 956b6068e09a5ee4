"""The estate graph for other tools (``awsx export --format graphml|dot|json``): Gephi, yEd,
Graphviz, Neo4j importers, jq. networkx's own writers do the formats; this module only turns
each node's Resource into the flat attributes those formats can hold.

GraphML and DOT are text a person opens, and XML 1.0 forbids control characters outright, so in
those two every string is inert (``awsx.core.inert``: controls and bidi shown as escapes) and DOT's
strings are quoted here with their backslashes and quotes escaped (pydot leaves a trailing
backslash unescaped, which ends the string early). JSON keeps the values exact: its encoder
(``ensure_ascii``) escapes everything outside ASCII."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from awsx.core.graph import Estate
from awsx.core.inert import inert

FORMATS = ("graphml", "dot", "json")
NODE_FIELDS = ("kind", "id", "name", "account", "region")


def plain_graph(estate: Estate, *, flat: bool) -> nx.MultiDiGraph:
    """A copy of the estate graph holding only scalars (``flat``: GraphML and DOT accept no
    nested values, so edge attrs travel as one JSON string there, and every string is inert)."""
    def text(value: Any) -> Any:
        return inert(value) if flat and isinstance(value, str) else value

    graph = nx.MultiDiGraph()
    for resource in estate.resources():
        graph.add_node(text(resource.arn), **{name: text(getattr(resource, name)) for name in NODE_FIELDS})
    for edge in estate.edges():
        attrs: dict[str, Any] = {"relation": edge.relation.value}
        if edge.attrs:
            attrs["attrs"] = json.dumps(dict(edge.attrs), sort_keys=True, default=str) if flat else dict(edge.attrs)
        graph.add_edge(text(edge.source), text(edge.target), key=edge.relation.value, **attrs)
    return graph


def _dot_string(text: str) -> str:
    """A DOT quoted string: ``"`` and ``\\`` escaped (JSON's quoting is DOT's for inert text)."""
    return json.dumps(text, ensure_ascii=False)


def _dot_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """DOT reads ``a:b`` as node ``a`` port ``b`` and every ARN has colons, so node ids are
    quoted here (pydot quotes attribute values itself); ``name`` is pydot's own word for the
    node id, so a resource's name travels as the DOT ``label``, which Graphviz draws."""
    ready = nx.relabel_nodes(graph, {node: _dot_string(node) for node in graph}, copy=True)
    for _, data in ready.nodes(data=True):
        data["label"] = data.pop("name") or data["id"]
        data.update({key: _dot_string(value) for key, value in data.items() if isinstance(value, str)})
    for _, _, data in ready.edges(data=True):
        data.update({key: _dot_string(value) for key, value in data.items() if isinstance(value, str)})
    return ready


def export_graph(estate: Estate, fmt: str) -> str:
    """The whole graph as text in ``fmt`` (one of FORMATS)."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(plain_graph(estate, flat=True))) + "\n"
    if fmt == "dot":
        buffer = io.StringIO()
        nx.nx_pydot.write_dot(_dot_ready(plain_graph(estate, flat=True)), buffer)
        return buffer.getvalue()
    if fmt == "json":
        document = nx.node_link_data(plain_graph(estate, flat=False), edges="edges")
        return json.dumps(document, indent=1, sort_keys=True, default=str) + "\n"
    raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(FORMATS)})")
