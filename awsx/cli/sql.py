"""CLI verbs of the estate as tables: ``awsx sql QUERY`` (DuckDB over the estate, in memory)
and ``awsx export --format parquet -o DIR`` (the same tables on disk, for other SQL engines).
DuckDB and pyarrow are imported by the handlers, so the other verbs never load them."""

from __future__ import annotations

import argparse
import sys

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import load_estate
from awsx.cli.output import emit, stderr, stdout
from awsx.core.cells import cell
from awsx.core.errors import UserError

PARQUET = "parquet"
DEFAULT_MAX_ROWS = 100_000


def add_sql_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="QUERY",
                        help="DuckDB SQL over the tables (awsx sql --tables lists them)")
    parser.add_argument("--tables", action="store_true", help="list the tables and their columns instead")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON document")
    output.add_argument("--csv", action="store_true", help="print the rows as CSV")
    parser.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"fetch at most N rows (default: {DEFAULT_MAX_ROWS:,})")


def _known_kinds() -> list[str]:
    from awsx.inventory.specs import KINDS

    return list(KINDS)


def answer_view(answer) -> RenderableType:  # an awsx.store.sql.SqlAnswer
    table = Table(title=f"{len(answer.rows)} row{'' if len(answer.rows) == 1 else 's'}", title_justify="left")
    for column in answer.columns:
        table.add_column(column.name, overflow="fold")
    for row in answer.rows:
        table.add_row(*(cell(value) for value in row))
    return table


def tables_view(listing) -> RenderableType:  # an awsx.store.sql.SqlTables
    table = Table(title="Tables", title_justify="left")
    for title in ("Table", "Holds", "Rows", "Columns"):
        table.add_column(title, overflow="fold", justify="right" if title == "Rows" else "left")
    shared = next((t.columns for t in listing.tables if t.name == "resources"), None)
    for found in listing.tables:
        columns = ", ".join(f"{c.name} {c.type}" for c in found.columns)
        table.add_row(found.name, found.holds, str(found.rows),
                      "as resources" if found.columns == shared and found.name != "resources" else columns)
    return Group(table, Text("a kind's view: resources WHERE kind = the kind (awsx sql --tables --json: every column)",
                             style="dim"))


def cmd_sql(args: argparse.Namespace) -> int:
    if args.query is None and not args.tables:
        raise UserError("sql: give a QUERY, or --tables to list the tables")
    if args.max_rows < 1:
        raise UserError(f"--max-rows must be at least 1, not {args.max_rows}")
    from awsx.store.sql import SqlDatabase

    database = SqlDatabase(load_estate(args), kinds=_known_kinds())
    try:
        if args.tables:
            return emit(args.json, database.tables(), tables_view)
        answer = database.query(args.query, max_rows=args.max_rows)
    finally:
        database.close()
    if answer.truncated:
        stderr.print(f"awsx: only the first {args.max_rows:,} rows (--max-rows N for more)", soft_wrap=True)
    if args.csv:
        from awsx.store.table_export import to_csv

        sys.stdout.write(to_csv([c.name for c in answer.columns], answer.rows))
        return 0
    if not args.json:
        stdout.print(answer_view(answer))
        return 0
    return emit(True, answer, answer_view)


def cmd_export_parquet(args: argparse.Namespace) -> int:
    """``export --format parquet``: a directory, so ``-o DIR`` is required."""
    if not args.output:
        raise UserError("--format parquet writes a directory: give it with -o DIR")
    from awsx.store.parquet_export import export_parquet

    written = export_parquet(load_estate(args), args.output)
    kinds = len(written.tables) - 2
    stderr.print(f"wrote {written.directory} ({kinds} kind tables, {written.tables['edges']} edges, "
                 f"{written.tables['markers']} markers)", soft_wrap=True)
    return 0
