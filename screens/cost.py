"""Cost and waste (issue 6): where the money goes, grouped by kind, region, VPC, account or a
tag, drawn as bars; and what is waste, with monthly savings and evidence.

Both screens render the cost engine's records as they are (``CostReport``/``Estimate``,
``WasteReport``/``Finding``: what ``awsx cost --json`` and ``awsx waste --json`` print); no
price is computed here. The prices' ``as of`` date and "list-price estimate" stay on screen,
approximate figures carry ≈ and a missing price reads "unknown", never $0.

Cost: the groups on top; Enter moves into the highlighted group's resources, each with its
basis (the arithmetic); Enter on a resource opens its detail. ``k``/``r``/``v``/``a`` regroup
by kind, region, VPC, account; ``t`` asks for a tag key. ``argument`` is the first grouping
(``:cost region``, ``:cost tag:team``), and the grouping shown is the view's NavState argument;
``ctrl+s`` exports the groups. Waste: Enter on a finding opens the resource; ``ctrl+s`` exports
the findings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.cost.bill import Estimate, money
from awsx.cost.report import DISCLAIMER, CostReport, Group, cost_report, members
from awsx.cost.waste import Finding, WasteReport, waste_report
from awsx.tui.navigation import NavState
from awsx.widgets.cost_bars import BarRow, CostBars
from awsx.widgets.form_field import FormField
from awsx.widgets.messages import Navigate

from .base import AwsxScreen, ExportTable
from .resource_link import open_component


def _name(estate: Estate, arn: str) -> str:
    resource = estate.resource(arn)
    return resource.name or resource.id


def group_row(group: Group) -> BarRow:
    share = f" · {group.share:.0%} of the total" if group.share is not None else ""
    unknown = f" · {group.unknown} unknown, not counted" if group.unknown else ""
    return BarRow(group.key, group.key, group.monthly, group.approximate, f"{group.count} resource(s){share}{unknown}")


def item_row(estate: Estate, item: Estimate) -> BarRow:
    return BarRow(item.arn, _name(estate, item.arn), item.monthly, item.approximate, item.basis, item.kind)


def finding_row(estate: Estate, finding: Finding) -> BarRow:
    return BarRow(finding.arn, _name(estate, finding.arn), finding.monthly_savings, finding.approximate,
                  finding.evidence, finding.rule)


@dataclass
class CostEstimated(Message):
    """The report and each group's resources, or why not (a bad grouping: one line)."""

    report: CostReport | None
    members: dict[str, tuple[Estimate, ...]]
    problem: str = ""


@dataclass
class WasteJudged(Message):
    report: WasteReport


class CostScreen(AwsxScreen):
    """Cost hotspots by a grouping, and the resources of the highlighted group."""

    CSS_PATH = "cost.tcss"
    BINDINGS = [
        Binding("k", "group('kind')", "Kind", id="cost.by_kind", tooltip="Group by resource kind"),
        Binding("r", "group('region')", "Region", id="cost.by_region", tooltip="Group by region"),
        Binding("v", "group('vpc')", "VPC", id="cost.by_vpc", tooltip="Group by VPC"),
        Binding("a", "group('account')", "Account", id="cost.by_account", tooltip="Group by account"),
        Binding("t", "tag", "Tag…", id="cost.by_tag", tooltip="Group by the value of a tag key"),
        Binding("w", "waste", "Waste", id="cost.waste", tooltip="Open the waste findings"),
        Binding("escape", "groups", "Groups", id="cost.groups", tooltip="Back from the resources to the groups"),
    ]

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        self.by = argument.strip() or "kind"
        self.report: CostReport | None = None
        self.members: dict[str, tuple[Estimate, ...]] = {}

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> CostScreen:
        return cls(estate, argument=state.argument)

    def nav_state(self) -> NavState:
        return NavState("cost", argument=self.by)

    @property
    def crumb(self) -> str:
        return f"cost by {self.by}"

    export_name = "cost"

    def export_rows(self) -> ExportTable | None:
        report = self.report
        if report is None:
            return None
        columns = ["Group", "Monthly", "Resources", "Unknown"]
        return columns, [[g.key, None if g.unknown == g.count else round(g.monthly, 2), g.count, g.unknown]
                         for g in report.groups]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("estimating…", style="dim"), id="header")
        yield CostBars(id="groups")
        yield Static(id="items-title")
        yield CostBars(id="items")
        yield FormField(placeholder="tag key to group by (Enter)", id="tag", compact=True)

    def on_mount(self) -> None:
        self.query_one("#tag", Input).display = False
        self.query_one("#groups", CostBars).focus()
        self._estimate(self.by)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cost", description="cost report")
    def _estimate(self, by: str) -> None:
        try:
            report = cost_report(self.estate, by=by)
        except UserError as error:
            self.post_message(CostEstimated(None, {}, str(error)))
            return
        self.post_message(CostEstimated(report, members(self.estate, report)))

    @on(CostEstimated)
    def _estimated(self, event: CostEstimated) -> None:
        if event.report is None:
            self.query_one("#header", Static).update(Text(inert(event.problem), style="red"))
        else:
            self.show(event.report, event.members)

    def show(self, report: CostReport, grouped: dict[str, tuple[Estimate, ...]]) -> None:
        self.report, self.members, self.by = report, grouped, report.by
        self.refresh_crumbs()
        header = Text.assemble((f"Estimated {money(report.total_monthly)}/month", "bold"), inert(f" by {report.by}"),
                               " · prices as of ", (report.prices_as_of, "bold"), f" · {DISCLAIMER}")
        if report.unknown_count:
            header.append(f" · {report.unknown_count} resource(s) unknown, not counted as $0", style="yellow")
        self.query_one("#header", Static).update(header)
        groups = self.query_one("#groups", CostBars)
        groups.border_title = Content(inert(f"By {report.by}"))  # ``tag:[/]`` is a grouping, not markup
        groups.show(group_row(g) for g in report.groups)
        self._show_items()

    @on(OptionList.OptionHighlighted, "#groups")
    def _show_items(self) -> None:
        current = self.query_one("#groups", CostBars).current
        items = self.members.get(current.ref, ()) if current else ()
        self.query_one("#items-title", Static).update(
            Text.assemble("Resources in ", (inert(current.ref), "bold"),
                          f" ({len(items)}), largest first; Enter opens one")
            if current else "")
        self.query_one("#items", CostBars).show(item_row(self.estate, i) for i in items)

    @on(OptionList.OptionSelected, "#groups")
    def _into_items(self) -> None:
        self.query_one("#items", CostBars).focus()

    @on(OptionList.OptionSelected, "#items")
    def _open_item(self, event: OptionList.OptionSelected) -> None:
        current = self.query_one("#items", CostBars).current
        if current is not None:
            open_component(self, self.estate, current.ref)

    def action_group(self, by: str) -> None:
        self.query_one("#header", Static).update(Text("estimating…", style="dim"))
        self._estimate(by)

    def action_tag(self) -> None:
        field = self.query_one("#tag", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#tag")
    def _tag_chosen(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.query_one("#groups", CostBars).focus()
        if event.value.strip():
            self.action_group(f"tag:{event.value.strip()}")

    def action_groups(self) -> None:
        self.query_one("#tag", Input).display = False
        self.query_one("#groups", CostBars).focus()

    def action_waste(self) -> None:
        self.post_message(Navigate(NavState("waste")))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "groups":  # Escape means "back to the groups" only inside the drill-down
            return not self.query_one("#groups", CostBars).has_focus
        if self.query_one("#tag", Input).has_focus:  # letters typed into the tag key are text
            return action not in ("group", "tag", "waste")
        return super().check_action(action, parameters)


class WasteScreen(AwsxScreen):
    """Waste findings, largest saving first, each with its rule and evidence."""

    CSS_PATH = "cost.tcss"

    crumb = "waste"

    def __init__(self, estate: Estate, argument: str = "", selection: str | None = None) -> None:
        super().__init__(estate)
        self.report: WasteReport | None = None

    @classmethod
    def from_state(cls, estate: Estate, state: NavState) -> WasteScreen:
        return cls(estate, argument=state.argument)

    def nav_state(self) -> NavState:
        return NavState("waste")

    export_name = "waste"

    def export_rows(self) -> ExportTable | None:
        if self.report is None:
            return None
        columns = ["ARN", "Rule", "Monthly savings", "Approximate", "Evidence"]
        return columns, [[f.arn, f.rule, f.monthly_savings, f.approximate, f.evidence] for f in self.report.findings]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("looking for waste…", style="dim"), id="header")
        yield CostBars(id="findings")

    def on_mount(self) -> None:
        self.query_one(CostBars).focus()
        self._judge()

    @work(thread=True, exclusive=True, exit_on_error=False, group="waste", description="waste report")
    def _judge(self) -> None:
        self.post_message(WasteJudged(waste_report(self.estate)))

    @on(WasteJudged)
    def _judged(self, event: WasteJudged) -> None:
        self.show(event.report)

    def show(self, report: WasteReport) -> None:
        self.report = report
        header = Text.assemble((f"Waste: {money(report.total_monthly_savings)}/month could be saved", "bold"),
                               f" · {len(report.findings)} finding(s), each resource counted once",
                               " · prices as of ", (report.prices_as_of, "bold"), f" · {DISCLAIMER}")
        self.query_one("#header", Static).update(header)
        findings = self.query_one(CostBars)
        findings.border_title = "Findings, largest saving first; Enter opens the resource"
        findings.show(finding_row(self.estate, f) for f in report.findings)

    @on(OptionList.OptionSelected)
    def _open(self) -> None:
        current = self.query_one(CostBars).current
        if current is not None:
            open_component(self, self.estate, current.ref)
