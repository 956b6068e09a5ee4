"""Crawl progress: the total is known (and reported) before the first unit starts, so the
CLI's bar never shows ``0/?`` while the first requests are in flight."""

from __future__ import annotations

import asyncio

from awsx.inventory.crawler import Batch, Crawler, Group, Progress
from awsx.inventory.session import AccountSession

ACCOUNT = "111111111111"
REGIONS = ("eu-west-1", "us-east-1")


class OfflineCrawler(Crawler):
    """A crawler whose units answer empty at once, noting how many progress events came before
    the first unit started."""

    def __init__(self, events: list[Progress]) -> None:
        account = AccountSession(None, None, None, account=ACCOUNT, regions=REGIONS)  # type: ignore[arg-type]
        super().__init__([account], on_progress=events.append)
        self.events = events
        self.events_before_first_unit: int | None = None

    async def _unit(self, account: AccountSession, region: str, group: Group) -> Batch:
        if self.events_before_first_unit is None:
            self.events_before_first_unit = len(self.events)
        return Batch(group.key(account.account, region), [], [], "2025-01-02T03:04:05Z")


def test_the_first_progress_event_carries_the_total_before_any_unit_starts() -> None:
    events: list[Progress] = []
    crawler = OfflineCrawler(events)
    planned = len(crawler.units())
    asyncio.run(crawler.run())
    assert crawler.events_before_first_unit == 1
    assert (events[0].done, events[0].total) == (0, planned)
    assert [event.done for event in events] == list(range(planned + 1))
    assert {event.total for event in events} == {planned}

