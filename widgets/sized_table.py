"""Filling a Textual ``DataTable`` with every column as wide as its widest cell, measured here.

A ``DataTable`` measures the cells of new rows only when it is next idle, and its render caches
are keyed by an update count that this measuring does not bump. A frame drawn between
``add_row`` and that idle moment (a loaded machine, a long answer) is cached with each column as
wide as its header, and stays so until the table next changes: the ``:sql`` answer and the
pulse grid were seen with every column cut to its label. A width given to ``add_column`` up front
leaves nothing to measure later, so the first frame drawn is the right one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from rich.console import RenderableType
from rich.text import Text
from textual.render import measure
from textual.widgets import DataTable


@dataclass(frozen=True)
class SizedColumn:
    """A column's label and key; ``max_width`` caps a column that should give way to the rest."""

    label: str | Text
    key: str | None = None
    max_width: int | None = None


@dataclass(frozen=True)
class SizedRow:
    cells: Sequence[RenderableType]
    key: str | None = None


def fill_table(table: DataTable, columns: Sequence[SizedColumn], rows: Iterable[SizedRow]) -> None:
    """Add ``columns`` and ``rows`` to an empty ``table``, each column sized to its widest cell."""
    rows = list(rows)
    console = table.app.console
    for index, column in enumerate(columns):
        cells = (row.cells[index] for row in rows if index < len(row.cells))
        width = max((measure(console, renderable, 1) for renderable in cells), default=0)
        width = max(width, measure(console, column.label, 1))
        if column.max_width is not None:
            width = min(width, column.max_width)
        table.add_column(column.label, key=column.key, width=width)
    for row in rows:
        table.add_row(*row.cells, key=row.key)
