"""The reach and exposure screens on the bundled demo estate: every key, and that what they
show is the engine's answer as it is (the same record ``awsx reach --json`` prints)."""

from __future__ import annotations

import pytest
from test_tui import screen_text
from textual.widgets import Input, OptionList, Static
from tui_views import SIZE, SNAPSHOT_SIZES, push, settle, view

from awsx.reach import Unresolvable, checked_port, exposure, reach
from awsx.screens.detail import DetailScreen
from awsx.screens.exposure import ExposureScreen
from awsx.screens.reach import ReachScreen
from awsx.screens.resource_link import open_component
from awsx.tui.app import AwsxApp
from awsx.widgets.endpoint_picker import CandidateOption, EndpointPicker
from awsx.widgets.path_view import HopOption, PathView


def highlighted_hop(screen) -> HopOption:
    path = screen.query_one(PathView)
    option = path.get_option_at_index(path.highlighted)
    assert isinstance(option, HopOption)
    return option


async def test_a_complete_argument_runs_the_query_and_shows_the_engines_verdict(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-bastion prod-use1-app-a 22 tcp")
        assert isinstance(screen, ReachScreen)
        expected = reach(demo, "prod-use1-bastion", "prod-use1-app-a", 22, "tcp")
        assert screen.verdict is not None and screen.verdict.to_json() == expected.to_json()
        text = screen_text(pilot)
        assert "✘ NOT REACHABLE" in text
        assert "blocked by nacl-inbound" in text and "rule 90: deny tcp 22" in text
        # the deciding hop is the one highlighted, and marked
        hop = highlighted_hop(screen).hop
        assert (hop.kind, hop.decision, hop.direction) == ("network-acl", "deny", "forward")
        assert "rule 90" in hop.rule and "◀ deciding rule" in text
        assert "forward: request" in text and "return: the reply" in text


async def test_the_four_demo_questions_on_screen(demo) -> None:
    questions = {
        "prod-use1-alb prod-use1-app-a 443": "✔ REACHABLE",
        "internet prod-use1-orders-db 5432": "blocked by no-public-ip",
        "prod-use1-bastion prod-use1-app-a 22": "blocked by nacl-inbound",
        "prod-use1-app-a internet 443": "✔ REACHABLE",
    }
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        for argument, headline in questions.items():
            screen = await push(pilot, "reach", argument)
            assert headline in screen_text(pilot), argument
            if argument.startswith("prod-use1-app-a internet"):
                assert any(h.kind == "nat-gateway" for h in screen.verdict.hops)
            await pilot.press("escape")


async def test_typing_fuzzy_picks_fills_the_fields_and_enter_runs_the_query(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach")
        source = screen.query_one("#source", EndpointPicker)
        assert source.query_one(Input).has_focus
        await pilot.press(*"use1bastion")  # fuzzy: the letters in order; the q-less name still types
        candidates = source.query_one(OptionList)
        assert candidates.display and candidates.option_count >= 1
        first = candidates.get_option_at_index(0)
        assert isinstance(first, CandidateOption) and first.candidate.name == "prod-use1-bastion"
        await pilot.press("down", "enter")
        bastion = demo.find("prod-use1-bastion")
        assert source.value == bastion.id
        destination = screen.query_one("#destination", EndpointPicker)
        assert destination.query_one(Input).has_focus  # Enter on a candidate moves on
        await pilot.press(*"use1appa", "down", "enter")
        assert destination.value == demo.find("prod-use1-app-a").id
        assert screen.query_one("#port", Input).has_focus
        await pilot.press("2", "2", "enter")
        await settle(pilot)
        assert screen.verdict.to_json() == reach(demo, bastion.id, destination.value, 22).to_json()


async def test_enter_on_a_fuzzy_fragment_takes_the_best_match_and_an_exact_name_stays(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach")
        await pilot.press(*"use1bastion", "enter", *"prod-use1-app-a", "enter", "2", "2", "enter")
        await settle(pilot)
        assert screen.query_one("#source", EndpointPicker).value == demo.find("prod-use1-bastion").id
        assert screen.query_one("#destination", EndpointPicker).value == "prod-use1-app-a"
        assert screen.verdict.to_json() == reach(demo, "prod-use1-bastion", "prod-use1-app-a", 22).to_json()


async def test_letters_typed_into_a_field_are_text_not_keys(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach")
        await pilot.press("q", "question_mark")
        assert pilot.app.is_running and pilot.app.screen is screen
        assert screen.query_one("#source", EndpointPicker).value == "q?"


async def test_whole_word_matches_come_before_fuzzy_ones(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach")
        await pilot.press("d", "b")
        options = screen.query_one("#source", EndpointPicker).query_one(OptionList)
        shown = [options.get_option_at_index(i).candidate for i in range(options.option_count)]
        whole = [any("db" in cell.casefold() for cell in c.row.cells) for c in shown]  # id, name, kind or IP
        assert any(not w for w in whole) and whole == sorted(whole, reverse=True)  # all whole-word ones first
        assert {c.name for c in shown if c.kind == "rds:db-instance"} <= {c.name for c, w in zip(shown, whole) if w}


async def test_an_ip_address_narrows_the_candidates_literally(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach")
        await pilot.press(*"10.10.0.10")
        options = screen.query_one("#source", EndpointPicker).query_one(OptionList)
        shown = [options.get_option_at_index(i).candidate for i in range(options.option_count)]
        assert "prod-use1-bastion" in {c.name for c in shown}
        assert all(any("10.10.0.10" in address for address in c.ips) for c in shown)  # not 10.10.10.10


async def test_ctrl_t_swaps_the_ends_and_ctrl_r_checks_again(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-app-a prod-use1-orders-db 5432")
        assert screen.verdict.reachable
        await pilot.press("ctrl+t")
        assert screen.query_one("#source", EndpointPicker).value == "prod-use1-orders-db"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.verdict.source.startswith("prod-use1-orders-db")
        assert screen.verdict.to_json() == reach(demo, "prod-use1-orders-db", "prod-use1-app-a", 5432).to_json()


async def test_a_selection_is_the_source(demo) -> None:
    app_a = demo.find("prod-use1-app-a")
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-orders-db 5432", selection=app_a.arn)
        assert screen.query_one("#source", EndpointPicker).value == app_a.id
        assert screen.verdict is not None and screen.verdict.reachable


async def test_bad_input_is_one_red_line_not_a_crash(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-app-a no-such-thing 443")
        assert "no resource matches 'no-such-thing'" in screen_text(pilot)
        assert screen.verdict is None and screen.query_one(PathView).option_count == 0
        await pilot.press("ctrl+t", "ctrl+r")  # still alive; the other order fails the same way
        await settle(pilot)
        assert "no resource matches 'no-such-thing'" in screen_text(pilot)
        screen.query_one("#port", Input).value = ""
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "port must be a number from 0 to 65535, not ''" in screen_text(pilot)


@pytest.mark.parametrize("port", ["-5", "70000", "abc"])
async def test_a_bad_port_is_the_engines_one_line(demo, port) -> None:
    with pytest.raises(Unresolvable) as refused:
        checked_port(port)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", f"prod-use1-bastion prod-use1-app-a {port}")
        assert str(screen.query_one("#verdict", Static).render()) == str(refused.value)
        assert screen.verdict is None


async def test_a_bad_protocol_is_the_engines_one_line(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "prod-use1-bastion prod-use1-app-a 22 icmp")
        assert str(screen.query_one("#verdict", Static).render()) == "protocol must be one of tcp, udp, not 'icmp'"


async def test_enter_on_a_hop_opens_that_component_and_escape_returns(demo) -> None:
    messages = []
    async with AwsxApp(demo).run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = await push(pilot, "reach", "prod-use1-bastion prod-use1-app-a 22")
        await pilot.press("ctrl+l")
        assert screen.query_one(PathView).has_focus
        deciding = highlighted_hop(screen).hop
        await pilot.press("enter")
        chosen = [m for m in messages if isinstance(m, PathView.HopChosen)]
        assert [m.hop for m in chosen] == [deciding]
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.resource.id == deciding.id
        await pilot.press("escape")
        assert pilot.app.screen is screen


async def test_a_hop_that_is_not_a_resource_says_so(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "reach", "internet prod-use1-orders-db 5432")
        await pilot.press("ctrl+l", "enter")  # the modelled RDS node: named by its identifier
        assert isinstance(pilot.app.screen, DetailScreen)
        await pilot.press("escape")
        open_component(screen, demo, "internet")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert any("internet" in n.title for n in pilot.app._notifications)


async def test_exposure_lists_the_engines_findings_and_draws_the_highlighted_path(demo) -> None:
    expected = exposure(demo)
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "exposure")
        assert isinstance(screen, ExposureScreen)
        assert [(f.target, f.protocol, f.port) for f in screen.found] == [(f.target, f.protocol, f.port) for f in expected]
        world = [f for f in expected if f.world]  # issue 14: the world count is the headline
        text = screen_text(pilot)
        assert f"{len(world)} port(s) on" in text and f"{len(expected) - len(world)} to listed ranges" in text
        assert screen.query_one(PathView).option_count > 0
        first_path = [o.hop for o in screen.query_one(PathView)._options if isinstance(o, HopOption)]
        assert list(first_path) == list(expected[0].path.hops)
        await pilot.press("down")
        second = [o.hop for o in screen.query_one(PathView)._options if isinstance(o, HopOption)]
        assert list(second) == list(expected[1].path.hops)


async def test_exposure_enter_goes_into_the_path_and_enter_on_a_hop_opens_it(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "exposure")
        await pilot.press("enter")
        assert screen.query_one(PathView).has_focus
        hop = highlighted_hop(screen).hop
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == hop.id


async def test_exposure_o_opens_the_target_and_r_asks_the_reach_screen(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "exposure")
        first = screen.found[0]
        await pilot.press("o")
        assert isinstance(pilot.app.screen, DetailScreen)
        assert pilot.app.screen.resource.arn == demo.find(first.target).arn
        await pilot.press("escape", "r")
        await settle(pilot)
        reach_screen = pilot.app.screen
        assert isinstance(reach_screen, ReachScreen) and reach_screen.verdict.reachable
        assert reach_screen.verdict.to_json() == first.path.to_json()


async def test_exposure_argument_is_a_port(demo) -> None:
    async with AwsxApp(demo).run_test(size=SIZE) as pilot:
        screen = await push(pilot, "exposure", "22")
        assert screen.found and {f.port for f in screen.found} == {22}
        assert "on port 22" in screen_text(pilot)
        await pilot.press("escape")
        await push(pilot, "exposure", "ssh")
        assert "'ssh' is not a port number" in screen_text(pilot)


@SNAPSHOT_SIZES
def test_reach_screen_snapshot(snap_compare, demo, size) -> None:
    """bastion -> app on 22: blocked by the app NACL's rule 90, the deciding hop highlighted."""
    assert snap_compare(AwsxApp(demo), terminal_size=size,
                        run_before=view("reach", "prod-use1-bastion prod-use1-app-a 22"))


@SNAPSHOT_SIZES
def test_exposure_screen_snapshot(snap_compare, demo, size) -> None:
    """The findings and the first one's path (beside it when wide, under it when narrow)."""
    assert snap_compare(AwsxApp(demo), terminal_size=size, run_before=view("exposure"))
