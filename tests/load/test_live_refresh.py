"""Live mode end to end, through the demo moto server: the CLI opens the TUI on a warm cache
with a background refresher only when the cache is stale or ``--refresh`` asks, and the
refresher crawls again and the app swaps in what changed since the cache was written."""

from __future__ import annotations

import pytest
from session_options import demo_options

from awsx.cli import main as cli
from awsx.core.graph import Estate
from awsx.inventory.demo import DEMO_CREDENTIALS, DEMO_REGIONS
from awsx.load.live import live_refresher, load_live_estate
from awsx.load.refresh import estate_change
from awsx.store.cache import LiveCache
from awsx.tui.app import AwsxApp

REGION = "eu-west-1"


def without(estate: Estate, arn: str) -> Estate:
    """``estate`` as it was before ``arn`` existed (the shared server is never changed)."""
    return Estate([r for r in estate.resources() if r.arn != arn],
                  [e for e in estate.edges() if arn not in (e.source, e.target)],
                  estate.markers, estate.dangling, info=estate.info)


async def test_the_refresher_brings_the_crawl_into_the_open_app(moto_server, seeded) -> None:
    options = demo_options(moto_server.endpoint)
    cached, report = await load_live_estate(options, cache=LiveCache())
    assert report.crawled_units and not report.cached_units
    vpc = next(r for r in cached.resources("ec2:vpc") if r.region == REGION)
    shown = without(cached, vpc.arn)  # what the screen showed before this VPC was created
    app = AwsxApp(shown, refresher=live_refresher(options, LiveCache()))
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.estate is not shown
        assert vpc.arn in app.estate
        change = estate_change(shown, app.estate)
        assert change.added == 1 and change.removed == 0
        assert change.summary() in [n.message for n in app._notifications]
    # The refresh wrote the cache: the next open starts from it, with no crawl.
    reopened, report = await load_live_estate(options, cache=LiveCache())
    assert not report.crawled_units
    assert len(reopened) == len(app.estate)


@pytest.fixture
def live_env(monkeypatch, moto_server, seeded):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name, value in DEMO_CREDENTIALS.items():
        monkeypatch.setenv(name.upper(), value)
    opened: list[tuple[object, object]] = []
    monkeypatch.setattr("awsx.tui.app.run_tui", lambda estate, refresher=None: opened.append((estate, refresher)))
    return opened


def test_cli_refreshes_in_the_background_only_from_a_stale_cache_or_when_asked(live_env) -> None:
    argv = ["--regions", ",".join(DEMO_REGIONS), "--quiet"]
    assert cli.main(argv) == 0  # cold cache: crawled before the TUI, nothing to refresh
    assert cli.main(argv) == 0  # a cache written seconds ago is fresh
    assert cli.main([*argv, "--refresh"]) == 0
    assert [refresher is not None for _, refresher in live_env] == [False, False, True]
    assert len(live_env[1][0]) == len(live_env[0][0])


def test_snapshot_mode_never_refreshes(live_env, demo_snapshot) -> None:
    assert cli.main(["--snapshot", str(demo_snapshot), "--refresh"]) == 0
    assert live_env[0][1] is None
