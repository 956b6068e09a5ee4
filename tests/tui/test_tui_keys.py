"""Every key of issue 3, pressed as a user would: the pulse and its links, ``:`` with
completion, ``[`` ``]`` history, breadcrumbs, ``x`` ``u`` ``r`` ``i``, ``y`` ``Y`` ``o`` ``O``,
``R``, ``ctrl+p``, ``s`` ``S``, detail search, themes, accents, and a remapped keymap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList, SelectionList, Tree
from tui_fixture import ACCOUNT, REGION, arn, small_estate

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.screens.base import AwsxScreen
from awsx.screens.browse import BrowseScreen
from awsx.screens.detail import DetailScreen
from awsx.screens.exposure import ExposureScreen
from awsx.screens.pulse import SIDE_BY_SIDE_FROM, PulseScreen
from awsx.screens.xray import XrayScreen
from awsx.tui.accounts import parse_accounts
from awsx.tui.app import AwsxApp
from awsx.tui.commands import ENGINES
from awsx.tui.navigation import BROWSE, DETAIL, NavState
from awsx.tui.views import VIEWS, ViewUnavailable, open_view
from awsx.widgets.record_view import RecordView
from awsx.widgets.resource_table import ResourceTable

SIZE = (120, 40)


def screen_text(pilot: Pilot) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def command(pilot: Pilot, text: str) -> None:
    await pilot.press("colon", *text, "enter")
    await settle(pilot)


def table(pilot: Pilot) -> ResourceTable:
    return pilot.app.screen.query_one(ResourceTable)


class FakeEngineScreen(AwsxScreen):
    """Stands in for an engine view: records how it was opened."""

    def __init__(self, estate: Estate, state: NavState) -> None:
        super().__init__(estate)
        self.state = state

    def nav_state(self) -> NavState:
        return self.state


@pytest.fixture
def engine_views(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str | None]]:
    """Engine views that exist: ``open_view`` builds a FakeEngineScreen for them and logs it."""
    opened: list[tuple[str, str, str | None]] = []

    def fake(state: NavState, estate: Estate) -> Screen:
        if state.screen not in ENGINES:
            return open_view(state, estate)
        opened.append((state.screen, state.argument, state.selection))
        return FakeEngineScreen(estate, state)

    monkeypatch.setattr("awsx.tui.app.open_view", fake)
    return opened


async def test_awsx_lands_on_the_pulse_with_counts_faults_and_engine_numbers() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, PulseScreen)
        text = screen_text(pilot)
        assert "Network interfaces  3" in text
        assert "1  Security groups open to 0.0.0.0/0 or ::/0" in text
        assert "0  Open to the whole internet" in text and "0 ports on 0 targets; 0 more to listed ranges" in text
        assert "$0.00/month in 0 findings" in text
        assert "computing" not in text


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (160, 48)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_pulse_panels_stack_below_the_breakpoint_and_never_run_past_the_edge(size: tuple[int, int]) -> None:
    async with AwsxApp(small_estate()).run_test(size=size) as pilot:
        await settle(pilot)
        counts, faults = (pilot.app.screen.query_one(selector).region for selector in ("#counts", "#faults"))
        assert counts.right <= size[0] and faults.right <= size[0]
        if size[0] < SIDE_BY_SIDE_FROM:
            assert faults.y >= counts.bottom and faults.width == size[0]
        else:
            assert faults.x >= counts.right and faults.y == counts.y
        await highlight_fault(pilot, "open-security-groups")  # below the engine lines: scrolled into view
        assert "1  Security groups open to 0.0.0.0/0 or ::/0" in screen_text(pilot)  # on one line


async def highlight_fault(pilot: Pilot, name: str) -> None:
    faults = pilot.app.screen.query_one("#faults", OptionList)
    faults.focus()
    faults.highlighted = faults.get_option_index(name)
    await pilot.pause()


async def test_a_fault_line_opens_the_kind_narrowed_to_its_findings() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await highlight_fault(pilot, "open-security-groups")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        assert table(pilot).row_count == 1 and table(pilot).cursor_arn == arn("security-group", "sg-0web")
        assert "Security groups open to 0.0.0.0/0 or ::/0" in str(table(pilot).border_subtitle)
        assert table(pilot).border_title == "Security groups (1 of 2)"  # the count over the rows


async def open_engine_line(pilot: Pilot, view: str) -> None:
    await settle(pilot)
    faults = pilot.app.screen.query_one("#faults", OptionList)
    faults.highlighted = faults.get_option_index(view)
    await pilot.press("enter")
    await settle(pilot)


async def test_an_engine_line_links_to_its_view() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_engine_line(pilot, "exposure")
        assert isinstance(pilot.app.screen, ExposureScreen)


async def test_an_engine_line_whose_view_is_missing_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(VIEWS, "exposure", replace(VIEWS["exposure"], module="not_built"))
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await open_engine_line(pilot, "exposure")
        assert isinstance(pilot.app.screen, PulseScreen)
        assert any(":exposure is not available" in n.message for n in pilot.app._notifications)


async def test_engine_words_and_keys_open_engine_views_with_argument_and_selection(engine_views) -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "reach eni-0001 eni-0002 443")
        assert isinstance(pilot.app.screen, FakeEngineScreen)
        await pilot.press("escape")
        for word in ("exposure", "privesc", "cost", "waste", "iam"):
            await command(pilot, word)
            await pilot.press("escape")
        pilot.app.navigate(NavState(BROWSE, kind="ec2:network-interface"))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert engine_views == [("reach", "eni-0001 eni-0002 443", None), ("exposure", "", None),
                                ("privesc", "", None), ("cost", "", None), ("waste", "", None),
                                ("iam", "", None), ("reach", "", arn("network-interface", "eni-0002"))]


async def test_i_opens_iam_only_on_iam_kinds(engine_views) -> None:
    role = Resource(f"arn:aws:iam::{ACCOUNT}:role/admin", "iam:role", "admin", "admin", ACCOUNT, "global")
    estate = Estate([*small_estate().resources(), role])
    async with AwsxApp(estate).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "vpc")
        await pilot.press("i")
        assert engine_views == []  # not offered on a VPC
        await command(pilot, "role admin")
        await pilot.press("i")
        await settle(pilot)
        assert engine_views == [("iam", "", role.arn)]


async def test_colon_opens_a_kind_by_alias_with_words_as_the_filter() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "eni prod")
        assert table(pilot).kind.name == "ec2:network-interface"
        assert table(pilot).filter_text == "prod" and table(pilot).row_count == 2
        assert pilot.app.focused is table(pilot)
        await command(pilot, "sg")
        assert table(pilot).kind.name == "ec2:security-group"
        await command(pilot, "pulse")
        assert isinstance(pilot.app.screen, PulseScreen)
        await command(pilot, "nonsense")
        assert any("unknown command :nonsense" in n.message for n in pilot.app._notifications)
        await command(pilot, "q")
        assert not pilot.app.is_running


async def test_tab_completes_the_command_word() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"subn")
        assert "subnet Subnets" in screen_text(pilot)  # the hint line
        await pilot.press("tab")
        assert pilot.app.screen.query_one("#command").value == "subnet "
        await pilot.press(*"prod-b", "enter")
        await settle(pilot)
        assert table(pilot).row_count == 1 and table(pilot).cursor_arn == arn("subnet", "subnet-0b")


async def test_history_brings_back_filter_sort_and_cursor_and_breadcrumbs_show_the_way() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "subnet")
        await pilot.press("slash", *"prod", "enter")
        await settle(pilot)
        await pilot.press("s", "s", "S", "down")  # by name, descending; second row
        sorted_titles = table(pilot).column_titles[:2]
        chosen = table(pilot).cursor_arn
        assert sorted_titles == ["Id", "Name▼"] and chosen == arn("subnet", "subnet-0a")
        await pilot.press("enter")
        assert "pulse › Subnets /prod › subnet-0a" in screen_text(pilot)
        await command(pilot, "vpc")
        await pilot.press("left_square_bracket")  # back to the subnet's detail
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == "subnet-0a"
        await pilot.press("left_square_bracket")  # back to the filtered, sorted list
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        assert table(pilot).filter_text == "prod" and table(pilot).row_count == 2
        assert table(pilot).column_titles[:2] == sorted_titles and table(pilot).cursor_arn == chosen
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen) and table(pilot).kind.name == "ec2:vpc"


async def test_escape_walks_out_and_history_follows() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "eni")
        await pilot.press("enter", "x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, XrayScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen) and table(pilot).kind.name == "ec2:network-interface"


async def test_x_shows_the_dependency_tree_and_children_load_on_expand() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.navigate(NavState(DETAIL, arn("network-interface", "eni-0001"), "ec2:network-interface"))
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        tree = pilot.app.screen.query_one(Tree)
        subnet = tree.root.children[0]
        assert subnet.data.resource.id == "subnet-0a" and len(subnet.children) == 0  # not loaded yet
        text = screen_text(pilot)
        assert "! MEMBER_OF_SECURITY_GROUP  sg-0web" in text and "warn: open-security-groups" in text
        assert "? MEMBER_OF_SECURITY_GROUP  sg-0gone  missing-ref" in text
        await pilot.press("down", "space")
        await settle(pilot)
        assert [c.data.resource.id for c in subnet.children] == ["vpc-0prod"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == "subnet-0a"


async def test_u_shows_what_uses_the_selection() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "sg web")
        await pilot.press("u")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Used by" in text and "eni-0001" in text and "eni-0003" in text and "sg-0db" in text


async def test_y_and_Y_copy_id_and_arn_O_the_console_url(monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr(AwsxApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "vpc")
        await pilot.press("y", "Y", "O")
        assert copied == ["vpc-0prod", arn("vpc", "vpc-0prod"),
                          "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1"
                          "#VpcDetails:VpcId=vpc-0prod"]


async def test_o_opens_a_browser_locally_but_copies_over_ssh(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    monkeypatch.setattr(AwsxApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "vpc")
        await pilot.press("o")
        assert len(opened) == 1 and copied == []
        monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
        await pilot.press("o")
        assert len(opened) == 1 and copied == opened


async def test_R_picks_the_regions_in_view() -> None:
    other = Resource("arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0east", "ec2:vpc", "vpc-0east", "east",
                     ACCOUNT, "us-east-1")
    base = small_estate()
    estate = Estate([*base.resources(), other], base.edges(), base.markers, base.dangling,
                    replace(base.info, regions=(REGION, "us-east-1")))
    async with AwsxApp(estate).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await command(pilot, "vpc")
        assert table(pilot).row_count == 3
        await pilot.press("R")
        await settle(pilot)
        picker = pilot.app.screen.query_one(SelectionList)
        assert picker.selected == [REGION, "us-east-1"]
        await pilot.press("down", "space", "enter")  # untick us-east-1
        await settle(pilot)
        assert pilot.app.context.regions == frozenset({REGION})
        assert table(pilot).row_count == 2 and "vpc-0east" not in screen_text(pilot)


async def test_ctrl_p_finds_a_resource_by_ip_address_and_opens_it() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"10.0.2.20")
        await settle(pilot)
        await pilot.pause(0.3)
        assert "eni-0002" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == "eni-0002"


async def test_slash_in_detail_searches_the_record_and_n_moves_on() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.navigate(NavState(DETAIL, arn("vpc", "vpc-0prod"), "ec2:vpc"))
        await settle(pilot)
        await pilot.press("slash", *"prod", "enter")
        record = pilot.app.screen.query_one(RecordView)
        assert record.border_subtitle == "/prod: 1 of 3"
        await pilot.press("n")
        assert record.border_subtitle == "/prod: 2 of 3"


async def test_ctrl_t_switches_between_dark_and_light() -> None:
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "awsx-dark"
        await pilot.press("ctrl+t")
        assert pilot.app.theme == "awsx-light" and not pilot.app.current_theme.dark


async def test_a_prod_account_is_red_and_named_by_its_alias() -> None:
    accounts = parse_accounts(f'[accounts."{ACCOUNT}"]\nalias = "prod"\n')
    async with AwsxApp(small_estate(), accounts).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.current_theme.primary == "red"
        assert f"prod ({ACCOUNT})" in screen_text(pilot)


async def test_keys_follow_the_keymap_file(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"app.xray" = "X"\n"browse.filter" = "f"\n"nonsense" = ""\n')
    monkeypatch.setenv("AWSX_KEYMAP", str(keymap))
    async with AwsxApp(small_estate()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("nonsense needs a key" in n.message for n in pilot.app._notifications)
        await command(pilot, "subnet")
        await pilot.press("f", *"staging", "enter")
        await settle(pilot)
        assert table(pilot).row_count == 1
        await pilot.press("x")
        assert isinstance(pilot.app.screen, BrowseScreen)  # x is no longer xray
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(pilot.app.screen, XrayScreen)
        await pilot.press("question_mark")
        keys = {line.binding_id: line.keys for group in pilot.app.screen.groups for line in group.lines}
        assert keys["app.xray"] == "X"  # help follows the keymap


def test_a_missing_view_is_one_line() -> None:
    with pytest.raises(ViewUnavailable, match="no view named"):
        open_view(NavState("nope"), small_estate())
