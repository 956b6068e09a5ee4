"""The rows of the browse table as plain data: one short text per column cell, declared by the
kind's spec, a natural sort, and the state history restores. No Textual here, so rows can be
built and filtered in a thread and tested without a screen."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from awsx.core.filters import FilterRow
from awsx.core.inert import inert
from awsx.core.model import Kind, Resource

# A cell is a glance, not the record: the detail screen shows the whole value.
MAX_CELL = 60


def cell_text(value: Any) -> str:
    """A column value as one short inert line (awsx.core.inert: these go to the terminal as they
    are): lists comma-joined, mappings as ``key=value``."""
    # The common cases first, by exact type: this runs for every cell of 100k rows.
    kind = type(value)
    if kind is str and len(value) <= MAX_CELL and "\n" not in value:
        return inert(value)
    if kind is int:
        return str(value)
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
    text = inert(" ".join(text.split()))
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


def column_reader(path: str) -> Callable[[Resource], Any]:
    """``resolve_path`` for one column, with the dotted path split once instead of per cell."""
    head, *rest = path.split(".")

    def read(resource: Resource) -> Any:
        value = getattr(resource, head, None)
        for part in rest:
            if type(value) is not dict and not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    return read


def build_rows(kind: Kind, resources: Iterable[Resource]) -> list[Row]:
    rows = []
    titles = tuple(column.title for column in kind.columns)
    readers = [column_reader(column.path) for column in kind.columns]
    for resource in sorted(resources, key=sort_key):
        cells = tuple(cell_text(read(resource)) for read in readers)
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
