"""The blast and coverage screens on the bundled demo: the zones to pick, the engine's record as it is, the
broken flow opening what blocks it, and a bad zone as one line."""

from __future__ import annotations

from test_tui import screen_text
from textual.widgets import OptionList
from tui_views import SIZE, push, settle

from awsx.resilience.blast import blast
from awsx.resilience.zones import ZoneMap
from awsx.screens.blast import BlastScreen, FlowOption, ZoneOption
from awsx.screens.detail import DetailScreen
from awsx.tui.app import AwsxApp


async def test_without_a_zone_it_lists_the_zones_and_enter_asks_for_one(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "blast")
        options = screen.query_one("#flows", OptionList)
        zones = [options.get_option_at_index(i).zone for i in range(options.option_count)]
        assert zones == sorted(ZoneMap(demo).known())
        options.highlighted = zones.index("use1-az6")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BlastScreen) and pilot.app.screen.argument == "use1-az6"


async def test_it_shows_the_engines_record_and_enter_opens_the_blocker(demo) -> None:
    expected = blast(demo, az="use1-az6")
    assert expected.broken  # the demo's exposed bastion lives in use1-az6
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "blast", "use1-az6")
        assert screen.answer.to_json() == expected.to_json()
        text = " ".join(screen_text(pilot).split())
        assert f"If use1-az6 fails: {len(expected.broken)} of {expected.checked} flows break" in text
        assert "loses its node in use1-az6" in text
        options = screen.query_one("#flows", OptionList)
        assert all(isinstance(options.get_option_at_index(i), FlowOption) for i in range(options.option_count))
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.resource.arn == expected.broken[0].blocker["id"]


async def test_a_zone_the_estate_does_not_hold_is_one_line(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "blast", "use1-az9")
        assert screen.answer is None and not any(
            isinstance(o, ZoneOption) for o in screen.query_one("#flows", OptionList)._options)
        assert "no Availability Zone 'use1-az9' in the estate" in " ".join(screen_text(pilot).split())


async def test_coverage_shows_the_engines_sections_and_enter_opens_the_row(demo) -> None:
    from awsx.resilience.coverage import coverage
    from awsx.screens.coverage import CoverageScreen, RowOption

    expected = coverage(demo)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "coverage")
        assert isinstance(screen, CoverageScreen) and screen.answer.to_json() == expected.to_json()
        text = " ".join(screen_text(pilot).split())
        unwatched = sum(not a.watched for a in expected.alarms)
        assert f"Alarms: {unwatched} of {len(expected.alarms)} finite resources unwatched" in text
        options = screen.query_one("#rows", OptionList)
        row = options.get_option_at_index(options.highlighted)
        assert isinstance(row, RowOption) and row.arn == expected.alarms[0].arn
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.arn == row.arn
