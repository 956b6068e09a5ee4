"""The current view, exported (the TUI's ``ctrl+s`` / ``:export FILE``): a table of columns
and rows as JSON, CSV or Markdown. Pure text in, text out; the caller writes the file.

JSON keeps values as they are (a list of objects keyed by column title), so numbers stay
numbers; CSV and Markdown render each value as one inert line of text, as the tables show it
(``awsx.core.cells``: a newline or a control character in data is shown as ``\\x0a``-style escape).

CSV is opened in spreadsheets, which run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV Injection"): such a text cell is written with a leading ``'``, which the
spreadsheet reads as "this is text" and shows without. Numbers are written as they are."""

from __future__ import annotations

import csv
import io
import json
from numbers import Number
from pathlib import Path
from typing import Any, Callable, Sequence

from awsx.core.cells import cell
from awsx.core.errors import UserError
from awsx.core.inert import inert_json

Rows = Sequence[Sequence[Any]]


def _checked(columns: Sequence[str], rows: Rows) -> None:
    for number, row in enumerate(rows, 1):
        if len(row) != len(columns):
            raise ValueError(f"row {number} has {len(row)} cells for {len(columns)} columns")


def to_json(columns: Sequence[str], rows: Rows) -> str:
    """``[{"Column": value, ...}, ...]``: one object per row, columns in their shown order (values
    exact; DEL, C1 and bidi controls written as JSON escapes, ``inert_json``)."""
    _checked(columns, rows)
    document = [dict(zip(columns, row)) for row in rows]
    return inert_json(json.dumps(document, indent=2, default=str, ensure_ascii=False)) + "\n"


def to_csv(columns: Sequence[str], rows: Rows) -> str:
    """RFC 4180 CSV with a header row (the csv module quotes commas, quotes and newlines)."""
    _checked(columns, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(column) for column in columns])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_cell(value: Any) -> str:
    text = cell(value)
    if text.startswith(FORMULA_STARTS) and not isinstance(value, Number):
        return "'" + text
    return text


def _markdown_cell(value: Any) -> str:
    # A pipe ends a Markdown table cell and a newline ends the row: escape one, fold the other.
    return " ".join(cell(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(columns: Sequence[str], rows: Rows) -> str:
    """A GitHub-flavoured Markdown table."""
    _checked(columns, rows)
    lines = ["| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[Sequence[str], Rows], str]] = {"json": to_json, "csv": to_csv, "markdown": to_markdown}
SUFFIXES = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}


def format_for(path: str | Path) -> str:
    """The format a file name asks for (``view.csv`` -> csv); a user error for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"cannot tell the export format of {Path(path).name!r}: use .json, .csv or .md")
    return SUFFIXES[suffix]


def export_table(columns: Sequence[str], rows: Rows, fmt: str) -> str:
    """``fmt`` is json, csv or markdown."""
    if fmt not in WRITERS:
        raise UserError(f"unknown export format {fmt!r} (json, csv or markdown)")
    return WRITERS[fmt](columns, rows)
