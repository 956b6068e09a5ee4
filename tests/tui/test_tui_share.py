"""Issue 7 in the TUI: ctrl+s / :export write the rows in view; :diff OLD marks added, changed
and removed resources in lists, detail and pulse; :who and :follow NAME over a shared session
directory (two apps in one test, as two SSH sessions would be)."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from tui_fixture import arn, small_estate
from tui_share_fixture import old_snapshot

from awsx.screens.browse import BrowseScreen
from awsx.screens.detail import DetailScreen
from awsx.screens.export_prompt import ExportPrompt
from awsx.serve.follow import FollowContext, join
from awsx.tui.app import AwsxApp
from awsx.tui.commands import completions, describe, parse_command
from awsx.tui.controllers.export import default_export_name, parse_export
from awsx.tui.navigation import BROWSE, DETAIL, NavState
from awsx.widgets.field_diff import FieldDiff
from awsx.widgets.resource_table import ResourceTable

SIZE = (120, 40)
SUBNETS = NavState(BROWSE, kind="ec2:subnet", filter="prod")


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def messages(app: AwsxApp) -> list[str]:
    return [n.message for n in app._notifications]


def table(app: AwsxApp) -> ResourceTable:
    return app.screen.query_one(ResourceTable)


def status(app: AwsxApp) -> str:
    return str(app.screen.query_one("#status-share").render())


# --- the command line ----------------------------------------------------------------------
def test_the_sharing_commands_parse_complete_and_describe_themselves() -> None:
    assert [(c.verb, c.filter) for c in map(parse_command, [":export md x.md", ":diff old.awsx", ":who", ":follow"])] == [
        ("export", "md x.md"), ("diff", "old.awsx"), ("who", ""), ("follow", "")]
    assert "follow" in completions("fo") and "export" in completions("ex") and "diff" in completions("di")
    assert describe("who") == "who is connected (awsx serve)"


def test_export_arguments_and_the_default_file_name() -> None:
    assert parse_export("md out.md") == ("markdown", "out.md")
    assert parse_export("out.csv") == (None, "out.csv")
    assert parse_export("json") == ("json", "")
    assert default_export_name("subnet", "markdown", datetime(2025, 1, 2, 3, 4, 5)) == "awsx-subnet-20250102-030405.md"


# --- export ------------------------------------------------------------------------------
async def test_ctrl_s_offers_a_default_name_and_writes_the_filtered_sorted_rows(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.navigate(NavState(BROWSE, kind="ec2:subnet", filter="prod", sort_column=0, sort_reverse=True))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        prompt = pilot.app.screen
        assert isinstance(prompt, ExportPrompt)
        name = prompt.query_one(Input).value
        assert name.startswith("awsx-subnet-") and name.endswith(".csv")
        await pilot.press("enter")
        await settle(pilot)
        rows = list(csv.reader((tmp_path / name).open(newline="")))
        assert rows[0][:2] == ["Id", "Name"] and [r[0] for r in rows[1:]] == ["subnet-0b", "subnet-0a"]
        assert any(f"exported 2 rows to {tmp_path / name}" == m for m in messages(pilot.app))


async def test_export_with_a_format_and_file_and_its_errors_in_one_line(tmp_path) -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.navigate(SUBNETS)
        await settle(pilot)
        pilot.app.run_command(f"export md {tmp_path / 'subnets.txt'}")
        pilot.app.run_command(f"export {tmp_path / 'subnets.json'}")
        pilot.app.run_command(f"export {tmp_path / 'subnets.xls'}")
        pilot.app.run_command(f"export csv {tmp_path / 'missing' / 'x.csv'}")
        await settle(pilot)
        assert (tmp_path / "subnets.txt").read_text().startswith("| Id | Name |")
        assert [row["Name"] for row in json.loads((tmp_path / "subnets.json").read_text())] == ["prod-a", "prod-b"]
        errors = [m for m in messages(pilot.app) if not m.startswith("exported")]
        assert errors == ["cannot tell the export format of 'subnets.xls': use .json, .csv or .md",
                          f"cannot write {tmp_path / 'missing' / 'x.csv'}: No such file or directory"]


async def test_over_ssh_the_notification_says_the_file_is_on_the_server(tmp_path) -> None:
    join(tmp_path, "a1", "alice", SIZE)
    app = AwsxApp(small_estate(), follow=FollowContext(tmp_path, "alice", "a1", exports=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_command("export csv pulse.csv")  # the pulse's counts grid, into the session's directory
        await settle(pilot)
        assert any(m.endswith("on the server (this is an SSH session)") for m in messages(app))
        assert next(csv.reader((tmp_path / "pulse.csv").open()))[0] == "Kind"


# --- diff --------------------------------------------------------------------------------
async def test_diff_marks_lists_lists_removed_resources_and_shows_field_diffs(tmp_path) -> None:
    old = old_snapshot(tmp_path)
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.run_command(f"diff {old}")
        await settle(pilot)
        assert "diff vs yesterday.awsx: +1 ~1 -2, 1 security-relevant" in messages(pilot.app)
        assert status(pilot.app) == "diff vs yesterday.awsx: +1 ~1 -2"
        # the pulse: the diff, then the security-relevant change first of all faults
        faults = pilot.app.screen.query_one("#faults", OptionList)
        first = [str(faults.get_option_at_index(i).prompt) for i in range(2)]
        assert "diff vs yesterday.awsx" in first[0] and "world-open-rule" in first[1] and "sg-0web" in first[1]

        pilot.app.navigate(NavState(BROWSE, kind="ec2:network-interface"))
        await settle(pilot)
        enis = table(pilot.app)
        marks = {enis.row_cells(i)[0]: enis.row_mark(i) for i in range(enis.row_count)}
        assert marks == {"eni-0001": "", "eni-0002": "", "eni-0003": "", "eni-0009": "removed"}
        assert "+ added  ~ changed  - removed" in str(enis.border_subtitle)

        pilot.app.navigate(NavState(BROWSE, kind="ec2:internet-gateway"))  # every one of them removed
        await settle(pilot)
        assert [table(pilot.app).row_mark(i) for i in range(table(pilot.app).row_count)] == ["removed"]

        pilot.app.navigate(NavState(BROWSE, kind="ec2:subnet"))
        await settle(pilot)
        subnets = table(pilot.app)
        assert {subnets.row_cells(i)[0]: subnets.row_mark(i) for i in range(3)}["subnet-0c"] == "added"

        pilot.app.navigate(NavState(DETAIL, arn("security-group", "sg-0web"), "ec2:security-group"))
        await settle(pilot)
        pane = pilot.app.screen.query_one(FieldDiff).text
        assert "changed since yesterday.awsx: 2 field(s)" in pane and "0.0.0.0/0" in pane and "198.51.100.0/24" in pane

        pilot.app.navigate(NavState(DETAIL, arn("network-interface", "eni-0009")))  # removed: shown as it was
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen)
        assert "removed since yesterday.awsx" in pilot.app.screen.query_one(FieldDiff).text

        pilot.app.run_command("diff")
        await settle(pilot)
        assert not pilot.app.screen.query_one(FieldDiff).display and status(pilot.app) == ""


async def test_a_bad_diff_file_is_one_line_and_changes_nothing(tmp_path) -> None:
    (tmp_path / "junk.awsx").write_text("not a snapshot")
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for bad in ("junk.awsx", "absent.awsx"):
            pilot.app.run_command(f"diff {tmp_path / bad}")
            await settle(pilot)
        problems = [m for m in messages(pilot.app) if m.startswith("cannot diff")]
        assert len(problems) == 2 and all("\n" not in m for m in problems)
        assert pilot.app.context.diff is None


async def test_over_ssh_diff_reads_only_the_sessions_own_snapshots_and_says_why_not(tmp_path) -> None:
    """Issue #20: a viewer runs as the server's user; ``:diff`` must not open what that user can read."""
    exports = tmp_path / "exports"
    exports.mkdir()
    old_snapshot(exports)
    app = AwsxApp(small_estate(), follow=FollowContext(tmp_path / "who", "alice", "a1", exports=exports))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for refused in ("/etc/passwd", str(tmp_path / "who" / "b1.json"), "../exports/yesterday.awsx"):
            app.run_command(f"diff {refused}")
            await settle(pilot)
            assert messages(app)[-1].startswith("cannot diff: over SSH, :diff reads") and app.context.diff is None
        app.run_command("diff yesterday.awsx")
        await settle(pilot)
        assert app.context.diff is not None


def after_diff(old: Path, state: NavState | None = None):
    """``:diff OLD``, then ``state`` (the pulse when None), notifications cleared."""
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.run_command(f"diff {old}")
        await settle(pilot)
        if state is not None:
            pilot.app.navigate(state)
            await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)
    return run_before


@pytest.mark.parametrize("size", [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")])
def test_diff_marks_snapshot(snap_compare, tmp_path, size) -> None:
    """Network interfaces under :diff: eni-0009 struck through as removed, the legend below."""
    state = NavState(BROWSE, kind="ec2:network-interface")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=size, run_before=after_diff(old_snapshot(tmp_path), state))


def test_diff_detail_snapshot(snap_compare, tmp_path) -> None:
    """sg-0web under :diff: the field diff pane above its record."""
    state = NavState(DETAIL, arn("security-group", "sg-0web"), "ec2:security-group")
    assert snap_compare(AwsxApp(small_estate()), terminal_size=(120, 40), run_before=after_diff(old_snapshot(tmp_path), state))


def test_diff_pulse_snapshot(snap_compare, tmp_path) -> None:
    """The pulse under :diff: the summary, then the security-relevant change, before the faults."""
    assert snap_compare(AwsxApp(small_estate()), terminal_size=(120, 40), run_before=after_diff(old_snapshot(tmp_path)))


def test_export_prompt_snapshot(snap_compare, tmp_path, monkeypatch) -> None:
    """ctrl+s on the subnets at 80x24: the prompt with its default name (the clock pinned)."""
    monkeypatch.setattr("awsx.tui.app.default_export_name",
                        lambda view, fmt: default_export_name(view, fmt, datetime(2025, 1, 2, 8, 4, 5)))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.navigate(SUBNETS)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(AwsxApp(small_estate()), terminal_size=(80, 24), run_before=run_before)


def test_follower_snapshot(snap_compare, tmp_path) -> None:
    """bob at 80x24 following alice, who is on the prod subnets: his header says so."""
    join(tmp_path, "a1", "alice", (120, 40))
    join(tmp_path, "b1", "bob", (80, 24))
    FollowContext(tmp_path, "alice", "a1").publish(NavState(BROWSE, arn("subnet", "subnet-0b"), "ec2:subnet", "prod"))

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.run_command("follow alice")
        await settle(pilot)

    bob = AwsxApp(small_estate(), follow=FollowContext(tmp_path, "bob", "b1"))
    assert snap_compare(bob, terminal_size=(80, 24), run_before=run_before)


# --- follow ------------------------------------------------------------------------------
async def test_bob_follows_alice_at_his_own_size_until_he_moves(tmp_path) -> None:
    join(tmp_path, "a1", "alice", (120, 40))
    join(tmp_path, "b1", "bob", (80, 24))
    alice = AwsxApp(small_estate(), follow=FollowContext(tmp_path, "alice", "a1"))
    bob = AwsxApp(small_estate(), follow=FollowContext(tmp_path, "bob", "b1"))
    async with alice.run_test(size=(120, 40)) as a, bob.run_test(size=(80, 24)) as b:
        await settle(a)
        await settle(b)
        alice.navigate(SUBNETS)
        await a.pause(0.4)
        bob.run_command("follow alice")
        await b.pause(0.6)
        assert isinstance(bob.screen, BrowseScreen) and bob.screen.nav_state().filter == "prod"
        assert bob.size == (80, 24) and status(bob) == "following alice"

        await a.press("down")  # alice's cursor moves: bob's follows, in place
        followed = bob.screen
        await a.pause(0.4)
        await b.pause(0.6)
        assert bob.screen is followed and table(bob).cursor_arn == table(alice).cursor_arn == arn("subnet", "subnet-0b")

        bob.run_command("who")
        await b.pause()
        assert "bob (you)  80x24  browse ec2:subnet → following alice" in messages(bob)[-1]
        assert "alice  120x40  browse ec2:subnet" in messages(bob)[-1]

        await b.press("up")  # bob navigates himself: following stops
        await b.pause(0.6)
        assert status(bob) == "" and any(m == "you moved: stopped following alice" for m in messages(bob))
        alice.navigate(NavState(DETAIL, arn("vpc", "vpc-0prod"), "ec2:vpc"))
        await a.pause(0.4)
        await b.pause(0.6)
        assert isinstance(bob.screen, BrowseScreen)


async def test_follow_answers_in_one_line_when_it_cannot(tmp_path) -> None:
    join(tmp_path, "b1", "bob", (80, 24))
    bob = AwsxApp(small_estate(), follow=FollowContext(tmp_path, "bob", "b1"))
    async with bob.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bob.run_command("follow carol")
        bob.run_command("follow bob")
        await pilot.pause()
        assert messages(bob)[-2:] == ["nobody named carol is connected (:who lists who is)", "you cannot follow yourself"]
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:  # not under awsx serve
        await settle(pilot)
        pilot.app.run_command("follow alice")
        pilot.app.run_command("who")
        await pilot.pause()
        assert messages(pilot.app)[-2:] == [":follow works in a session of awsx serve", ":who works in a session of awsx serve"]
