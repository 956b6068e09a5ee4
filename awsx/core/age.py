"""Crawl times as the store writes them (ISO 8601), read back for the age shown to a person and
for the "is the cache stale" decision of live mode."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_crawl_time(text: str) -> datetime | None:
    """An ISO 8601 crawl time (``Z`` or an offset; naive means UTC) or None if unreadable."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
