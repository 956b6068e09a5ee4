"""Every engine view is the same kind of view as browse and detail: breadcrumbs say where it is,
``[`` then ``]`` brings back its question and its answer, a follower sees the same verdict as
the leader, ``ctrl+s`` / ``:export`` writes what it shows, a live refresh rebuilds it with the
same question, and ``:`` opens the command line from anywhere, the reach form's fields too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from test_iam_tui import iam_estate
from test_tui import screen_text
from test_tui_refresh import FakeRefresher, wait_for_refresh
from textual.widgets import Input
from tui_views import DEMO, SIZE, settle

from awsx.core.graph import Estate
from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.iam.evaluate import evaluate
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.reach import exposure, reach
from awsx.screens.base import AwsxScreen
from awsx.screens.browse import BrowseScreen
from awsx.screens.pulse import PulseScreen
from awsx.screens.reach import ReachScreen
from awsx.serve.follow import FollowContext, join
from awsx.store.snapshot import open_snapshot
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import NavState
from awsx.widgets.command_line import CommandLine
from awsx.widgets.crumbs import Crumbs
from awsx.widgets.endpoint_picker import EndpointPicker

DATA = "arn:aws:s3:::data/k"


@dataclass(frozen=True)
class Case:
    """One engine view: the estate it is asked about, its ``:`` words, what the engine answers
    (as the screen should hold it), what the screen holds, and the rows ctrl+s must write."""

    estate: Callable[[], Estate]
    word: str
    argument: str
    crumb: str
    expected: Callable[[Estate], Any]
    shown: Callable[[AwsxScreen], Any]
    exported: Callable[[Estate], list[list[object]]]


def _dev_decision(estate: Estate):
    index = IamIndex(estate)
    return evaluate(index, index.principal(index.resolve("user/dev").resource_arn), "s3:GetObject", DATA)


def _reach(estate: Estate):
    return reach(estate, "prod-use1-bastion", "prod-use1-app-a", 22, "tcp")


CASES = [
    Case(lambda: open_snapshot(DEMO), "reach", "prod-use1-bastion prod-use1-app-a 22 tcp",
         "reach prod-use1-bastion prod-use1-app-a 22 tcp",
         lambda e: _reach(e).to_json(), lambda s: s.verdict.to_json(),
         lambda e: [[h.seq, h.direction, h.kind, h.id, h.decision, h.rule] for h in _reach(e).hops]),
    Case(lambda: open_snapshot(DEMO), "exposure", "22", "exposure 22",
         lambda e: [f.to_json() for f in exposure(e, 22)], lambda s: [f.to_json() for f in s.found],
         lambda e: [[f.target, f.kind, f.protocol, f.port, f.label] for f in exposure(e, 22)]),
    Case(iam_estate, "iam", f"user/dev s3:GetObject {DATA}", f"iam user/dev s3:GetObject {DATA}",
         lambda e: _dev_decision(e).to_json(), lambda s: s.decision.to_json(),
         lambda e: [[d.type, d.policy, d.statement] for d in _dev_decision(e).deciding]),
    Case(iam_estate, "privesc", "user/deploy-bot", "privesc user/deploy-bot",
         lambda e: privesc(IamIndex(e), IamIndex(e).resolve("user/deploy-bot")).to_json(),
         lambda s: s.report.to_json(),
         lambda e: [[p.principal, p.steps[-1].target]
                    for p in privesc(IamIndex(e), IamIndex(e).resolve("user/deploy-bot")).paths]),
    Case(lambda: open_snapshot(DEMO), "cost", "region", "cost by region",
         lambda e: cost_report(e, by="region").to_json(), lambda s: s.report.to_json(),
         lambda e: [[g.key, g.count] for g in cost_report(e, by="region").groups]),
    Case(lambda: open_snapshot(DEMO), "waste", "", "waste",
         lambda e: waste_report(e).to_json(), lambda s: s.report.to_json(),
         lambda e: [[f.arn, f.rule] for f in waste_report(e).findings]),
]
VIEWS = pytest.mark.parametrize("case", CASES, ids=[case.word for case in CASES])


def exported_part(case: Case, rows: list[dict[str, object]]) -> list[list[object]]:
    """The columns of an exported row the case compares (each view exports more than these)."""
    keys = {"reach": ["Seq", "Direction", "Kind", "Id", "Decision", "Rule"],
            "exposure": ["Target", "Kind", "Protocol", "Port", "Label"], "iam": ["Type", "Policy", "Statement"],
            "privesc": ["Principal", "Admin"], "cost": ["Group", "Resources"], "waste": ["ARN", "Rule"]}[case.word]
    return [[row[key] for key in keys] for row in rows]


async def answered(pilot) -> None:
    """The views' workers done (not a live refresh's: a test holds that one back)."""
    await pilot.pause()
    views = [w for w in pilot.app.workers if w.group != "refresh"]
    if views:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(views)
    await pilot.pause()


async def open_case(app: AwsxApp, pilot, case: Case) -> AwsxScreen:
    await answered(pilot)
    app.navigate(NavState(case.word, argument=case.argument))
    await answered(pilot)
    screen = app.screen
    assert isinstance(screen, AwsxScreen) and screen.nav_state().screen == case.word
    return screen


def crumbs(app: AwsxApp) -> str:
    return str(app.screen.query_one(Crumbs).render())


@VIEWS
async def test_breadcrumbs_show_the_view_and_its_question(case: Case) -> None:
    app = AwsxApp(case.estate())
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case)
        assert crumbs(app) == f"pulse › {case.crumb}"
        assert case.shown(app.screen) == case.expected(app.estate)


@VIEWS
async def test_back_then_forward_in_history_restores_the_question_and_its_answer(case: Case) -> None:
    app = AwsxApp(case.estate())
    async with app.run_test(size=SIZE) as pilot:
        first = await open_case(app, pilot, case)
        asked = first.nav_state()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, PulseScreen)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        again = app.screen
        assert again is not first and again.nav_state() == asked  # rebuilt, not kept
        assert case.shown(again) == case.expected(app.estate)


async def follower_caught_up(pilot, view: type, ticks: int = 200) -> None:
    """Wait, follow tick by follow tick, until the follower shows a mounted ``view`` with its
    answer in (a loaded machine takes more ticks; the count only bounds a hang)."""
    for _ in range(ticks):
        await pilot.pause(0.05)
        await settle(pilot)
        screen = pilot.app.screen
        if type(screen) is view and screen.is_mounted and not any(w.is_running for w in pilot.app.workers):
            return


@VIEWS
async def test_a_follower_sees_the_leaders_view_with_the_same_answer(case: Case, tmp_path) -> None:
    join(tmp_path, "a1", "alice", SIZE)
    join(tmp_path, "b1", "bob", (80, 24))
    alice = AwsxApp(case.estate(), follow=FollowContext(tmp_path, "alice", "a1"))
    bob = AwsxApp(case.estate(), follow=FollowContext(tmp_path, "bob", "b1"))
    async with alice.run_test(size=SIZE) as a, bob.run_test(size=(80, 24)) as b:
        leader = await open_case(alice, a, case)
        await a.pause(0.4)
        await settle(b)
        bob.run_command("follow alice")
        await follower_caught_up(b, type(leader))
        follower = bob.screen
        assert type(follower) is type(leader) and follower.nav_state() == leader.nav_state()
        assert case.shown(follower) == case.shown(leader) == case.expected(bob.estate)
        assert "following alice" in screen_text(b)


@VIEWS
async def test_export_writes_what_the_view_shows(case: Case, tmp_path) -> None:
    app = AwsxApp(case.estate())
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case)
        target = tmp_path / f"{case.word}.json"
        app.run_command(f"export {target}")
        await settle(pilot)
        rows = json.loads(target.read_text())
        assert exported_part(case, rows) == case.exported(app.estate) and rows
        assert any(n.message.startswith(f"exported {len(rows)} rows to") for n in app._notifications)


@VIEWS
async def test_ctrl_s_offers_the_views_name(case: Case) -> None:
    app = AwsxApp(case.estate())
    async with app.run_test(size=SIZE) as pilot:
        await open_case(app, pilot, case)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one(Input).value.startswith(f"awsx-{case.word}-")


@VIEWS
async def test_a_live_refresh_rebuilds_the_view_with_the_same_question(case: Case) -> None:
    refresher = FakeRefresher(case.estate())
    app = AwsxApp(case.estate(), refresher=refresher)
    async with app.run_test(size=SIZE) as pilot:
        before = await open_case(app, pilot, case)
        asked = before.nav_state()
        refresher.release.set()
        await wait_for_refresh(pilot)
        await settle(pilot)
        after = app.screen
        assert app.estate is refresher.result and after.estate is refresher.result
        assert after is not before and after.nav_state() == asked
        assert case.shown(after) == case.expected(refresher.result)


async def open_empty_reach_form(pilot) -> ReachScreen:
    await settle(pilot)
    pilot.app.navigate(NavState("reach"))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReachScreen)
    return screen


async def test_colon_opens_the_command_line_from_inside_the_reach_form() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        source = (await open_empty_reach_form(pilot)).query_one("#source", EndpointPicker)
        assert source.query_one(Input).has_focus
        await pilot.press("colon")
        line = app.screen.query_one(CommandLine)
        assert line.has_class("-open") and line.field.has_focus and source.value == ""
        await pilot.press(*"vpc", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen) and app.screen.table.kind.name == "ec2:vpc"


async def test_a_colon_after_text_in_a_field_is_text() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_empty_reach_form(pilot)
        await pilot.press(*"arn", "colon")
        assert screen.query_one("#source", EndpointPicker).value == "arn:"
        assert not screen.query_one(CommandLine).has_class("-open")


async def test_help_lists_every_view_the_command_line_opens() -> None:
    from awsx.tui.views import VIEWS as TABLE

    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(line.render()) for line in app.screen.query("Static"))
        listed = [view for view in TABLE.values() if view.command and not view.dialog]
        assert listed and all(f":{view.word}" in text and view.title in text for view in listed)


async def test_a_views_failed_worker_is_one_notification_from_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(estate, port=None):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr("awsx.screens.exposure.exposure", broken)
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(NavState("exposure"))
        await settle(pilot)
        assert app.is_running and [n.message for n in app._notifications if "broke" in n.message] == [
            "exposure scan failed: the engine broke"]
