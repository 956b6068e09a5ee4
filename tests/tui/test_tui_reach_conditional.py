"""The reach view renders a conditional answer as the engine gives it (issue 16): the headline
says CONDITIONAL, not NOT REACHABLE, the missing inputs are listed, and the undecided hop is
marked unknown in the path and in the export; no verdict is computed in the UI."""

from __future__ import annotations

from reach_fixtures import two_tier
from reach_service_fixtures import ServiceBuilder
from rich.console import Console

from awsx.reach.query import reach
from awsx.widgets.path_view import HopOption
from screens.reach import hop_rows, verdict_text


def conditional_verdict():
    b = ServiceBuilder(two_tier())
    b.ecs_task("task-1", "prod", "subnet-private", "10.0.1.30", "eni-gone")  # no ENI, no service: groups unknown
    return reach(b.build(), "i-web", "task-1", 8080)


def rendered(renderable) -> str:
    console = Console(width=120, record=True)
    console.print(renderable)
    return console.export_text()


def test_a_conditional_verdict_says_so_and_names_what_is_missing():
    verdict = conditional_verdict()
    text = verdict_text(verdict).plain
    assert text.startswith("? CONDITIONAL") and "NOT REACHABLE" not in text
    assert f"unknown: {verdict.conditional[0]}" in text


def test_the_undecided_hop_is_marked_unknown_in_the_path_and_the_export():
    verdict = conditional_verdict()
    [hop] = [h for h in verdict.hops if h.decision == "unknown"]
    assert "? unkn." in rendered(HopOption(hop, deciding=False).prompt)
    _, rows = hop_rows(verdict)
    assert [row[4] for row in rows if row[4] != "allow"] == ["unknown"]
