"""The status line every screen shows on top: where the estate came from, what it covers, and
what the crawl could not see. The READ-ONLY badge is permanent because awsx never writes;
saying so on every screen is what lets a cautious operator point it at production."""

from __future__ import annotations

from typing import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from awsx.graph import EstateInfo
from awsx.model import Marker

# Beyond this many, a list of accounts or regions is a count: the line must stay one line.
_LISTED = 3


def listed(words: Sequence[str], noun: str) -> str:
    """``eu-west-1, us-east-1`` for a few, ``17 regions`` for many, ``no regions`` for none."""
    if not words:
        return f"no {noun}s"
    if len(words) > _LISTED:
        return f"{len(words)} {noun}s"
    return ", ".join(words)


def crawl_time(crawled_at: str) -> str:
    """``2025-01-02T03:04:05Z`` as ``2025-01-02 03:04Z``: minutes are enough to judge staleness."""
    if len(crawled_at) >= 16 and crawled_at[10] == "T":
        return f"{crawled_at[:10]} {crawled_at[11:16]}Z"
    return crawled_at or "never"


def context_text(info: EstateInfo) -> str:
    """Accounts, regions in view, source and crawl time, one line."""
    parts = [
        listed(info.accounts, "account"),
        listed(info.regions, "region"),
        info.source,
        f"crawled {crawl_time(info.crawled_at)}",
    ]
    if info.redacted:
        parts.append("redacted")
    return "  ".join(parts)


def markers_text(markers: Sequence[Marker]) -> str:
    """``2 unknown: eu-west-1 rds: denied, us-east-1 iam: throttled``; empty when complete."""
    if not markers:
        return ""
    short = ", ".join(f"{m.region} {m.service}: {m.status.value}" for m in markers)
    return f"{len(markers)} unknown: {short}"


class StatusBar(Horizontal):
    """One line: READ-ONLY badge, estate context, then crawl gaps (full text in the tooltip).
    On a narrow terminal the context is cut before the gaps: what is unknown matters more."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
    }
    StatusBar > Static {
        width: auto;
        height: 1;
        text-wrap: nowrap;
    }
    StatusBar #status-badge {
        background: $success;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    StatusBar #status-context {
        width: 1fr;
        color: $text-muted;
        text-overflow: ellipsis;
        padding: 0 0 0 1;
    }
    StatusBar #status-markers {
        max-width: 60%;
        color: $text-warning;
        text-overflow: ellipsis;
        padding: 0 1;
    }
    """

    def __init__(self, info: EstateInfo, markers: Sequence[Marker]) -> None:
        super().__init__()
        self._info = info
        self._markers = tuple(markers)

    def compose(self) -> ComposeResult:
        yield Static("READ-ONLY", id="status-badge", markup=False)
        yield Static(context_text(self._info), id="status-context", markup=False)
        gaps = Static(markers_text(self._markers), id="status-markers", markup=False)
        if self._markers:
            gaps.tooltip = "\n".join(m.describe() for m in self._markers)
        yield gaps
