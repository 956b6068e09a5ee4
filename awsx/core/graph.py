"""The Estate: every resource of a crawl, its typed edges both ways, plus the indexes the
engines and the UI look things up by (kind, id, ARN, IP address, tag, name).

Edges are kept as one tuple of ``Edge`` records per resource and direction, not in a networkx
graph: a MultiDiGraph holds three dicts per node and two per edge, 175 MB of the 100k-resource
estate for what the engines read as "the edges out of (into) this ARN". ``Estate.graph`` still
hands a networkx MultiDiGraph to code that wants its algorithms, built when asked."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Hashable, Iterable, Iterator, TypeVar

from awsx.core.model import DanglingRef, Edge, Marker, Relation, Resource

if TYPE_CHECKING:
    import networkx as nx

K = TypeVar("K", bound=Hashable)
GLOBAL = "global"  # the region of global resources (IAM, Organizations) and their markers


@dataclass(frozen=True, slots=True)
class EstateInfo:
    """Where an estate came from: ``source`` is ``live``, ``demo`` or ``snapshot FILE``."""

    source: str
    crawled_at: str
    accounts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    endpoint: str | None = None
    redacted: bool = False
    extra: dict[str, object] = field(default_factory=dict)


class UnknownResource(LookupError):
    """A user named a resource (id, ARN, name, IP) that the estate does not hold."""


class Estate:
    """An immutable view of one crawl: resources by ARN and the edges among them."""

    def __init__(
        self,
        resources: Iterable[Resource],
        edges: Iterable[Edge] = (),
        markers: Iterable[Marker] = (),
        dangling: Iterable[DanglingRef] = (),
        info: EstateInfo | None = None,
        loaded: frozenset[str] | None = None,
    ) -> None:
        self.info = info or EstateInfo(source="memory", crawled_at="")
        # The kinds this estate was loaded with when a verb read only what its engine needs
        # (SnapshotReader.load(kinds=...)); None: every kind the source holds.
        self.loaded = loaded
        self._resources: dict[str, Resource] = {}
        self.markers: tuple[Marker, ...] = tuple(markers)
        self.dangling: tuple[DanglingRef, ...] = tuple(dangling)
        by_kind: dict[str, list[str]] = defaultdict(list)
        by_id: dict[str, list[str]] = defaultdict(list)
        by_ip: dict[str, list[str]] = defaultdict(list)
        by_tag: dict[tuple[str, str], list[str]] = defaultdict(list)
        by_name: dict[str, list[str]] = defaultdict(list)
        for resource in resources:
            if resource.arn in self._resources:
                continue
            self._resources[resource.arn] = resource
            by_kind[resource.kind].append(resource.arn)
            by_id[resource.id].append(resource.arn)
            if resource.name:
                by_name[resource.name].append(resource.arn)
            for ip in resource.ips:
                by_ip[ip].append(resource.arn)
            for key, value in resource.tags.items():
                by_tag[(key, value)].append(resource.arn)
        # Built as lists, kept as tuples: most ids, names and tags name one resource, and a list
        # that was appended to is 88 bytes where a one-item tuple is 48 (10 MB at 100k resources).
        self._by_kind, self._by_id, self._by_ip, self._by_name = map(_tuples, (by_kind, by_id, by_ip, by_name))
        self._by_tag = _tuples(by_tag)
        outgoing: dict[str, list[Edge]] = defaultdict(list)
        incoming: dict[str, list[Edge]] = defaultdict(list)
        self._edge_count = 0
        for edge in edges:
            if edge.source in self._resources and edge.target in self._resources:
                outgoing[edge.source].append(edge)
                incoming[edge.target].append(edge)
                self._edge_count += 1
        self._out = {arn: _grouped(found, "target") for arn, found in outgoing.items()}
        self._in = {arn: _grouped(found, "source") for arn, found in incoming.items()}

    # --- lookups -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._resources)

    def __contains__(self, arn: object) -> bool:
        return arn in self._resources

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The estate as a networkx MultiDiGraph (nodes: ARNs carrying their Resource; edges
        carrying their Edge), built on each call for tools that want a graph library's view."""
        import networkx as nx  # only here: importing it is a third of an offline verb's start

        graph = nx.MultiDiGraph()
        graph.add_nodes_from((arn, {"resource": resource}) for arn, resource in self._resources.items())
        graph.add_edges_from((edge.source, edge.target, {"edge": edge}) for edge in self.edges())
        return graph

    def edge_count(self) -> int:
        return self._edge_count

    def resource(self, arn: str) -> Resource:
        try:
            return self._resources[arn]
        except KeyError:
            raise UnknownResource(f"no resource with ARN {arn!r}") from None

    def resources(self, kind: str | None = None) -> Iterator[Resource]:
        if not kind:
            yield from self._resources.values()
            return
        for arn in self._by_kind.get(kind, ()):
            yield self._resources[arn]

    def kind_counts(self) -> Counter[str]:
        return Counter({kind: len(arns) for kind, arns in self._by_kind.items()})

    def by_id(self, resource_id: str) -> list[Resource]:
        return [self.resource(arn) for arn in self._by_id.get(resource_id, ())]

    def by_ip(self, address: str) -> list[Resource]:
        return [self.resource(arn) for arn in self._by_ip.get(address, ())]

    def by_tag(self, key: str, value: str) -> list[Resource]:
        return [self.resource(arn) for arn in self._by_tag.get((key, value), ())]

    def by_name(self, name: str) -> list[Resource]:
        return [self.resource(arn) for arn in self._by_name.get(name, ())]

    def find(self, ref: str) -> Resource:
        """Resolve what a user typed: an ARN, an id, an IP address or a name. Raises
        UnknownResource when nothing (or more than one thing) matches."""
        if ref in self._resources:
            return self.resource(ref)
        for lookup in (self.by_id, self.by_ip, self.by_name):
            matches = lookup(ref)
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                choices = ", ".join(sorted(m.arn for m in matches)[:5])
                raise UnknownResource(f"{ref!r} is ambiguous; use an ARN: {choices}")
        raise UnknownResource(f"no resource matches {ref!r} (try an id, ARN, name or IP)")

    def read(self, kind: str) -> bool | None:
        """Whether the crawl behind this estate asked AWS for ``kind`` (its records, if any, are
        all there were): True / False from the crawl's own list (``info.extra["kinds_read"]``);
        None when the estate does not say (a snapshot from before awsx recorded it, an estate
        built in memory), unless it holds records of the kind. A rule about an absence (no trail,
        no Auto Scaling group) may hold only where the kind was read. A kind left out of a partial
        load (``loaded``) is None too: it may have been crawled, it was not read from the file."""
        if self.loaded is not None and kind not in self.loaded:
            return None
        listed = self.info.extra.get("kinds_read")
        if isinstance(listed, list):
            return kind in listed
        return True if kind in self._by_kind else None

    def label(self, arn: str) -> str:
        """What a person recognises a resource by: ``id (name)``; an interface by the instance
        it belongs to (``eni-0ab (i-0cd web-1)``); anything not in the estate by ``arn``."""
        if arn not in self._resources:
            return arn
        resource = self._resources[arn]
        name = resource.name if resource.name and resource.name != resource.id else ""
        owner = (resource.data.get("Attachment") or {}).get("InstanceId") if resource.kind == "ec2:network-interface" else None
        if owner and not name:
            instance = next((r for r in self.by_id(owner) if r.region == resource.region), None)
            name = f"{owner} {instance.name}" if instance and instance.name else owner
        return f"{resource.id} ({name})" if name else resource.id

    # --- edges ---------------------------------------------------------------------------
    def edges(self) -> Iterator[Edge]:
        for arn in self._resources:
            yield from self._out.get(arn, ())

    def out_edges(self, arn: str, relation: Relation | None = None) -> list[Edge]:
        return [edge for edge in self._out.get(arn, ()) if relation is None or edge.relation == relation]

    def in_edges(self, arn: str, relation: Relation | None = None) -> list[Edge]:
        return [edge for edge in self._in.get(arn, ()) if relation is None or edge.relation == relation]

    def in_regions(self, regions: Iterable[str]) -> Estate:
        """This estate narrowed to ``regions``: their resources, the global ones (IAM, whose
        region is ``global``) and the edges, references and markers among what is kept."""
        places = {*regions, GLOBAL}
        kept = [r for r in self.resources() if r.region in places]
        arns = {r.arn for r in kept}
        return Estate(kept, (e for e in self.edges() if e.source in arns and e.target in arns),
                      (m for m in self.markers if m.region in places), (d for d in self.dangling if d.source in arns),
                      replace(self.info, regions=tuple(r for r in self.info.regions if r in places)), self.loaded)

    def unread(self, arn: str) -> list[Marker]:
        """The per-record reads that failed for this resource (its record is partial)."""
        return [m for m in self.markers if arn in m.resources]

    def markers_for(self, account: str | None = None, region: str | None = None) -> list[Marker]:
        return [
            m
            for m in self.markers
            if (account is None or m.account == account) and (region is None or m.region in (region, GLOBAL))
        ]


def _tuples(index: dict[K, list[str]]) -> dict[K, tuple[str, ...]]:
    return {key: tuple(arns) for key, arns in index.items()}


def _grouped(edges: list[Edge], end: str) -> tuple[Edge, ...]:
    """``edges`` of one resource with those to (from) the same ``end`` together, ends in the
    order first seen: the order networkx's adjacency gave, which views and tests rely on."""
    first: dict[str, int] = {}
    for edge in edges:
        first.setdefault(getattr(edge, end), len(first))
    if len(first) == len(edges):
        return tuple(edges)
    return tuple(sorted(edges, key=lambda edge: first[getattr(edge, end)]))
