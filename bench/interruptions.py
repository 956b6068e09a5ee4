"""The large estate's crawl cut short, as tests/test_resilience.py does on the demo estate:
credentials that expire mid-crawl (one clear message, what was crawled kept, the next run
crawls only the rest) and a refresh killed mid-crawl (the previous cache intact)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from rich.table import Table

from awsx.core.errors import CredentialsError
from awsx.load.live import LoadReport, load_live_estate
from awsx.store.cache import LiveCache

from .simaws import Faults, SimConfig
from .simaws.process import SimAwsProcess

QUICK = SimConfig(replay=True, latency=0.005, jitter=0.002, default_limits=None, limits={})


@dataclass(frozen=True, slots=True)
class Expiry:
    message: str
    kept_units: int
    crawled_after: int
    resources_after: int


@dataclass(frozen=True, slots=True)
class Kill:
    requests_before_kill: int
    intact: bool
    crawled_after: int


def _load(options, cache_dir: Path, refresh: bool = False) -> tuple[set[str], LoadReport]:
    cache = LiveCache(cache_dir)
    try:
        estate, report = asyncio.run(load_live_estate(options, cache=cache, refresh=refresh))
    finally:
        cache.close()
    return {r.arn for r in estate.resources()}, report


def expiry(sim: SimAwsProcess, options, after: int) -> Expiry:
    """Credentials expire after ``after`` requests; then fresh ones finish the crawl."""
    with tempfile.TemporaryDirectory() as directory:
        cache_dir = Path(directory)
        sim.reset(SimConfig(replay=True, latency=QUICK.latency, default_limits=None, limits={},
                            faults=Faults(expire_after=after)))
        try:
            _load(options, cache_dir)
            message = "(no error)"
        except CredentialsError as error:
            message = str(error)
        sim.reset(QUICK)
        found, report = _load(options, cache_dir)
    return Expiry(message, report.cached_units, report.crawled_units, len(found))


KILLABLE = textwrap.dedent("""
    import asyncio, sys
    from awsx.inventory.demo import DEMO_CREDENTIALS
    from awsx.inventory.session import SessionOptions
    from awsx.load.live import load_live_estate
    from awsx.store.cache import LiveCache
    options = SessionOptions(regions=tuple(sys.argv[3].split(",")), endpoint_url=sys.argv[1],
                             credentials=(DEMO_CREDENTIALS["aws_access_key_id"], DEMO_CREDENTIALS["aws_secret_access_key"]))
    asyncio.run(load_live_estate(options, cache=LiveCache(sys.argv[2]), refresh=True))
""")


def kill(sim: SimAwsProcess, options, after: int) -> Kill:
    """A warm cache, then a refresh in another process killed (SIGKILL) after ``after`` requests."""
    with tempfile.TemporaryDirectory() as directory:
        cache_dir = Path(directory)
        sim.reset(QUICK)
        before, _ = _load(options, cache_dir)
        sim.reset(SimConfig(replay=True))  # AWS's pace: the refresh is still running when killed
        crawl = subprocess.Popen([sys.executable, "-c", KILLABLE, sim.endpoint, str(cache_dir), ",".join(options.regions)],
                                 env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
        deadline = time.monotonic() + 120
        while sim.requests() < after and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        requests = sim.requests()
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
        sim.reset(QUICK)
        after_kill, report = _load(options, cache_dir)
    return Kill(requests, after_kill == before, report.crawled_units)


def interruptions_table(expired: Expiry, killed: Kill, resources: int, after: int) -> Table:
    table = Table(title="interrupted crawls of the same estate")
    table.add_column("")
    table.add_column("value")
    table.add_row(f"credentials expire after {after} requests", expired.message)
    table.add_row("  units kept in the cache", str(expired.kept_units))
    table.add_row("  next run (fresh credentials)",
                  f"crawled the other {expired.crawled_after} units; {expired.resources_after} / {resources} resources")
    table.add_row(f"refresh killed (SIGKILL) after {killed.requests_before_kill} requests",
                  "previous cache intact" if killed.intact else "previous cache CHANGED")
    table.add_row("  next run", f"crawled {killed.crawled_after} units (all from the cache)"
                  if killed.crawled_after == 0 else f"crawled {killed.crawled_after} units")
    return table
