"""The browse screen's right pane: the resources of one kind, one row each, columns declared by
the kind's spec (``kind_info(kind).columns``) so a new resource type needs no UI code.

The stock DataTable builds every row it holds, so at most ``MAX_ROWS`` are built and the rest
are reached with the filter; a virtualised table replaces this when estates grow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

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
    """A resource's cells, and the lowercase text the filter matches against."""

    arn: str
    cells: tuple[str, ...]
    haystack: str

    def matches(self, needle: str) -> bool:
        return needle in self.haystack


def sort_key(resource: Resource) -> tuple[bool, str, str]:
    """By name then id; unnamed resources after named ones rather than in front of them."""
    return (not resource.name, resource.name.casefold(), resource.id)


def build_rows(kind: Kind, resources: Iterable[Resource]) -> list[Row]:
    rows = []
    for resource in sorted(resources, key=sort_key):
        cells = tuple(cell_text(resolve_path(resource, column.path)) for column in kind.columns)
        rows.append(Row(resource.arn, cells, "\t".join(cells).casefold()))
    return rows


class ResourceTable(DataTable):
    """Rows of one kind; Enter posts ``ResourceChosen`` with the row's ARN."""

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
        self._rows: list[Row] = []

    def show(self, kind: Kind, resources: Iterable[Resource], note: str = "") -> None:
        """Replace the table with ``kind``'s resources; ``note`` says what is unknown about it."""
        self.kind = kind
        self.note = note
        self.filter_text = ""
        self._rows = build_rows(kind, resources)
        self._refill()

    def apply_filter(self, text: str) -> None:
        """Keep the rows whose cells contain ``text`` (any case); empty shows all."""
        if text.strip() == self.filter_text:
            return
        self.filter_text = text.strip()
        self._refill()

    def _refill(self) -> None:
        self.clear(columns=True)
        if self.kind is None:
            return
        self.add_columns(*(column.title for column in self.kind.columns))
        needle = self.filter_text.casefold()
        matching = [row for row in self._rows if row.matches(needle)] if needle else self._rows
        for row in matching[:MAX_ROWS]:
            self.add_row(*(Text(cell) for cell in row.cells), key=row.arn)
        self.border_title = f"{self.kind.title} ({len(self._rows)})"
        self.border_subtitle = self._subtitle(len(matching))

    def _subtitle(self, matching: int) -> str:
        parts = []
        if self.filter_text:
            parts.append(f"/{self.filter_text}: {matching} of {len(self._rows)}")
        if matching > MAX_ROWS:
            parts.append(f"showing first {MAX_ROWS} of {matching}, use / to filter")
        if self.note:
            parts.append(self.note)
        return " · ".join(parts)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.ResourceChosen(event.row_key.value))
