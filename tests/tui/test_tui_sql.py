"""``:sql QUERY`` in the TUI (issue 19, part 3): the answer as a table, Enter on a row opens the
resource its ``arn`` names as browse does, a query DuckDB refuses is one notification and no
crash, ``:sql`` alone lists the tables, and history brings the question back."""

from __future__ import annotations

import pytest
from hostile_text import HOSTILE
from test_tui_hostile import ESTATE as HOSTILE_ESTATE
from test_tui_hostile import assert_inert
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_views import DEMO, SIZE, SNAPSHOT_SIZES, push, settle

from awsx.inventory.specs import KINDS
from awsx.screens.detail import DetailScreen
from awsx.screens.sql import SqlScreen
from awsx.store.snapshot import open_snapshot
from awsx.store.sql import SqlDatabase
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import PULSE, NavState

INSTANCES = "SELECT arn, name, record->>'$.InstanceType' AS type FROM ec2_instance ORDER BY name, arn"


async def answered(pilot: Pilot) -> SqlScreen:
    """The SQL screen once its answer (or refusal) is in. Its query runs in a worker started on
    mount: on a loaded machine ``settle`` can return before the worker has even started, so this
    waits for what the screen shows, not for the workers."""
    for _ in range(6000):  # a bound, not a timeout: 60 s of pauses at the least
        screen = pilot.app.screen
        if isinstance(screen, SqlScreen) and (screen.answer is not None or screen.problem):
            break
        await pilot.pause(0.01)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SqlScreen)
    return screen


async def command(pilot: Pilot, text: str) -> SqlScreen:
    """Type ``:text`` and Enter, as a user does, and wait for the answer."""
    await settle(pilot)
    await pilot.press("colon", *text, "enter")
    return await answered(pilot)


async def ask(pilot: Pilot, query: str) -> SqlScreen:
    """``:sql query`` as the app's command handler opens it (typing it is the first test's)."""
    await settle(pilot)
    await push(pilot, "sql", query)
    return await answered(pilot)


def notifications(app: AwsxApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_answer_is_the_tables_rows_as_awsx_sql_answers_them() -> None:
    estate = open_snapshot(DEMO)
    expected = SqlDatabase(estate, KINDS).query(INSTANCES)
    app = AwsxApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        screen = await command(pilot, f"sql {INSTANCES}")
        table = screen.query_one("#result", DataTable)
        assert screen.answer is not None and screen.answer.rows == expected.rows
        assert table.row_count == len(expected.rows) == estate.kind_counts()["ec2:instance"]
        assert [str(c.label) for c in table.columns.values()] == ["arn", "name", "type"]
        assert screen.nav_state().argument == INSTANCES


async def test_enter_on_a_row_opens_the_resource_its_arn_names() -> None:
    estate = open_snapshot(DEMO)
    third = SqlDatabase(estate).query(INSTANCES).rows[2][0]
    app = AwsxApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, INSTANCES)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.nav_state().selection == third
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SqlScreen) and app.screen.nav_state().argument == INSTANCES


async def test_a_result_without_an_arn_column_says_how_to_open_rows() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "SELECT kind, count(*) AS n FROM resources GROUP BY kind")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SqlScreen)
        assert "this result has no arn column: SELECT arn, ... to open rows" in notifications(app)


async def test_bad_sql_is_one_notification_line_and_the_view_stays() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ask(pilot, "SELECT * FROM ec2_instances")
        assert screen.answer is None and screen.export_rows() is None
        [said] = [n for n in notifications(app) if n.startswith("sql:")]
        assert said.startswith("sql: Catalog Error: Table with name ec2_instances does not exist!")
        assert "\n" not in said
        assert app.return_code is None and app.is_running


async def test_sql_alone_lists_the_tables_a_query_can_name() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ask(pilot, "")
        assert screen.answer is not None
        names = [row[0] for row in screen.answer.rows]
        assert names[:3] == ["resources", "edges", "markers"] and "ec2_instance" in names and "iam_role" in names


async def test_back_and_forward_bring_the_question_and_its_answer_back() -> None:
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        first = await ask(pilot, INSTANCES)
        rows = first.answer.rows
        await ask(pilot, "SELECT arn FROM s3_bucket")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, SqlScreen) and app.screen.nav_state().argument == INSTANCES
        assert app.screen.answer is not None and app.screen.answer.rows == rows


@pytest.mark.parametrize("query, names_the_corpus", [
    ("SELECT name, tags, record FROM resources ORDER BY arn", True),
    (f"SELECT '{HOSTILE}' AS \"{HOSTILE}\"", True),
    (f"SELECT * FROM {HOSTILE}", False),  # refused: DuckDB's message quotes it, in a notification
], ids=["names", "typed", "refused"])
async def test_hostile_text_in_the_answer_the_query_or_the_error_is_shown_inert(query, names_the_corpus) -> None:
    async with AwsxApp(HOSTILE_ESTATE).run_test(size=(160, 50)) as pilot:
        screen = await ask(pilot, query)
        assert (screen.answer is not None) == names_the_corpus
        assert_inert(pilot.app, names_the_corpus=True)


@SNAPSHOT_SIZES
def test_sql_screen_snapshot(snap_compare, demo, size) -> None:
    """The issue's kind of question on the demo: instances per VPC through edges, with a tag."""
    query = ("SELECT i.name, v.name AS vpc, i.record->>'$.InstanceType' AS type, i.tags['team'] AS team, i.arn "
             "FROM ec2_instance i JOIN edges e ON e.src = i.arn AND e.relation = 'IN_VPC' "
             "JOIN ec2_vpc v ON v.arn = e.dst ORDER BY vpc, i.name, i.arn")
    async def run_before(pilot: Pilot) -> None:
        await push(pilot, "sql", query)
        await answered(pilot)

    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=run_before)


async def test_leaving_the_view_stops_a_query_that_has_not_answered(monkeypatch) -> None:
    stopped: list[SqlDatabase] = []
    stop = SqlDatabase.stop
    monkeypatch.setattr(SqlDatabase, "stop", lambda self: (stopped.append(self), stop(self)))
    app = AwsxApp(open_snapshot(DEMO))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.navigate(NavState("sql", argument="SELECT count(*) FROM range(1000000000000)"))
        screen = app.screen
        assert isinstance(screen, SqlScreen)
        while screen._querying is None:
            await pilot.pause()  # until the worker has its database (the query starts or is about to)
        assert screen.answer is None
        app.navigate(NavState(PULSE))
        await pilot.pause()
        assert len(stopped) == 1
        await settle(pilot)  # the worker's query ended: nothing left running
