"""Exposure joined with identity in the TUI (issue 14 item 6): the pulse's admin line opens
``:exposure admin``, the findings whose target runs as an admin role, and the view shows the
identities behind the highlighted one as the engine's records say, computing nothing."""

from __future__ import annotations

from test_tui import screen_text
from textual.widgets import OptionList
from tui_views import SIZE, SNAPSHOT_SIZES, push, settle, view

from awsx.reach import exposure
from awsx.reach.identity import exposed_identities
from awsx.screens.exposure import ExposureScreen
from awsx.screens.pulse import PulseScreen
from awsx.tui.app import AwsxApp


async def test_the_pulse_admin_line_opens_the_exposure_view_on_the_admin_targets(demo) -> None:
    admins = [j for j in exposed_identities(demo, exposure(demo)) if j.admin]
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, PulseScreen)
        faults = pilot.app.screen.query_one("#faults", OptionList)
        faults.highlighted = faults.get_option_index("exposure admin")
        assert "1 internet-reachable target runs as admin: prod-use1-alb" in str(faults.get_option("exposure admin").prompt)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExposureScreen) and screen.argument == "admin"
        assert [f.target for f in screen.found] == [j.exposure.target for j in admins] == ["prod-use1-alb"]
        text = screen_text(pilot)
        assert f"runs as {admins[0].identity.arn} ({admins[0].identity.via}): admin" in text
        assert "running as an admin role" in text


async def test_the_exposure_view_without_admin_shows_no_identity(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "exposure")
        assert not screen.query_one("#identity").display and "runs as" not in screen_text(pilot)
        await pilot.press("escape")
        await push(pilot, "exposure", "root")
        assert "use :exposure, :exposure N or :exposure admin" in screen_text(pilot)


@SNAPSHOT_SIZES
def test_exposure_admin_snapshot(snap_compare, demo, size) -> None:
    """The ALB whose target runs as admin, its identities above the list, the path beside it."""
    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=view("exposure", "admin"))
