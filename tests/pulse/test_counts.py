"""The dashboard's count grid fits a screen: past MAX_PLACES (account, region) columns it rolls
up per account, then per region, then to one total, and every count is still added in."""

from __future__ import annotations

from awsx.pulse.counts import ALL, Place, fit_places


def grid_of(accounts: int, regions: int) -> dict[str, dict[Place, int]]:
    return {kind: {Place(f"{a:012d}", f"r-{r}"): a + r + size for a in range(accounts) for r in range(regions)}
            for size, kind in enumerate(("ec2:vpc", "ec2:instance"))}


def totals(grid: dict[str, dict[Place, int]]) -> dict[str, int]:
    return {kind: sum(row.values()) for kind, row in grid.items()}


def test_a_grid_that_fits_is_left_as_it_is():
    grid = grid_of(3, 4)
    assert fit_places(grid, limit=12) == (grid, "")


def test_too_many_places_roll_up_per_account_then_per_region_then_to_a_total():
    many_accounts = grid_of(10, 3)
    rolled, how = fit_places(many_accounts, limit=12)
    assert how == "per account" and {p.region for row in rolled.values() for p in row} == {ALL}
    assert len({p for row in rolled.values() for p in row}) == 10 and totals(rolled) == totals(many_accounts)

    org = grid_of(200, 2)
    rolled, how = fit_places(org, limit=12)
    assert how == "per region" and {p for row in rolled.values() for p in row} == {Place(ALL, "r-0"), Place(ALL, "r-1")}
    assert rolled["ec2:vpc"][Place(ALL, "r-1")] == sum(a + 1 for a in range(200))

    wide = grid_of(200, 20)
    rolled, how = fit_places(wide, limit=12)
    assert how == "in all" and totals(rolled) == totals(wide) == {k: row[Place(ALL, ALL)] for k, row in rolled.items()}
