"""Detail: one resource, its tags, what it is connected to (both directions, grouped by
relation), the rules of a security group, NACL or route table as rows, and its raw record
with ``/`` search.

Enter on a related resource opens its detail on top, so Escape walks back the way you came."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList

from awsx.core.graph import Estate
from awsx.reach.rule_rows import rule_table
from awsx.tui.context import ViewContext
from awsx.tui.navigation import DETAIL, NavState
from awsx.tui.views import ViewUnavailable
from awsx.widgets.field_diff import FieldDiff
from awsx.widgets.filter_input import FilterInput
from awsx.widgets.messages import Navigate
from awsx.widgets.record_view import RecordView
from awsx.widgets.related_list import NeighbourOption, RelatedList, neighbours
from awsx.widgets.resource_header import ResourceHeader
from awsx.widgets.rule_table import RuleTableView

from .base import AwsxScreen


def shown_resource(estate: Estate, state: NavState) -> str:
    """The ARN a detail or xray view shows; ViewUnavailable when the estate has no such resource."""
    if state.selection is None or state.selection not in estate:
        raise ViewUnavailable(f"{state.selection} is not in this estate")
    return state.selection


class DetailScreen(AwsxScreen):
    """A resource's header, related resources and record."""

    CSS_PATH = "detail.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search", id="detail.search", tooltip="Find text in the record"),
    ]

    def __init__(self, estate: Estate, arn: str) -> None:
        super().__init__(estate)
        self.resource = estate.resource(arn)

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> DetailScreen:
        return cls(estate, shown_resource(estate, state))

    @property
    def crumb(self) -> str:
        return self.resource.id

    def nav_state(self) -> NavState:
        return NavState(DETAIL, self.resource.arn, self.resource.kind)

    @property
    def selection(self) -> str | None:
        return self.resource.arn

    def compose_body(self) -> ComposeResult:
        yield ResourceHeader(self.resource, self.estate.unread(self.resource.arn), id="header")
        rules = rule_table(self.estate, self.resource)
        if rules is not None:  # security groups, NACLs, route tables: full width, above the record
            yield RuleTableView(rules, id="rules")
        with Horizontal(id="body"):
            yield RelatedList(neighbours(self.estate, self.resource.arn), id="related")
            with Vertical(id="record-pane"):
                yield FieldDiff(id="diff")
                yield RecordView(self.resource.data, id="record")
                yield FilterInput(id="search", placeholder="/ search the record: any case")

    def on_mount(self) -> None:
        self.query_one(RelatedList).focus()
        self._show_diff()

    def context_changed(self, old: ViewContext, new: ViewContext) -> None:
        if old.diff is not new.diff:
            self._show_diff()

    def _show_diff(self) -> None:
        """The field diffs of this resource while a ``:diff OLD`` is in view."""
        diff = self.context.diff
        pane = self.query_one(FieldDiff)
        status = diff.marks.get(self.resource.arn, "") if diff is not None else ""
        if not status:
            pane.show_diff("")
            return
        fields = next((c.fields for c in diff.diff.changed if c.arn == self.resource.arn), ())
        pane.show_diff(status, Path(diff.path).name, fields)

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
