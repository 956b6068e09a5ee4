"""Browse: kinds on the left, the selected kind's resources on the right (k9s's main view).

Up/Down in the kind list switches the table at once; Enter moves into the table; Enter on a
row opens its detail; ``/`` filters the rows. Built from a NavState, so history and ``:eni
vpc-0ab`` land with the kind, filter, sort and cursor already in place."""

from __future__ import annotations

import asyncio
from typing import Iterable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.inventory.specs import kind_info
from awsx.pulse.faults import RULES
from awsx.tui.context import ViewContext
from awsx.tui.navigation import BROWSE, NavState
from awsx.widgets.filter_input import FilterInput
from awsx.widgets.kind_list import KindList, KindRow, kind_rows
from awsx.widgets.resource_rows import TableState
from awsx.widgets.resource_table import ResourceTable

from .base import AwsxScreen

# Filtering 100k rows takes a moment: wait for a pause in typing before doing it.
FILTER_DELAY = 0.15


def fault_subset(estate: Estate, name: str) -> tuple[frozenset[str], str] | None:
    """The ARNs a pulse fault found and its title, for a browse narrowed to them."""
    for rule in RULES:
        if rule.name == name:
            return frozenset(rule.found(estate)), rule.title
    return None


class BrowseScreen(AwsxScreen):
    """Every kind of the estate and a table of one of them."""

    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="browse.filter",
                tooltip="Show only rows matching: text, re:, !, tag:k=v, col:value"),
        Binding("escape", "clear_filter", "Clear filter", id="browse.clear_filter",
                tooltip="Show every row of the kind again"),
    ]

    def __init__(self, estate: Estate, state: NavState | None = None) -> None:
        super().__init__(estate)
        self.initial = state or NavState(BROWSE)
        self._fault = ""  # the pulse fault the table is narrowed to, by rule name

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> BrowseScreen:
        return cls(estate, state)

    @property
    def crumb(self) -> str:
        state = self.nav_state() if self.is_mounted else self.initial
        if state.kind is None:
            return "browse"
        return kind_info(state.kind).title + (f" /{state.filter}" if state.filter else "")

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="browse"):
            yield KindList(self._kind_rows(self.context), id="kinds")
            with Vertical(id="resources"):
                yield ResourceTable(id="table")
                yield FilterInput(id="filter")

    def on_mount(self) -> None:
        kinds = self.query_one(KindList)
        state = self.initial
        if state.kind is None or state.kind not in kinds.rows:
            if kinds.option_count:
                kinds.highlighted = 0
            kinds.focus()
            return
        kinds.highlighted = kinds.get_option_index(state.kind)
        self.restore(state)
        self.table.focus()

    def shows(self, state: NavState) -> bool:
        """Whether this screen already lists ``state``'s kind (so ``restore`` can apply it)."""
        table = self.table
        return table.kind is not None and table.kind.name == state.kind and state.fault == self._fault

    def restore(self, state: NavState) -> None:
        """Kind, filter, sort and cursor as ``state`` says (history, ``:follow``)."""
        if state.kind is None:
            return
        self.show_kind(state.kind, state.fault)
        self.table.restore(TableState(state.kind, state.filter.strip(), state.sort_column, state.sort_reverse,
                                      state.selection))

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    def nav_state(self) -> NavState:
        table = self.table
        return NavState(BROWSE, table.cursor_arn, table.kind.name if table.kind else None, table.filter_text,
                        table.sort_column, table.sort_reverse, self._fault)

    @property
    def selection(self) -> str | None:
        return self.table.cursor_arn

    # --- sharing ---------------------------------------------------------------------------
    @property
    def export_name(self) -> str:  # type: ignore[override]
        kind = self.table.kind
        return kind.name.split(":", 1)[1] if kind else "browse"

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        table = self.table
        if table.kind is None:
            return None
        columns = [column.title for column in table.kind.columns]
        if not table.marks:
            return columns, [list(row.cells) for row in table.visible_rows]
        return ["Change", *columns], [[table.marks.get(row.arn, ""), *row.cells] for row in table.visible_rows]

    def context_changed(self, old: ViewContext, new: ViewContext) -> None:
        """A ``:diff`` came or went (remark the rows) or ``R`` picked other regions (recount the
        kinds, refill the table), as ``A`` for accounts; follow mode, a crawl or the clock change only
        the header."""
        if not old.same_place(new):
            self.query_one(KindList).show_rows(self._kind_rows(new))
        if old.diff is not new.diff or not old.same_place(new):
            self.refresh_view()

    def _kind_rows(self, context: ViewContext) -> list[KindRow]:
        """The kinds with their counts in the regions and accounts in view, and every kind a ``:diff``
        removed whole (listed even when empty)."""
        removed = {ref.kind for ref in context.diff.diff.removed} if context.diff is not None else set()
        counts = None if not context.narrowed else {
            kind: len(context.in_view(self.estate.resources(kind))) for kind in self.estate.kind_counts()}
        return kind_rows(self.estate, removed, counts)

    def _with_removed(self, kind: str, resources: Iterable[Resource]) -> list[Resource]:
        """``:diff OLD`` in view: the kind's resources plus those removed since OLD, listed
        where their kind is shown (from the old estate: they are not in this one)."""
        shown = list(resources)
        diff = self.context.diff
        if diff is not None:
            removed = [ref.arn for ref in diff.diff.removed if ref.kind == kind]
            shown += self.context.in_view(diff.old.resource(arn) for arn in removed)
        return shown

    def show_kind(self, kind: str, fault: str = "", force: bool = False) -> None:
        """Fill the table with ``kind``; a no-op when it already shows it (Enter after a move)."""
        table = self.table
        if not force and table.kind is not None and table.kind.name == kind and fault == self._fault:
            return
        self.workers.cancel_group(self, "filter")  # a pending filter was for the old kind
        row = self.query_one(KindList).rows[kind]
        note = "unknown: " + ", ".join(m.describe() for m in row.markers) if row.markers else ""
        subset = fault_subset(self.estate, fault) if fault else None
        self._fault = fault if subset else ""
        diff = self.context.diff
        table.marks = diff.marks if diff is not None else {}
        table.show(kind_info(kind), self._with_removed(kind, self.context.in_view(self.estate.resources(kind))), note,
                   *(subset if subset else ()))
        self.query_one(FilterInput).close()

    def refresh_view(self) -> None:
        """The regions or the diff in view changed: rebuild the table, keeping filter, sort
        and cursor."""
        table = self.table
        if table.kind is None:
            return
        state = table.state
        self.show_kind(table.kind.name, self._fault, force=True)
        table.restore(state)

    @on(OptionList.OptionHighlighted, "#kinds")
    def _kind_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # A stale event (the list's own first highlight, before on_mount moved it) is ignored.
        table = self.table
        if table.kind is not None and table.kind.name == event.option.id:
            return  # already shown (perhaps narrowed to a fault: keep that)
        if event.option.id is not None and event.option_index == event.option_list.highlighted:
            self.show_kind(event.option.id)

    @on(OptionList.OptionSelected, "#kinds")
    def _kind_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.show_kind(event.option.id)
            self.table.focus()

    # --- filter ----------------------------------------------------------------------------
    def action_filter(self) -> None:
        field = self.query_one(FilterInput)
        field.value = self.table.filter_text
        field.open()

    def action_clear_filter(self) -> None:
        self.query_one(FilterInput).action_cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape only means "clear filter" while there is one; otherwise it falls to the app.
        if action == "clear_filter":
            return bool(self.table.filter_text)
        return super().check_action(action, parameters)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_soon(event.value)

    @work(exclusive=True, exit_on_error=False, group="filter", description="apply the / filter")
    async def _filter_soon(self, text: str) -> None:
        await asyncio.sleep(FILTER_DELAY)  # exclusive: the next keystroke cancels this one
        table = self.table
        if text.strip() == table.filter_text:
            return
        # Matching 100k rows takes most of a second: do it off the UI thread, keep typing live.
        rows, error = await asyncio.to_thread(table.rows_for, text.strip())
        table.show_filtered(text, rows, error)
        self.refresh_bindings()

    def _filter_now(self, text: str) -> None:
        self.workers.cancel_group(self, "filter")
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        self.table.apply_filter(text)
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        self._filter_now(event.value)
        self.query_one(FilterInput).close()
        self.table.focus()

    @on(FilterInput.Cancelled)
    def _filter_dropped(self) -> None:
        self._filter_now("")
        self.query_one(FilterInput).close()
        self.table.focus()
