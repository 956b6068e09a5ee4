"""``awsx merge PART... -o FILE``: estates crawled apart (an Organization in shards, issue 18)
joined into the one estate a single crawl of the same accounts gives.

Resources are united by ARN, markers and info joined, and then edges and dangling references
are derived again over the union by the crawl's own edge builder (inventory/edges.py), not
united: a peering connection, a transit gateway attachment, a role trusting another account or
a resource policy naming one was a dangling reference in the part that saw one side, and is an
edge once both sides are in one estate. The parts must be of one estate: one endpoint, one
organization, not redacted (tokens differ between files), and an account crawled by two parts
must read the same in both; anything else is refused in one line. The merged estate is as old
as its oldest part (its ``crawled_at``), so no age is understated; each part's crawl time is kept
in ``info.extra["parts"]``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Marker, Resource
from awsx.inventory.edges import assemble
from awsx.store.snapshot import open_snapshot


@dataclass(frozen=True, slots=True)
class Part:
    name: str  # how the user named it (the file)
    estate: Estate


@dataclass(frozen=True, slots=True)
class Merged:
    estate: Estate
    resolved: int  # references dangling in a part that are edges in the union
    notes: tuple[str, ...] = ()


def merge_snapshots(paths: Sequence[str | Path]) -> Merged:
    """Read each part (a hostile or broken file is one line naming it) and merge them."""
    return merge([Part(str(path), open_snapshot(path)) for path in paths])


def merge(parts: Sequence[Part]) -> Merged:
    _check_one_estate(parts)
    resources = _united_resources(parts)
    united, edges, dangling = assemble(resources)
    still = {(d.source, d.relation, d.ref) for d in dangling}
    resolved = len({(d.source, d.relation, d.ref) for p in parts for d in p.estate.dangling} - still)
    markers = list({_marker_key(m): m for p in parts for m in p.estate.markers}.values())
    estate = Estate(united, edges, markers, dangling, _merged_info(parts))
    return Merged(estate, resolved, tuple(_missing_shards(parts)))


def _united_resources(parts: Sequence[Part]) -> list[Resource]:
    """Every part's resources; an account two parts both crawled must read the same in both
    (the crawl time aside), else the parts are of different crawls and merging would mix them."""
    owners: dict[str, Part] = {}
    for part in parts:
        for account in part.estate.info.accounts:
            earlier = owners.setdefault(account, part)
            if earlier is not part and _records(earlier, account) != _records(part, account):
                raise UserError(f"{earlier.name} and {part.name} both hold account {account}, and it differs "
                                "between them: merge the parts of one crawl")
    return [resource for part in parts for resource in part.estate.resources()]


def _records(part: Part, account: str) -> dict[str, dict[str, Any]]:
    return {r.arn: _without_time(r) for r in part.estate.resources() if r.account == account}


def _without_time(resource: Resource) -> dict[str, Any]:
    return resource.to_json() | {"provenance": resource.provenance.operation if resource.provenance else None}


def _marker_key(marker: Marker) -> tuple:
    return (marker.account, marker.region, marker.service, marker.operation, marker.status, marker.message,
            marker.resources)


def _check_one_estate(parts: Sequence[Part]) -> None:
    if not parts:
        raise UserError("merge needs at least one snapshot")
    first = parts[0]
    for part in parts[1:]:
        for what, value in (("endpoint", _endpoint), ("organization", _organization_id)):
            if value(part) != value(first):
                raise UserError(f"{first.name} and {part.name} come from different {what}s "
                                f"({value(first) or 'none'} and {value(part) or 'none'}): merge parts of one estate")
    for part in parts:
        if part.estate.info.redacted:
            raise UserError(f"{part.name} is redacted: merge the parts first, then redact the merged estate")


def _endpoint(part: Part) -> str:
    return part.estate.info.endpoint or "aws"


def _organization(part: Part) -> dict[str, Any]:
    found = part.estate.info.extra.get("organization")
    return found if isinstance(found, dict) else {}


def _organization_id(part: Part) -> str | None:
    return _organization(part).get("id")


def _merged_info(parts: Sequence[Part]) -> EstateInfo:
    infos = [p.estate.info for p in parts]
    extra: dict[str, Any] = {}
    for info in infos:
        extra.update(info.extra)
    extra["account_aliases"] = {account: names for info in infos
                                for account, names in dict(info.extra.get("account_aliases") or {}).items()}
    extra["kinds_read"] = sorted({kind for info in infos for kind in info.extra.get("kinds_read") or ()})
    organization = {k: v for k, v in _organization(parts[0]).items() if k != "shard"}
    if organization:
        extra["organization"] = organization
    # Each part's crawl time (and shard), so the merged estate says how old each account's answers are.
    extra["parts"] = [{"name": Path(p.name).name, "crawled_at": p.estate.info.crawled_at,
                       "shard": _organization(p).get("shard"), "accounts": list(p.estate.info.accounts)}
                      for p in parts]
    return EstateInfo(
        source="merge",
        crawled_at=min(info.crawled_at for info in infos),
        accounts=_union(info.accounts for info in infos),
        regions=_union(info.regions for info in infos),
        profiles=_union(info.profiles for info in infos),
        endpoint=infos[0].endpoint,
        extra=extra,
    )


def _union(values: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(sorted({value for group in values for value in group}))


def _missing_shards(parts: Sequence[Part]) -> list[str]:
    """Shards of an N-way crawl no part holds: the merge is then not the whole organization."""
    shards = [shard for p in parts if (shard := _organization(p).get("shard"))]
    counts = Counter(int(shard.split("/")[1]) for shard in shards)
    if len(counts) != 1:
        return []
    (count,) = counts
    missing = sorted(set(range(1, count + 1)) - {int(shard.split("/")[0]) for shard in shards})
    return [f"no part holds shard {index}/{count}: its accounts are missing" for index in missing]
