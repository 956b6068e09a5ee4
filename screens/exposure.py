"""Exposure: what the internet can open a connection to, per port, each with the path that
proves it (issue 4 §3; reachability.md §16 lesson 1: a full path check, not "an SG allows
0.0.0.0/0"). The list is ``awsx.reach.exposure``'s records as they are, the ones
``awsx exposure --json`` prints; the path of the highlighted finding is drawn beside it.

Enter on a finding moves into its path, Enter on a hop opens that component; ``o`` opens the
exposed resource itself and ``r`` opens the reach screen on that query. ``argument`` may be a
port (``:exposure 22``) to scan only that port, or ``admin`` (``:exposure admin``, the pulse's
admin line) for the findings whose target runs as an admin role, each with the identities
behind it (``awsx.reach.identity``'s records, as ``awsx exposure --with-identity`` prints them):
internet -> path -> target -> role -> what it can reach. It is the view's NavState argument, and
``ctrl+s`` exports the findings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from awsx.core.graph import Estate, UnknownResource
from awsx.core.inert import inert
from awsx.reach import Exposure, exposure
from awsx.reach.identity import ExposedIdentity, exposed_identities
from awsx.tui.navigation import NavState
from awsx.widgets.messages import Navigate
from awsx.widgets.path_view import PathView

from .base import AwsxScreen, ExportTable
from .resource_link import open_component

PATH_CHECK = "full path: IGW, public IP, NACLs, security groups, routes and the return path"
ADMIN = "admin"  # the argument that narrows the view to targets running as an admin role


class ExposureOption(Option):
    """``name`` is the target's Name tag when the engine named it by id (instances, ENIs)."""

    def __init__(self, found: Exposure, name: str) -> None:
        self.found = found
        ident = found.target if name and name != found.target else ""
        audience = ("open to the world", "red") if found.world else (inert(f"open to {found.audience}"), "yellow")
        super().__init__(Text.assemble((found.label.ljust(10), "bold red" if found.world else "bold yellow"),
                                       (inert(name or found.target), "bold"), "\n", " " * 10,
                                       (inert(found.kind), "dim"), "  ", (inert(ident), "cyan"), "\n", " " * 10,
                                       audience))


def _name(estate: Estate, ref: str) -> str:
    try:
        return estate.find(ref).name
    except UnknownResource:
        return ""


def identity_text(joined: ExposedIdentity | None) -> Text:
    """The identities behind the highlighted finding: role, what runs as it, what it can do."""
    if joined is None:
        return Text("")
    if not joined.identities:
        return Text("runs as no IAM role", style="dim")
    text = Text()
    for identity in joined.identities:
        text.append("runs as ")
        text.append(inert(identity.arn), style="bold")
        text.append(inert(f" ({identity.via}): "))
        text.append(identity.summary, style="bold red" if identity.admin or identity.escalates_to_admin else "yellow")
        if identity.escalation:
            text.append(inert(" via " + " > ".join(step.target.rsplit(":", 1)[-1] for step in identity.escalation)))
        if identity.data:
            text.append("\n" + inert(f"  data: {', '.join(a.rsplit(':', 1)[-1] for a in identity.data)}"), style="dim")
        if identity.conditional:
            text.append(f"\n  conditional: {', '.join(a.rsplit(':', 1)[-1] for a in identity.conditional)}", style="dim")
        text.append("\n")
    text.rstrip()
    return text


@dataclass
class ExposureScanned(Message):
    found: list[Exposure]
    joined: list[ExposedIdentity] | None = None  # ``:exposure admin``: the identities, finding by finding


class ExposureScreen(AwsxScreen):
    """Every internet-reachable target and port, and the path of the highlighted one."""

    CSS_PATH = "exposure.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # narrow: the path goes under the list
    BINDINGS = [
        Binding("o", "open_target", "Open target", id="exposure.open",
                tooltip="Open the exposed resource's detail"),
        Binding("r", "reach", "Reach", id="exposure.reach", tooltip="Open this query on the reach screen"),
    ]

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        text = argument.strip()
        self.argument = text
        self.port: int | None = int(text) if text.isdigit() else None
        self.admin = text == ADMIN
        self._bad_argument = "" if not text or self.port is not None or self.admin else text
        self.found: list[Exposure] = []
        self.joined: list[ExposedIdentity] = []  # :exposure admin: one per finding, in the list's order
        self.scanned = False  # nothing to export before the scan has answered

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> ExposureScreen:
        return cls(estate, argument=state.argument)

    def nav_state(self) -> NavState:
        return NavState("exposure", argument=self.argument)

    @property
    def crumb(self) -> str:
        return f"exposure {self.argument}".strip()

    export_name = "exposure"

    def export_rows(self) -> ExportTable | None:
        if not self.scanned:
            return None
        columns = ["Target", "Kind", "Protocol", "Port", "Label"]
        return columns, [[f.target, f.kind, f.protocol, f.port, f.label] for f in self.found]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("scanning…", style="dim"), id="summary")
        yield Static(id="identity")
        with Horizontal(id="body"):
            yield OptionList(id="findings")
            yield PathView(id="path")

    def on_mount(self) -> None:
        if self._bad_argument:
            self._summary(Text(inert(f"{self._bad_argument!r}") + " is not a port number; use :exposure, :exposure N or :exposure admin",
                               style="red"))
            return
        self.query_one("#findings", OptionList).focus()
        self.query_one("#identity", Static).display = self.admin
        self._scan(self.port, self.admin)

    @work(thread=True, exclusive=True, exit_on_error=False, group="exposure", description="exposure scan")
    def _scan(self, port: int | None, admin: bool) -> None:
        found = exposure(self.estate, port)
        if not admin:
            self.post_message(ExposureScanned(found))
            return
        joined = [j for j in exposed_identities(self.estate, found) if j.admin]
        self.post_message(ExposureScanned([j.exposure for j in joined], joined))

    @on(ExposureScanned)
    def _scanned(self, event: ExposureScanned) -> None:
        self.show(event.found, event.joined)

    def show(self, found: list[Exposure], joined: list[ExposedIdentity] | None = None) -> None:
        self.found, self.scanned = found, True
        self.joined = joined or []
        scope = f"on port {self.port}" if self.port is not None else \
            "running as an admin role" if self.admin else "on any port"
        world = [f for f in found if f.world]
        targets = len({f.target for f in world})
        summary = Text.assemble((f"{len(world)} port(s) on {targets} target(s) open to the world",
                                 "bold red" if world else "bold green"),
                                f", {len(found) - len(world)} to listed ranges, {scope}; {PATH_CHECK}")
        self._summary(summary)
        findings = self.query_one("#findings", OptionList)
        findings.clear_options()
        findings.add_options([ExposureOption(f, _name(self.estate, f.target)) for f in found])
        if found:
            findings.highlighted = 0

    def _summary(self, text: Text) -> None:
        self.query_one("#summary", Static).update(text)

    @property
    def current(self) -> Exposure | None:
        findings = self.query_one("#findings", OptionList)
        if findings.highlighted is None:
            return None
        option = findings.get_option_at_index(findings.highlighted)
        return option.found if isinstance(option, ExposureOption) else None

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self) -> None:
        current = self.current
        self.query_one(PathView).show(current.path if current else None)
        if self.admin:
            index = self.query_one("#findings", OptionList).highlighted
            self.query_one("#identity", Static).update(identity_text(None if index is None else self.joined[index]))

    @on(OptionList.OptionSelected, "#findings")
    def _into_path(self) -> None:
        self.query_one(PathView).focus()

    @on(PathView.HopChosen)
    def _open_hop(self, event: PathView.HopChosen) -> None:
        open_component(self, self.estate, event.hop.id)

    def action_open_target(self) -> None:
        if self.current is not None:
            open_component(self, self.estate, self.current.target)

    def action_reach(self) -> None:
        current = self.current
        if current is not None:
            query = f"internet {current.target} {current.port} {current.protocol}"
            self.post_message(Navigate(NavState("reach", argument=query)))
