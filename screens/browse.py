"""Browse: kinds on the left, the selected kind's resources on the right (k9s's main view).

Up/Down in the kind list switches the table at once; Enter moves into the table; Enter on a
row opens its detail; ``/`` filters the rows."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList

from awsx.graph import Estate
from awsx.inventory.specs import kind_info
from awsx.widgets.filter_input import FilterInput
from awsx.widgets.kind_list import KindList, kind_rows
from awsx.widgets.resource_table import ResourceTable
from awsx.widgets.status import StatusBar

from .detail import DetailScreen

# Rebuilding a 2000-row table takes ~0.3 s: wait for a pause in typing before doing it.
FILTER_DELAY = 0.15


class BrowseScreen(Screen[None]):
    """The home screen: every kind of the estate and a table of one of them."""

    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="browse.filter",
                tooltip="Show only rows containing some text"),
        Binding("escape", "clear_filter", "Clear filter", id="browse.clear_filter",
                tooltip="Show every row of the kind again"),
    ]

    def __init__(self, estate: Estate) -> None:
        super().__init__()
        self.estate = estate

    def compose(self) -> ComposeResult:
        yield StatusBar(self.estate.info, self.estate.markers)
        with Horizontal(id="browse"):
            yield KindList(kind_rows(self.estate), id="kinds")
            with Vertical(id="resources"):
                yield ResourceTable(id="table")
                yield FilterInput(id="filter")
        yield Footer()

    def on_mount(self) -> None:
        kinds = self.query_one(KindList)
        if kinds.option_count:
            kinds.highlighted = 0
        kinds.focus()

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    def show_kind(self, kind: str) -> None:
        """Fill the table with ``kind``; a no-op when it already shows it (Enter after a move)."""
        table = self.table
        if table.kind is not None and table.kind.name == kind:
            return
        self.workers.cancel_group(self, "filter")  # a pending filter was for the old kind
        row = self.query_one(KindList).rows[kind]
        note = "unknown: " + ", ".join(m.describe() for m in row.markers) if row.markers else ""
        table.show(kind_info(kind), self.estate.resources(kind), note)
        self.query_one(FilterInput).close()

    @on(OptionList.OptionHighlighted, "#kinds")
    def _kind_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show_kind(event.option.id)

    @on(OptionList.OptionSelected, "#kinds")
    def _kind_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.show_kind(event.option.id)
            self.table.focus()

    @on(ResourceTable.ResourceChosen)
    def _open(self, event: ResourceTable.ResourceChosen) -> None:
        self.app.push_screen(DetailScreen(self.estate, event.arn))

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
        return True

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_soon(event.value)

    @work(exclusive=True, group="filter", description="apply the / filter")
    async def _filter_soon(self, text: str) -> None:
        await asyncio.sleep(FILTER_DELAY)  # exclusive: the next keystroke cancels this one
        self._apply_filter(text)

    def _filter_now(self, text: str) -> None:
        self.workers.cancel_group(self, "filter")
        self._apply_filter(text)

    def _apply_filter(self, text: str) -> None:
        self.table.apply_filter(text)
        self.refresh_bindings()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        self._filter_now(event.value)
        self.query_one(FilterInput).close()
        self.table.focus()

    @on(FilterInput.Cancelled)
    def _filter_dropped(self) -> None:
        self._filter_now("")
        self.query_one(FilterInput).close()
        self.table.focus()
