"""The browse screen's left pane: every kind the estate holds, with its count.

A kind whose crawl was denied or cut short is listed too, even with nothing in it, and marked:
an empty list must never be mistaken for "there are none" (DESIGN: Markers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.core.model import Marker
from awsx.inventory.specs import SPECS, kind_info


@dataclass(frozen=True, slots=True)
class KindRow:
    """One line of the list: a kind, its human title, how many, and what is unknown about it."""

    kind: str
    title: str
    count: int
    markers: tuple[Marker, ...] = ()


def marked_kinds(marker: Marker) -> list[str]:
    """The kinds a marker leaves unknown: those listed by its operation, else its whole service
    (a marker from an enrichment call or an unknown operation taints the service)."""
    same_service = [spec for spec in SPECS if spec.service == marker.service]
    by_operation = [spec.kind for spec in same_service if spec.operation == marker.operation]
    return by_operation or [spec.kind for spec in same_service]


def kind_rows(estate: Estate, also: Iterable[str] = (), counts: Mapping[str, int] | None = None) -> list[KindRow]:
    """Every kind with resources or markers, sorted by title (what the reader scans for, not
    the internal ``service:type`` id); ``also``: kinds to list even when empty (all of them
    removed since a ``:diff`` snapshot); ``counts``: how many of each are in view (default:
    all of them)."""
    counts = estate.kind_counts() if counts is None else counts
    markers: dict[str, list[Marker]] = {}
    for marker in estate.markers:
        for kind in marked_kinds(marker):
            markers.setdefault(kind, []).append(marker)
    rows = [KindRow(kind, kind_info(kind).title, counts.get(kind, 0), tuple(markers.get(kind, ())))
            for kind in set(counts) | set(markers) | set(also)]
    return sorted(rows, key=lambda row: (row.title.casefold(), row.kind))


def count_text(row: KindRow) -> str:
    """``3``; ``3?`` when part of the kind could not be read; ``?`` when none of it could."""
    if not row.markers:
        return f"{row.count} "
    return f"{row.count}?" if row.count else "? "


def kind_prompt(row: KindRow, width: int) -> Content:
    """``  3  Subnets``: the count right-aligned to ``width`` in front (as on the pulse), so a
    narrow list cuts the title's end, never the count."""
    # $foreground-muted: $text-muted inside Content renders brighter than the title, not dimmer.
    style = "$text-warning" if row.markers else "$foreground-muted"
    return Content.assemble((count_text(row).rjust(width), style), " ", inert(row.title))


def kind_options(rows: list[KindRow]) -> list[Option]:
    """One option per row, counts aligned to the widest; the option id is the kind."""
    width = max((len(count_text(r)) for r in rows), default=1)
    return [Option(kind_prompt(r, width), id=r.kind) for r in rows]


class KindList(OptionList):
    """Kinds with counts; option ids are kind names, so highlight/select events carry the kind.
    As wide as its longest line up to 30% of the screen (24 columns of 80): past that, titles
    end in an ellipsis rather than wrapping."""

    DEFAULT_CSS = """
    KindList {
        width: auto;
        min-width: 16;
        max-width: 30%;
        height: 1fr;
        border: round $primary 50%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    KindList:focus {
        border: round $primary;
    }
    """

    def __init__(self, rows: list[KindRow], id: str | None = None) -> None:
        super().__init__(*kind_options(rows), id=id)
        self._keep(rows)
        self.border_title = "Kinds"

    def _keep(self, rows: list[KindRow]) -> None:
        self.rows = {row.kind: row for row in rows}
        self.border_subtitle = f"{sum(r.count for r in rows)} resources"

    def show_rows(self, rows: list[KindRow]) -> None:
        """Other counts (``R`` picked other regions), the same kind highlighted."""
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self.add_options(kind_options(rows))
        self._keep(rows)
        if highlighted is not None and highlighted in self.rows:
            self.highlighted = self.get_option_index(highlighted)
