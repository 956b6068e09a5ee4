"""The README says the two commands first, its IAM policy is the one the code needs, and its
escalation table is the catalogue status the code computes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from awsx.cli.main import VERBS, build_parser
from awsx.iam.catalogue.status import catalogue_report
from awsx.inventory.readonly import minimal_policy

README = (Path(__file__).parents[2] / "README.md").read_text()


def test_quick_start_is_exactly_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]


def test_the_documented_iam_policy_is_the_minimal_policy():
    block = re.search(r"<!-- minimal-policy:start -->\s*```json\n(.*?)```", README, re.S)
    assert block and json.loads(block.group(1)) == minimal_policy()


def test_every_verb_is_documented():
    for verb in VERBS:
        assert f"`awsx {verb.name}" in README, verb.name


def test_the_parser_offers_exactly_the_verbs_of_the_table():
    assert list(build_parser().verbs) == [verb.name for verb in VERBS]


def test_every_tui_binding_id_is_documented():
    from awsx.screens.browse import BrowseScreen
    from awsx.screens.detail import DetailScreen
    from awsx.screens.xray import XrayScreen
    from awsx.tui.app import AwsxApp
    from awsx.widgets.record_view import RecordView
    from awsx.widgets.resource_table import ResourceTable

    for owner in (AwsxApp, BrowseScreen, DetailScreen, XrayScreen, RecordView, ResourceTable):
        for binding in owner.BINDINGS:
            if binding.show or binding.id.startswith("app."):
                assert f"`{binding.id}`" in README, binding.id


def catalogue_markdown() -> str:
    """The README's escalation table, as the code computes it (issue 15 item 5)."""
    rows = ["| Id | Name | Status in awsx | Why |", "|---|---|---|---|"]
    rows += [f"| [{p.id}]({p.source}) | `{p.name}` | {p.status} | {p.reason} |" for p in catalogue_report().paths]
    return "\n".join(rows)


def test_the_readme_escalation_table_is_the_computed_catalogue():
    block = re.search(r"<!-- escalation-catalogue:start -->\n(.*?)\n<!-- escalation-catalogue:end -->", README, re.S)
    assert block is not None
    assert block.group(1) == catalogue_markdown(), "regenerate it from catalogue_markdown() in this file"
