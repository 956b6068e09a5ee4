"""Blast radius: what breaks if an Availability Zone fails (issue 17). ``:blast use1-az2`` shows
``awsx.resilience.blast``'s record as ``awsx blast --json`` prints it: the flows that worked
before and fail with the zone down, each with its new blocker, then what survives with less.
With no argument the view lists the estate's zones; Enter on one asks for it. Enter on a broken
flow opens its blocker (or the resource gone with the zone); ``ctrl+s`` exports the flows."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.resilience.blast import Blast, Broken, blast
from awsx.resilience.zones import ZoneMap
from awsx.tui.navigation import NavState
from awsx.widgets.messages import Navigate

from .base import AwsxScreen, ExportTable
from .resource_link import open_component


class FlowOption(Option):
    def __init__(self, estate: Estate, broken: Broken) -> None:
        self.broken = broken
        flow, blocker = broken.flow, broken.blocker
        by = (f"{estate.label(blocker['id'])} is gone with the zone" if blocker["kind"] == "removed"
              else f"{blocker['kind']} {blocker['id']}: {blocker['rule']}")
        super().__init__(Text.assemble((f"{flow.what:<14}", "bold red"), estate.label(flow.src), " -> ",
                                       estate.label(flow.dst), (f"  {flow.protocol}/{flow.port}", "bold"),
                                       "\n", " " * 14, ("blocked by ", "dim"), by))


class ZoneOption(Option):
    def __init__(self, zone: str) -> None:
        self.zone = zone
        super().__init__(Text(zone), id=zone)


@dataclass
class BlastAnswered(Message):
    answer: Blast | None
    error: str = ""


class BlastScreen(AwsxScreen):
    """Broken flows first (Enter: the blocker), then degraded resources; or the zones to pick."""

    DEFAULT_CSS = """
    BlastScreen #summary { height: auto; padding: 0 1; }
    BlastScreen #flows { height: 1fr; }
    BlastScreen #degraded { height: auto; max-height: 40%; padding: 0 1; }
    """

    def __init__(self, estate: Estate, argument: str = "") -> None:
        super().__init__(estate)
        self.argument = argument.strip()
        self.answer: Blast | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> BlastScreen:
        return cls(estate, argument=state.argument)

    def nav_state(self) -> NavState:
        return NavState("blast", argument=self.argument)

    @property
    def crumb(self) -> str:
        return f"blast {self.argument}".strip()

    export_name = "blast"

    def export_rows(self) -> ExportTable | None:
        if self.answer is None:
            return None
        columns = ["Flow", "From", "To", "Protocol", "Port", "Blocker kind", "Blocker", "Rule"]
        return columns, [[b.flow.what, b.flow.src, b.flow.dst, b.flow.protocol, b.flow.port, b.blocker["kind"],
                          b.blocker["id"], b.blocker["rule"]] for b in self.answer.broken]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("computing…", style="dim"), id="summary")
        yield OptionList(id="flows")
        yield Static(id="degraded")

    def on_mount(self) -> None:
        flows = self.query_one("#flows", OptionList)
        flows.focus()
        if not self.argument:
            zones = sorted(ZoneMap(self.estate).known())
            self._summary(Text("Which zone fails? Enter on an AZ id (or :blast AZ_ID)", style="bold"))
            flows.add_options([ZoneOption(zone) for zone in zones])
            return
        self._compute(self.argument)

    @work(thread=True, exclusive=True, exit_on_error=False, group="blast", description="blast radius")
    def _compute(self, zone: str) -> None:
        try:
            self.post_message(BlastAnswered(blast(self.estate, az=zone)))
        except UserError as error:
            self.post_message(BlastAnswered(None, str(error)))

    @on(BlastAnswered)
    def _answered(self, event: BlastAnswered) -> None:
        if event.answer is None:
            self._summary(Text(event.error, style="red"))
            return
        self.answer = found = event.answer
        self._summary(Text.assemble((f"If {found.failed} fails: {len(found.broken)} of {found.checked} flows break",
                                     "bold red" if found.broken else "bold green"),
                                    f"; {len(found.removed)} resources go with it, "
                                    f"{len(found.degraded)} lose capacity"))
        flows = self.query_one("#flows", OptionList)
        flows.add_options([FlowOption(self.estate, b) for b in found.broken])
        degraded = Text()
        for d in found.degraded:
            degraded.append(self.estate.label(d.arn), style="bold")
            degraded.append(f"  {d.why}\n")
        degraded.rstrip()
        self.query_one("#degraded", Static).update(degraded if degraded else Text("nothing loses capacity", style="dim"))

    def _summary(self, text: Text) -> None:
        self.query_one("#summary", Static).update(text)

    @on(OptionList.OptionSelected, "#flows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option = event.option
        if isinstance(option, ZoneOption):
            self.post_message(Navigate(NavState("blast", argument=option.zone)))
        elif isinstance(option, FlowOption):
            open_component(self, self.estate, option.broken.blocker["id"])
