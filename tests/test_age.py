"""The snapshot banner: "snapshot as of TIME, N hours old", so nobody mistakes a file for live data."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from awsx.age import snapshot_banner
from awsx.graph import EstateInfo

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("crawled_at", "banner"), [
    ("2026-11-27T09:00:00+00:00", "snapshot as of 2026-11-27 09:00 UTC, 3 hours old"),
    ("2026-11-27T11:00:00Z", "snapshot as of 2026-11-27 11:00 UTC, 1 hour old"),
    ("2026-11-27T11:59:10+00:00", "snapshot as of 2026-11-27 11:59 UTC, 0 minutes old"),
    ("2026-11-27T11:15:00+00:00", "snapshot as of 2026-11-27 11:15 UTC, 45 minutes old"),
    ("2026-11-26T13:00:00+01:00", "snapshot as of 2026-11-26 12:00 UTC, 24 hours old"),
    ("2026-11-20T12:00:00", "snapshot as of 2026-11-20 12:00 UTC, 7 days old"),
    ("2026-11-28T12:00:00+00:00", "snapshot as of 2026-11-28 12:00 UTC, from the future (check this machine's clock)"),
    ("", "snapshot, crawl time unknown"),
    ("yesterday", "snapshot, crawl time unknown"),
])
def test_the_banner_says_when_and_how_old(crawled_at, banner):
    assert snapshot_banner(EstateInfo("snapshot x.awsx", crawled_at), NOW) == banner


def test_the_banner_uses_the_clock_when_no_time_is_given():
    five_hours_ago = (datetime.now(timezone.utc) - timedelta(hours=5, minutes=1)).isoformat()
    assert snapshot_banner(EstateInfo("snapshot x.awsx", five_hours_ago)).endswith(", 5 hours old")
