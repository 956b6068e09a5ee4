"""Helpers for the engine-view Pilot tests: the demo estate, pushing a view by its word the way
the app's ``:`` command does (``open_engine_view``), and waiting for its engine worker."""

from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from awsx.graph import Estate
from awsx.screens.engines import open_engine_view
from awsx.store import open_snapshot

DEMO = Path(__file__).parent.parent / "snapshots" / "demo.awsx"
SIZE = (120, 40)
SNAPSHOT_SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


@pytest.fixture(scope="module")
def demo() -> Estate:
    return open_snapshot(DEMO)


async def settle(pilot: Pilot) -> None:
    """Wait for the engine's worker and for the screen to paint its answer."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def push(pilot: Pilot, word: str, argument: str = "", selection: str | None = None) -> Screen:
    await pilot.app.push_screen(open_engine_view(word, pilot.app.estate, argument, selection))
    await settle(pilot)
    return pilot.app.screen


def view(word: str, argument: str = "") -> Callable[[Pilot], Awaitable[None]]:
    """A snap_compare ``run_before`` that opens ``:word argument`` and waits for the answer."""

    async def run_before(pilot: Pilot) -> None:
        await push(pilot, word, argument)

    return run_before
