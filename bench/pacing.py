"""``make bench``: what pacing saves when AWS throttles. The demo estate is crawled twice
through buckets of two calls refilled at 20 per second, with jitter as large as the latency:
once with pacers that copy the bucket (inventory/pacing.py), once with pacers that never hold a
call. It prints, per run, the throttles that came after a bucket's first wave (by then pacing
has begun): unpaced, botocore's retries meet the empty bucket again and again.

This is a figure of wall-clock timing, so it lives here and not in the tests: on a loaded
machine every call is late and the count says more about the machine than about pacing
(tests/test_pacing.py proves the pacer's arithmetic on a fake clock)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, replace

from rich.console import Console
from rich.table import Table

from awsx.inventory.crawler import Crawler, CrawlResult
from awsx.inventory.demo import DEMO_CREDENTIALS, DEMO_REGIONS, MotoServer, seed_demo_estate
from awsx.inventory.pacing import Pacer
from awsx.inventory.session import SessionOptions, open_accounts

from .simaws import Limit, SimAws, SimConfig

TIGHT = Limit(burst=2, refill=20.0)
TIGHT_CONFIG = SimConfig(latency=0.005, jitter=0.005, limits={}, default_limits={"read": TIGHT})
LATE = 0.5  # seconds after a bucket's first throttle: the unpaced first wave has been answered


@dataclass(frozen=True, slots=True)
class PacedRun:
    result: CrawlResult
    late_throttles: int
    throttles: int


def late_throttles(sim: SimAws) -> int:
    """Throttles later than ``LATE`` after their bucket's first one."""
    first: dict[tuple[str, str, str], float] = {}
    late: Counter = Counter()
    for record in sim.log:
        if record.outcome == "throttled":
            first.setdefault(record.bucket, record.at)
            late[record.bucket] += record.at > first[record.bucket] + LATE
    return sum(late.values())


def crawl_through(sim: SimAws, options: SessionOptions, pacer) -> PacedRun:
    """One crawl of ``options`` through ``sim`` with ``pacer()`` as each bucket's pacer."""
    async def crawl() -> CrawlResult:
        return await Crawler(await open_accounts(options), pacer=pacer).run()

    sim.reset()
    result = asyncio.run(crawl())
    throttles = sum(record.outcome == "throttled" for record in sim.log)
    return PacedRun(result, late_throttles(sim), throttles)


def paced_and_unpaced(sim: SimAws, options: SessionOptions) -> tuple[PacedRun, PacedRun]:
    paced = crawl_through(sim, options, lambda: Pacer(burst=TIGHT.burst, refill=TIGHT.refill))
    unpaced = crawl_through(sim, options, lambda: Pacer(burst=10**9, refill=1e9))
    return paced, unpaced


def main() -> None:
    with MotoServer() as moto:
        seed_demo_estate(moto.endpoint)
        options = SessionOptions(regions=DEMO_REGIONS, endpoint_url=moto.endpoint,
                                 credentials=(DEMO_CREDENTIALS["aws_access_key_id"],
                                              DEMO_CREDENTIALS["aws_secret_access_key"]))
        with SimAws(moto.endpoint, TIGHT_CONFIG) as sim:
            paced, unpaced = paced_and_unpaced(sim, replace(options, endpoint_url=sim.endpoint))
    table = Table(title=f"pacing: the demo estate through buckets of {TIGHT.burst} calls, "
                        f"{TIGHT.refill:.0f} per s")
    for column in ("", "resources", "throttles", f"late (> {LATE} s after the first)"):
        table.add_column(column, justify="left" if not column else "right")
    for name, run in (("paced", paced), ("unpaced", unpaced)):
        table.add_row(name, str(len(run.result.resources)), str(run.throttles), str(run.late_throttles))
    ratio = unpaced.late_throttles / paced.late_throttles if paced.late_throttles else float("inf")
    table.add_row("unpaced / paced", "", "", f"{ratio:.1f}x", end_section=True)
    Console().print(table)


if __name__ == "__main__":
    main()
