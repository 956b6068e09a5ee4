"""``:sql QUERY``: DuckDB over the estate (awsx/store/sql.py, what ``awsx sql`` runs), the
result as a table. When the result has an ``arn`` column, Enter on a row opens that resource's
detail, as browse does. ``:sql`` alone lists the tables a query can name. A query DuckDB
refuses is one notification line and the view says what was asked; nothing crashes.

The result is capped at ``MAX_ROWS`` rows: a DataTable builds every row it holds (fine for the
few hundred an ad-hoc question returns; ``awsx sql --csv`` is the way to take them all)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static

from awsx.core.cells import cell
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.inventory.specs import KINDS
from awsx.store.sql import SqlAnswer, SqlColumn, SqlDatabase
from awsx.tui.navigation import NavState
from awsx.widgets.sized_table import SizedColumn, SizedRow, fill_table

from .base import AwsxScreen, ExportTable
from .resource_link import open_component

MAX_ROWS = 1000
TABLES_QUERY = "the tables (:sql SELECT ... asks a question)"


@dataclass
class SqlAnswered(Message):
    """The answer, or DuckDB's one line (``problem``) when the query was refused."""

    answer: SqlAnswer | None
    problem: str = ""


def tables_answer(database: SqlDatabase) -> SqlAnswer:
    """``:sql`` alone: the tables as rows, so the listing is a table like any answer."""
    listing = database.tables().tables
    columns = tuple(SqlColumn(name, "VARCHAR") for name in ("table", "holds", "rows", "columns"))
    rows = tuple((t.name, t.holds, t.rows, ", ".join(c.name for c in t.columns)) for t in listing)
    return SqlAnswer(TABLES_QUERY, columns, rows)


class SqlScreen(AwsxScreen):
    """A query's result; Enter opens the row's ``arn``."""

    DEFAULT_CSS = """
    SqlScreen #summary { height: auto; max-height: 3; padding: 0 1; }
    SqlScreen #result { height: 1fr; }
    """

    def __init__(self, estate: Estate, query: str = "") -> None:
        super().__init__(estate)
        self.question = query.strip()
        self.answer: SqlAnswer | None = None
        self.problem = ""
        self._querying: SqlDatabase | None = None  # while the worker's query runs
        self._left = False  # the view is gone: a query not started yet must not start
        self._guard = threading.Lock()

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> SqlScreen:
        return cls(estate, state.argument)

    def nav_state(self) -> NavState:
        return NavState("sql", argument=self.question)

    crumb = "sql"
    export_name = "sql"

    def export_rows(self) -> ExportTable | None:
        if self.answer is None:
            return None
        return [c.name for c in self.answer.columns], [list(row) for row in self.answer.rows]

    @property
    def selection(self) -> str | None:
        return self._row_arn(self.query_one("#result", DataTable).cursor_row)

    def compose_body(self) -> ComposeResult:
        yield Static(Text("querying…", style="dim"), id="summary")
        yield DataTable(id="result", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#result", DataTable).focus()
        self._run()

    def on_unmount(self) -> None:
        """A query still running when the view goes (``:sql`` asked again, a refresh) is stopped:
        over ``awsx serve`` one session's runaway query must not keep a core busy."""
        with self._guard:
            self._left = True
            if self._querying is not None:
                self._querying.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sql", description="sql")
    def _run(self) -> None:
        database = SqlDatabase(self.estate, kinds=KINDS)
        with self._guard:
            if self._left:
                database.close()
                return
            self._querying = database
        try:
            answer = database.query(self.question, max_rows=MAX_ROWS) if self.question else tables_answer(database)
            self.post_message(SqlAnswered(answer))
        except UserError as error:
            self.post_message(SqlAnswered(None, str(error)))
        finally:
            with self._guard:
                self._querying = None
            database.close()

    @on(SqlAnswered)
    def _answered(self, event: SqlAnswered) -> None:
        summary = self.query_one("#summary", Static)
        asked = inert(self.question or TABLES_QUERY)
        if event.answer is None:
            self.problem = event.problem
            summary.update(Text.assemble(("refused: ", "bold red"), inert(event.problem), "\n", (asked, "dim")))
            self.notify(event.problem, title="sql", severity="error", timeout=10)
            return
        self.answer = event.answer
        count = len(event.answer.rows)
        more = f" (the first {MAX_ROWS}; awsx sql --csv takes them all)" if event.answer.truncated else ""
        opens = "  Enter opens the row's arn" if event.answer.column_index("arn") is not None else ""
        summary.update(Text.assemble((f"{count} row{'' if count == 1 else 's'}{more}", "bold"), (opens, "dim"),
                                     "\n", (asked, "dim")))
        table = self.query_one("#result", DataTable)
        table.clear(columns=True)
        fill_table(table, [SizedColumn(Text(inert(column.name))) for column in event.answer.columns],
                   (SizedRow([Text(cell(value), no_wrap=True) for value in row]) for row in event.answer.rows))

    def _row_arn(self, index: int) -> str | None:
        column = self.answer.column_index("arn") if self.answer else None
        if self.answer is None or column is None or not 0 <= index < len(self.answer.rows):
            return None
        value: Any = self.answer.rows[index][column]
        return value if isinstance(value, str) else None

    @on(DataTable.RowSelected, "#result")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        arn = self._row_arn(event.cursor_row)
        if arn is None:
            self.notify("this result has no arn column: SELECT arn, ... to open rows", severity="warning")
            return
        open_component(self, self.estate, arn)
