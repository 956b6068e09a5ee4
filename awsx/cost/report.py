"""Where the money goes: every priced resource's estimate, grouped by kind, region, VPC,
account or a tag, biggest first. Totals are the sum of the known items; unknown items are
listed (``monthly`` None) and never counted as zero."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import Resource

from .bill import Estimate
from .estimators import ESTIMATORS
from .relations import EstateView
from .table import PriceTable, table_for

GROUPINGS = ("kind", "region", "vpc", "account")
UNTAGGED = "(untagged)"


# What the CLI, ``--json`` and the cost screen print about every estimate.
DISCLAIMER = "list-price estimate, on-demand, 730 h/month; ≈ = approximate (fallback or unverified price)"


@dataclass(frozen=True, slots=True)
class Group:
    """One group's figure as every view prints it: ``monthly`` is the sum of its priced items,
    None when none could be priced (unknown, never $0); ``share`` is that sum's part of the
    total, None when either is unknown or the total is nothing."""

    key: str
    monthly: float | None
    count: int
    unknown: int = 0  # items in the group that could not be priced (not in ``monthly``)
    share: float | None = None
    approximate: bool = False  # some item's price is a fallback or unverified (≈)

    @property
    def all_unknown(self) -> bool:
        return self.unknown == self.count

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "monthly": None if self.monthly is None else round(self.monthly, 2),
                "count": self.count, "unknown": self.unknown, "all_unknown": self.all_unknown,
                "share": None if self.share is None else round(self.share, 4), "approximate": self.approximate}


@dataclass(frozen=True, slots=True)
class CostReport:
    currency: str
    prices_as_of: str
    by: str
    total_monthly: float
    groups: tuple[Group, ...]
    items: tuple[Estimate, ...]
    unknown_count: int

    def to_json(self) -> dict[str, Any]:
        return {"currency": self.currency, "prices_as_of": self.prices_as_of,
                "total_monthly": round(self.total_monthly, 2),
                "groups": [g.to_json() for g in self.groups], "items": [i.to_json() for i in self.items]}


def estimate_all(estate: Estate, table: PriceTable | None = None) -> list[Estimate]:
    """An estimate for every resource of a priced kind (free kinds such as VPCs have none)."""
    table = table or table_for(estate.info.extra)
    view = EstateView(estate)
    return [ESTIMATORS[r.kind](r, view, table) for r in estate.resources() if r.kind in ESTIMATORS]


def tags_of(resource: Resource) -> dict[str, str]:
    """The resource's tags; falls back to the API record's ``Tags`` list when the crawl left
    ``tags`` empty (S3 buckets read tags by an enrichment)."""
    if resource.tags:
        return dict(resource.tags)
    raw = resource.data.get("Tags") or resource.data.get("TagSet") or ()
    return {str(t["Key"]): str(t.get("Value", "")) for t in raw if isinstance(t, dict) and "Key" in t}


def grouping(by: str, view: EstateView) -> Callable[[Resource], str]:
    if by == "kind":
        return lambda r: r.kind
    if by == "region":
        return lambda r: r.region
    if by == "account":
        return lambda r: r.account
    if by == "vpc":
        return view.vpc_of
    if by.startswith("tag:") and len(by) > 4:
        key = by[4:]
        return lambda r: tags_of(r).get(key) or UNTAGGED
    raise UserError(f"cannot group by {by!r} (use one of {', '.join(GROUPINGS)} or tag:KEY)")


def members(estate: Estate, report: CostReport) -> dict[str, tuple[Estimate, ...]]:
    """The report's items under each group key, largest first (what a drill-down lists)."""
    key_of = grouping(report.by, EstateView(estate))
    found: dict[str, list[Estimate]] = defaultdict(list)
    for item in report.items:
        found[key_of(estate.resource(item.arn))].append(item)
    return {key: tuple(items) for key, items in found.items()}


def group_of(key: str, items: list[Estimate], total: float) -> Group:
    """The group of ``items``: their priced sum (None when none is priced) and its share."""
    priced = [i.monthly for i in items if i.monthly is not None]
    monthly = sum(priced) if priced else None
    share = monthly / total if monthly is not None and total else None
    return Group(key, monthly, len(items), len(items) - len(priced), share,
                 any(i.approximate for i in items if i.monthly is not None))


def cost_report(estate: Estate, by: str = "kind", top: int | None = None,
                table: PriceTable | None = None) -> CostReport:
    """The estate's monthly estimate grouped ``by``; ``top`` keeps the N largest groups and items
    (the total is always the whole estate's)."""
    table = table or table_for(estate.info.extra)
    view = EstateView(estate)
    key_of = grouping(by, view)
    if top is not None and top < 1:
        raise UserError("--top must be at least 1")
    items = estimate_all(estate, table)
    grouped: dict[str, list[Estimate]] = defaultdict(list)
    for item in items:
        grouped[key_of(estate.resource(item.arn))].append(item)
    total = sum(i.monthly for i in items if i.monthly is not None)
    groups = sorted((group_of(key, members, total) for key, members in grouped.items()),
                    key=lambda g: (g.monthly is None, -(g.monthly or 0.0), g.key))
    ordered = sorted(items, key=lambda i: (i.monthly is None, -(i.monthly or 0.0), i.arn))
    return CostReport(table.currency, table.as_of, by, total, tuple(groups[:top] if top else groups),
                      tuple(ordered[:top] if top else ordered), sum(1 for i in items if i.monthly is None))
