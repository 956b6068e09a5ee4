"""A crawl keeps each unit's records as JSON bytes once the unit is done (issue 18): they wait
for every other unit before the edges are derived, and decoded they were four times the size."""

from __future__ import annotations

from awsx.core.model import RawData, Resource


def test_a_crawled_estate_holds_its_records_serialised_and_reads_them_whole(demo_estate):
    roles = list(demo_estate.resources("iam:role"))
    assert roles and all(type(Resource.data.stored(role)) is RawData for role in roles)  # type: ignore[attr-defined]
    assert all(role.data["Arn"] == role.arn for role in roles)
