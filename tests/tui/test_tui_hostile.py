"""Issue #20's acceptance for the TUI: the hostile corpus (tests/fixtures/hostile_text.py) in
every name, tag, marker and policy, and every view opened on it through Pilot, then the screen
exported as SVG (the text the terminal would be sent, cell by cell): no raw control, ESC, C1 or
bidi character in it, the escapes visible (``\\x1b``), no markup error, no failed worker; the
notifications (``:who`` among them) are inert too."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hostile_text import HOSTILE, SHOWN, TAG_KEY, hostile_estate, hostile_snapshots, raw_controls
from tui_views import settle

from awsx.core.inert import inert
from awsx.screens.iam import PrincipalPicker
from awsx.serve.follow import FollowContext, join, publish
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, USED_BY, XRAY, NavState

SIZE = (160, 50)
ESTATE = hostile_estate()
SG = next(r for r in ESTATE.resources("ec2:security-group") if r.id == "sg-0web")
ENI = next(r for r in ESTATE.resources("ec2:network-interface") if r.id == "eni-0001")
VPC = next(r for r in ESTATE.resources("ec2:vpc") if r.id == "vpc-0prod")
USER = next(ESTATE.resources("iam:user"))
# (NavState, whether the view names the corpus on its first screen)
VIEWS = [
    (NavState(PULSE), True),  # the status line's markers
    (NavState(BROWSE, kind="ec2:security-group"), True),
    (NavState(BROWSE, kind="ec2:security-group", filter="[/]"), True),
    (NavState(BROWSE, kind="iam:user"), True),
    (NavState(BROWSE, kind="ec2:security-group", filter=HOSTILE), False),  # a filter a leader typed or pasted
    (NavState(DETAIL, SG.arn, SG.kind), True),
    (NavState(XRAY, ENI.arn, ENI.kind), True),
    (NavState(USED_BY, VPC.arn, VPC.kind), True),
    (NavState("iam", USER.arn, argument="s3:PutObject *"), True),
    (NavState("privesc"), True),
    (NavState("cost", argument=f"tag:{TAG_KEY}"), True),
    (NavState("cost", argument="tag:[/]"), False),
    (NavState("waste"), False),
    (NavState("exposure"), False),
    (NavState("reach", argument="eni-0001 eni-0002 5432 tcp"), True),
    (NavState("reach", argument=f"eni-0001 {HOSTILE} 5432 tcp"), True),
    (NavState("iam", argument=HOSTILE), True),  # the picker's field
    (NavState("blast"), False),
    (NavState("blast", argument=HOSTILE), False),  # a zone typed that the estate does not hold
    (NavState("coverage"), False),
]


def screen_text(app: AwsxApp) -> str:
    """What the screen shows: the SVG export's text runs, tags dropped, entities decoded (each
    differently styled run is an element of its own, in reading order)."""
    return unescape(re.sub(r"<[^>]*>", "", app.export_screenshot())).replace("\xa0", " ")


def notifications(app: AwsxApp) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


def assert_inert(app: AwsxApp, names_the_corpus: bool) -> None:
    shown = screen_text(app)
    assert raw_controls(shown, allowed="\n") == set()
    assert not [n for n in notifications(app) if raw_controls(n, allowed="\n") or " failed: " in n]
    if names_the_corpus:
        assert SHOWN in shown


@pytest.mark.parametrize(("state", "names_the_corpus"), VIEWS, ids=lambda v: getattr(v, "screen", ""))
async def test_every_view_shows_the_corpus_inert(state, names_the_corpus) -> None:
    async with AwsxApp(ESTATE).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.navigate(state)
        await settle(pilot)
        shown = pilot.app.screen  # :iam with no principal named asks for one in a picker
        assert isinstance(shown, PrincipalPicker) if state.screen == "iam" and not state.selection \
            else shown.nav_state().screen == state.screen
        assert_inert(pilot.app, names_the_corpus)


async def test_the_palette_lists_a_hostile_name_inert() -> None:
    async with AwsxApp(ESTATE).run_test(size=SIZE) as pilot:
        await settle(pilot)  # on the pulse, which names no resource
        pilot.app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"prod-web")
        await pilot.pause(0.5)
        assert_inert(pilot.app, True)
        assert "prod-web-1" + SHOWN in screen_text(pilot.app)  # the hit is listed, its name escaped


async def test_a_diff_against_a_hostile_snapshot_is_shown_inert(tmp_path) -> None:
    _, old = hostile_snapshots(tmp_path)
    async with AwsxApp(ESTATE).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.run_command(f"diff {old}")
        await settle(pilot)
        assert pilot.app.context.diff is not None
        assert_inert(pilot.app, True)
        pilot.app.navigate(NavState(DETAIL, SG.arn, SG.kind))
        await settle(pilot)
        assert_inert(pilot.app, True)


async def test_who_lists_a_hostile_argument_inert_and_ignores_a_markup_user_name(tmp_path) -> None:
    join(tmp_path, "a1", "alice", (120, 40))
    join(tmp_path, "b1", "bob", (80, 24))
    join(tmp_path, "x1", "[/]", (80, 24))  # not a login name: the file is not anyone's
    publish(tmp_path, "b1", NavState("cost", argument=f"tag:{HOSTILE}"))
    app = AwsxApp(ESTATE, follow=FollowContext(tmp_path, "alice", "a1", exports=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_command("who")
        await pilot.pause()
        said = list(app._notifications)[-1].message.split("\n")
        assert said == ["alice (you)  120x40  pulse", inert(f"bob  80x24  cost tag:{HOSTILE}")]
        assert_inert(app, False)
