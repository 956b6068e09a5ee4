"""Rules as tables and rule codes explained in the TUI (issue 14, item 5): a demo security
group's detail shows its rules above the record with the referenced group's and prefix list's
names; the reach path explains the highlighted hop's codes. Regenerate the SVGs with
``pytest tests/tui/test_tui_rules.py --snapshot-update`` and look at them."""

from __future__ import annotations

import pytest
from test_tui import screen_text
from tui_views import SIZE, push

from awsx.reach.glossary import GLOSSARY, hop_glossary
from awsx.screens.detail import DetailScreen
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import DETAIL, NavState
from awsx.widgets.path_view import HopOption, PathView
from awsx.widgets.record_view import RecordView
from awsx.widgets.rule_table import RuleTableView


def group(demo, name: str):
    return next(r for r in demo.resources("ec2:security-group") if r.name == name and r.region == "us-east-1")


def detail_of(resource):
    async def run_before(pilot) -> None:
        await push(pilot, DETAIL, selection=resource.arn)

    return run_before


async def test_a_security_groups_detail_shows_its_rules_with_the_names_of_what_they_reference(demo) -> None:
    app_sg, bastion = group(demo, "app-sg"), group(demo, "bastion-sg")
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        pilot.app.navigate(NavState(DETAIL, app_sg.arn, app_sg.kind))
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, DetailScreen)
        rules = screen.query_one(RuleTableView)
        assert rules.region.y < screen.query_one(RecordView).region.y  # above the raw record
        text = screen_text(pilot)
        assert "alb-sg" in text and "direction" in text
        pilot.app.navigate(NavState(DETAIL, bastion.arn, bastion.kind))
        await pilot.pause()
        assert "office-cidrs" in screen_text(pilot) and "admin home" in screen_text(pilot)


async def test_a_vpcs_detail_has_no_rules_table(demo) -> None:
    vpc = next(demo.resources("ec2:vpc"))
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        pilot.app.navigate(NavState(DETAIL, vpc.arn, vpc.kind))
        await pilot.pause()
        assert not pilot.app.screen.query(RuleTableView)


def meaning_lines(hop) -> list[str]:
    return [f"{code}: {meaning}" for code, meaning in hop_glossary(hop.kind, hop.rule)]


async def test_the_highlighted_hops_codes_are_explained_under_it_and_follow_the_cursor(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-bastion prod-use1-app-a 22")
        path = screen.query_one(PathView)
        first = path.highlighted
        option = path.get_option_at_index(first)
        assert isinstance(option, HopOption)
        assert meaning_lines(option.hop) and any(code in GLOSSARY for code, _ in hop_glossary(option.hop.kind,
                                                                                             option.hop.rule))
        text = screen_text(pilot)
        assert all(line[:60] in text.replace("\n", " ") for line in meaning_lines(option.hop))
        await pilot.press("down")
        await pilot.pause()
        moved = path.get_option_at_index(path.highlighted)
        assert moved.hop != option.hop
        text = screen_text(pilot)
        assert all(line[:60] in text for line in meaning_lines(moved.hop))
        # The hop left behind is two lines again: its meaning is gone unless the new hop shares it.
        left = [line for line in meaning_lines(option.hop) if line not in meaning_lines(moved.hop)]
        assert not any(line[:60] in text for line in left)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_security_group_detail_snapshot(snap_compare, demo, size) -> None:
    """bastion-sg: its rules (admin home, the office prefix list by name, egress) above the record."""
    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=detail_of(group(demo, "bastion-sg")))
