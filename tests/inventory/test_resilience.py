"""Crawling through simulated AWS that throttles, fails, hangs, denies and lets credentials
expire: every permitted resource still arrives, the denied part is marked, an interrupted
crawl leaves the previous cache intact, and expiry is one clear message that keeps the work."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from botocore.config import Config
from botocore.retries.standard import ExponentialBackoff
from session_options import NONET, demo_options

from awsx.core.errors import CredentialsError
from awsx.core.model import MarkerStatus
from awsx.inventory.session import RETRY_CONFIG
from awsx.load.live import load_live_estate
from awsx.store.cache import LiveCache
from bench.simaws import Faults, SimAws, SimConfig

HOSTILE = SimConfig(latency=0.002, jitter=0.001, default_limits=None, limits={},
                    faults=Faults(throttle_rate=0.30, error_rate=0.05, timeout_rate=0.02, hang=4.0,
                                  denied=frozenset({("rds", "eu-west-1")})))
# A hung request must time out on the client well before the proxy gives up on it.
SHORT_READ = RETRY_CONFIG.merge(Config(read_timeout=2))


# moto computes these at read time, so two clean crawls differ in them too (a trail's Status
# carries its latest delivery time; moto issues a certificate some seconds after the request, so
# what DescribeCertificate says of it moves from PENDING_VALIDATION to ISSUED between crawls).
VOLATILE = ("LatestRestorableTime", "SizeInBytes", "Status", "Certificate")


def arns_and_data(estate) -> dict[str, dict]:
    return {r.arn: {k: v for k, v in r.data.items() if k not in VOLATILE} for r in estate.resources()}


@pytest.fixture(scope="module")
def hostile_crawl(moto_server, seeded):
    # botocore's backoff grows to 20 s a retry; these tests prove completeness, not patience.
    backoff = pytest.MonkeyPatch()
    backoff.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0.01)
    try:
        with SimAws(moto_server.endpoint, HOSTILE) as sim:
            options = demo_options(sim.endpoint, config=SHORT_READ)
            estate, _ = asyncio.run(load_live_estate(options, cache=None))
            return estate, sim.counts()
    finally:
        backoff.undo()


def test_faults_really_happened(hostile_crawl):
    _, counts = hostile_crawl
    outcomes = {outcome for per_bucket in counts.values() for outcome in per_bucket}
    assert {"ok", "throttled", "error", "timeout", "denied"} <= outcomes


def test_every_permitted_resource_is_present(hostile_crawl, demo_estate):
    estate, _ = hostile_crawl

    def permitted(resources):
        return {arn: data for arn, data in resources.items() if not (":rds:eu-west-1:" in arn)}

    assert permitted(arns_and_data(estate)) == permitted(arns_and_data(demo_estate))
    assert not [r for r in estate.resources("rds:db-instance") if r.region == "eu-west-1"]


def test_the_denied_part_is_marked_and_nothing_else_is(hostile_crawl, demo_estate):
    estate, _ = hostile_crawl
    clean = {(m.region, m.service, m.operation, m.status) for m in demo_estate.markers}
    extra = {(m.region, m.service, m.status) for m in estate.markers
             if (m.region, m.service, m.operation, m.status) not in clean}
    assert extra == {("eu-west-1", "rds", MarkerStatus.DENIED)}


def test_expired_credentials_mid_crawl_are_one_clear_error_and_keep_what_was_crawled(moto_server, seeded, tmp_path):
    whole, full = asyncio.run(load_live_estate(demo_options(moto_server.endpoint), cache=None))
    cache = LiveCache(tmp_path / "cache")
    expiring = SimConfig(latency=0.002, default_limits=None, limits={}, faults=Faults(expire_after=60))
    with SimAws(moto_server.endpoint, expiring) as sim:
        with pytest.raises(CredentialsError) as raised:
            asyncio.run(load_live_estate(demo_options(sim.endpoint), cache=cache))
        answered_expired = sum(c["expired"] for c in sim.counts().values())
        # Fresh credentials: only what was not kept is crawled again, and the estate is whole.
        sim.reset(SimConfig(latency=0.002, default_limits=None, limits={}))
        estate, report = asyncio.run(load_live_estate(demo_options(sim.endpoint), cache=cache))
    message = str(raised.value)
    assert "\n" not in message and "credentials expired during the crawl" in message and "aws sso login" in message
    # Only the calls already in flight meet the expiry; then the crawler stops asking.
    assert answered_expired < (full.calls - 60) / 2
    assert report.cached_units > 0 and report.crawled_units > 0
    assert arns_and_data(estate).keys() == arns_and_data(whole).keys()


QUIET = SimConfig(latency=0.0, default_limits=None, limits={})
SLOW = SimConfig(latency=0.05, default_limits=None, limits={})  # long enough to interrupt mid-crawl


@pytest.fixture
def warm_cache(moto_server, seeded, tmp_path):
    """A crawl cache filled through simaws (the cache is per endpoint), then simaws made slow."""
    cache_dir = tmp_path / "cache"
    with SimAws(moto_server.endpoint, QUIET) as sim:
        cache = LiveCache(cache_dir)
        estate, _ = asyncio.run(load_live_estate(demo_options(sim.endpoint), cache=cache))
        cache.close()
        sim.reset(SLOW)
        yield sim, cache_dir, arns_and_data(estate)


def reopen(sim: SimAws, cache_dir) -> tuple[dict, int]:
    """Load without refresh: the estate, and how many units had to be crawled for it."""
    sim.reset(QUIET)
    cache = LiveCache(cache_dir)
    try:
        estate, report = asyncio.run(load_live_estate(demo_options(sim.endpoint), cache=cache))
    finally:
        cache.close()
    return arns_and_data(estate), report.crawled_units


def test_a_cancelled_refresh_leaves_the_previous_cache_intact(warm_cache):
    sim, cache_dir, before = warm_cache

    async def refresh_then_cancel() -> None:
        cache = LiveCache(cache_dir)
        task = asyncio.create_task(load_live_estate(demo_options(sim.endpoint), cache=cache, refresh=True))
        while len(sim.log) < 20:
            await asyncio.sleep(0.05)
        task.cancel()  # what Ctrl+C does to the crawl
        with pytest.raises(asyncio.CancelledError):
            await task
        cache.close()

    asyncio.run(refresh_then_cancel())
    after, crawled = reopen(sim, cache_dir)
    assert after == before and crawled == 0


def test_a_killed_refresh_leaves_the_previous_cache_intact(warm_cache):
    sim, cache_dir, before = warm_cache
    script = textwrap.dedent("""
        import asyncio, sys
        from session_options import demo_options
        from awsx.load.live import load_live_estate
        from awsx.store.cache import LiveCache
        asyncio.run(load_live_estate(demo_options(sys.argv[1]), cache=LiveCache(sys.argv[2]), refresh=True))
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(NONET), str(NONET.parent)])}
    crawl = subprocess.Popen([sys.executable, "-c", script, sim.endpoint, str(cache_dir)], env=env)
    deadline = time.monotonic() + 60
    while len(sim.log) < 20 and crawl.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert crawl.poll() is None, "the crawl ended before it could be killed"
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()
    after, crawled = reopen(sim, cache_dir)
    assert after == before and crawled == 0
