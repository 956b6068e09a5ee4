"""Coverage: what nobody is watching (issue 17). ``:coverage`` shows ``awsx.resilience.coverage``'s
record as ``awsx coverage --json`` prints it, in three sections: finite resources no alarm
watches (watched ones after), data stores by their last backup (never first, then the oldest),
and keys disabled or pending deletion with what depends on them. Enter opens the resource;
``ctrl+s`` exports the rows."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from awsx.core.graph import Estate
from awsx.resilience.coverage import Coverage, coverage
from awsx.tui.navigation import NavState

from .base import AwsxScreen, ExportTable
from .resource_link import open_component


class RowOption(Option):
    """One row of a section; ``arn`` is what Enter opens."""

    def __init__(self, arn: str, text: Text) -> None:
        self.arn = arn
        super().__init__(text)


def _heading(title: str) -> Option:
    return Option(Text(title, style="bold underline"), disabled=True)


def rows(estate: Estate, found: Coverage) -> list[Option]:
    """The three sections as options, worst first in each."""
    out: list[Option] = []
    unwatched = sum(not a.watched for a in found.alarms)
    note = "" if found.alarms_read else " (no alarm in the estate: none exist, or they were not read)"
    out.append(_heading(f"Alarms: {unwatched} of {len(found.alarms)} finite resources unwatched{note}"))
    for a in found.alarms:
        watcher = (("watched by ", "dim"), estate.label(a.alarm)) if a.alarm else (("no alarm", "bold red"),)
        out.append(RowOption(a.arn, Text.assemble(estate.label(a.arn), "  ", (a.metric, "cyan"), "  ", *watcher)))
    never = sum(b.last_backup is None for b in found.backups)
    out.append(_heading(f"Backups: {never} of {len(found.backups)} data stores with no backup"))
    for b in found.backups:
        when = (("never backed up", "bold red"),) if b.last_backup is None else \
            ((f"{b.age_days} d old at the crawl", "yellow" if (b.age_days or 0) > 1 else "green"), f" ({b.basis})")
        protected = ("  AWS Backup", "green") if b.protected else ("", "")
        out.append(RowOption(b.arn, Text.assemble(estate.label(b.arn), "  ", *when, protected)))
    out.append(_heading(f"Keys: {len(found.keys)} disabled or pending deletion"))
    for k in found.keys:
        depends = ", ".join(estate.label(d) for d in k.dependents) or "nothing in the estate"
        out.append(RowOption(k.arn, Text.assemble(estate.label(k.arn), "  ", (k.state, "bold red"),
                                                  "  used by ", depends)))
    return out


@dataclass
class CoverageAnswered(Message):
    answer: Coverage


class CoverageScreen(AwsxScreen):
    """Three sections, one list: Enter opens the row's resource."""

    DEFAULT_CSS = """
    CoverageScreen #rows { height: 1fr; }
    """

    def __init__(self, estate: Estate) -> None:
        super().__init__(estate)
        self.answer: Coverage | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> CoverageScreen:
        return cls(estate)

    def nav_state(self) -> NavState:
        return NavState("coverage")

    crumb = "coverage"
    export_name = "coverage"

    def export_rows(self) -> ExportTable | None:
        if self.answer is None:
            return None
        columns = ["Section", "Resource", "Kind", "What", "Covered by", "Age (days)"]
        found = self.answer
        return columns, ([["alarm", a.arn, a.kind, a.metric, a.alarm or "", ""] for a in found.alarms]
                         + [["backup", b.arn, b.kind, b.basis, "AWS Backup" if b.protected else "", b.age_days]
                            for b in found.backups]
                         + [["key", k.arn, "kms:key", k.state, " ".join(k.dependents), ""] for k in found.keys])

    def compose_body(self) -> ComposeResult:
        yield Static(Text("computing…", style="dim"), id="summary")
        yield OptionList(id="rows")

    def on_mount(self) -> None:
        self.query_one("#rows", OptionList).focus()
        self._compute()

    @work(thread=True, exclusive=True, exit_on_error=False, group="coverage", description="coverage")
    def _compute(self) -> None:
        self.post_message(CoverageAnswered(coverage(self.estate)))

    @on(CoverageAnswered)
    def _answered(self, event: CoverageAnswered) -> None:
        self.answer = event.answer
        self.query_one("#summary", Static).update(Text(
            "What no alarm watches, what has no recent backup, and what a failing key takes with it "
            "(ages at the crawl)", style="dim"))
        options = self.query_one("#rows", OptionList)
        options.add_options(rows(self.estate, event.answer))
        first = next((i for i in range(options.option_count) if not options.get_option_at_index(i).disabled), None)
        options.highlighted = first

    @on(OptionList.OptionSelected, "#rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, RowOption):
            open_component(self, self.estate, event.option.arn)
