"""``awsx open FILE``: the pulse paints from the snapshot's manifest before the estate has
loaded, says it is loading, refuses views until then, and fills in the real lines after."""

from __future__ import annotations

import threading

import msgspec
import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList
from tui_fixture import small_estate

from awsx.core.errors import SnapshotError
from awsx.screens.pulse import PulseScreen
from awsx.store.snapshot import SnapshotReader, write_snapshot
from awsx.tui.app import AwsxApp
from awsx.tui.navigation import BROWSE, NavState

SIZE = (120, 40)


def screen_text(pilot: Pilot) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def held_reader(tmp_path, monkeypatch: pytest.MonkeyPatch, *, strip_places: bool = False):
    """A reader of the small estate's snapshot whose load waits for the returned event."""
    path = write_snapshot(small_estate(), tmp_path / "small.awsx")
    reader = SnapshotReader(path)
    if strip_places:
        kinds = {kind: msgspec.structs.replace(entry, places=None) for kind, entry in reader.manifest.kinds.items()}
        reader.manifest = msgspec.structs.replace(reader.manifest, kinds=kinds)
    release = threading.Event()
    load = reader.load

    def held_load():
        release.wait(10)
        return load()

    monkeypatch.setattr(reader, "load", held_load)
    return reader, release


def counts_rows(pilot: Pilot) -> list[list[str]]:
    table = pilot.app.screen_stack[0].query_one("#counts", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_pulse_paints_manifest_counts_while_loading_then_the_estate(tmp_path, monkeypatch) -> None:
    estate = small_estate()
    reader, release = held_reader(tmp_path, monkeypatch)
    async with AwsxApp(reader.shell(), loading=reader).run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert f"loading {len(estate)} resources…" in text
        assert f"Resources ({len(estate)})" in text
        early = counts_rows(pilot)
        assert early and "Security groups open" not in text  # no fault number before the estate
        pilot.app.navigate(NavState(BROWSE, kind="ec2:subnet"))  # views wait for the estate
        await pilot.pause()
        assert isinstance(pilot.app.screen, PulseScreen) and pilot.app.loading is not None
        assert not pilot.app.check_action("regions", ())
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.loading is None and len(pilot.app.estate) == len(estate)
        assert counts_rows(pilot) == early  # the manifest's grid is the estate's grid
        faults = pilot.app.screen.query_one("#faults", OptionList)
        assert "loading" not in screen_text(pilot) and "Security groups open" in screen_text(pilot)
        assert faults.option_count > 1
        pilot.app.navigate(NavState(BROWSE, kind="ec2:subnet"))
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PulseScreen)


async def test_an_older_snapshot_without_counts_paints_loading_then_fills_the_grid(tmp_path, monkeypatch) -> None:
    reader, release = held_reader(tmp_path, monkeypatch, strip_places=True)
    async with AwsxApp(reader.shell(), loading=reader).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "loading 10 resources…" in screen_text(pilot) and counts_rows(pilot) == []
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(counts_rows(pilot)) == len(small_estate().kind_counts())


async def test_a_snapshot_that_fails_to_load_exits_with_status_2(tmp_path, monkeypatch) -> None:
    reader, release = held_reader(tmp_path, monkeypatch)

    def broken():
        raise SnapshotError("small.awsx is corrupt or truncated: bad line")

    monkeypatch.setattr(reader, "load", broken)
    app = AwsxApp(reader.shell(), loading=reader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2 and "bad line" in str(app.load_error)


def test_loading_pulse_snapshot(snap_compare, tmp_path, monkeypatch) -> None:
    """What ``awsx open`` shows before the estate is in: manifest counts, "loading"."""
    reader, release = held_reader(tmp_path, monkeypatch)
    app = AwsxApp(reader.shell(), loading=reader)
    screenshot_taken = app.exit

    def exit_after_the_screenshot(*args, **kwargs) -> None:
        release.set()  # the held load ends now, so the app's exit need not wait for its thread
        screenshot_taken(*args, **kwargs)

    monkeypatch.setattr(app, "exit", exit_after_the_screenshot)
    try:
        assert snap_compare(app, terminal_size=SIZE)
    finally:
        release.set()
