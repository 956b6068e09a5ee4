"""The vocabulary every layer speaks: resources, typed edges, crawl markers, kinds.

Records are frozen dataclasses with an explicit ``to_json`` so the snapshot file and ``--json``
output are plain JSON (no pickle: a snapshot may come from someone else). Reading them back is
msgspec's, against these very annotations (awsx/store/schema.py): the records are their schema.

A resource read from a snapshot keeps its ``data`` as the JSON bytes it was read as
(``RawData``) and decodes it when asked: the API records are most of an estate (410 MB of
decoded dicts in the 100k-resource estate, against about 100 MB of JSON), and most views and
engines read a few kinds' records. ``Resource.data`` is still a plain dict to every reader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import msgspec

# How many decoded records stay cached: an engine reads one record several times in a row (rule
# after rule, column after column), and what it keeps (the network index's interfaces and
# groups) it holds itself. Kept small on purpose: a record that stays cached survives the young
# collections and is freed from an old one, so on the 100k estate 8192 made the pulse's waste
# scan 2.6 s of CPU and 64 made it 1.6 s (every record a dict, as before: 1.2 s).
DECODED_RECORDS = 64
NO_ATTRS: Mapping[str, Any] = MappingProxyType({})  # the one empty ``attrs`` of edges read back


class Relation(StrEnum):
    """Edge relations, fixed direction source -> target (names follow Cartography's)."""

    IN_VPC = "IN_VPC"
    IN_SUBNET = "IN_SUBNET"
    MEMBER_OF_SECURITY_GROUP = "MEMBER_OF_SECURITY_GROUP"
    ATTACHED_TO = "ATTACHED_TO"
    ASSOCIATED_WITH = "ASSOCIATED_WITH"
    ROUTES_TO = "ROUTES_TO"
    PEERS_WITH = "PEERS_WITH"
    PROPAGATES_TO = "PROPAGATES_TO"
    REFERENCES_SECURITY_GROUP = "REFERENCES_SECURITY_GROUP"
    USES_PREFIX_LIST = "USES_PREFIX_LIST"
    HAS_NETWORK_INTERFACE = "HAS_NETWORK_INTERFACE"
    FORWARDS_TO = "FORWARDS_TO"
    TARGETS = "TARGETS"
    STORED_ON = "STORED_ON"
    SNAPSHOT_OF = "SNAPSHOT_OF"
    HAS_POLICY = "HAS_POLICY"
    HAS_PERMISSIONS_BOUNDARY = "HAS_PERMISSIONS_BOUNDARY"
    MEMBER_OF_GROUP = "MEMBER_OF_GROUP"
    HAS_INSTANCE_PROFILE = "HAS_INSTANCE_PROFILE"
    HAS_ROLE = "HAS_ROLE"
    HAS_EXECUTION_ROLE = "HAS_EXECUTION_ROLE"
    TRUSTS = "TRUSTS"
    PARENT = "PARENT"  # an Organizations OU or account -> the root or OU it sits directly under (Cartography)
    DNS_POINTS_TO = "DNS_POINTS_TO"  # a Route 53 record -> what its alias or CNAME names (Cartography)
    IS_CLUSTER_MEMBER_OF = "IS_CLUSTER_MEMBER_OF"
    IS_READ_REPLICA_OF = "IS_READ_REPLICA_OF"
    USED_BY = "USED_BY"
    PROTECTS = "PROTECTS"
    HAS_LAUNCH_TEMPLATE = "HAS_LAUNCH_TEMPLATE"
    MEMBER_AUTO_SCALE_GROUP = "MEMBER_AUTO_SCALE_GROUP"
    HAS_TASK_DEFINITION = "HAS_TASK_DEFINITION"
    MEMBER_OF_DNS_ZONE = "MEMBER_OF_DNS_ZONE"  # a Route 53 record -> its hosted zone (Cartography)


class MarkerStatus(StrEnum):
    """Why part of an estate is unknown. Absence of data is never absence of permission."""

    DENIED = "denied"
    THROTTLED = "throttled"
    UNSUPPORTED = "unsupported"
    TRUNCATED = "truncated"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which call produced a record, and when (ISO 8601, UTC)."""

    operation: str
    crawled_at: str


class RawData:
    """A resource's ``data`` as JSON bytes, decoded on access (``Resource.data``)."""

    __slots__ = ("json",)

    def __init__(self, json: bytes) -> None:
        self.json = json

    def __repr__(self) -> str:
        return f"RawData({len(self.json)} bytes)"


@lru_cache(maxsize=DECODED_RECORDS)
def _decoded(raw: RawData) -> dict[str, Any]:
    return msgspec.json.decode(raw.json)


class _LazyData:
    """``Resource.data``'s slot, read through: ``RawData`` comes out decoded (the last
    ``DECODED_RECORDS`` kept), anything else as stored. Equality, ``replace``, ``to_json`` and
    every engine see the dict; the dataclass's own ``__init__`` stores through ``__set__``."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, resource: Resource | None, owner: type | None = None) -> Any:
        if resource is None:
            return self
        value = self._slot.__get__(resource, owner)
        return _decoded(value) if type(value) is RawData else value

    def __set__(self, resource: Resource, value: Any) -> None:
        self._slot.__set__(resource, value)

    def stored(self, resource: Resource) -> Any:
        """What the slot holds: a ``RawData`` for a record not decoded yet, else the mapping."""
        return self._slot.__get__(resource, type(resource))


@dataclass(frozen=True, slots=True)
class Resource:
    """One AWS resource. ``arn`` is the graph key (a documented ARN format where AWS returns none)."""

    arn: str
    kind: str
    id: str
    name: str
    account: str
    region: str
    tags: Mapping[str, str] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    ips: tuple[str, ...] = ()
    provenance: Provenance | None = None

    def serialised(self) -> Resource:
        """This resource with its ``data`` held as JSON bytes, decoded again when read: what a
        crawl keeps of a unit once it is done (its records wait for the others' edges)."""
        if type(Resource.data.stored(self)) is RawData:  # type: ignore[attr-defined]
            return self
        return replace(self, data=RawData(msgspec.json.encode(self.data)))

    def raw_json(self) -> bytes | None:
        """The JSON bytes ``data`` is held as, or None when it is held decoded: what takes the
        record whole (the SQL tables, the Parquet export) need not decode it to encode it again
        (the 10k-ENI estate's resources table: 1.07 -> 0.32 s)."""
        stored = Resource.data.stored(self)  # type: ignore[attr-defined]
        return stored.json if type(stored) is RawData else None

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "arn": self.arn,
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "account": self.account,
            "region": self.region,
            "tags": dict(self.tags),
            "data": self.data,
            "ips": list(self.ips),
        }
        if self.provenance:
            record["provenance"] = {
                "operation": self.provenance.operation,
                "crawled_at": self.provenance.crawled_at,
            }
        return record


Resource.data = _LazyData(Resource.__dict__["data"])  # type: ignore[assignment, misc]


@dataclass(frozen=True, slots=True)
class Edge:
    """A typed relation ``source -> target`` between two resource ARNs; ``attrs`` qualify it
    (for ``ROUTES_TO``: the route's destination and state)."""

    source: str
    target: str
    relation: Relation
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "relation": self.relation.value,
        }
        if self.attrs:
            record["attrs"] = dict(self.attrs)
        return record


@dataclass(frozen=True, slots=True)
class DanglingRef:
    """A reference to something the crawl did not see (another account, a deleted resource,
    a denied service): kept so the UI can mark it ``missing-ref`` instead of hiding it."""

    source: str
    relation: Relation
    ref: str

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "relation": self.relation.value, "ref": self.ref}


@dataclass(frozen=True, slots=True)
class Marker:
    """Part of the estate that could not be read, per (account, region, service). ``resources``
    names the records a per-record read (an enrichment, a record's children) failed for: those
    records are marked and the list they belong to is whole; empty when the listing failed."""

    account: str
    region: str
    service: str
    operation: str
    status: MarkerStatus
    message: str
    resources: tuple[str, ...] = ()

    def describe(self) -> str:
        line = f"{self.region} {self.service}: {self.status.value} ({self.message})"
        if not self.resources:
            return line
        count = len(self.resources)
        return f"{line}: {self.operation} of {count} record{'s' if count > 1 else ''}, the list is whole"

    @staticmethod
    def grouped(markers: Iterable[Marker]) -> list[Marker]:
        """The markers with those alike but for the region joined into one, its ``region`` the
        regions listed (``us-east-1, eu-west-1``): one service denied in every region of an
        account is one line, not seventeen. Order of first appearance is kept."""
        alike: dict[tuple[Any, ...], list[Marker]] = {}
        for marker in markers:
            key = (marker.account, marker.service, marker.operation, marker.status, marker.message, marker.resources)
            alike.setdefault(key, []).append(marker)
        return [replace(group[0], region=", ".join(sorted({m.region for m in group}))) for group in alike.values()]

    def on_record(self) -> str:
        """What a per-record marker says on a record it names (``awsx show``, the detail view)."""
        return f"{self.service}:{self.operation} {self.status.value} ({self.message})"

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "account": self.account,
            "region": self.region,
            "service": self.service,
            "operation": self.operation,
            "status": self.status.value,
            "message": self.message,
        }
        if self.resources:
            record["resources"] = list(self.resources)
        return record


@dataclass(frozen=True, slots=True)
class Column:
    """A browse column: a title and a dotted path into the resource (``name``, ``data.CidrBlock``)."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Kind:
    """A resource type as the UI sees it: its name, a human title, ``:`` aliases and columns."""

    name: str
    title: str
    aliases: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()


def resolve_path(resource: Resource, path: str) -> Any:
    """Follow a dotted column path (``data.State.Name``) through a resource; ``None`` if absent."""
    head, _, rest = path.partition(".")
    value: Any = getattr(resource, head, None)
    for part in rest.split(".") if rest else ():
        if isinstance(value, Mapping):
            value = value.get(part)
        else:
            return None
    return value
