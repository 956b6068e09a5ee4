"""The cost and waste screens on the bundled demo estate: every key, and that what they show
is the cost engine's report as it is (the records ``awsx cost --json`` and ``awsx waste --json``
print), with the as-of date, the list-price disclaimer, ≈ and "unknown" on screen."""

from __future__ import annotations

import pytest
from test_tui import screen_text
from textual.widgets import Input
from tui_views import SIZE, SNAPSHOT_SIZES, push, settle, view

from awsx.core.graph import Estate
from awsx.cost.bill import money
from awsx.cost.report import cost_report, members
from awsx.cost.waste import waste_report
from awsx.screens.cost import CostScreen, WasteScreen
from awsx.screens.detail import DetailScreen
from awsx.tui.app import AwsxApp
from awsx.widgets.cost_bars import BarOption, CostBars, bar


def flat_text(pilot) -> str:
    """The screen's text with wrapped lines joined: a header may wrap anywhere between words."""
    return " ".join(screen_text(pilot).split())


def rows(screen, selector: str) -> list:
    bars = screen.query_one(selector, CostBars)
    return [o.row for o in bars._options if isinstance(o, BarOption)]


def test_bars_scale_in_eighths_and_keep_their_width() -> None:
    assert bar(1.0, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(1 / 32, 4) == "▏   "  # one eighth of one cell
    assert bar(0.0, 4) == "    "
    assert bar(2.0, 4) == "████"  # clamped


def test_money_marks_approximate_and_never_prints_unknown_as_zero() -> None:
    assert money(32.85) == "$32.85"
    assert money(3.65, approximate=True) == "≈$3.65"
    assert money(None) == "unknown" and money(None, approximate=True) == "unknown"


async def test_groups_are_the_engines_groups_with_the_date_and_disclaimer_on_top(demo) -> None:
    report = cost_report(demo, by="kind")
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        assert isinstance(screen, CostScreen)
        assert screen.report.to_json() == report.to_json()
        assert [(r.ref, r.amount) for r in rows(screen, "#groups")] == [
            (g.key, None if g.unknown == g.count else g.monthly) for g in report.groups]
        text = flat_text(pilot)
        assert f"Estimated {money(report.total_monthly)}/month by kind" in text
        assert f"prices as of {report.prices_as_of}" in text and "list-price estimate" in text
        assert f"{report.unknown_count} resource(s) unknown, not counted as $0" in text


async def test_the_highlighted_groups_resources_show_their_basis_and_approximation(demo) -> None:
    report = cost_report(demo, by="kind")
    grouped = members(demo, report)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        first = report.groups[0].key
        items = rows(screen, "#items")
        assert [r.ref for r in items] == [i.arn for i in grouped[first]]
        assert [(r.note, r.detail) for r in items] == [(i.kind, i.basis) for i in grouped[first]]
        approximate = next(i for i in grouped[first] if i.approximate)
        assert money(approximate.monthly, True) in screen_text(pilot)
        await pilot.press("down")
        second = report.groups[1].key
        assert [r.ref for r in rows(screen, "#items")] == [i.arn for i in grouped[second]]


async def test_a_resource_without_a_price_reads_unknown(demo) -> None:
    report = cost_report(demo, by="kind")
    unknown = next(i for i in report.items if i.monthly is None)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        index = [g.key for g in report.groups].index(unknown.kind)
        await pilot.press(*["down"] * index)
        row = next(r for r in rows(screen, "#items") if r.ref == unknown.arn)
        assert row.amount is None and "unknown" in row.detail
        assert "unknown" in screen_text(pilot)


async def test_a_group_of_nothing_but_unpriced_resources_reads_unknown_never_zero(demo) -> None:
    unknown = next(i for i in cost_report(demo, by="kind").items if i.monthly is None)
    # The demo without the priced resources of that kind: its group holds only the unpriced one.
    alone = Estate([r for r in demo.resources() if r.kind != unknown.kind or r.arn == unknown.arn],
                   info=demo.info)
    async with AwsxApp(alone).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        group = next(r for r in rows(screen, "#groups") if r.ref == unknown.kind)
        assert group.amount is None and "unknown" in group.detail and "$0.00" not in group.detail


async def test_enter_drills_from_group_to_resources_to_detail_and_escape_climbs_back(demo) -> None:
    report = cost_report(demo, by="kind")
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        await pilot.press("enter")
        assert screen.query_one("#items", CostBars).has_focus
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.resource.arn == members(demo, report)[report.groups[0].key][0].arn
        await pilot.press("escape")
        assert pilot.app.screen is screen and screen.query_one("#items", CostBars).has_focus
        await pilot.press("escape")  # from the resources back to the groups
        assert screen.query_one("#groups", CostBars).has_focus and pilot.app.screen is screen
        await pilot.press("escape")  # from the groups: leave the screen
        assert pilot.app.screen is not screen


@pytest.mark.parametrize(("key", "by"), [("r", "region"), ("v", "vpc"), ("a", "account"), ("k", "kind")])
async def test_a_key_switches_the_grouping(demo, key, by) -> None:
    report = cost_report(demo, by=by)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost", "region" if by == "kind" else "")
        await pilot.press(key)
        await settle(pilot)
        assert screen.by == by and screen.report.to_json() == report.to_json()
        assert [r.ref for r in rows(screen, "#groups")] == [g.key for g in report.groups]
        assert f"By {by}" in screen_text(pilot)


async def test_t_asks_for_a_tag_key_and_groups_by_its_values(demo) -> None:
    report = cost_report(demo, by="tag:env")
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost")
        await pilot.press("t")
        field = screen.query_one("#tag", Input)
        assert field.display and field.has_focus
        await pilot.press(*"env")  # letters typed here are text, not the k/r/v/a keys
        assert screen.by == "kind" and field.value == "env"
        await pilot.press("enter")
        await settle(pilot)
        assert not field.display
        assert screen.report.to_json() == report.to_json()
        assert [r.ref for r in rows(screen, "#groups")] == [g.key for g in report.groups]


async def test_the_argument_is_the_first_grouping_and_a_bad_one_is_one_line(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "cost", "region")
        assert screen.report.by == "region"
        await pilot.press("escape")
        await push(pilot, "cost", "colour")
        assert "cannot group by 'colour'" in screen_text(pilot)


async def test_w_opens_the_waste_findings_as_the_engine_reports_them(demo) -> None:
    report = waste_report(demo)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        await push(pilot, "cost")
        await pilot.press("w")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WasteScreen)
        assert screen.report.to_json() == report.to_json()
        shown = rows(screen, "#findings")
        assert [(r.ref, r.amount) for r in shown] == [(f.arn, f.monthly_savings) for f in report.findings]
        assert [(r.note, r.detail) for r in shown] == [(f.rule, f.evidence) for f in report.findings]
        text = flat_text(pilot)
        assert f"Waste: {money(report.total_monthly_savings)}/month could be saved" in text
        assert f"prices as of {report.prices_as_of}" in text and "list-price estimate" in text


async def test_enter_on_a_waste_finding_opens_the_resource(demo) -> None:
    report = waste_report(demo)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "waste")
        await pilot.press("down", "enter")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.resource.arn == report.findings[1].arn
        await pilot.press("escape")
        assert pilot.app.screen is screen


@pytest.mark.parametrize(("word", "keys"), [
    ("cost", ("Kind", "Region", "VPC", "Account", "Tag…", "Waste")),
    ("reach", ("Check", "Swap ends", "Path")),
    ("exposure", ("Open target", "Reach")),
])
async def test_help_lists_each_views_keys(demo, word, keys) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        await push(pilot, word, "prod-use1-bastion prod-use1-app-a 22" if word == "reach" else "")
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        text = screen_text(pilot)
        assert all(key in text for key in keys), text


@SNAPSHOT_SIZES
def test_cost_screen_snapshot(snap_compare, demo, size) -> None:
    """By kind: the header with the date and disclaimer, bars, and the volumes with their basis."""
    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=view("cost"))


@SNAPSHOT_SIZES
def test_waste_screen_snapshot(snap_compare, demo, size) -> None:
    """Findings with savings, ≈ where a price is a regional fallback, and their evidence."""
    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=view("waste"))
