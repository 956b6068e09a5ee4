"""The browse screen's right pane: the resources of one kind, one row each, columns declared by
the kind's spec (``kind_info(kind).columns``) so a new resource type needs no UI code.

The stock DataTable builds every row it holds, so at most ``MAX_ROWS`` are built and the rest
are reached with the filter; a virtualised table replaces this when estates grow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from awsx.filters import FilterError, FilterRow, compile_filter
from awsx.model import Kind, Resource, resolve_path

MAX_ROWS = 2000
# A cell is a glance, not the record: the detail screen shows the whole value.
MAX_CELL = 60


def cell_text(value: Any) -> str:
    """A column value as one short line: lists comma-joined, mappings as ``key=value``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        text = " ".join(f"{k}={cell_text(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        text = ", ".join(cell_text(item) for item in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


@dataclass(frozen=True, slots=True)
class Row:
    """A resource's cells and what the ``/`` filter sees of it (cells under titles, tags)."""

    arn: str
    cells: tuple[str, ...]
    view: FilterRow


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[bool, tuple[Any, ...]]:
    """``vol-2`` before ``vol-10``; empty cells last whichever way the column sorts."""
    parts = tuple(int(p) if p.isdigit() else p.casefold() for p in _NUMBER.split(text))
    return (not text, tuple((isinstance(p, str), p) for p in parts))


def sort_key(resource: Resource) -> tuple[bool, str, str]:
    """By name then id; unnamed resources after named ones rather than in front of them."""
    return (not resource.name, resource.name.casefold(), resource.id)


def build_rows(kind: Kind, resources: Iterable[Resource]) -> list[Row]:
    rows = []
    titles = tuple(column.title for column in kind.columns)
    for resource in sorted(resources, key=sort_key):
        cells = tuple(cell_text(resolve_path(resource, column.path)) for column in kind.columns)
        rows.append(Row(resource.arn, cells, FilterRow(cells, titles, resource.tags)))
    return rows


@dataclass(frozen=True, slots=True)
class TableState:
    """Everything history must restore about a table: what it shows and where the cursor is."""

    kind: str | None
    filter_text: str = ""
    sort_column: int | None = None
    sort_reverse: bool = False
    cursor_arn: str | None = None
    subset: frozenset[str] | None = None
    subset_label: str = ""


class ResourceTable(DataTable):
    """Rows of one kind; Enter posts ``ResourceChosen`` with the row's ARN.

    ``subset`` narrows the kind to some ARNs (a dashboard fault's findings); the ``/`` filter
    then applies within it. Sorting is by one column at a time, natural order."""

    DEFAULT_CSS = """
    ResourceTable {
        height: 1fr;
        border: round $primary 50%;
    }
    ResourceTable:focus {
        border: round $primary;
    }
    """

    class ResourceChosen(Message):
        """The user asked to open a resource."""

        def __init__(self, arn: str) -> None:
            super().__init__()
            self.arn = arn

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.kind: Kind | None = None
        self.note = ""
        self.filter_text = ""
        self.filter_error = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.subset: frozenset[str] | None = None
        self.subset_label = ""
        self._rows: list[Row] = []
        self.matching = 0

    def show(self, kind: Kind, resources: Iterable[Resource], note: str = "",
             subset: frozenset[str] | None = None, subset_label: str = "") -> None:
        """Replace the table with ``kind``'s resources; ``note`` says what is unknown about it."""
        self.kind = kind
        self.note = note
        self.filter_text = ""
        self.filter_error = ""
        self.sort_column = None
        self.sort_reverse = False
        self.subset = subset
        self.subset_label = subset_label
        if subset is not None:
            resources = [r for r in resources if r.arn in subset]
        self._rows = build_rows(kind, resources)
        self._refill()

    @property
    def state(self) -> TableState:
        return TableState(self.kind.name if self.kind else None, self.filter_text, self.sort_column,
                          self.sort_reverse, self.cursor_arn, self.subset, self.subset_label)

    @property
    def cursor_arn(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return key.value

    def restore(self, state: TableState) -> None:
        """Filter, sort and cursor as they were (the kind is already shown)."""
        self.filter_text = state.filter_text
        self.sort_column = state.sort_column
        self.sort_reverse = state.sort_reverse
        self._refill()
        self.move_to(state.cursor_arn)

    def move_to(self, arn: str | None) -> None:
        if arn is None:
            return
        try:
            self.move_cursor(row=self.get_row_index(arn))
        except Exception:  # the row is filtered out: the cursor stays at the top
            pass

    def apply_filter(self, text: str) -> None:
        """Keep the rows the filter grammar accepts (awsx.filters); empty shows all."""
        if text.strip() == self.filter_text:
            return
        self.filter_text = text.strip()
        self._refill()

    def sort_by(self, column: int | None, reverse: bool = False) -> None:
        """Sort by ``column`` (None: name then id, the default order)."""
        cursor = self.cursor_arn
        self.sort_column = column
        self.sort_reverse = reverse
        self._refill()
        self.move_to(cursor)

    def cycle_sort(self) -> None:
        """Next column ascending; after the last column back to the default order."""
        count = len(self.kind.columns) if self.kind else 0
        column = 0 if self.sort_column is None else self.sort_column + 1
        self.sort_by(column if column < count else None)

    def reverse_sort(self) -> None:
        self.sort_by(self.sort_column if self.sort_column is not None else 0, not self.sort_reverse)

    def _visible(self) -> list[Row]:
        self.filter_error = ""
        try:
            predicate = compile_filter(self.filter_text, [c.title for c in self.kind.columns])
        except FilterError as error:
            self.filter_error = str(error)
            predicate = None
        rows = [row for row in self._rows if predicate(row.view)] if predicate else list(self._rows)
        if self.sort_column is not None:
            column = self.sort_column
            rows.sort(key=lambda row: natural_key(row.cells[column]), reverse=self.sort_reverse)
        return rows

    def _refill(self) -> None:
        self.clear(columns=True)
        if self.kind is None:
            return
        for index, column in enumerate(self.kind.columns):
            arrow = ("▼" if self.sort_reverse else "▲") if index == self.sort_column else ""
            self.add_column(f"{column.title}{arrow}")
        matching = self._visible()
        self.matching = len(matching)
        for row in matching[:MAX_ROWS]:
            self.add_row(*(Text(cell) for cell in row.cells), key=row.arn)
        self.border_title = f"{self.kind.title} ({len(self._rows)})"
        self.border_subtitle = self._subtitle(len(matching))

    def _subtitle(self, matching: int) -> str:
        parts = []
        if self.subset_label:
            parts.append(self.subset_label)
        if self.filter_text:
            parts.append(f"/{self.filter_text}: {matching} of {len(self._rows)}")
        if self.filter_error:
            parts.append(self.filter_error)
        if matching > MAX_ROWS:
            parts.append(f"showing first {MAX_ROWS} of {matching}, use / to filter")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        index = event.column_index
        self.sort_by(index, reverse=self.sort_column == index and not self.sort_reverse)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.ResourceChosen(event.row_key.value))
