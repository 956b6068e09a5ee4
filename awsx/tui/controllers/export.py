"""``ctrl+s`` / ``:export [json|csv|md] [FILE]``: the rows a view shows, written in a thread
worker (a large table takes a moment), reported as ``Exported`` with the file or the one line
that says why not. The view says what it shows (``AwsxScreen.export_rows``); the formats are
awsx/store/table_export.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.message import Message

from awsx.core.errors import UserError
from awsx.serve.exports import export_path
from awsx.serve.follow import FollowContext
from awsx.store.table_export import export_table, format_for

# ``:export md`` and friends: the word for a format, and the file suffix it writes.
FORMAT_WORDS = {"json": "json", "csv": "csv", "md": "markdown", "markdown": "markdown"}
SUFFIX = {"json": ".json", "csv": ".csv", "markdown": ".md"}
DEFAULT_FORMAT = "csv"


def parse_export(argument: str) -> tuple[str | None, str]:
    """``"md out.md"`` -> ``("markdown", "out.md")``; the format is None when only FILE says it."""
    word, _, rest = argument.strip().partition(" ")
    if word.casefold() in FORMAT_WORDS:
        return FORMAT_WORDS[word.casefold()], rest.strip()
    return None, argument.strip()


def default_export_name(view: str, fmt: str, now: datetime | None = None) -> str:
    """``awsx-subnet-20250102-030405.csv``: in the current directory, never overwriting a
    previous export of the same view."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"awsx-{view}-{stamp}{SUFFIX[fmt]}"


@dataclass
class Exported(Message):
    """``rows`` written to ``target`` (absolute), or ``problem`` (one line) and nothing written."""

    target: Path | None
    rows: int
    problem: str = ""


class ExportController:
    """Writes exports where this session may: anywhere outside ``awsx serve``; inside it, only
    in the session's own export directory (awsx/serve/exports.py decides)."""

    def __init__(self, app: App, follow: FollowContext | None) -> None:
        self._app = app
        self._follow = follow

    def write(self, path: str, fmt: str | None, table: tuple[list[str], list[list[object]]]) -> None:
        # Not exclusive: each export is a request of its own, a second must not cancel the first.
        self._app.run_worker(lambda: self._write(path, fmt, table), thread=True, exclusive=False,
                             exit_on_error=False, group="export", description="export the rows in view")

    def _write(self, path: str, fmt: str | None, table: tuple[list[str], list[list[object]]]) -> None:
        columns, rows = table
        try:
            target = export_path(path, self._follow)
            text = export_table(columns, rows, fmt or format_for(target))
            target.write_text(text, encoding="utf-8")
        except UserError as error:
            self._app.post_message(Exported(None, 0, str(error)))
            return
        except OSError as error:
            self._app.post_message(Exported(None, 0, f"cannot write {path}: {error.strerror or error}"))
            return
        self._app.post_message(Exported(target.resolve(), len(rows)))
