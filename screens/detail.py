"""Detail: one resource, what it is connected to (both directions), and its raw record.

Enter on a related resource opens its detail on top, so Escape walks back the way you came."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList

from awsx.graph import Estate
from awsx.widgets.record_view import RecordView
from awsx.widgets.related_list import NeighbourOption, RelatedList, neighbours
from awsx.widgets.resource_header import ResourceHeader
from awsx.widgets.status import StatusBar


class DetailScreen(Screen[None]):
    """A resource's header, related resources and record."""

    CSS_PATH = "detail.tcss"

    def __init__(self, estate: Estate, arn: str) -> None:
        super().__init__()
        self.estate = estate
        self.resource = estate.resource(arn)

    def compose(self) -> ComposeResult:
        yield StatusBar(self.estate.info, self.estate.markers)
        yield ResourceHeader(self.resource, id="header")
        with Horizontal(id="body"):
            yield RelatedList(neighbours(self.estate, self.resource.arn), id="related")
            yield RecordView(self.resource.data, id="record")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RelatedList).focus()

    @on(OptionList.OptionSelected, "#related")
    def _open(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, NeighbourOption) and option.neighbour.resource is not None:
            self.app.push_screen(DetailScreen(self.estate, option.neighbour.resource.arn))
