"""The foundation TUI: browse kinds and resources, open a resource, walk its edges, filter,
and always say that awsx is read-only and what the crawl could not see."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import OptionList
from tui_fixture import ACCOUNT, REGION, arn, small_estate

from awsx.inventory.specs import SPECS
from awsx.screens.browse import BrowseScreen
from awsx.screens.detail import DetailScreen
from awsx.screens.help import Columns, HelpScreen, KeyHelp, key_line
from awsx.screens.pulse import PulseScreen
from awsx.store.snapshot import open_snapshot
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, NavState
from awsx.widgets.kind_list import KindList, marked_kinds
from awsx.widgets.related_list import NeighbourOption
from awsx.widgets.resource_rows import cell_text
from awsx.widgets.resource_table import ResourceTable

SIZE = (120, 36)


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows right now, as plain text."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def type_filter(pilot: Pilot, *keys: str) -> None:
    """Type into the ``/`` filter and wait for it to apply (it waits for a pause in typing)."""
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()


async def open_browse(pilot: Pilot) -> None:
    """From the pulse to the browse screen, as ``:kinds``... would: the kind list focused."""
    await pilot.pause()  # snap_compare's run_before may start before the first screen is composed
    if not isinstance(pilot.app.screen, BrowseScreen):
        pilot.app.navigate(NavState(BROWSE))
        await pilot.pause()


async def open_kind(pilot: Pilot, title: str) -> ResourceTable:
    """Move the kind list to ``title`` with the arrow keys and Enter into its table."""
    await open_browse(pilot)
    kinds = pilot.app.screen.query_one(KindList)
    index = next(i for i, row in enumerate(kinds.rows.values()) if row.title == title)
    await pilot.press("home", *["down"] * index, "enter")
    return pilot.app.screen.query_one(ResourceTable)


async def test_kind_list_shows_each_kind_with_its_count() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        kinds = pilot.app.screen.query_one(KindList)
        assert [(r.title, r.count) for r in kinds.rows.values()] == [  # by title, as the reader scans
            ("Network interfaces", 3),
            ("RDS instances", 0),
            ("Security groups", 2),
            ("Subnets", 3),
            ("VPCs", 2),
        ]
        text = screen_text(pilot)
        for line in ("3  Network interfaces", "?  RDS instances", "2  Security groups", "3  Subnets", "2  VPCs"):
            assert line in text


async def test_a_denied_service_is_listed_as_unknown_not_empty() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        assert "?  RDS instances" in screen_text(pilot)
        table = await open_kind(pilot, "RDS instances")
        assert table.row_count == 0
        assert "unknown: eu-west-1 rds: denied" in str(table.border_subtitle)


async def test_read_only_badge_and_marker_are_always_visible() -> None:
    def assert_status_line(text: str) -> None:
        assert "READ-ONLY" in text
        assert f"{ACCOUNT}  {REGION}" in text
        assert "snapshot fixture.awsx as of 2025-01-02 03:04Z, 5 hours old" in text
        assert "1 unknown: eu-west-1 rds: denied" in text

    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        assert_status_line(screen_text(pilot))
        await open_kind(pilot, "VPCs")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert_status_line(screen_text(pilot))


async def test_selecting_a_kind_fills_the_table_sorted_by_name_then_id() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        table = pilot.app.screen.query_one(ResourceTable)
        assert table.row_count == 3  # the first kind is shown at once
        await pilot.press("down", "down")
        assert table.kind.name == "ec2:security-group" and table.row_count == 2
        table = await open_kind(pilot, "Subnets")
        assert pilot.app.focused is table
        assert table.row_count == 3
        assert table.column_titles[:6] == ["Id", "Name", "Region", "Account", "VPC", "CIDR"]
        assert [table.row_cells(i)[0] for i in range(3)] == ["subnet-0a", "subnet-0b", "subnet-0c"]
        assert table.border_title == "Subnets (3)"


async def test_unnamed_resources_sort_after_named_ones() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "Network interfaces")
        assert [table.row_cells(i)[0] for i in range(3)] == ["eni-0002", "eni-0001", "eni-0003"]


async def test_a_big_kind_sorts_in_a_worker_and_keeps_the_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("awsx.widgets.resource_table.BUILD_IN_THREAD", 2)  # 3 subnets count as big
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "Subnets")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert table.cursor_arn == arn("subnet", "subnet-0a") and table.cursor == 0
        await pilot.press("s", "s", "S")  # by name, descending: each press a sort worker
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert table.column_titles[:2] == ["Id", "Name▼"]
        assert [table.row_cells(i)[0] for i in range(3)] == ["subnet-0c", "subnet-0b", "subnet-0a"]
        assert table.cursor == 2 and table.cursor_arn == arn("subnet", "subnet-0a")
        assert "sorting" not in str(table.border_subtitle)


async def test_enter_on_a_row_opens_its_detail_with_related_resources() -> None:
    messages: list[Message] = []
    app = AwsxApp(small_estate())
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await open_kind(pilot, "Subnets")
        await pilot.press("enter")
        # The hook sees a message at every node it bubbles through: count it once.
        chosen = {id(m): m for m in messages if isinstance(m, ResourceTable.ResourceChosen)}
        assert [m.arn for m in chosen.values()] == [arn("subnet", "subnet-0a")]
        screen = pilot.app.screen
        assert isinstance(screen, DetailScreen) and screen.resource.id == "subnet-0a"
        text = screen_text(pilot)
        assert "subnet-0a  prod-a" in text
        assert arn("subnet", "subnet-0a") in text
        assert "→ IN_VPC" in text and "vpc-0prod" in text
        assert "← IN_SUBNET" in text and "eni-0001" in text
        assert '"CidrBlock": "10.0.1.0/24"' in text


async def test_enter_on_a_related_resource_navigates_and_escape_walks_back() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_kind(pilot, "Subnets")
        await pilot.press("enter")  # subnet-0a; its first related resource is its VPC
        await pilot.press("enter")
        assert pilot.app.screen.resource.id == "vpc-0prod"
        assert "← IN_VPC" in screen_text(pilot)
        related = pilot.app.screen.query_one(OptionList)
        ids = [o.neighbour.resource.id for o in related.options if isinstance(o, NeighbourOption)]
        assert ids == ["eni-0002", "eni-0001", "sg-0db", "sg-0web", "subnet-0a", "subnet-0b"]
        await pilot.press("down", "down", "enter")  # incoming: the db security group
        assert pilot.app.screen.resource.id == "sg-0db"
        assert "→ REFERENCES_SECURITY_GROUP" in screen_text(pilot)

        await pilot.press("escape")
        assert pilot.app.screen.resource.id == "vpc-0prod"
        await pilot.press("escape", "escape")
        assert isinstance(pilot.app.screen, BrowseScreen)
        assert pilot.app.screen.query_one(ResourceTable).kind.name == "ec2:subnet"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PulseScreen)
        await pilot.press("escape")  # nowhere further back: stays
        assert isinstance(pilot.app.screen, PulseScreen)


async def test_slash_filter_narrows_rows_and_escape_clears_it() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "Subnets")
        await type_filter(pilot, "slash", *"PROD")
        assert table.row_count == 2  # any case, any cell
        assert table.border_title == "Subnets (2 of 3)" and table.border_subtitle == "/PROD"
        await type_filter(pilot, "backspace", "backspace", "backspace", "backspace", *"euw1-az1")
        assert table.row_count == 2  # matches a column that is not the name
        await pilot.press("enter")
        assert pilot.app.focused is table and table.row_count == 2
        await pilot.press("enter")
        assert pilot.app.screen.resource.id == "subnet-0a"
        await pilot.press("escape")
        assert table.row_count == 2  # the filter survives a visit to a detail screen
        await pilot.press("escape")
        assert table.row_count == 3 and table.border_subtitle == ""


async def test_q_typed_into_the_filter_does_not_quit() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "Subnets")
        await type_filter(pilot, "slash", "q")
        assert pilot.app.is_running and table.row_count == 0


async def test_help_lists_the_live_keys() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "Filter" in text and "browse.filter" in text and "Quit" in text and "app.quit" in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, BrowseScreen)


def help_lines(pilot: Pilot) -> dict[str, KeyHelp]:
    """The ``?`` screen's lines by binding id (Textual's own, id-less bindings by description)."""
    assert isinstance(pilot.app.screen, HelpScreen)
    return {line.binding_id or line.description: line for group in pilot.app.screen.groups for line in group.lines}


async def test_help_lists_hidden_keys_and_those_that_cannot_act_now_with_their_ids() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "Subnets")
        await pilot.press("question_mark")
        lines = help_lines(pilot)
        # Hidden from the footer, still listed: sort, copy, history.
        assert (lines["table.sort"].keys, lines["table.sort"].available) == ("s", True)
        assert lines["table.up"].keys == "↑, k" and lines["app.copy_arn"].available
        # Nothing ahead in history, no filter to clear: listed, but dimmed.
        assert not lines["app.history_forward"].available and lines["app.history_forward"].keys == "]"
        assert not lines["browse.clear_filter"].available and lines["app.back"].available
        columns = Columns.of(pilot.app.screen.groups)
        assert "app.history_forward  (not now)" in key_line(lines["app.history_forward"], columns).plain
        groups = [group.title for group in pilot.app.screen.groups]
        assert groups[0] == "Resource table" and groups[-1] == "Everywhere"  # most specific first
        await pilot.press("escape")
        await type_filter(pilot, "slash", "a", "enter")
        await pilot.press("question_mark")
        assert help_lines(pilot)["browse.clear_filter"].available and table.filter_text == "a"


async def test_help_scrolls_at_80x24() -> None:
    async with AwsxApp(small_estate()).run_test(size=(80, 24)) as pilot:
        await open_kind(pilot, "Subnets")
        await pilot.press("question_mark")
        box = pilot.app.screen.query_one(VerticalScroll)
        assert box.max_scroll_y > 0 and box.region.right <= 80
        assert "app.export" not in screen_text(pilot)  # the last lines are below the fold
        await pilot.press("end")
        await pilot.pause()
        assert "app.export" in screen_text(pilot)


def test_every_kind_lists_what_it_is_and_where_it_lives_first() -> None:
    for spec in SPECS:
        assert [column.title for column in spec.columns[:4]] == ["Id", "Name", "Region", "Account"], spec.kind


DEMO = Path(__file__).parents[2] / "snapshots" / "demo.awsx"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_browse_fits_the_terminal_keeping_counts_and_the_place_columns(size: tuple[int, int]) -> None:
    estate = open_snapshot(DEMO)
    async with AwsxApp(estate).run_test(size=size) as pilot:
        table = await open_kind(pilot, "Network interfaces")
        kinds = pilot.app.screen.query_one(KindList)
        assert kinds.region.width <= size[0] * 0.3 and table.region.right <= size[0]
        text = screen_text(pilot)
        count = estate.kind_counts()["ec2:network-interface"]
        assert f"{count}  Network inter" in text  # a folded sidebar cuts titles, never counts
        inside = table.content_region
        header = text.splitlines()[inside.y][inside.x:inside.right]
        assert header.split()[:4] == ["Id", "Name", "Region", "Account"]  # before the ENI's own columns


def test_cells_render_lists_and_mappings_compactly() -> None:
    assert cell_text(None) == ""
    assert cell_text(True) == "yes"
    assert cell_text(["a", "b"]) == "a, b"
    assert cell_text([{"VpcId": "vpc-1", "State": "attached"}]) == "VpcId=vpc-1 State=attached"
    assert cell_text("x" * 100).endswith("…") and len(cell_text("x" * 100)) == 60


async def test_a_100k_row_kind_renders_only_the_visible_lines_and_scrolls_to_the_end() -> None:
    from awsx.core.graph import Estate
    from awsx.core.model import Resource

    many = [Resource(arn("volume", f"vol-{i:06}"), "ec2:volume", f"vol-{i:06}", "", ACCOUNT, REGION)
            for i in range(100_000)]
    rendered: list[int] = []
    async with AwsxApp(Estate(many)).run_test(size=SIZE) as pilot:
        table = await open_kind(pilot, "EBS volumes")
        await pilot.app.workers.wait_for_complete()  # a kind this big is built in a thread
        await pilot.pause()
        assert table.row_count == 100_000 and table.border_title == "EBS volumes (100000)"
        original = ResourceTable.render_line
        ResourceTable.render_line = lambda self, y: (rendered.append(y), original(self, y))[1]  # type: ignore[method-assign]
        try:
            await pilot.press("end")
            await pilot.pause()
        finally:
            ResourceTable.render_line = original  # type: ignore[method-assign]
        assert table.cursor_arn == arn("volume", "vol-099999")
        assert "vol-099999" in screen_text(pilot)
        assert 0 < len(rendered) <= SIZE[1] * 2  # a screenful (or two), never 100k lines
        await type_filter(pilot, "slash", *"re:^vol-0200")
        assert table.row_count == 100


async def test_the_bundled_demo_snapshot_opens_offline_with_every_kind() -> None:
    """`awsx open snapshots/demo.awsx`: no AWS variables, sockets fenced to loopback (conftest)."""
    estate = open_snapshot(Path(__file__).parents[2] / "snapshots" / "demo.awsx")
    async with AwsxApp(estate).run_test(size=SIZE) as pilot:
        await open_browse(pilot)
        kinds = pilot.app.screen.query_one(KindList)
        marked = {kind for marker in estate.markers for kind in marked_kinds(marker)}  # listed with "?"
        assert {r.kind for r in kinds.rows.values()} == set(estate.kind_counts()) | marked
        assert "snapshot demo.awsx" in screen_text(pilot)
        table = await open_kind(pilot, "VPCs")
        assert table.row_count == estate.kind_counts()["ec2:vpc"]
