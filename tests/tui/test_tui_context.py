"""What every view reads from the app's one context: the regions picked with ``R`` (the accounts
with ``A``) narrow the pulse (its counts grid, its faults) and the browse (its kinds' counts, its rows); the header's
age is one clock for every screen, and it moves; Esc in the IAM "can it do" box leaves only
the box."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from conftest import FROZEN_NOW
from iam_fixtures import arn as iam_arn
from test_iam_tui import iam_estate
from textual.widgets import DataTable, OptionList, Static
from tui_fixture import ACCOUNT, REGION, small_estate

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.screens.browse import BrowseScreen
from awsx.screens.iam import IamScreen
from awsx.screens.pulse import PulseScreen
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, NavState
from awsx.widgets.kind_list import KindList
from awsx.widgets.policy_tree import PolicyTree

SIZE = (120, 40)
EAST = "us-east-1"


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def with_a_second_place(region: str = REGION, account: str = ACCOUNT) -> Estate:
    """The small estate plus a VPC and a world-open security group in another region or account."""
    base = small_estate()
    web = next(r for r in base.resources("ec2:security-group") if r.id == "sg-0web")
    name = "east" if region != REGION else "other"
    added = [Resource(f"arn:aws:ec2:{region}:{account}:vpc/vpc-0{name}", "ec2:vpc", f"vpc-0{name}", name, account, region),
             replace(web, arn=f"arn:aws:ec2:{region}:{account}:security-group/sg-0{name}", id=f"sg-0{name}",
                     region=region, account=account)]
    info = replace(base.info, regions=tuple(sorted({REGION, region})), accounts=tuple(sorted({ACCOUNT, account})))
    return Estate([*base.resources(), *added], base.edges(), base.markers, base.dangling, info)


def two_regions() -> Estate:
    return with_a_second_place(region=EAST)


def open_groups(pulse: PulseScreen) -> str:
    faults = pulse.query_one("#faults", OptionList)
    return str(faults.get_option("open-security-groups").prompt)


async def pick_only_eu_west_1(pilot) -> None:
    await pilot.press("R")
    await settle(pilot)
    await pilot.press("down", "space", "enter")  # untick us-east-1
    await settle(pilot)


async def test_R_narrows_the_pulse_counts_and_faults_and_the_browse_kind_counts() -> None:
    app = AwsxApp(two_regions())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pulse = app.screen
        assert isinstance(pulse, PulseScreen)
        counts = pulse.query_one("#counts", DataTable)
        assert [str(c.label) for c in counts.ordered_columns] == ["Kind", REGION, EAST]
        assert open_groups(pulse).lstrip().startswith("2 ")
        await pick_only_eu_west_1(pilot)
        assert app.context.regions == frozenset({REGION})
        assert [str(c.label) for c in counts.ordered_columns] == ["Kind", REGION]
        assert counts.border_title == f"Resources ({len(small_estate())})"
        assert open_groups(pulse).lstrip().startswith("1 ")
        app.navigate(NavState(BROWSE, kind="ec2:vpc"))
        await settle(pilot)
        kinds = app.screen.query_one(KindList)
        assert kinds.rows["ec2:vpc"].count == 2 and kinds.rows["ec2:security-group"].count == 2
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("down", "space", "enter")  # tick us-east-1 again: every region
        await settle(pilot)
        assert app.context.regions is None
        assert kinds.rows["ec2:vpc"].count == 3 and app.screen.table.row_count == 3
        assert [str(c.label) for c in counts.ordered_columns] == ["Kind", REGION, EAST]


OTHER = "210987654321"


def two_accounts() -> Estate:
    return with_a_second_place(account=OTHER)


def context_line(screen) -> str:
    return str(screen.query_one("#status-context", Static).render())


async def test_A_narrows_to_the_accounts_picked_as_R_does_to_regions() -> None:
    app = AwsxApp(two_accounts())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pulse = app.screen
        assert open_groups(pulse).lstrip().startswith("2 ") and OTHER in context_line(pulse)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("down", "space", "enter")  # untick the second account
        await settle(pilot)
        assert app.context.accounts == frozenset({ACCOUNT})
        assert open_groups(pulse).lstrip().startswith("1 ")
        assert OTHER not in context_line(pulse) and ACCOUNT in context_line(pulse)
        app.navigate(NavState(BROWSE, kind="ec2:vpc"))
        await settle(pilot)
        assert app.screen.query_one(KindList).rows["ec2:vpc"].count == 2
        assert all(OTHER not in row.arn for row in app.screen.table.visible_rows)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("down", "space", "enter")  # every account again
        await settle(pilot)
        assert app.context.accounts is None and app.screen.query_one(KindList).rows["ec2:vpc"].count == 3


def source_line(screen) -> str:
    return str(screen.query_one("#status-source", Static).render())


async def test_every_header_says_the_same_age_and_it_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [FROZEN_NOW]
    monkeypatch.setattr("awsx.widgets.status.utc_now", lambda: clock[0])
    monkeypatch.setattr("awsx.tui.app.AGE_TICK", 0.05)
    app = AwsxApp(small_estate())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(NavState(BROWSE, kind="ec2:vpc"))
        await settle(pilot)
        pulse, browse = app.screen_stack[0], app.screen
        assert isinstance(browse, BrowseScreen)
        assert "5 hours old" in source_line(pulse) and "5 hours old" in source_line(browse)
        clock[0] = FROZEN_NOW + timedelta(hours=2)
        await pilot.pause(0.3)
        assert "7 hours old" in source_line(browse) and source_line(pulse) == source_line(browse)


async def test_escape_in_the_can_it_do_box_leaves_the_box_not_the_view() -> None:
    estate = iam_estate()
    app = AwsxApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(NavState("iam", iam_arn("user", "dev")))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IamScreen)
        await pilot.press("c")
        assert screen.query_one("#can").has_focus
        await pilot.press("escape")
        assert app.screen is screen and screen.query_one(PolicyTree).has_focus
        await pilot.press("escape")
        assert isinstance(app.screen, PulseScreen)
