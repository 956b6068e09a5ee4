"""The browse screen's right pane: the resources of one kind, one row each, columns declared by
the kind's spec (``kind_info(kind).columns``) so a new resource type needs no UI code.

A Line-API ``ScrollView`` (as in Toolong) rather than a DataTable: ``render_line`` builds only
the rows on screen, so 100k rows cost a list of tuples, not 100k widgets' worth of renderables
(the stock DataTable blocks the loop for 12-16 s at that size). textual-fastdatatable would
also do it, but drags in pyarrow and its own storage model while the ``/`` grammar already
works on plain Python rows."""

from __future__ import annotations

from typing import Iterable, Mapping

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events, on, work
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from awsx.core.filters import FilterError, compile_filter
from awsx.core.inert import inert
from awsx.core.model import Kind, Resource
from awsx.widgets.messages import forward_failure
from awsx.widgets.resource_rows import Row, TableState, build_rows, natural_key

# Column widths are measured on this many rows: enough to be right, cheap at 100k rows.
WIDTH_SAMPLE = 2000
# From this many rows a kind's rows are built in a thread (100k take ~1.5 s on this machine).
BUILD_IN_THREAD = 20_000
GAP = 2
# ``:diff OLD``: the mark column's sign per status (awsx.diff.changes.EstateDiff.marks), and its legend.
MARKS = {"added": "+", "changed": "~", "removed": "-"}
LEGEND = "+ added  ~ changed  - removed"


class ResourceTable(ScrollView, can_focus=True):
    """Rows of one kind with a fixed header line; Enter posts ``ResourceChosen`` with the row's
    ARN. ``subset`` narrows the kind to some ARNs (a dashboard fault's findings); the ``/``
    filter then applies within it. Sorting is by one column at a time, natural order."""

    DEFAULT_CSS = """
    ResourceTable {
        height: 1fr;
        border: round $primary 50%;
    }
    ResourceTable:focus {
        border: round $primary;
    }
    ResourceTable > .resource-table--header {
        text-style: bold;
        color: $text-accent;
    }
    ResourceTable > .resource-table--cursor {
        background: $block-cursor-blurred-background;
    }
    ResourceTable:focus > .resource-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ResourceTable > .resource-table--stripe {
        background: $surface-lighten-1 40%;
    }
    ResourceTable > .resource-table--added {
        color: $text-success;
    }
    ResourceTable > .resource-table--changed {
        color: $text-warning;
    }
    ResourceTable > .resource-table--removed {
        color: $text-error;
        text-style: strike;
    }
    """

    COMPONENT_CLASSES = {"resource-table--header", "resource-table--cursor", "resource-table--stripe",
                         "resource-table--added", "resource-table--changed", "resource-table--removed"}

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "jump(0)", "First row", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "Last row", show=False, id="table.last"),
        Binding("enter", "choose", "Open", id="table.open", tooltip="Open the resource under the cursor"),
        Binding("s", "cycle_sort", "Sort", id="table.sort", show=False, tooltip="Sort by the next column (then back to name)"),
        Binding("S", "reverse_sort", "Reverse", id="table.reverse", show=False, tooltip="Reverse the sort order"),
    ]

    cursor = reactive(0, init=False)

    class ResourceChosen(Message):
        """The user asked to open a resource."""

        def __init__(self, arn: str) -> None:
            super().__init__()
            self.arn = arn

    class RowsBuilt(Message, bubble=False):
        """A big kind's rows, built off the UI thread."""

        def __init__(self, kind: Kind, rows: list[Row]) -> None:
            super().__init__()
            self.kind, self.rows = kind, rows

    class RowsSorted(Message, bubble=False):
        """The rows in a new order (``wanted``: the kind, filter and order they were sorted for)."""

        def __init__(self, wanted: tuple[object, ...], rows: list[Row], error: str, cursor: str | None) -> None:
            super().__init__()
            self.wanted, self.rows, self.error, self.cursor = wanted, rows, error, cursor

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind: Kind | None = None
        self.note = ""
        self.filter_text = ""
        self.filter_error = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.subset: frozenset[str] | None = None
        self.subset_label = ""
        self.marks: Mapping[str, str] = {}  # ARN -> added|changed|removed while a :diff is in view
        self._total = 0  # the kind's resources before a subset or filter narrows them
        self._rows: list[Row] = []
        self._visible: list[Row] = []
        self._index: dict[str, int] = {}
        self._widths: list[int] = []
        self._pending: TableState | None = None
        self._building = False

    # --- what it shows ---------------------------------------------------------------------
    def show(self, kind: Kind, resources: Iterable[Resource], note: str = "",
             subset: frozenset[str] | None = None, subset_label: str = "") -> None:
        """Replace the table with ``kind``'s resources; ``note`` says what is unknown about it."""
        self.kind = kind
        self.note = note
        self.filter_text = ""
        self.filter_error = ""
        self.sort_column = None
        self.sort_reverse = False
        self.subset = subset
        self.subset_label = subset_label
        resources = list(resources)
        self._total = len(resources)
        resources = [r for r in resources if subset is None or r.arn in subset]
        self._pending, self._building = None, False
        if len(resources) < BUILD_IN_THREAD:
            self._rows = build_rows(kind, resources)
            self._refill()
            return
        # A big kind: its rows are built off the UI thread; until then the table says so.
        self._rows, self._visible = [], []
        self._building = True  # not ``loading``: that would also refuse focus meanwhile
        self.border_title = self._title(len(resources))
        self.border_subtitle = f"building {len(resources)} rows…"
        self.refresh()
        self._build_rows(kind, resources)

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False, description="build the rows of a kind")
    def _build_rows(self, kind: Kind, resources: list[Resource]) -> None:
        self.post_message(self.RowsBuilt(kind, build_rows(kind, resources)))

    @on(Worker.StateChanged)
    def _worker_state(self, event: Worker.StateChanged) -> None:
        forward_failure(self, event)

    @on(RowsBuilt)
    def _rows_built(self, event: RowsBuilt) -> None:
        if event.kind is not self.kind:
            return  # another kind was chosen meanwhile
        self._rows = event.rows
        self._building = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self.restore(pending)
        else:
            self._refill()

    @property
    def row_count(self) -> int:
        return len(self._visible)

    @property
    def matching(self) -> int:
        return len(self._visible)

    @property
    def column_titles(self) -> list[str]:
        """Titles as the header shows them, with the sort arrow."""
        if self.kind is None:
            return []
        return [f"{c.title}{self._arrow(i)}" for i, c in enumerate(self.kind.columns)]

    def row_cells(self, index: int) -> tuple[str, ...]:
        return self._visible[index].cells

    def row_mark(self, index: int) -> str:
        """``added``, ``changed``, ``removed`` or empty: what ``:diff`` says of the row."""
        return self.marks.get(self._visible[index].arn, "")

    @property
    def visible_rows(self) -> list[Row]:
        """The rows in view after filter and sort, in order (what ``ctrl+s`` exports)."""
        return list(self._visible)

    @property
    def state(self) -> TableState:
        return TableState(self.kind.name if self.kind else None, self.filter_text, self.sort_column,
                          self.sort_reverse, self.cursor_arn, self.subset, self.subset_label)

    @property
    def cursor_arn(self) -> str | None:
        if not self._visible:
            return None
        return self._visible[min(self.cursor, len(self._visible) - 1)].arn

    def restore(self, state: TableState) -> None:
        """Filter, sort and cursor as they were (the kind is already shown; if its rows are
        still being built, they are restored as soon as they are there)."""
        if self._building:
            self._pending = state
            return
        self.filter_text = state.filter_text
        self.sort_column = state.sort_column
        self.sort_reverse = state.sort_reverse
        self._refill()
        self.move_to(state.cursor_arn)

    def move_to(self, arn: str | None) -> None:
        """Put the cursor on ``arn``; if it is filtered out the cursor stays where it is."""
        if arn is not None and arn in self._index:
            self.cursor = self._index[arn]

    def apply_filter(self, text: str) -> None:
        """Keep the rows the filter grammar accepts (awsx.core.filters); empty shows all."""
        if text.strip() == self.filter_text:
            return
        self.filter_text = text.strip()
        self._refill()

    def sort_by(self, column: int | None, reverse: bool = False) -> None:
        """Sort by ``column`` (None: name then id, the default order), the cursor kept on its
        resource. A big kind is sorted off the UI thread (~1 s at 100k rows), as its rows are
        built; the header shows the new order at once and the subtitle says it is sorting."""
        cursor = self.cursor_arn
        self.sort_column = column
        self.sort_reverse = reverse
        if len(self._rows) < BUILD_IN_THREAD:
            self._refill()
            self.move_to(cursor)
            return
        self.border_subtitle = f"sorting {len(self._visible)} rows…"
        self.refresh()
        self._sort_rows(self._sort_wanted, cursor)

    @property
    def _sort_wanted(self) -> tuple[object, ...]:
        return (self.kind, self.filter_text, self.sort_column, self.sort_reverse)

    @work(thread=True, exclusive=True, group="sort", exit_on_error=False, description="sort the rows of a kind")
    def _sort_rows(self, wanted: tuple[object, ...], cursor: str | None) -> None:
        rows, error = self.rows_for(self.filter_text)
        self.post_message(self.RowsSorted(wanted, rows, error, cursor))

    @on(RowsSorted)
    def _rows_sorted(self, event: RowsSorted) -> None:
        if event.wanted != self._sort_wanted:
            return  # kind, filter or order changed while sorting: that change shows its own rows
        self._refill(event.rows, event.error)
        self.move_to(event.cursor)

    def action_cycle_sort(self) -> None:
        """Next column ascending; after the last column back to the default order."""
        count = len(self.kind.columns) if self.kind else 0
        column = 0 if self.sort_column is None else self.sort_column + 1
        self.sort_by(column if column < count else None)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort_column if self.sort_column is not None else 0, not self.sort_reverse)

    def rows_for(self, filter_text: str) -> tuple[list[Row], str]:
        """The rows ``filter_text`` keeps, in the current sort order, and the filter's error.
        Reads only the table's rows and sort: safe to run in a thread while the UI goes on."""
        if self.kind is None:
            return [], ""
        error = ""
        try:
            predicate = compile_filter(filter_text, [c.title for c in self.kind.columns])
        except FilterError as problem:
            error, predicate = str(problem), None
        rows = [row for row in self._rows if predicate(row.view)] if predicate else list(self._rows)
        if self.sort_column is not None:
            column = self.sort_column
            rows.sort(key=lambda row: natural_key(row.cells[column]), reverse=self.sort_reverse)
        return rows, error

    def show_filtered(self, filter_text: str, rows: list[Row], error: str) -> None:
        """Show what ``rows_for(filter_text)`` computed (off the UI thread, for a big kind)."""
        self.filter_text = filter_text.strip()
        self._refill(rows, error)

    def _refill(self, rows: list[Row] | None = None, error: str | None = None) -> None:
        if self.kind is None:
            return
        if rows is None:
            rows, error = self.rows_for(self.filter_text)
        self._visible, self.filter_error = rows, error or ""
        self._index = {row.arn: i for i, row in enumerate(self._visible)}
        titles = self.column_titles
        sample = self._visible[:WIDTH_SAMPLE]
        self._widths = [max([cell_len(title), *(cell_len(row.cells[i]) for row in sample)])
                        for i, title in enumerate(titles)]
        width = sum(self._widths) + GAP * len(self._widths) + self._mark_width
        self.virtual_size = Size(width, len(self._visible) + 1)
        self.set_reactive(ResourceTable.cursor, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.border_title = self._title(len(self._visible))
        self.border_subtitle = self._subtitle()
        self.refresh()

    def _title(self, shown: int) -> Content:
        """``Security groups (20)``; ``Security groups (3 of 20)`` while a filter or a fault's
        findings narrow it, so the count over the rows is the count of the rows."""
        if self.kind is None:
            return Content("")
        narrowed = self.subset is not None or self.filter_text
        return Content(inert(f"{self.kind.title} ({shown} of {self._total})" if narrowed
                             else f"{self.kind.title} ({self._total})"))

    def _subtitle(self) -> Content:
        """What narrows the rows (a typed filter among them): data, so inert and never markup."""
        parts = []
        if self.subset_label:
            parts.append(self.subset_label)
        if self.filter_text:
            parts.append(f"/{self.filter_text}")
        if self.filter_error:
            parts.append(self.filter_error)
        if self.note:
            parts.append(self.note)
        if self.marks:
            parts.append(LEGEND)
        return Content(inert(" · ".join(parts)))

    def _arrow(self, index: int) -> str:
        if index != self.sort_column:
            return ""
        return "▼" if self.sort_reverse else "▲"

    # --- rendering: only the lines on screen -----------------------------------------------
    @property
    def _mark_width(self) -> int:
        return 2 if self.marks else 0

    def _line(self, cells: Iterable[str], mark: str = "") -> str:
        line = "".join(set_cell_size(cell, width + GAP) for cell, width in zip(cells, self._widths))
        return f"{MARKS.get(mark, ' ')} {line}" if self.marks else line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            text, style = self._line(self.column_titles), self.get_component_rich_style("resource-table--header")
        else:
            index = scroll_y + y - 1
            if index >= len(self._visible):
                return Strip.blank(width, self.rich_style)
            mark = self.marks.get(self._visible[index].arn, "") if self.marks else ""
            text = self._line(self._visible[index].cells, mark)
            if index == self.cursor:
                style = self.get_component_rich_style("resource-table--cursor")
            elif index % 2:
                style = self.get_component_rich_style("resource-table--stripe")
            else:
                style = self.rich_style
            if mark:
                style += self.get_component_rich_style(f"resource-table--{mark}")
        line = set_cell_size(text, max(width + scroll_x, cell_len(text)))
        return Strip([Segment(line, self.rich_style + style)]).crop(scroll_x, scroll_x + width)

    # --- cursor ----------------------------------------------------------------------------
    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._visible) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + self._page:
            self.scroll_to(y=new - self._page + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * self._page

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self._visible) - 1

    def action_choose(self) -> None:
        arn = self.cursor_arn
        if arn is not None:
            self.post_message(self.ResourceChosen(arn))

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            self._sort_at(offset.x + round(self.scroll_x))
            return
        index = round(self.scroll_y) + offset.y - 1
        if index < len(self._visible):
            if index == self.cursor and event.chain > 1:
                self.action_choose()
            self.cursor = index

    def _sort_at(self, x: int) -> None:
        start = self._mark_width
        for column, width in enumerate(self._widths):
            start += width + GAP
            if x < start:
                self.sort_by(column, reverse=self.sort_column == column and not self.sort_reverse)
                return
