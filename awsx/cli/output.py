"""Printing for the CLI: rich tables for people, exactly one JSON document with ``--json``,
and a rich progress bar (on stderr, so stdout stays clean) while a crawl runs."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator

from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from awsx.core.cells import cell
from awsx.core.graph import Estate
from awsx.core.model import Resource, resolve_path
from awsx.inventory.specs import kind_info

if TYPE_CHECKING:  # the crawler loads boto: only a live crawl needs it
    from awsx.inventory.crawler import Progress as CrawlProgress

# Piped output is read by grep and people alike: do not fold it to an 80-column guess.
stdout = Console(width=None if sys.stdout.isatty() else 240)
stderr = Console(stderr=True)


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True, default=str, ensure_ascii=False) + "\n")


def emit(as_json: bool, answer: Any, render: Callable[[Any], RenderableType]) -> int:
    """How every query verb answers: one JSON document, or a rich rendering for people."""
    if as_json:
        print_json(answer.to_json())
    else:
        stdout.print(render(answer))
    return 0


def resource_table(kind: str, resources: list[Resource]) -> Table:
    info = kind_info(kind)
    table = Table(title=f"{info.title} ({len(resources)})", title_justify="left")
    for column in info.columns:
        table.add_column(column.title, no_wrap=column.path in ("id", "name"), overflow="fold")
    for resource in resources:
        table.add_row(*(cell(resolve_path(resource, column.path)) for column in info.columns))
    return table


def summary_table(estate: Estate) -> Table:
    table = Table(title=f"{len(estate)} resources ({estate.info.source})", title_justify="left")
    table.add_column("Kind")
    table.add_column("Title")
    table.add_column("Count", justify="right")
    for kind, count in sorted(estate.kind_counts().items()):
        table.add_row(kind, kind_info(kind).title, str(count))
    return table


def print_markers(estate: Estate, console: Console = stderr) -> None:
    for marker in estate.markers:
        console.print(f"[yellow]unknown[/]: {marker.account} {marker.describe()}")


@contextmanager
def crawl_progress(enabled: bool = True) -> Iterator[Callable[[CrawlProgress], None] | None]:
    """A progress bar over crawl units; markers are printed above it as they happen."""
    if not enabled:
        yield None
        return
    columns = (TextColumn("crawling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(event: CrawlProgress) -> None:
            bar.update(task, completed=event.done, total=event.total, description=event.description)
            if event.marker:
                bar.console.print(f"[yellow]unknown[/]: {event.marker.account} {event.marker.describe()}")

        yield update
