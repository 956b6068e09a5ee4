"""Live mode's background refresh with a fake refresher: the header shows the crawl's progress
and the gaps it meets, the new estate replaces the old one with the user's place kept and a
notification of what changed, and a failed refresh leaves the estate on screen."""

from __future__ import annotations

import threading
from contextlib import suppress
from dataclasses import dataclass
from typing import Callable

from test_tui import screen_text
from textual.pilot import Pilot
from textual.worker import WorkerFailed
from tui_fixture import ACCOUNT, arn, small_estate

from awsx.core.errors import CredentialsError
from awsx.core.graph import Estate
from awsx.core.model import Marker, MarkerStatus
from awsx.load.refresh import CrawlStep, estate_change, progress_text
from awsx.screens.browse import BrowseScreen
from awsx.screens.pulse import PulseScreen
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, NavState

SIZE = (120, 36)
DENIED_EC2 = Marker(ACCOUNT, "us-east-1", "ec2", "DescribeVpcs", MarkerStatus.DENIED, "AccessDenied")


@dataclass(frozen=True)
class Step:
    done: int
    total: int
    description: str
    marker: Marker | None = None


def without_staging_eni() -> Estate:
    """The small estate after one ENI was deleted."""
    old = small_estate()
    gone = arn("network-interface", "eni-0003")
    return Estate([r for r in old.resources() if r.arn != gone],
                  [e for e in old.edges() if gone not in (e.source, e.target)],
                  old.markers, old.dangling, info=old.info)


class FakeRefresher:
    """Reports two steps, then waits for the test to let it finish with ``result`` (an Estate,
    or an exception to raise)."""

    def __init__(self, result: Estate | Exception) -> None:
        self.result = result
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, on_progress: Callable[[CrawlStep], None]) -> Estate:
        on_progress(Step(1, 4, "eu-west-1 ec2"))
        on_progress(Step(2, 4, "us-east-1 ec2", DENIED_EC2))
        self.started.set()
        self.release.wait(10)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


async def wait_for_refresh(pilot: Pilot) -> None:
    with suppress(WorkerFailed):  # the failing refresh: the app shows it, the test waits it out
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def test_progress_text_and_change_summary() -> None:
    assert progress_text(Step(3, 12, "us-east-1 ec2")) == "refreshing 3/12 ▰▰▱▱▱▱▱▱▱▱ us-east-1 ec2"
    change = estate_change(small_estate(), without_staging_eni())
    assert (change.added, change.removed, change.changed) == (0, 1, 0)
    assert change.summary() == "refreshed: 0 added, 1 removed, 0 changed"
    assert estate_change(small_estate(), small_estate()).summary() == "refreshed: no change"


async def test_header_shows_progress_and_markers_while_the_refresh_runs() -> None:
    refresher = FakeRefresher(small_estate())
    async with AwsxApp(small_estate(), refresher=refresher).run_test(size=SIZE) as pilot:
        refresher.started.wait(5)
        await pilot.pause()
        text = screen_text(pilot)
        assert "refreshing 2/4 ▰▰▰▰▰▱▱▱▱▱ us-east-1 ec2" in text
        assert "2 unknown: eu-west-1 rds: denied; us-east-1 ec2: denied" in text
        refresher.release.set()
        await wait_for_refresh(pilot)
        assert "refreshing" not in screen_text(pilot)


async def test_the_new_estate_is_swapped_in_keeping_filter_sort_and_cursor() -> None:
    refresher = FakeRefresher(without_staging_eni())
    app = AwsxApp(small_estate(), refresher=refresher)
    async with app.run_test(size=SIZE) as pilot:
        chosen = arn("network-interface", "eni-0002")
        app.navigate(NavState(BROWSE, chosen, "ec2:network-interface", filter="prod", sort_column=1))
        await pilot.pause()
        before = app.screen.nav_state()
        assert before.selection == chosen and before.filter == "prod"
        refresher.release.set()
        await wait_for_refresh(pilot)
        assert app.estate is refresher.result
        assert isinstance(app.screen, BrowseScreen) and app.screen.estate is refresher.result
        assert app.screen.nav_state() == before
        assert isinstance(app.screen_stack[0], PulseScreen) and app.screen_stack[0].estate is refresher.result
        assert any("1 removed" in n.message for n in app._notifications)
        app.action_back()  # the pulse below is the new one too
        await pilot.pause()
        assert isinstance(app.screen, PulseScreen) and app.screen.estate is refresher.result


async def test_a_failed_refresh_keeps_the_estate_on_screen_and_says_why() -> None:
    old = small_estate()
    refresher = FakeRefresher(CredentialsError("AWS credentials expired during the crawl (ExpiredToken)"))
    app = AwsxApp(old, refresher=refresher)
    async with app.run_test(size=SIZE) as pilot:
        refresher.release.set()
        await wait_for_refresh(pilot)
        assert app.estate is old and app.screen.estate is old
        assert any("credentials expired" in n.message for n in app._notifications)
        text = screen_text(pilot)
        assert "refresh failed" in text
        assert "us-east-1 ec2: denied" in text  # the gap met before the failure is still shown
