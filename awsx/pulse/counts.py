"""The dashboard's count grid: how many resources of each kind live in each (account,
region)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from awsx.core.graph import Estate


@dataclass(frozen=True, slots=True)
class Place:
    """An (account, region) column of the dashboard's count grid."""

    account: str
    region: str


def kind_counts_by_place(estate: Estate) -> dict[str, dict[Place, int]]:
    """``{kind: {Place(account, region): count}}`` for every kind the estate holds."""
    grid: dict[str, dict[Place, int]] = {}
    for kind in estate.kind_counts():
        row = grid.setdefault(kind, {})
        for resource in estate.resources(kind):
            place = Place(resource.account, resource.region)
            row[place] = row.get(place, 0) + 1
    return grid


ALL = "*"  # a rolled-up Place's account or region: every one of them
MAX_PLACES = 24  # columns a count grid shows; past it, places roll up (a 200-account estate had 400)


def fit_places(grid: dict[str, dict[Place, int]], limit: int = MAX_PLACES) -> tuple[dict[str, dict[Place, int]], str]:
    """``grid`` with at most ``limit`` places: as it is, else per account, else per region, else
    one total per kind; and how it was rolled up (``""`` when it was not). A grid of hundreds of
    (account, region) columns cannot be read, and drawing it took seconds (every cell of a row is
    rendered); ``A`` and ``R`` narrow the estate to see the places again."""
    for name, coarser in (("", lambda p: p), ("per account", lambda p: Place(p.account, ALL)),
                          ("per region", lambda p: Place(ALL, p.region))):
        rolled = _rolled(grid, coarser)
        if len({place for row in rolled.values() for place in row}) <= limit:
            return rolled, name
    return _rolled(grid, lambda p: Place(ALL, ALL)), "in all"


def _rolled(grid: dict[str, dict[Place, int]], coarser: Callable[[Place], Place]) -> dict[str, dict[Place, int]]:
    rolled: dict[str, dict[Place, int]] = {}
    for kind, row in grid.items():
        into = rolled.setdefault(kind, {})
        for place, count in row.items():
            key = coarser(place)
            into[key] = into.get(key, 0) + count
    return rolled
