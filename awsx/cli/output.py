"""Printing for the CLI: rich tables for people, exactly one JSON document with ``--json``,
and a rich progress bar (on stderr, so stdout stays clean) while a crawl runs.

Every string printed is data until proven otherwise (issue #20): both consoles are
``InertConsole``s, which read no markup and no ``:emoji:`` codes and pass every string they render
(a table's cells and titles, a printed line) through ``awsx.core.inert``. Styling is given as
``rich.text.Text`` (``styled``), whose plain strings are made inert by whoever builds them."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from rich.console import Console, RenderableType
from rich.highlighter import JSONHighlighter
from rich.style import Style
from rich.table import Table
from rich.text import Text

from awsx.core.cells import cell
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.inert import inert, inert_json
from awsx.core.model import Marker, Resource, resolve_path

if TYPE_CHECKING:  # the crawler loads boto: only a live crawl needs it
    from awsx.inventory.crawler import Progress as CrawlProgress


class InertConsole(Console):
    """A rich Console for data: no markup, no emoji codes, every rendered string inert, line
    breaks included (a table cell holding data is one line). awsx's own multi-line text is
    given as ``Text``, which this does not touch."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, **options)

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(inert(text), **options)


# Piped output is read by grep and people alike: do not fold it to an 80-column guess.
stdout = InertConsole(width=None if sys.stdout.isatty() else 240)
stderr = InertConsole(stderr=True)


def styled(label: str, style: str | Style, *data: str) -> Text:
    """``label`` in ``style``, then each of ``data`` as inert plain text (``unknown: ...``)."""
    return Text.assemble((label, style), *(inert(part) for part in data))


def print_json(document: Any) -> None:
    """One JSON document: readable UTF-8, but with nothing a terminal acts on (``inert_json``)."""
    sys.stdout.write(inert_json(json.dumps(document, indent=2, sort_keys=True, default=str, ensure_ascii=False)) + "\n")


def json_text(document: Any) -> Text:
    """A JSON document for people (``show``'s record): indented, highlighted, inert."""
    text = inert_json(json.dumps(document, indent=2, default=str, ensure_ascii=False))
    return JSONHighlighter()(Text(text))


def emit(as_json: bool, answer: Any, render: Callable[[Any], RenderableType]) -> int:
    """How every query verb answers: one JSON document, or a rich rendering for people."""
    if as_json:
        print_json(answer.to_json())
    else:
        stdout.print(render(answer))
    return 0


def write_output(text: str, output: str | None, summary: str) -> int:
    """A document a verb made, to ``-o FILE`` (``summary`` said on stderr) or to stdout."""
    if not output:
        sys.stdout.write(text)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None
    stderr.print(f"wrote {output} ({summary})")
    return 0


def resource_table(kind: str, resources: list[Resource]) -> Table:
    from awsx.inventory.specs import kind_info  # the spec registry (~25 ms): only for the tables that name kinds

    info = kind_info(kind)
    table = Table(title=f"{info.title} ({len(resources)})", title_justify="left")
    for column in info.columns:
        table.add_column(column.title, no_wrap=column.path in ("id", "name"), overflow="fold")
    for resource in resources:
        table.add_row(*(cell(resolve_path(resource, column.path)) for column in info.columns))
    return table


def summary_table(estate: Estate) -> Table:
    from awsx.inventory.specs import kind_info

    table = Table(title=f"{len(estate)} resources ({estate.info.source})", title_justify="left")
    table.add_column("Kind")
    table.add_column("Title")
    table.add_column("Count", justify="right")
    for kind, count in sorted(estate.kind_counts().items()):
        table.add_row(kind, kind_info(kind).title, str(count))
    return table


def marker_line(marker: Marker) -> Text:
    return styled("unknown", "yellow", f": {marker.account} {marker.describe()}")


def print_markers(estate: Estate, console: Console = stderr) -> None:
    """One line per kind of gap, its regions listed (Marker.grouped)."""
    for marker in Marker.grouped(estate.markers):
        console.print(marker_line(marker))


@contextmanager
def crawl_progress(enabled: bool = True) -> Iterator[Callable[[CrawlProgress], None] | None]:
    """A progress bar over crawl units; markers are printed above it as they happen."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # only a crawl

    columns = (TextColumn("crawling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", markup=False))
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(event: CrawlProgress) -> None:
            bar.update(task, completed=event.done, total=event.total, description=inert(event.description))
            if event.marker:
                bar.console.print(marker_line(event.marker))

        yield update
