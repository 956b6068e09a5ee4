"""How old an estate is, in words, for the status line: "snapshot as of 2026-11-26 09:00 UTC,
25 hours old". A reviewer reading a snapshot on a laptop must never mistake it for live data."""

from __future__ import annotations

from datetime import datetime, timezone

from awsx.graph import EstateInfo


def parse_crawl_time(text: str) -> datetime | None:
    """An ISO 8601 crawl time (``Z`` or an offset; naive means UTC) or None if unreadable."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")


def age_text(when: datetime, now: datetime) -> str:
    """``12 minutes old``, ``5 hours old``, ``3 days old``; ``from the future`` if clocks disagree."""
    seconds = (now - when).total_seconds()
    if seconds < -60:
        return "from the future (check this machine's clock)"
    minutes = max(int(seconds // 60), 0)
    if minutes < 60:
        return _plural(minutes, "minute") + " old"
    hours = minutes // 60
    # Hours up to two days: "N hours old" is what an on-call lead compares with an incident.
    if hours < 48:
        return _plural(hours, "hour") + " old"
    return _plural(hours // 24, "day") + " old"


def snapshot_banner(info: EstateInfo, now: datetime | None = None) -> str:
    """The banner for an estate read from a file: when it was crawled and how long ago."""
    when = parse_crawl_time(info.crawled_at)
    if when is None:
        return "snapshot, crawl time unknown"
    now = now or datetime.now(timezone.utc)
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"snapshot as of {stamp}, {age_text(when, now)}"
