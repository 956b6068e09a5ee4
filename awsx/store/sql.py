"""SQL over an estate (``awsx sql``, the TUI's ``:sql``): DuckDB, embedded and in memory, over
awsx/store/estate_tables.py's Arrow tables, with nothing written to disk first.

Tables: ``resources`` (every kind), one view per kind named after it (``ec2:instance`` ->
``ec2_instance``, the Parquet export's table names), ``edges`` and ``markers``. A snapshot may
come from someone else and a query from anyone at the keyboard, so once the tables are in,
DuckDB is closed to the outside (https://duckdb.org/docs/stable/operations_manual/securing_duckdb/overview):
no extension is installed or loaded behind the query's back, no Python variable in scope reads
as a table (the Python client's replacement scans), ``enable_external_access=false``
refuses files, the network and ``ATTACH``/``COPY``, and the configuration is locked so a query
cannot ``SET`` it back. A query's error is DuckDB's first line, as one ``UserError``."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.store.estate_tables import EDGES, MARKERS, RESOURCES, estate_tables, table_name

# Before any table is registered: DuckDB would otherwise fetch and load extensions on demand.
CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Then: no Python variable is a table (DuckDB's Python client would otherwise answer ``FROM name``
# with any DataFrame or Arrow table in scope), no file or network, and no SET undoes it.
# DuckDB draws its own progress bar on the terminal for a long query (over the TUI's screen, or
# between the CLI's lines): progress is still kept, for query_progress(), but never printed.
LOCKDOWN = ("SET enable_progress_bar_print = false", "SET python_enable_replacements = false",
            "SET enable_external_access = false", "SET lock_configuration = true")
DESCRIPTIONS = {RESOURCES: "every resource, all kinds", EDGES: "typed edges: src -> dst by relation",
                MARKERS: "what the crawl could not read"}


@dataclass(frozen=True, slots=True)
class SqlColumn:
    name: str
    type: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type}


@dataclass(frozen=True, slots=True)
class SqlAnswer:
    """A query's result: its columns (DuckDB's types) and rows; ``truncated`` when more rows
    matched than were asked for."""

    query: str
    columns: tuple[SqlColumn, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool = False

    def column_index(self, name: str) -> int | None:
        return next((i for i, column in enumerate(self.columns) if column.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """Rows as arrays (two columns may share a name); a JSON column's values as JSON, not strings."""
        decode = [column.type == "JSON" for column in self.columns]
        rows = [[json.loads(v) if d and isinstance(v, str) else v for v, d in zip(row, decode)] for row in self.rows]
        return {"query": self.query, "columns": [c.to_json() for c in self.columns], "rows": rows,
                "count": len(rows), "truncated": self.truncated}


@dataclass(frozen=True, slots=True)
class SqlTable:
    """A table a query can name: what it holds, its row count and columns."""

    name: str
    holds: str
    rows: int
    columns: tuple[SqlColumn, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "holds": self.holds, "rows": self.rows,
                "columns": [c.to_json() for c in self.columns]}


@dataclass(frozen=True, slots=True)
class SqlTables:
    tables: tuple[SqlTable, ...]

    def to_json(self) -> dict[str, Any]:
        return {"tables": [t.to_json() for t in self.tables]}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


class SqlDatabase:
    """One in-memory DuckDB over one estate. ``kinds`` are kinds to give a view even when the
    estate holds none of them (a query over a kind the crawl found empty answers no rows
    instead of "no such table")."""

    def __init__(self, estate: Estate, kinds: Iterable[str] = ()) -> None:
        self.connection = duckdb.connect(":memory:", config=CONNECT_CONFIG)
        self._idle = threading.Event()  # no query running
        self._idle.set()
        self._stopped = False
        for name, table in estate_tables(estate).items():
            self.connection.register(name, table)
        self.kinds: dict[str, str] = {}
        for kind in sorted({*kinds, *estate.kind_counts()}):
            view = table_name(kind)
            if view in self.kinds.values() or view in DESCRIPTIONS:
                continue  # two kinds only a hostile snapshot would spell alike: the first keeps the name
            self.kinds[kind] = view
            self.connection.execute(f'CREATE VIEW "{view}" AS SELECT * FROM {RESOURCES} WHERE kind = {_literal(kind)}')
        for statement in LOCKDOWN:
            self.connection.execute(statement)

    def query(self, text: str, max_rows: int | None = None) -> SqlAnswer:
        """``text`` run as DuckDB SQL; at most ``max_rows`` rows fetched."""
        if not text.strip():
            raise UserError("sql: no query given")
        self._idle.clear()
        try:
            if self._stopped:
                raise UserError("sql: stopped before it ran")
            cursor = self.connection.execute(text)
            if cursor.description is None:  # a statement that returns nothing (CREATE, SET, ...)
                return SqlAnswer(text, (), ())
            columns = tuple(SqlColumn(d[0], str(d[1])) for d in cursor.description)
            rows = cursor.fetchall() if max_rows is None else cursor.fetchmany(max_rows + 1)
        except duckdb.Error as error:
            raise UserError(f"sql: {_first_line(error)}") from None
        finally:
            self._idle.set()
        truncated = max_rows is not None and len(rows) > max_rows
        return SqlAnswer(text, columns, tuple(tuple(row) for row in rows[:max_rows]), truncated)

    def tables(self) -> SqlTables:
        """``resources``, ``edges``, ``markers``, then each kind's view, with their columns."""
        holds = {**DESCRIPTIONS, **{view: f"kind {kind}" for kind, view in self.kinds.items()}}
        found = []
        for name, what in holds.items():
            described = self.connection.execute(f'DESCRIBE "{name}"').fetchall()
            count = self.connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            found.append(SqlTable(name, what, int(count[0]) if count else 0,
                                  tuple(SqlColumn(row[0], str(row[1])) for row in described)))
        return SqlTables(tuple(found))

    def stop(self) -> None:
        """End the query another thread runs or is about to run, and any later one (the TUI
        leaving a view that has not answered: a worker thread cannot be killed, DuckDB's query
        can). DuckDB drops an interrupt that comes before its query starts, so this interrupts
        again until the query has ended, from a thread of its own: the caller does not wait."""
        self._stopped = True

        def interrupt_until_idle() -> None:
            while True:
                try:
                    self.connection.interrupt()
                except duckdb.Error:
                    return  # closed: its query has ended
                if self._idle.wait(0.05):
                    return

        threading.Thread(target=interrupt_until_idle, name="awsx-sql-stop", daemon=True).start()

    def close(self) -> None:
        self.connection.close()
