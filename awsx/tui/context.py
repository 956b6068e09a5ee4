"""What every view reads from the app, as one record: the regions and accounts in view (``R``, ``A``), the
``:diff`` in effect, whom this session follows, the account labels, a background crawl's
progress and gaps, and the clock the header's age is measured against.

The App holds one ``ViewContext`` in one reactive (``AwsxApp.context``) and replaces it whole
when anything in it changes; views and widgets ``watch`` it. Nothing walks the screen stack to
tell a view that the context moved, and no view reads app state by attribute name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable

from textual.app import App

from awsx.core.graph import Estate
from awsx.core.model import Marker, Resource
from awsx.diff.changes import EstateDiff

# Resources that live in no region, always in view whatever ``R`` picked.
GLOBAL_REGIONS = ("global", "")


@dataclass(frozen=True, slots=True)
class DiffInView:
    """A ``:diff OLD`` in effect: the old estate (removed resources are shown from it) and the
    answer of awsx/diff, with the marks every list shows."""

    path: str
    old: Estate
    diff: EstateDiff
    marks: dict[str, str]

    @property
    def summary(self) -> str:
        name = Path(self.path).name
        return f"diff vs {name}: +{len(self.diff.added)} ~{len(self.diff.changed)} -{len(self.diff.removed)}"

    def removed(self, arn: str | None) -> bool:
        return self.marks.get(arn or "") == "removed"


@dataclass(frozen=True, slots=True)
class ViewContext:
    """``regions`` / ``accounts`` None means every one; ``now`` None means the header reads the clock."""

    regions: frozenset[str] | None = None
    accounts: frozenset[str] | None = None
    diff: DiffInView | None = None
    following: str = ""
    account_labels: tuple[str, ...] | None = None
    crawl_text: str = ""
    crawl_markers: tuple[Marker, ...] = ()
    now: datetime | None = None

    @property
    def share_status(self) -> str:
        """What the status line says about sharing: whom this view follows, the diff in view."""
        parts = [f"following {self.following}"] if self.following else []
        if self.diff is not None:
            parts.append(self.diff.summary)
        return "  ".join(parts)

    @property
    def narrowed(self) -> bool:
        """Some regions or accounts are out of view."""
        return self.regions is not None or self.accounts is not None

    def same_place(self, other: ViewContext) -> bool:
        """The same regions and accounts in view (a view's lists need no recount)."""
        return self.regions == other.regions and self.accounts == other.accounts

    def shows(self, account: str, region: str) -> bool:
        """In the accounts picked with ``A`` and the regions picked with ``R`` (global resources
        are in every region)."""
        return ((self.regions is None or region in self.regions or region in GLOBAL_REGIONS)
                and (self.accounts is None or account in self.accounts))

    def in_view(self, resources: Iterable[Resource]) -> list[Resource]:
        return [r for r in resources if self.shows(r.account, r.region)]

    def arns_in_view(self, estate: Estate, arns: Iterable[str]) -> tuple[str, ...]:
        if not self.narrowed:
            return tuple(arns)
        return tuple(arn for arn in arns if arn in estate and self.shows(estate.resource(arn).account,
                                                                        estate.resource(arn).region))


EMPTY = ViewContext()


def context_of(app: App) -> ViewContext:
    """The context the running app holds; the empty one for an app that holds none (a widget
    tried on a bare App)."""
    context = getattr(app, "context", EMPTY)
    return context if isinstance(context, ViewContext) else EMPTY
