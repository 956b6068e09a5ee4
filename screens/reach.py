"""Reach: can A open a connection to B, and which rule decides (issue 4, reachability.md Q2-Q5).

Pick the source and destination by typing (fuzzy over the estate), give a port and protocol,
and the engine's verdict is drawn hop by hop, forward then return, with the deciding rule
highlighted. Enter on a hop opens that component. The screen renders ``awsx.reach.reach``'s
``Verdict`` as it is, the same record ``awsx reach --json`` prints.

Opened as ``ReachScreen(estate, argument, selection)``: ``selection`` (the resource under the
cursor) is the source; the words of ``argument`` fill the remaining fields in order
(``:reach i-0ab db-1 443 tcp`` or, from a selection, ``db-1 443``). With both ends and a port
given the query runs at once."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from awsx.core.graph import Estate
from awsx.reach import Unresolvable, Verdict, checked_port, checked_protocol, reach
from awsx.widgets.endpoint_picker import EndpointPicker, candidates, short_ref
from awsx.widgets.path_view import PathView
from awsx.widgets.status import StatusBar

from .resource_link import open_component


def verdict_text(verdict: Verdict) -> Text:
    """The verdict line, the deciding rule, and the engine's warnings."""
    head = ("✔ REACHABLE", "bold green") if verdict.reachable else ("✘ NOT REACHABLE", "bold red")
    text = Text.assemble(head, f"  {verdict.source} → {verdict.destination}  {verdict.protocol}/{verdict.port}")
    blocker = verdict.blocker
    if blocker is not None:
        text.append(f"\nblocked by {blocker.kind} ", style="red")
        text.append(blocker.id, style="bold cyan")
        text.append(f" ({blocker.direction}): ", style="red")
        text.append(blocker.rule, style="bold yellow")
    for warning in verdict.warnings:
        text.append(f"\n⚠ {warning}", style="yellow")
    return text


class ReachScreen(Screen[None]):
    """Source, destination, port, protocol; then the verdict and its path."""

    CSS_PATH = "reach.tcss"
    BINDINGS = [
        Binding("ctrl+r", "check", "Check", id="reach.check", tooltip="Ask the engine: can source reach destination?"),
        Binding("ctrl+t", "swap", "Swap ends", id="reach.swap", tooltip="Exchange source and destination"),
        Binding("ctrl+l", "path", "Path", id="reach.path", tooltip="Move to the hops of the path"),
    ]

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__()
        self.estate = estate
        words = argument.split()
        if selection is not None:
            words.insert(0, short_ref(estate, selection))
        fields = (words + ["", "", "", ""])[:4]
        self._initial = fields
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        source, destination, port, protocol = self._initial
        choices = candidates(self.estate)
        yield StatusBar(self.estate.info, self.estate.markers)
        with Horizontal(id="query"):
            yield Label("from")
            yield EndpointPicker(choices, "id, name, IP or internet", source, id="source", near="destination")
            yield Label("to")
            yield EndpointPicker(choices, "id, name, IP or internet", destination, id="destination", near="source")
            yield Label("port")
            yield Input(port, placeholder="N", id="port", type="integer", compact=True)
            yield Input(protocol or "tcp", placeholder="tcp|udp", id="protocol", compact=True)
        yield Static("Type a source and a destination (↓ for matches), a port, then Enter.", id="verdict")
        yield PathView(id="path")
        yield Footer()

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
        self._check(*query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reach", description="reach query")
    def _check(self, source: str, destination: str, port: int, protocol: str) -> Verdict:
        return reach(self.estate, source, destination, port, protocol)

    @on(Worker.StateChanged)
    def _answered(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "reach":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Verdict):
            self.show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            prefix = "" if isinstance(error, Unresolvable) else f"{type(error).__name__}: "
            self.verdict = None
            self.query_one(PathView).show(None)
            self._say(Text(f"{prefix}{error}", style="red"))

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
