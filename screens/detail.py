"""Detail: one resource, its tags, what it is connected to (both directions, grouped by
relation), and its raw record with ``/`` search.

Enter on a related resource opens its detail on top, so Escape walks back the way you came."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList

from awsx.graph import Estate
from awsx.navigation import DETAIL, NavState
from awsx.widgets.filter_input import FilterInput
from awsx.widgets.messages import Navigate
from awsx.widgets.record_view import RecordView
from awsx.widgets.related_list import NeighbourOption, RelatedList, neighbours
from awsx.widgets.resource_header import ResourceHeader

from .base import AwsxScreen


class DetailScreen(AwsxScreen):
    """A resource's header, related resources and record."""

    CSS_PATH = "detail.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search", id="detail.search", tooltip="Find text in the record"),
    ]

    def __init__(self, estate: Estate, arn: str) -> None:
        super().__init__(estate)
        self.resource = estate.resource(arn)

    @property
    def crumb(self) -> str:
        return self.resource.id

    def nav_state(self) -> NavState:
        return NavState(DETAIL, self.resource.arn, self.resource.kind)

    @property
    def selection(self) -> str | None:
        return self.resource.arn

    def compose_body(self) -> ComposeResult:
        yield ResourceHeader(self.resource, id="header")
        with Horizontal(id="body"):
            yield RelatedList(neighbours(self.estate, self.resource.arn), id="related")
            with Vertical(id="record-pane"):
                yield RecordView(self.resource.data, id="record")
                yield FilterInput(id="search", placeholder="/ search the record: any case")

    def on_mount(self) -> None:
        self.query_one(RelatedList).focus()

    @on(OptionList.OptionSelected, "#related")
    def _open(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, NeighbourOption) and option.neighbour.resource is not None:
            self.post_message(Navigate(NavState(DETAIL, option.neighbour.resource.arn,
                                                option.neighbour.resource.kind)))

    def action_search(self) -> None:
        self.query_one("#search", FilterInput).open()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_one(RecordView).find(event.value.strip())

    @on(Input.Submitted, "#search")
    def _search_kept(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#search", FilterInput).close()
        self.query_one(RecordView).focus()

    @on(FilterInput.Cancelled, "#search")
    def _search_dropped(self) -> None:
        self.query_one(RecordView).find("")
        self.query_one("#search", FilterInput).close()
        self.query_one(RelatedList).focus()
