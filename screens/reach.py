"""Reach: can A open a connection to B, and which rule decides (issue 4, reachability.md Q2-Q5).

Pick the source and destination by typing (fuzzy over the estate), give a port and protocol,
and the engine's verdict is drawn hop by hop, forward then return, with the deciding rule
highlighted. Enter on a hop opens that component. The screen renders ``awsx.reach.reach``'s
``Verdict`` as it is, the same record ``awsx reach --json`` prints.

Opened as ``ReachScreen(estate, argument, selection)``: ``selection`` (the resource under the
cursor) is the source; the words of ``argument`` fill the remaining fields in order
(``:reach i-0ab db-1 443 tcp`` or, from a selection, ``db-1 443``). With both ends and a port
given the query runs at once. Its NavState carries the query as the four words, so history,
a live refresh and ``:follow`` ask it again and show the same verdict; ``ctrl+s`` exports the
path's hops."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from awsx.core.graph import Estate
from awsx.reach import Unresolvable, Verdict, checked_port, checked_protocol, reach
from awsx.tui.navigation import NavState
from awsx.widgets.endpoint_picker import EndpointPicker, candidates, short_ref
from awsx.widgets.form_field import FormField
from awsx.widgets.path_view import PathView

from .base import AwsxScreen, ExportTable
from .resource_link import open_component


def verdict_text(verdict: Verdict) -> Text:
    """The verdict line, the deciding rule, and the engine's warnings."""
    head = ("✔ REACHABLE", "bold green") if verdict.reachable else ("? CONDITIONAL", "bold yellow") \
        if verdict.conditional else ("✘ NOT REACHABLE", "bold red")
    text = Text.assemble(head, f"  {verdict.source} → {verdict.destination}  {verdict.protocol}/{verdict.port}")
    blocker = verdict.blocker
    if blocker is not None:
        text.append(f"\nblocked by {blocker.kind} ", style="red")
        text.append(blocker.id, style="bold cyan")
        text.append(f" ({blocker.direction}): ", style="red")
        text.append(blocker.rule, style="bold yellow")
    for missing in verdict.conditional:  # issue 16: what the estate lacks to decide
        text.append(f"\nunknown: {missing}", style="yellow")
    for warning in verdict.warnings:
        text.append(f"\n⚠ {warning}", style="yellow")
    return text


def hop_rows(verdict: Verdict) -> ExportTable:
    """The path's hops as ``ctrl+s`` exports them: forward then return, the deciding one marked."""
    columns = ["Seq", "Direction", "Kind", "Id", "Decision", "Rule"]
    return columns, [[hop.seq, hop.direction, hop.kind, hop.id, hop.decision, hop.rule] for hop in verdict.hops]


@dataclass
class ReachAnswered(Message):
    """The engine's verdict, or why the query names nothing it can use (one line)."""

    verdict: Verdict | None
    problem: str = ""


class ReachScreen(AwsxScreen):
    """Source, destination, port, protocol; then the verdict and its path."""

    CSS_PATH = "reach.tcss"
    BINDINGS = [
        Binding("ctrl+r", "check", "Check", id="reach.check", tooltip="Ask the engine: can source reach destination?"),
        Binding("ctrl+t", "swap", "Swap ends", id="reach.swap", tooltip="Exchange source and destination"),
        Binding("ctrl+l", "path", "Path", id="reach.path", tooltip="Move to the hops of the path"),
    ]

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        words = argument.split()
        if selection is not None:
            words.insert(0, short_ref(estate, selection))
        fields = (words + ["", "", "", ""])[:4]
        self._initial = fields
        self.verdict: Verdict | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> ReachScreen:
        return cls(estate, argument=state.argument, selection=state.selection)

    def fields(self) -> list[str]:
        """Source, destination, port and protocol as typed (as given, before the form is up)."""
        if not self.is_mounted:
            return list(self._initial)
        return [self.query_one("#source", EndpointPicker).value, self.query_one("#destination", EndpointPicker).value,
                self.query_one("#port", Input).value.strip(), self.query_one("#protocol", Input).value.strip()]

    def nav_state(self) -> NavState:
        return NavState("reach", argument=" ".join(word for word in self.fields() if word))

    @property
    def crumb(self) -> str:
        return " ".join(["reach", *(word for word in self.fields() if word)])

    export_name = "reach"

    def export_rows(self) -> ExportTable | None:
        return hop_rows(self.verdict) if self.verdict is not None else None

    def compose_body(self) -> ComposeResult:
        source, destination, port, protocol = self._initial
        choices = candidates(self.estate)
        with Horizontal(id="query"):
            yield Label("from")
            yield EndpointPicker(choices, "id, name, IP or internet", source, id="source", near="destination")
            yield Label("to")
            yield EndpointPicker(choices, "id, name, IP or internet", destination, id="destination", near="source")
            yield Label("port")
            yield FormField(port, placeholder="N", id="port", type="integer", compact=True)
            yield FormField(protocol or "tcp", placeholder="tcp|udp", id="protocol", compact=True)
        yield Static("Type a source and a destination (↓ for matches), a port, then Enter.", id="verdict")
        yield PathView(id="path")

    def on_mount(self) -> None:
        source, destination, port, _ = self._initial
        if source and destination and port:
            self.action_check()
        else:
            self.query_one("#destination" if source else "#source", EndpointPicker).focus_input()

    # --- the query ---------------------------------------------------------------------------
    def _query(self) -> tuple[str, str, int, str] | str:
        """The four fields, or a one-line reason why they are not a query yet."""
        source = self.query_one("#source", EndpointPicker).value
        destination = self.query_one("#destination", EndpointPicker).value
        port_text = self.query_one("#port", Input).value.strip()
        protocol = self.query_one("#protocol", Input).value.strip() or "tcp"
        if not source or not destination:
            return "Give a source and a destination."
        try:
            return source, destination, checked_port(port_text), checked_protocol(protocol)
        except Unresolvable as error:
            return str(error)

    def action_check(self) -> None:
        query = self._query()
        if isinstance(query, str):
            self._say(Text(query, style="red"))
            return
        self._say(Text("checking…", style="dim"))
        self.refresh_crumbs()
        self._check(*query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reach", description="reach query")
    def _check(self, source: str, destination: str, port: int, protocol: str) -> None:
        try:
            self.post_message(ReachAnswered(reach(self.estate, source, destination, port, protocol)))
        except Unresolvable as error:
            self.post_message(ReachAnswered(None, str(error)))

    @on(ReachAnswered)
    def _answered(self, event: ReachAnswered) -> None:
        if event.verdict is not None:
            self.show(event.verdict)
            return
        self.verdict = None
        self.query_one(PathView).show(None)
        self._say(Text(event.problem, style="red"))

    def show(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self._say(verdict_text(verdict))
        self.query_one(PathView).show(verdict)
        self.query_one(PathView).focus()

    def _say(self, text: Text) -> None:
        self.query_one("#verdict", Static).update(text)

    # --- moving between fields ---------------------------------------------------------------
    @on(EndpointPicker.Picked)
    def _picked(self, event: EndpointPicker.Picked) -> None:
        self._advance(event.picker.id or "")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        picker = event.input.parent
        owner = picker.id if isinstance(picker, EndpointPicker) else event.input.id
        self._advance(owner or "")

    def _advance(self, field: str) -> None:
        """Enter on a field: run the query when it is complete, else go to the first empty field."""
        if not isinstance(self._query(), str) or field in ("port", "protocol"):
            self.action_check()
            return
        for name in ("source", "destination"):
            picker = self.query_one(f"#{name}", EndpointPicker)
            if not picker.value:
                picker.focus_input()
                return
        self.query_one("#port", Input).focus()

    def action_swap(self) -> None:
        source = self.query_one("#source", EndpointPicker)
        destination = self.query_one("#destination", EndpointPicker)
        source.value, destination.value = destination.value, source.value

    def action_path(self) -> None:
        self.query_one(PathView).focus()

    @on(PathView.HopChosen)
    def _open_hop(self, event: PathView.HopChosen) -> None:
        open_component(self, self.estate, event.hop.id)
