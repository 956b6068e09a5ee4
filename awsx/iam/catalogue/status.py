"""Each catalogue entry's status in awsx (issue 15 item 5), computed, never written down:

- ``detected``: awsx evaluates the path against the estate: its permissions, and the target it
  needs is a kind awsx crawls (a principal, a role trusting a service, a crawled resource);
- ``potential``: the permissions are evaluated but a resource the path needs is of a kind awsx
  does not crawl yet, so a path through it is reported as conditional on that resource;
- ``not-applicable``: awsx cannot evaluate it at all, with the reason.

The crawled kinds are the spec registry's (``awsx.inventory.specs.KINDS``): when a kind lands
there, the entries that need it turn ``detected`` by themselves."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from awsx.core.graph import Estate
from awsx.inventory.specs import KINDS

from .entries import Entry, entries

Status = Literal["detected", "potential", "not-applicable"]


@dataclass(frozen=True, slots=True)
class PathStatus:
    id: str
    name: str
    status: Status
    reason: str
    source: str

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "status": self.status, "reason": self.reason, "source": self.source}


@dataclass(frozen=True, slots=True)
class CatalogueReport:
    paths: tuple[PathStatus, ...]

    def to_json(self) -> dict:
        return {"paths": [p.to_json() for p in self.paths]}

    def count(self, status: Status) -> int:
        return sum(1 for p in self.paths if p.status == status)


def missing_kinds(entry: Entry, crawled: Collection[str]) -> tuple[str, ...]:
    """The resource kinds the entry needs that awsx does not crawl (an SSM path also needs to
    know which instances SSM manages: DescribeInstanceInformation, ``ssm:managed-instance``)."""
    needed = (*entry.needs, *((entry.target,) if entry.target else ()),
              *(("ssm:managed-instance",) if entry.managed else ()))
    return tuple(kind for kind in needed if kind not in crawled)


def status_of(entry: Entry, crawled: Collection[str]) -> tuple[Status, str]:
    if entry.not_applicable:
        return "not-applicable", entry.not_applicable
    missing = missing_kinds(entry, crawled)
    if missing:
        return "potential", "needs an existing " + " and ".join(missing) + ", which awsx does not crawl yet"
    return "detected", _evaluated(entry)


def _evaluated(entry: Entry) -> str:
    if entry.how == "self":
        return "the principal can grant itself everything (admin by self-modification)"
    if entry.how == "principal":
        return "an edge to an existing user or role"
    if entry.how == "modify":
        return "change a principal's permissions, then become it (through principals not admin yet)"
    if entry.how == "pass-role":
        return "a role trusting " + entry.service + " that the principal can pass" + \
            (" (with an instance profile)" if entry.instance_profile else "") + \
            ("; needs an existing " + " and ".join(entry.needs) if entry.needs else "") + \
            ("; the cluster needs a container instance registered" if entry.hosted else "")
    return f"an existing {entry.target} running as the role"


def catalogue_report(crawled: Collection[str] | None = None) -> CatalogueReport:
    """Every catalogue path with its status; ``crawled`` defaults to the spec registry."""
    kinds = KINDS if crawled is None else crawled
    rows = []
    for entry in entries():
        if entry.catalogued:
            status, reason = status_of(entry, kinds)
            rows.append(PathStatus(entry.id, entry.name, status, reason, entry.source or ""))
    return CatalogueReport(tuple(rows))


def crawled_kinds(estate: Estate) -> frozenset[str]:
    """The kinds awsx crawls: the spec registry's, and any kind the estate holds records of (a
    snapshot from an awsx that crawls more)."""
    return frozenset(KINDS) | {resource.kind for resource in estate.resources()}
