"""Shared fixtures: no network but loopback, no real AWS configuration, one seeded moto
server and one crawl of it for the whole session (crawling is the expensive part)."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "nonet"))
from awsx_test_network import forbid_network  # noqa: E402

forbid_network()

# Fixtures that live in tests/fixtures/ (on the path: pyproject's pythonpath), used by name.
pytest_plugins = ["tui_views"]

# Never let a developer's real AWS configuration leak into a test.
for _name in list(os.environ):
    if _name.startswith("AWS_"):
        del os.environ[_name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """XDG dirs per test: the crawl cache and config never touch the user's."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))


# The clock every rendered age is measured against: five hours after the fixtures' crawls
# (2025-01-02T03:04:05Z), so a screenshot says "5 hours old" on any day the suite runs.
FROZEN_NOW = datetime(2025, 1, 2, 8, 4, 5, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def steady_screen(monkeypatch):
    """What changes by itself on a screen, held still for every test: the clock the crawl's
    age is measured against, and a blinking cursor (a coin toss in a screenshot)."""
    from textual.widgets import Input

    monkeypatch.setattr("awsx.widgets.status.utc_now", lambda: FROZEN_NOW)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(autouse=True)
def _nothing_frozen_between_tests():
    """Loading an estate freezes the heap out of the cyclic collector (awsx/heap.py), which a
    session wants and a test run does not: one test's garbage cycles must not outlive it."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture(scope="session")
def moto_server():
    from awsx.inventory.demo import MotoServer

    with MotoServer() as server:
        yield server


@pytest.fixture(scope="session")
def seeded(moto_server):
    from awsx.inventory.demo import seed_demo_estate

    return seed_demo_estate(moto_server.endpoint)


@pytest.fixture(scope="session")
def demo_estate(moto_server, seeded):
    from session_options import demo_options

    from awsx.load.live import load_live_estate

    estate, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint), cache=None, source="demo"))
    return estate


@pytest.fixture(scope="session")
def demo_snapshot(demo_estate, tmp_path_factory):
    from awsx.store.snapshot import write_snapshot

    return write_snapshot(demo_estate, tmp_path_factory.mktemp("snap") / "demo.awsx")
