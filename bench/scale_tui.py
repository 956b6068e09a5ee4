"""TUI figures of one snapshot, measured headless in a fresh process (so RSS is this estate's):
snapshot open (as ``awsx open``: the pulse painted from the manifest, the estate loading
behind it) -> first frame, estate in, engine lines done, RSS then, showing the largest kind in the
browse screen, and paging down through it.

``python -m bench.scale_tui FILE`` prints one JSON object; ``bench.scale`` runs it per estate.
The screen-specific part is ``_browse_largest`` only: when the TUI's screens change, that is
the one function to follow them.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from pathlib import Path
from time import perf_counter, process_time
from typing import Any

from textual import events
from textual.pilot import Pilot

from awsx.store.snapshot import SnapshotReader
from awsx.tui.app import AwsxApp

SIZE = (120, 40)
PAGES = 30


def rss_mb() -> float:
    """Resident memory now (VmRSS), falling back to the peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _browse_largest(pilot: Pilot, kind: str) -> dict[str, Any]:
    """Open ``kind`` in the browse screen (as ``:kind`` does), wait for its rows (built in a
    worker for large kinds), focus the table, then page down ``PAGES`` times."""
    from awsx.tui.navigation import BROWSE, NavState
    from awsx.widgets.resource_table import ResourceTable

    clock = Clock()
    pilot.app.navigate(NavState(BROWSE, kind=kind))
    await pilot.pause()
    table = pilot.app.screen.query_one(ResourceTable)
    while not table.row_count:  # the pulse's engine workers may still run: wait for the rows only
        await pilot.pause(0.02)
    table.focus()
    await pilot.pause()
    shown = clock.read()
    first = table.cursor
    clock = Clock()
    for _ in range(PAGES):
        await pilot.press("pagedown")
    await pilot.pause()
    paging = clock.read()
    moved = table.cursor - first
    return {"show": shown, "rows_in_widget": table.row_count, "page_ms": {k: v / PAGES * 1000 for k, v in paging.items()},
            "rows_moved": moved, "ms_per_1000_rows": paging["cpu"] / moved * 1_000_000 if moved else None}


class Clock:
    """CPU seconds of this process (the machine is shared: wall time also measures the
    neighbours) and wall seconds, since it was made."""

    def __init__(self) -> None:
        self.cpu, self.wall = process_time(), perf_counter()

    def read(self) -> dict[str, float]:
        return {"cpu": process_time() - self.cpu, "wall": perf_counter() - self.wall}


async def measure(path: str) -> dict[str, Any]:
    """As ``awsx open`` opens: the manifest read, the pulse painted from it, the estate loaded
    in the app's worker. ``first_paint`` is the first frame (the manifest's counts, "loading");
    ``load`` is when the estate is in (faults shown), ``engines_done`` when every engine line is."""
    clock = Clock()
    reader = SnapshotReader(path)
    app = AwsxApp(reader.shell(), loading=reader)
    painted: dict[str, float] = {}

    def first_frame(message: object) -> None:
        # Textual sends Ready once the first frame is displayed: that is "first paint". The
        # estate and the pulse's engine lines come after it, in threads, counted separately.
        if isinstance(message, events.Ready) and not painted:
            painted.update(clock.read())

    async with app.run_test(size=SIZE, message_hook=first_frame) as pilot:
        while pilot.app.loading is not None and pilot.app.load_error is None:
            await pilot.pause(0.02)
        loaded = clock.read()
        await pilot.pause()  # the engines start after the refresh that shows the estate
        await pilot.app.workers.wait_for_complete()
        estate = pilot.app.estate
        figures = {"load": loaded, "first_paint": painted, "engines_done": clock.read(), "rss_mb": rss_mb(),
                   "resources": len(estate)}
        kind, count = estate.kind_counts().most_common(1)[0]
        figures |= {"kind": kind, "kind_rows": count, **await _browse_largest(pilot, kind)}
    return figures


def main() -> None:
    print(json.dumps(asyncio.run(measure(sys.argv[1]))))


if __name__ == "__main__":
    main()
