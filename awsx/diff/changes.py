"""What changed between two estates: added, removed and changed resources, with field-level
diffs, security-relevant changes called out first (``awsx diff OLD NEW``, ``:diff OLD``).

Pure: two Estates in, one ``EstateDiff`` out. Noise is ignored by construction:
- crawl provenance (when, which call) is not part of what is compared;
- every list is compared as a multiset, because AWS returns most lists in no stable order
  (security group rules, tags, attachments, policy statements); where order carries meaning the
  elements carry their own rank (NACL ``RuleNumber``, listener ``Priority``), so nothing is lost.
A resource that only one crawl holds, where the other crawl could not read (a denied or
throttled service, a crawl marker), is neither added nor removed but ``unseen``.
A changed list element is reported as the element removed and the element added, at the path
``data.IpPermissions[]``: an index would be meaningless in an unordered list.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

from awsx.core.graph import Estate
from awsx.core.model import Marker, Resource
from awsx.diff.security import SecurityChange, canonical, security_changes

# Not compared: where a record came from is not what it is.
IGNORED = ("provenance",)
# Fields AWS moves by itself between two crawls of an unchanged estate (per kind, in ``data``):
# comparing them would report every database and file system as changed on every crawl.
VOLATILE: Mapping[str, tuple[str, ...]] = {
    "rds:db-instance": ("LatestRestorableTime",),
    "efs:file-system": ("SizeInBytes",),
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: ``old`` is None when it appeared, ``new`` None when it went."""

    path: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """An added or removed resource, named well enough to find it again."""

    arn: str
    kind: str
    id: str
    name: str

    @classmethod
    def of(cls, resource: Resource) -> ResourceRef:
        return cls(resource.arn, resource.kind, resource.id, resource.name)

    def to_json(self) -> dict[str, str]:
        return {"arn": self.arn, "kind": self.kind, "id": self.id, "name": self.name}


@dataclass(frozen=True, slots=True)
class Unseen:
    """A resource only one crawl holds where the other crawl could not read (a marker): not
    added or removed, unknown. Absence of data is never absence of the resource."""

    ref: ResourceRef
    missing_in: str  # "old" or "new"
    reason: str

    def to_json(self) -> dict[str, str]:
        return {**self.ref.to_json(), "missing_in": self.missing_in, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class ResourceChange:
    arn: str
    kind: str
    fields: tuple[FieldChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"arn": self.arn, "kind": self.kind, "fields": [f.to_json() for f in self.fields]}


@dataclass(frozen=True, slots=True)
class EstateDiff:
    """The answer of ``awsx diff``; lists are ordered security-relevant first, then by kind
    and ARN, so the same two snapshots always give the same document."""

    added: tuple[ResourceRef, ...]
    removed: tuple[ResourceRef, ...]
    changed: tuple[ResourceChange, ...]
    security: tuple[SecurityChange, ...]
    unseen: tuple[Unseen, ...]
    old_crawled_at: str
    new_crawled_at: str

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def marks(self) -> dict[str, str]:
        """``{arn: "added" | "removed" | "changed"}``: what a list marks each row with."""
        groups: tuple[tuple[str, tuple[ResourceRef, ...] | tuple[ResourceChange, ...]], ...] = (
            ("added", self.added), ("removed", self.removed), ("changed", self.changed))
        return {item.arn: status for status, items in groups for item in items}

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [r.to_json() for r in self.added],
            "removed": [r.to_json() for r in self.removed],
            "changed": [c.to_json() for c in self.changed],
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
                "security": [s.to_json() for s in self.security],
                "unseen": [u.to_json() for u in self.unseen],
                "old_crawled_at": self.old_crawled_at,
                "new_crawled_at": self.new_crawled_at,
            },
        }


def field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """Every leaf that differs between two JSON-like values, lists compared as multisets."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        changes: list[FieldChange] = []
        for key in sorted(set(old) | set(new), key=str):
            changes += field_changes(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
        return changes
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        before = Counter(canonical(v) for v in old)
        after = Counter(canonical(v) for v in new)
        gone = sorted((before - after).elements())
        came = sorted((after - before).elements())
        return ([FieldChange(f"{path}[]", json.loads(v), None) for v in gone]
                + [FieldChange(f"{path}[]", None, json.loads(v)) for v in came])
    if canonical(old) != canonical(new):
        return [FieldChange(path, old, new)]
    return []


def comparable(resource: Resource) -> dict[str, Any]:
    """What two crawls of one resource are compared on: the record without its provenance and
    without the fields AWS moves by itself (``VOLATILE``)."""
    record = resource.to_json()
    for key in IGNORED:
        record.pop(key, None)
    volatile = VOLATILE.get(resource.kind, ())
    if volatile and isinstance(record.get("data"), dict):
        record["data"] = {k: v for k, v in record["data"].items() if k not in volatile}
    return record


def unread_by(estate: Estate, resource: Resource) -> Marker | None:
    """The marker saying ``estate``'s crawl could not read the place ``resource`` lives in."""
    service = resource.kind.split(":", 1)[0]
    for marker in estate.markers:
        if marker.account == resource.account and marker.service == service and marker.region in (resource.region, "global"):
            return marker
    return None


def _only_in(holder: Estate, other: Estate, arns: set[str], missing_in: str) -> tuple[list[ResourceRef], list[Unseen]]:
    """Resources only ``holder`` has: truly added/removed, or unseen where ``other`` could not read."""
    certain, unseen = [], []
    for arn in sorted(arns):
        resource = holder.resource(arn)
        marker = unread_by(other, resource)
        if marker is None:
            certain.append(ResourceRef.of(resource))
        else:
            unseen.append(Unseen(ResourceRef.of(resource), missing_in, marker.describe()))
    return certain, unseen


def diff_estates(old: Estate, new: Estate) -> EstateDiff:
    """Compare two crawls of (presumably) the same estate."""
    old_arns = {r.arn for r in old.resources()}
    new_arns = {r.arn for r in new.resources()}
    security = security_changes(old, new)
    flagged = {s.arn for s in security}

    def order(item: ResourceRef | ResourceChange) -> tuple[bool, str, str]:
        return (item.arn not in flagged, item.kind, item.arn)

    added, unseen_before = _only_in(new, old, new_arns - old_arns, "old")
    removed, unseen_now = _only_in(old, new, old_arns - new_arns, "new")
    added.sort(key=order)
    removed.sort(key=order)
    changed = []
    for arn in old_arns & new_arns:
        before, after = old.resource(arn), new.resource(arn)
        fields = field_changes(comparable(before), comparable(after))
        if fields:
            changed.append(ResourceChange(arn, after.kind, tuple(fields)))
    changed.sort(key=order)
    return EstateDiff(tuple(added), tuple(removed), tuple(changed), security, (*unseen_before, *unseen_now),
                      old.info.crawled_at, new.info.crawled_at)
