"""SVG snapshots of every view the TUI hosts, at 120x40, at 100x30 (below the pulse's
breakpoint: its panels stack) and at 80x24 (the smallest terminal awsx promises to fit):
dashboard, browse, detail, xray and help. Regenerate with
``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at each SVG before committing."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from tui_fixture import arn, small_estate

from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, DETAIL, XRAY, NavState

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((100, 30), id="100x30"),
         pytest.param((80, 24), id="80x24")]


async def settle(pilot: Pilot) -> None:
    """The first screen composed and every worker (engine pulses, filters) done."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def go(state: NavState, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.navigate(state)
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, size) -> None:
    """Counts per kind and region; pulse faults and the four engine answers, filled in."""
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_browse(snap_compare, size) -> None:
    """Subnets: kinds with counts, the table focused, status line and crumbs on top."""
    state = NavState(BROWSE, kind="ec2:subnet", filter="prod")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size, run_before=go(state))


@pytest.mark.parametrize("size", SIZES)
def test_detail(snap_compare, size) -> None:
    """The prod VPC: header with tags, everything in it (incoming IN_VPC), its record."""
    state = NavState(DETAIL, arn("vpc", "vpc-0prod"), "ec2:vpc")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size, run_before=go(state))


@pytest.mark.parametrize("size", SIZES)
def test_xray(snap_compare, size) -> None:
    """eni-0001: ok subnet and VPC, the world-open group as warn, a deleted group missing-ref,
    the subnet expanded to show children load on demand."""
    state = NavState(XRAY, arn("network-interface", "eni-0001"), "ec2:network-interface")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size,
                        run_before=go(state, "down", "space"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size) -> None:
    """``?`` over the browse screen: every key with its binding id, the table's first."""
    state = NavState(BROWSE, kind="ec2:subnet")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size, run_before=go(state, "question_mark"))
