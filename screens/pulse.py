"""The dashboard ("pulse"), where awsx opens: how much of each kind lives in each account and
region, and the faults worth a look, each a link (Enter) to the list or view behind it.

Counts and pulse faults are cheap and shown at once; the engine lines (exposure, privesc,
cost, waste) run in a thread worker each and fill in as they answer, so the first paint never
waits for an engine. Opening a snapshot, the pulse paints even before the estate has loaded:
the counts come from the snapshot's manifest (a ``Preview``) and the faults say "loading" until
``show_estate`` hands over the estate (no fault or engine number is shown before it is known)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, OptionList
from textual.widgets.option_list import Option

from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.inventory.specs import kind_info
from awsx.pulse.counts import ALL, Place, fit_places, kind_counts_by_place
from awsx.pulse.engines import ENGINE_CHECKS, EngineCheck, EnginePulse, PulseInputs
from awsx.pulse.faults import Fault, pulse_faults
from awsx.store.snapshot import SnapshotReader
from awsx.tui.context import DiffInView, ViewContext
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, NavState
from awsx.widgets.messages import Navigate
from awsx.widgets.sized_table import SizedColumn, SizedRow, fill_table

from .base import AwsxScreen

COUNT_WIDTH = 6
PULSE_CSS = Path(__file__).with_name("pulse.tcss")
# Below this width the grid and the fault list stack (pulse.tcss's ``-narrow``).
SIDE_BY_SIDE_FROM = 120


@dataclass(frozen=True)
class Preview:
    """What a snapshot's manifest tells before its estate has loaded: how many resources, and
    the count grid (None for a snapshot written before manifests carried it)."""

    total: int
    grid: dict[str, dict[Place, int]] | None

    @classmethod
    def of(cls, reader: SnapshotReader) -> Preview:
        places = reader.place_counts()
        grid = None if places is None else {
            kind: {Place(*place): count for place, count in row.items()} for kind, row in places.items()}
        return cls(sum(reader.kinds.values()), grid)


@dataclass
class EngineAnswered(Message):
    """One engine line is ready (or failed: ``pulse.count`` is None)."""

    pulse: EnginePulse


class PulseLine(Option):
    """A dashboard line that knows where Enter leads: a kind's list (narrowed to a fault's
    findings) or an engine view by its ``:`` word and argument (``:exposure admin``)."""

    def __init__(self, prompt: Content, state: NavState | None = None, id: str | None = None) -> None:
        super().__init__(prompt, id=id)
        self.state = state


def fault_prompt(fault: Fault) -> Content:
    style = "$text-warning bold" if fault.count else "$text-success"
    return Content.assemble((f"{fault.count:>{COUNT_WIDTH}}", style), "  ", inert(fault.title))


def security_prompt(rule: str, detail: str) -> Content:
    """A security-relevant change of a ``:diff`` (awsx/diff_security.py), flagged red."""
    return Content.assemble(("!".rjust(COUNT_WIDTH), "$text-error bold"), "  ", (inert(rule), "$text-error"),
                            inert(f"  {detail}"))


def diff_lines(diff: DiffInView | None) -> list[Option | None]:
    """``:diff OLD`` in view: its summary, then the security-relevant changes, each a link to
    the resource's detail; nothing without a diff."""
    if diff is None:
        return []
    lines: list[Option | None] = [PulseLine(Content.styled(inert(diff.summary), "$text-accent bold"), id="diff")]
    lines += [PulseLine(security_prompt(change.rule, change.detail), NavState(DETAIL, change.arn, change.kind))
              for change in diff.diff.security]
    return [*lines, None]


def engine_prompt(check: EngineCheck, pulse: EnginePulse | None) -> Content:
    """Title on the first line, the engine's summary indented under it."""
    indent = "\n" + " " * (COUNT_WIDTH + 2)
    if pulse is None:
        return Content.assemble(("…".rjust(COUNT_WIDTH), "$text-muted"), "  ", check.title,
                                (f"{indent}computing", "$text-muted"))
    if pulse.count is None:
        return Content.assemble(("?".rjust(COUNT_WIDTH), "$text-error"), "  ", check.title,
                                (indent + inert(pulse.summary), "$text-error"))
    style = "$text-warning bold" if pulse.count else "$text-success"
    return Content.assemble((f"{pulse.count:>{COUNT_WIDTH}}", style), "  ", check.title,
                            (indent + inert(pulse.summary), "$text-muted"))


KIND_WIDTH = 26  # the grid's kind column: most titles whole, and room left for the places


class PulseScreen(AwsxScreen):
    """Counts per kind × (account, region) on the left, faults and engine answers on the right."""

    CSS_PATH = PULSE_CSS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SIDE_BY_SIDE_FROM, "-wide")]
    crumb = "pulse"

    def __init__(self, estate: Estate, preview: Preview | None = None) -> None:
        super().__init__(estate)
        self.pulses: dict[str, EnginePulse] = {}
        self.preview = preview

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> PulseScreen:
        return cls(estate)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="pulse"):
            yield DataTable(id="counts", cursor_type="row", zebra_stripes=True)
            yield OptionList(id="faults")

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#faults", OptionList).focus()

    def show_estate(self, estate: Estate) -> None:
        """The estate has loaded: its own counts, faults and engine lines replace the preview."""
        self.estate, self.preview = estate, None
        self.query_one("#counts", DataTable).clear(columns=True)
        self.query_one("#faults", OptionList).clear_options()
        self._fill()

    def _fill(self) -> None:
        self._fill_counts()
        self._fill_faults()
        if self.preview is None:
            # Engine threads hold the GIL for seconds on a large estate: start them once the
            # first frame is on screen, not before (bench.scale: 10k first paint 1.9 s -> 0.4 s).
            self.call_after_refresh(self._start_engines)
            self.query_one("#faults", OptionList).highlighted = 0

    def nav_state(self) -> NavState:
        return NavState(PULSE)

    export_name = "pulse"

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        """The counts grid (kinds by place)."""
        table = self.query_one("#counts", DataTable)
        columns = [str(column.label) for column in table.ordered_columns]
        return columns, [list(table.get_row_at(index)) for index in range(table.row_count)]

    def context_changed(self, old: ViewContext, new: ViewContext) -> None:
        """A ``:diff`` lists its changes first; ``R`` and ``A`` narrow the counts and the faults."""
        if self.preview is not None or (old.diff is new.diff and old.same_place(new)):
            return  # only follow mode, a crawl or the clock changed: the status line says so
        if not old.same_place(new):
            table = self.query_one("#counts", DataTable)
            table.clear(columns=True)
            self._fill_counts()
        faults = self.query_one("#faults", OptionList)
        faults.clear_options()
        self._fill_faults()
        faults.highlighted = 0

    async def replace_estate(self, estate: Estate) -> None:
        """Live mode's refresh landed (controllers/refresh.py): the whole screen, header included,
        is rebuilt on the new estate and the engines asked again. The pulse is the bottom of
        the stack, so it is recomposed rather than replaced."""
        self.workers.cancel_group(self, "engines")
        self.estate = estate
        self.pulses = {}
        await self.recompose()
        self.on_mount()

    # --- counts ----------------------------------------------------------------------------
    def _fill_counts(self) -> None:
        table = self.query_one("#counts", DataTable)
        if self.preview is None:
            grid, total = kind_counts_by_place(self.estate), len(self.estate)
        else:
            grid, total = self.preview.grid or {}, self.preview.total
        context = self.context
        if context.narrowed:  # only the regions and accounts picked with R and A
            grid = {kind: {p: n for p, n in row.items() if context.shows(p.account, p.region)} for kind, row in grid.items()}
            grid = {kind: row for kind, row in grid.items() if row}
            total = sum(n for row in grid.values() for n in row.values())
        grid, rolled_up = fit_places(grid)
        places = sorted({place for row in grid.values() for place in row},
                        key=lambda p: (p.account, p.region != "global", p.region))
        several_accounts = len({p.account for p in places}) > 1
        titles = {kind: kind_info(kind).title for kind in grid}
        # The kind column as wide as the longest title up to KIND_WIDTH, room left for the places.
        columns = [SizedColumn("Kind", "kind", KIND_WIDTH),
                   *(SizedColumn(_place_label(place, several_accounts), f"{place.account}/{place.region}")
                     for place in places)]
        fill_table(table, columns, (SizedRow([titles[kind], *(str(grid[kind].get(p, "")) for p in places)], kind)
                                    for kind in sorted(grid, key=titles.__getitem__)))
        table.border_title = f"Resources ({total})" + (f", {rolled_up} (A, R narrow)" if rolled_up else "")

    @on(DataTable.RowSelected, "#counts")
    def _open_kind(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(Navigate(NavState(BROWSE, kind=event.row_key.value)))

    # --- faults and engines ----------------------------------------------------------------
    def _fill_faults(self) -> None:
        faults = self.query_one("#faults", OptionList)
        faults.border_title = "Pulse"
        if self.preview is not None:
            faults.add_option(Option(f"loading {self.preview.total} resources…", disabled=True))
            return
        # Security-relevant changes of a :diff first (issue 7), then the engines' answers (what
        # the internet reaches, who becomes admin, the money), then the estate's faults in the
        # regions and accounts in view, those that found something before the zeros: with every
        # area's rules the list is longer than a screen, and what is wrong now comes first.
        context = self.context
        lines = diff_lines(context.diff)
        lines += [PulseLine(engine_prompt(check, self.pulses.get(check.key)), NavState(check.view, argument=check.argument),
                            id=check.key)
                  for check in ENGINE_CHECKS]
        lines.append(None)
        faults_in_view = [replace(f, arns=context.arns_in_view(self.estate, f.arns)) for f in pulse_faults(self.estate)]
        lines += [PulseLine(fault_prompt(f), NavState(BROWSE, kind=f.kind, fault=f.name), id=f.name)
                  for f in sorted(faults_in_view, key=lambda f: not f.count)]
        faults.add_options(lines)

    @work(thread=True, exclusive=True, exit_on_error=False, group="engines", description="engine pulse")
    def _start_engines(self) -> None:
        """One engine after the other (threads share the GIL: running them side by side is no
        faster), each line filled in as its engine answers; the lines share what they all ask
        for (the exposure findings, the principal graph), computed once."""
        inputs = PulseInputs(self.estate)
        for check in ENGINE_CHECKS:
            try:
                pulse = check.run(inputs)
            except Exception as error:  # noqa: BLE001 - one engine failing must not blank the others
                pulse = EnginePulse(check.view, check.title, None, f"failed: {error}", check.argument)
            self.post_message(EngineAnswered(pulse))

    @on(EngineAnswered)
    def _engine_answered(self, event: EngineAnswered) -> None:
        self.pulses[event.pulse.key] = event.pulse
        check = next(c for c in ENGINE_CHECKS if c.key == event.pulse.key)
        self.query_one("#faults", OptionList).replace_option_prompt(check.key, engine_prompt(check, event.pulse))

    @on(OptionList.OptionSelected, "#faults")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        line = event.option
        if not isinstance(line, PulseLine):
            return
        if line.state is not None:
            self.post_message(Navigate(line.state))


def _place_label(place: Place, several_accounts: bool) -> str:
    """A column's header: its region, with the account's last digits when there are several;
    a rolled-up column names what it adds up."""
    if place.account == ALL:
        return "all" if place.region == ALL else place.region
    if place.region == ALL:
        return f"…{place.account[-4:]}"
    return f"{place.account[-4:]}/{place.region}" if several_accounts else place.region
