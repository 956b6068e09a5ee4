"""The pure parts behind the TUI: navigation state and history, xray marks, the accounts
file, the status line's age, the engine lines of the pulse, and the command words."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from tui_fixture import ACCOUNT, REGION, arn, small_estate

from awsx.core.graph import Estate
from awsx.core.model import Edge, Marker, MarkerStatus, Relation, Resource
from awsx.cost.waste import waste_report
from awsx.pulse.engines import ENGINE_CHECKS, PulseInputs
from awsx.pulse.xray import children, reference_mark
from awsx.reach.exposure import exposure
from awsx.reach.identity import admin_targets, exposed_identities
from awsx.tui.accounts import parse_accounts
from awsx.tui.commands import ENGINES, completions, parse_command
from awsx.tui.navigation import BROWSE, DETAIL, PULSE, History, NavState
from awsx.tui.views import VIEWS
from awsx.widgets.command_line import hint_content
from awsx.widgets.status import age_text, source_text


def test_a_nav_state_survives_json_unchanged() -> None:
    state = NavState(BROWSE, arn("subnet", "subnet-0a"), "ec2:subnet", "prod", 2, True, "open-security-groups")
    assert NavState.from_json(state.to_json()) == state


def test_history_goes_back_and_forward_and_a_new_visit_drops_the_forward_part() -> None:
    history = History(NavState(PULSE))
    history.visit(NavState(BROWSE, kind="ec2:vpc"))
    history.update(NavState(BROWSE, kind="ec2:vpc", filter="prod"))
    history.visit(NavState(DETAIL, "arn:1"))
    assert history.back() == NavState(BROWSE, kind="ec2:vpc", filter="prod")
    assert history.back() == NavState(PULSE)
    assert history.back() is None
    assert history.forward() == NavState(BROWSE, kind="ec2:vpc", filter="prod")
    history.visit(NavState(DETAIL, "arn:2"))
    assert history.forward() is None and not history.can_go(1)
    assert history.back() == NavState(BROWSE, kind="ec2:vpc", filter="prod")


def test_xray_marks_an_open_group_warn_and_a_deleted_one_missing_ref() -> None:
    estate = small_estate()
    nodes = {n.ref.rsplit("/", 1)[-1]: n for n in children(estate, arn("network-interface", "eni-0001"), "down")}
    assert nodes["subnet-0a"].mark == "ok" and nodes["vpc-0prod"].mark == "ok"
    assert (nodes["sg-0web"].mark, nodes["sg-0web"].reason) == ("warn", "open-security-groups")
    assert nodes["sg-0gone"].mark == "missing-ref" and not nodes["sg-0gone"].expandable


def test_a_reference_into_a_denied_service_is_denied_not_missing() -> None:
    estate = small_estate()
    [db] = [n for n in children(estate, arn("network-interface", "eni-0002"), "down") if n.resource is None]
    assert db.mark == "denied" and "rds: denied" in db.reason
    assert reference_mark(estate, "sg-0nothere")[0] == "missing-ref"  # EC2 was read fine


def test_used_by_walks_reverse_edges() -> None:
    estate = small_estate()
    users = [n.resource.id for n in children(estate, arn("security-group", "sg-0web"), "up")]
    # By relation (MEMBER_OF_... before REFERENCES_...), then kind, then name or id.
    assert users == ["eni-0003", "eni-0001", "sg-0db"]


def test_a_blackhole_route_is_a_warning_on_its_edge() -> None:
    table = Resource("arn:rtb", "ec2:route-table", "rtb-1", "", ACCOUNT, REGION)
    gateway = Resource("arn:igw", "ec2:internet-gateway", "igw-1", "", ACCOUNT, REGION)
    estate = Estate([table, gateway], [Edge("arn:rtb", "arn:igw", Relation.ROUTES_TO, {"State": "blackhole"})])
    [node] = children(estate, "arn:rtb", "down")
    assert (node.mark, node.reason) == ("warn", "blackhole route")


def test_accounts_file_gives_aliases_and_prod_is_red_unless_told_otherwise() -> None:
    config = parse_accounts('theme = "light"\n[accounts."111"]\nalias = "prod-main"\n'
                            '[accounts."222"]\nalias = "dev"\naccent = "#00aa00"\n')
    assert config.theme == "light" and not config.problems
    assert config.label("111") == "prod-main (111)" and config.label("333") == "333"
    assert config.accent(["111"]) == "red"
    assert config.accent(["222", "111"]) == "#00aa00"  # an explicit accent wins
    assert config.accent(["333"]) is None


def test_a_bad_accounts_file_is_a_problem_line_not_a_crash() -> None:
    assert parse_accounts("theme = [").problems[0].startswith("accounts:")
    assert "theme must be one of" in parse_accounts('theme = "blue"').problems[0]


def test_the_source_says_how_old_the_snapshot_is() -> None:
    now = datetime(2025, 1, 2, 8, 4, 5, tzinfo=timezone.utc)
    assert age_text("2025-01-02T07:30:00Z", now) == "34 min old"
    assert age_text("2025-01-02T03:04:05Z", now) == "5 hours old"
    assert age_text("2024-12-20T00:00:00+00:00", now) == "13 days old"
    assert age_text("", now) == "age unknown"
    assert age_text("2025-01-03T00:00:00Z", now) == "from the future: check this machine's clock"
    assert source_text(small_estate().info, now) == "snapshot fixture.awsx as of 2025-01-02 03:04Z, 5 hours old"


def test_the_pulse_engine_lines_are_the_engines_own_numbers(demo_estate) -> None:
    inputs = PulseInputs(demo_estate)
    pulses = {check.key: check.run(inputs) for check in ENGINE_CHECKS}
    found = exposure(demo_estate)
    world = [e for e in found if e.world]  # issue 14: the headline is what the whole internet can open
    assert pulses["exposure"].count == len(world) > 0
    assert pulses["exposure"].summary.endswith(f"; {len(found) - len(world)} more to listed ranges")
    admins = admin_targets(exposed_identities(demo_estate, found))  # issue 14: exposure joined with identity
    assert pulses["exposure admin"].count == len(admins) == 1
    assert pulses["exposure admin"].summary == "1 internet-reachable target runs as admin: prod-use1-alb"
    assert pulses["waste"].count == len(waste_report(demo_estate).findings) > 0
    assert pulses["cost"].summary.startswith("$") and pulses["privesc"].count is not None
    top = max(waste_report(demo_estate).findings, key=lambda f: f.monthly_savings or 0.0)
    assert pulses["waste"].summary.endswith(f"top: {top.rule} {top.arn.rsplit('/', 1)[-1]} ${top.monthly_savings:,.2f}")


def test_every_engine_view_is_a_command_word_and_completes() -> None:
    assert set(ENGINES) <= {view.word for view in VIEWS.values() if view.command}
    assert parse_command(":reach i-0ab db-1 443").verb == "engine"
    assert parse_command(":reach i-0ab db-1 443").filter == "i-0ab db-1 443"
    assert "waste" in completions("wa")


@pytest.mark.parametrize(("typed", "hint"), [
    ("reach web db 443", "reach Reachability: can A reach B, and which rule decides · web db 443"),
    ("eni vpc-0ab", "eni Network interfaces · filter: vpc-0ab"),
    ("export csv rows.csv", "export save the rows in view: [json|csv|md] [FILE] · csv rows.csv"),
    ("nonsense words", "no such command (kinds, pulse, reach, iam, cost, export, diff, who, follow, q)"),
])
def test_the_hint_line_describes_a_known_word_once_arguments_follow(typed: str, hint: str) -> None:
    assert hint_content(typed).plain == hint


def test_a_marker_with_a_service_makes_references_into_it_denied() -> None:
    estate = Estate([], markers=[Marker(ACCOUNT, REGION, "lambda", "ListFunctions", MarkerStatus.THROTTLED, "x")])
    assert reference_mark(estate, f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f")[0] == "denied"


def test_awsx_pulse_json_is_the_dashboard(capsys) -> None:
    import json
    from pathlib import Path

    from awsx.cli.main import main
    from awsx.pulse.faults import pulse_faults
    from awsx.store.snapshot import open_snapshot

    snapshot = Path(__file__).parents[2] / "snapshots" / "demo.awsx"
    assert main(["pulse", "--json", "--snapshot", str(snapshot)]) == 0
    answer = json.loads(capsys.readouterr().out)
    estate = open_snapshot(snapshot)
    assert [f["arns"] for f in answer["faults"]] == [list(f.arns) for f in pulse_faults(estate)]
    assert [(e["view"], e["argument"]) for e in answer["engines"]] == [
        ("exposure", ""), ("exposure", "admin"), ("privesc", ""), ("cost", ""), ("waste", "")]
    assert answer["counts"]["ec2:network-interface"]["123456789012/us-east-1"] > 0
