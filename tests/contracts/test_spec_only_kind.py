"""A resource type is data (ARCHITECTURE.md, "How to add a resource type"): a made-up kind that
has a spec and nothing else is walked through every place the issue names (browse, detail,
xray / used-by, the palette, ``ls``, ``show``, diff and export, the CLI in-process and the TUI
by Pilot) without a line of UI code for it."""

from __future__ import annotations

import csv
import json

import pytest
from textual.pilot import Pilot
from textual.widgets import Tree
from tui_views import settle

from awsx.cli.main import main
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Edge, Relation, Resource
from awsx.inventory import specs
from awsx.inventory.specs.base import ResourceSpec, col, columns
from awsx.screens.browse import BrowseScreen
from awsx.screens.detail import DetailScreen
from awsx.screens.xray import XrayScreen
from awsx.store.snapshot import write_snapshot
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import DETAIL, NavState
from awsx.widgets.resource_table import ResourceTable

KIND = "acme:widget"
SPEC = ResourceSpec(kind=KIND, service="acme", operation="ListWidgets", items="Widgets", id="WidgetId",
                    name="WidgetName", title="Acme widgets", aliases=("widget",),
                    columns=columns(col("Colour", "data.Colour")))
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """The spec in the registry, as a module in inventory/specs/ would put it there."""
    monkeypatch.setitem(specs.KINDS, KIND, SPEC.kind_info)


def _widget(widget_id: str, name: str, colour: str) -> Resource:
    return Resource(arn=f"arn:aws:acme:eu-west-1:123456789012:widget/{widget_id}", kind=KIND, id=widget_id,
                    name=name, account="123456789012", region="eu-west-1",
                    data={"WidgetId": widget_id, "WidgetName": name, "Colour": colour})


def _estate(*widgets: Resource) -> Estate:
    sprocket, gear = widgets[0], widgets[1]
    return Estate(widgets, [Edge(sprocket.arn, gear.arn, Relation.ATTACHED_TO)],
                  info=EstateInfo("snapshot widgets.awsx", "2025-01-02T03:04:05+00:00",
                                  accounts=("123456789012",), regions=("eu-west-1",)))


SPROCKET, GEAR = _widget("w-1", "sprocket", "red"), _widget("w-2", "gear", "blue")


@pytest.fixture
def snapshot(tmp_path):
    return write_snapshot(_estate(SPROCKET, GEAR), tmp_path / "widgets.awsx")


def _cli(capsys, *argv: str):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_ls_lists_it_by_kind_and_alias_with_its_title_and_columns(snapshot, capsys):
    listed = json.loads(_cli(capsys, "ls", KIND, "--snapshot", str(snapshot), "--json"))
    assert {r["id"] for r in listed["resources"]} == {"w-1", "w-2"}
    table = _cli(capsys, "ls", "widget", "--snapshot", str(snapshot))
    assert "Acme widgets" in table and "Colour" in table and "sprocket" in table


def test_show_gives_its_relations_both_ways(snapshot, capsys):
    shown = json.loads(_cli(capsys, "show", "w-1", "--snapshot", str(snapshot), "--json"))
    assert [(e["relation"], e["target"]) for e in shown["out"]] == [("ATTACHED_TO", GEAR.arn)]
    used = json.loads(_cli(capsys, "show", "gear", "--snapshot", str(snapshot), "--json"))
    assert [e["source"] for e in used["in"]] == [SPROCKET.arn]


def test_diff_sees_it_added_and_changed(snapshot, tmp_path, capsys):
    later = write_snapshot(_estate(_widget("w-1", "sprocket", "green"), GEAR, _widget("w-3", "cog", "red")),
                           tmp_path / "later.awsx")
    changes = json.loads(_cli(capsys, "diff", str(snapshot), str(later), "--json"))
    assert [a["id"] for a in changes["added"]] == ["w-3"]
    (changed,) = changes["changed"]
    assert changed["arn"] == SPROCKET.arn and {"path": "data.Colour", "old": "red", "new": "green"} in changed["fields"]


def test_export_carries_its_nodes_and_edge(snapshot, capsys):
    graph = json.loads(_cli(capsys, "export", "--snapshot", str(snapshot), "--format", "json"))
    text = json.dumps(graph)
    assert SPROCKET.arn in text and GEAR.arn in text and "ATTACHED_TO" in text


def _screen_text(pilot: Pilot) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def test_the_tui_browses_details_xrays_finds_and_exports_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with AwsxApp(_estate(SPROCKET, GEAR)).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"widget sprocket", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BrowseScreen)
        assert pilot.app.screen.query_one(ResourceTable).kind.title == "Acme widgets"
        assert "Colour" in _screen_text(pilot) and "red" in _screen_text(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        (exported,) = tmp_path.glob("awsx-widget-*.csv")
        rows = list(csv.reader(exported.open(newline="")))
        assert "Colour" in rows[0] and [r[0] for r in rows[1:]] == ["w-1"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == "w-1"
        assert "ATTACHED_TO" in _screen_text(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, XrayScreen)
        assert [c.data.resource.id for c in pilot.app.screen.query_one(Tree).root.children] == ["w-2"]
        pilot.app.navigate(NavState(DETAIL, GEAR.arn, KIND))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Used by" in _screen_text(pilot) and "w-1" in _screen_text(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"gear")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DetailScreen) and pilot.app.screen.resource.id == "w-2"
