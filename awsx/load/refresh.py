"""Background refresh, as the TUI sees it: a ``Refresher`` is a blocking callable that crawls
and returns a new Estate, reporting progress steps as it goes. The CLI builds one from
awsx.load.live (the only side that talks to AWS) and hands it to the app, which runs it in a thread
worker; so the UI never imports the crawler. Pure: no Textual, no boto here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from awsx.core.age import parse_crawl_time
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Marker
from awsx.diff.changes import comparable

# A cache younger than this is shown as it is: reopening awsx a minute later does not crawl
# the whole estate again (``--refresh`` does).
FRESH_FOR = timedelta(minutes=5)
# Cells of the text progress bar in the status line: short enough for an 80-column terminal.
_BAR = 10


class CrawlStep(Protocol):
    """One progress event (the crawler's ``Progress`` has this shape)."""

    done: int
    total: int
    description: str
    marker: Marker | None


Refresher = Callable[[Callable[[CrawlStep], None]], Estate]


def wants_refresh(info: EstateInfo, cached_units: int, *, forced: bool, now: datetime | None = None) -> bool:
    """Refresh in the background when what is shown came from the cache and is not fresh
    (an unreadable crawl time counts as stale), or when the user asked with ``--refresh``."""
    if not cached_units:
        return False  # all of it was crawled just now
    crawled = parse_crawl_time(info.crawled_at)
    return forced or crawled is None or (now or datetime.now(timezone.utc)) - crawled >= FRESH_FOR


def progress_text(step: CrawlStep) -> str:
    """``refreshing 12/40 ▰▰▰▱▱▱▱▱▱▱ us-east-1 ec2``: how far, and where the crawl is now (the
    count first: on a narrow terminal the end of the line is what gets cut)."""
    filled = _BAR * step.done // step.total if step.total else 0
    bar = "▰" * filled + "▱" * (_BAR - filled)
    return f"refreshing {step.done}/{step.total} {bar} {step.description}".rstrip()


@dataclass(frozen=True, slots=True)
class EstateChange:
    """What a refresh changed, by ARN: resources that appeared, went, or whose data changed."""

    added: int
    removed: int
    changed: int

    def summary(self) -> str:
        if not (self.added or self.removed or self.changed):
            return "refreshed: no change"
        return f"refreshed: {self.added} added, {self.removed} removed, {self.changed} changed"


def estate_change(old: Estate, new: Estate) -> EstateChange:
    before = {r.arn: r for r in old.resources()}
    after = {r.arn: r for r in new.resources()}
    kept = before.keys() & after.keys()
    return EstateChange(
        added=len(after.keys() - before.keys()),
        removed=len(before.keys() - after.keys()),
        # Provenance and volatile fields move on every refresh: only content counts (as in diff).
        changed=sum(1 for arn in kept if comparable(before[arn]) != comparable(after[arn])),
    )

