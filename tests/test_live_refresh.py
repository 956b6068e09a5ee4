"""Live mode end to end, through the demo moto server: the CLI opens the TUI on a warm cache
with a background refresher only when the cache is stale or ``--refresh`` asks, and the
refresher crawls again and the app swaps in what changed since the cache was written."""

from __future__ import annotations

import asyncio
from contextlib import contextmanager
from typing import Iterator

import boto3
import pytest

from awsx import cli
from awsx.app import AwsxApp
from awsx.inventory.demo import DEMO_CREDENTIALS, DEMO_REGIONS
from awsx.live import live_refresher, load_live_estate
from awsx.refresh import estate_change
from awsx.store import LiveCache
from conftest import demo_options

REGION = "eu-west-1"


@contextmanager
def extra_vpc(endpoint: str) -> Iterator[str]:
    """A VPC created after the cache was written, deleted afterwards (the server is shared)."""
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=endpoint, **DEMO_CREDENTIALS)
    vpc = ec2.create_vpc(CidrBlock="10.99.0.0/16")["Vpc"]["VpcId"]
    try:
        yield vpc
    finally:
        ec2.delete_vpc(VpcId=vpc)


async def test_the_refresher_brings_a_new_vpc_into_the_open_app(moto_server, seeded) -> None:
    options = demo_options(moto_server.endpoint)
    cached, report = await load_live_estate(options, cache=LiveCache())
    assert report.crawled_units and not report.cached_units
    with extra_vpc(moto_server.endpoint) as vpc:
        app = AwsxApp(cached, refresher=live_refresher(options, LiveCache()))
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.estate is not cached
            assert [r.id for r in app.estate.resources("ec2:vpc") if r.id == vpc] == [vpc]
            change = estate_change(cached, app.estate)
            # The VPC came with its default security group, route table and network ACL.
            assert change.added >= 1 and change.removed == 0
            assert change.summary() in [n.message for n in app._notifications]
    # The refresh wrote the cache: the next open starts from it, the new VPC included.
    reopened, report = await load_live_estate(options, cache=LiveCache())
    assert not report.crawled_units
    assert vpc in {r.id for r in reopened.resources("ec2:vpc")}


@pytest.fixture
def live_env(monkeypatch, moto_server, seeded):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name, value in DEMO_CREDENTIALS.items():
        monkeypatch.setenv(name.upper(), value)
    opened: list[tuple[object, object]] = []
    monkeypatch.setattr("awsx.app.run_tui", lambda estate, refresher=None: opened.append((estate, refresher)))
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
