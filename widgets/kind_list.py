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
    """Every kind with resources or markers, sorted by kind name (so services stay together);
    ``also``: kinds to list even when empty (all of them removed since a ``:diff`` snapshot);
    ``counts``: how many of each are in view (default: all of them)."""
    counts = estate.kind_counts() if counts is None else counts
    markers: dict[str, list[Marker]] = {}
    for marker in estate.markers:
        for kind in marked_kinds(marker):
            markers.setdefault(kind, []).append(marker)
    return [
        KindRow(kind, kind_info(kind).title, counts.get(kind, 0), tuple(markers.get(kind, ())))
        for kind in sorted(set(counts) | set(markers) | set(also))
    ]


def count_text(row: KindRow) -> str:
    """``3``; ``3?`` when part of the kind could not be read; ``?`` when none of it could."""
    if not row.markers:
        return f"{row.count} "
    return f"{row.count}?" if row.count else "? "


def kind_prompt(row: KindRow, width: int) -> Content:
    """``Subnets ........ 3`` with the count right-aligned to ``width``."""
    count = count_text(row)
    gap = max(1, width - len(row.title) - len(count))
    style = "$text-warning" if row.markers else "$text-muted"
    return Content.assemble(row.title, " " * gap, (count, style))


def kind_options(rows: list[KindRow]) -> list[Option]:
    """One option per row, counts aligned to the widest; the option id is the kind."""
    width = max((len(r.title) + len(count_text(r)) + 2 for r in rows), default=20)
    return [Option(kind_prompt(r, width), id=r.kind) for r in rows]


class KindList(OptionList):
    """Kinds with counts; option ids are kind names, so highlight/select events carry the kind."""

    DEFAULT_CSS = """
    KindList {
        width: auto;
        min-width: 24;
        max-width: 48;
        height: 1fr;
        border: round $primary 50%;
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
