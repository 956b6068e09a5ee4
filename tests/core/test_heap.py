"""A loaded estate is frozen out of the cyclic collector's passes (awsx/heap.py), which is only
safe because an estate holds no reference cycles: dropped, refcounting frees all of it."""

from __future__ import annotations

import gc
from pathlib import Path

from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import build_graph
from awsx.reach.exposure import exposure
from awsx.reach.network import Network
from awsx.store.snapshot import open_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"


def test_a_loaded_estate_is_kept_out_of_collection():
    gc.unfreeze()
    estate = open_snapshot(DEMO)
    assert gc.get_freeze_count() > len(list(estate.resources()))


def test_a_dropped_estate_leaves_no_garbage_cycle_behind():
    estate = open_snapshot(DEMO)
    # Everything the engines cache on or beside it, as a TUI session builds it.
    Network.of(estate)
    exposure(estate)
    index = IamIndex(estate)
    build_graph(index)
    cost_report(estate)
    waste_report(estate)
    del index
    gc.unfreeze()
    gc.collect()
    del estate
    assert gc.collect() == 0
