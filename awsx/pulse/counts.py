"""The dashboard's count grid: how many resources of each kind live in each (account,
region)."""

from __future__ import annotations

from dataclasses import dataclass

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
