"""The status line every screen shows on top: where the estate came from, what it covers, and
what the crawl could not see. The READ-ONLY badge is permanent because awsx never writes;
saying so on every screen is what lets a cautious operator point it at production."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from awsx.core.age import parse_crawl_time
from awsx.core.graph import EstateInfo
from awsx.core.inert import inert
from awsx.core.model import Marker
from awsx.tui.context import ViewContext, context_of

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


def utc_now() -> datetime:
    """The clock the age is measured against (tests pin it)."""
    return datetime.now(timezone.utc)


def age_text(crawled_at: str, now: datetime | None = None) -> str:
    """``42 min old``, ``5 hours old``, ``3 days old``: how far to trust what is shown."""
    then = parse_crawl_time(crawled_at)
    if then is None:
        return "age unknown"
    seconds = ((now or utc_now()) - then).total_seconds()
    if seconds < -60:  # a reviewer must not read a wrong clock as "fresh"
        return "from the future: check this machine's clock"
    minutes = max(0, int(seconds // 60))
    if minutes < 120:
        return f"{minutes} min old"
    if minutes < 72 * 60:
        return f"{minutes // 60} hours old"
    return f"{minutes // 1440} days old"


def source_text(info: EstateInfo, now: datetime | None = None) -> str:
    """``snapshot demo.awsx as of 2025-01-02 03:04Z, 5 hours old``; ``live, crawled ...``."""
    when = f"{crawl_time(info.crawled_at)}, {age_text(info.crawled_at, now)}"
    if info.source.startswith("snapshot"):
        return f"{info.source} as of {when}"
    return f"{info.source}, crawled {when}"


def context_text(info: EstateInfo, accounts: Sequence[str] | None = None,
                 regions: Sequence[str] | None = None, now: datetime | None = None) -> str:
    """Accounts (with aliases when given), profiles and regions in view, one line (the source
    and its age get a line of their own so neither is cut on an 80-column terminal)."""
    parts = [listed(accounts if accounts is not None else info.accounts, "account")]
    if info.profiles:
        parts.append("profile " + listed(info.profiles, "profile"))
    parts.append(listed(regions if regions is not None else info.regions, "region"))
    if info.redacted:
        parts.append("redacted")
    return "  ".join(parts)


def markers_text(markers: Sequence[Marker]) -> str:
    """``3 unknown: eu-west-1, us-east-1 rds: denied; us-east-1 iam: throttled``; empty when complete."""
    if not markers:
        return ""
    short = "; ".join(f"{m.region} {m.service}: {m.status.value}" for m in Marker.grouped(markers))
    return f"{len(markers)} unknown: {short}"


class StatusBar(Vertical):
    """Two lines (a third says what ``:diff`` or ``:follow`` is in effect). First: the READ-ONLY badge, accounts and regions in view, then crawl gaps
    (full text in the tooltip); on a narrow terminal the context is cut before the gaps, since
    what is unknown matters more. Second: the source and how old it is."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: auto;
        background: $panel;
    }
    StatusBar > Horizontal {
        height: 1;
    }
    StatusBar Static {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
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
        padding: 0 0 0 1;
    }
    StatusBar #status-share {
        width: 1fr;
        color: $text-accent;
        text-style: bold;
        padding: 0 1 0 12;
    }
    StatusBar #status-markers {
        max-width: 60%;
        color: $text-warning;
        padding: 0 1;
    }
    StatusBar #status-source {
        color: $text-muted;
        padding: 0 1 0 12;
    }
    StatusBar #status-crawl {
        width: 1fr;
        color: $text-accent;
        padding: 0 1;
    }
    """

    def __init__(self, info: EstateInfo, markers: Sequence[Marker]) -> None:
        super().__init__()
        self._info = info
        self._markers = tuple(markers)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("READ-ONLY", id="status-badge", markup=False)
            yield Static(id="status-context", markup=False)
            yield Static(id="status-markers", markup=False)
        with Horizontal():
            yield Static(id="status-source", markup=False)
            yield Static(id="status-crawl", markup=False)
        # A third line only while sharing is in play (a :diff, :follow): never cut the others.
        yield Static(id="status-share", markup=False)

    def on_mount(self) -> None:
        self.show(context_of(self.app))
        self.watch(self.app, "context", self.show, init=False)

    def show(self, context: ViewContext) -> None:
        """The lines as the app's context says now: account aliases from the accounts file,
        only the regions picked with ``R``, the one clock every header's age is read against,
        a background crawl's progress and the gaps it met so far, what sharing is in play.
        Every line is data (account names, paths, marker messages): inert, never markup."""
        self.query_one("#status-context", Static).update(inert(
            context_text(self._info, context.account_labels, sorted(context.regions) if context.regions else None)))
        markers = self._markers + context.crawl_markers
        gaps = self.query_one("#status-markers", Static)
        gaps.update(inert(markers_text(markers)))
        gaps.tooltip = Text("\n".join(inert(m.describe()) for m in markers)) if markers else None
        self.query_one("#status-source", Static).update(inert(source_text(self._info, context.now)))
        self.query_one("#status-crawl", Static).update(inert(context.crawl_text))
        share = self.query_one("#status-share", Static)
        share.update(inert(context.share_status))
        share.display = bool(context.share_status)
