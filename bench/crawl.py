"""``make bench``: crawl a large estate through simulated AWS and compare awsx with the lower
bound for that estate under those limits and with a plain sequential boto3 crawl.

lower bound = max(longest chain of dependent calls x latency,
                  max over buckets (calls - burst) / refill)
Then the same crawl again with faults (throttling, 5xx, timeouts, one service denied in one
region) must find every permitted resource and mark the denied part; then cut short, by
credentials that expire and by a kill (bench/interruptions.py).

moto needs tens of milliseconds of CPU per call on this machine, which AWS does not: an untimed
warm-up crawl straight from moto (its time is printed) fills simaws's replay memory, so both
measured crawls meet the modelled latency and limits, not moto's CPU. The crawler's own CPU
(botocore parsing every record) is real, and printed; the bound does not count it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from botocore.config import Config
from rich.console import Console
from rich.table import Table

from awsx.inventory.crawler import Crawler, CrawlResult
from awsx.inventory.demo import DEMO_CREDENTIALS
from awsx.inventory.session import RETRY_CONFIG, SessionOptions, open_accounts

from .estate import REGIONS, EstateSize, seed_bench_estate
from .interruptions import expiry, interruptions_table, kill
from .moto_process import MotoProcess
from .sequential import SequentialRun, sequential_crawl
from .simaws import Faults, SimConfig
from .simaws.process import SimAwsProcess

PAGE_SIZE = 5  # EC2's minimum MaxResults: the deepest pagination AWS allows
CLEAN = SimConfig(replay=True)
# The resilience mix of issue 8: 30 % throttled, 5 % 5xx, 2 % timeouts, ELB denied in one region.
DENIED = ("elasticloadbalancing", "eu-west-1")
FAULTY = SimConfig(replay=True, faults=Faults(throttle_rate=0.30, error_rate=0.05, timeout_rate=0.02, hang=3.0,
                                              denied=frozenset({DENIED})))
KILL_AFTER = 200  # requests into a refresh at AWS's pace
# A timed-out request must time out well before the proxy would answer it anyway.
FAULT_CLIENT = RETRY_CONFIG.merge(Config(read_timeout=2))


@dataclass(frozen=True, slots=True)
class Bound:
    chain_seconds: float
    bucket_seconds: float
    bucket: tuple[str, str, str]

    @property
    def seconds(self) -> float:
        return max(self.chain_seconds, self.bucket_seconds)


def bench_options(endpoint: str, config: Config = RETRY_CONFIG) -> SessionOptions:
    return SessionOptions(regions=REGIONS, endpoint_url=endpoint, config=config,
                          credentials=(DEMO_CREDENTIALS["aws_access_key_id"], DEMO_CREDENTIALS["aws_secret_access_key"]))


def awsx_crawl(endpoint: str, config: Config = RETRY_CONFIG) -> tuple[float, float, CrawlResult]:
    """(wall seconds, CPU seconds of this process, result): on a loaded machine the crawler's
    own CPU (botocore parsing every record) is what the bound does not count."""
    options = bench_options(endpoint, config)

    async def run() -> CrawlResult:
        return await Crawler(await open_accounts(options), page_size=PAGE_SIZE).run()

    started, cpu = time.perf_counter(), time.process_time()
    result = asyncio.run(run())
    return time.perf_counter() - started, time.process_time() - cpu, result


def lower_bound(sim: SimAwsProcess, chain: int) -> Bound:
    """From the calls the crawl needed (answered ones: a throttled call costs no token)."""
    worst, worst_seconds = ("-", "-", "-"), 0.0
    for bucket, outcomes in sim.counts().items():
        limit = sim.config.limit(bucket[0], bucket[2])
        if limit is not None:
            seconds = max(0.0, (outcomes["ok"] - limit.burst) / limit.refill)
            if seconds > worst_seconds:
                worst, worst_seconds = bucket, seconds
    return Bound(chain * sim.config.latency, worst_seconds, worst)


def main() -> None:
    console = Console()
    size = EstateSize()
    with MotoProcess() as moto:
        started = time.perf_counter()
        seeded = seed_bench_estate(moto.endpoint, size)
        console.print(f"seeded {seeded} resources over {len(REGIONS)} regions in {time.perf_counter() - started:.0f} s")
        with SimAwsProcess(moto.endpoint, SimConfig(latency=0.0, default_limits=None, limits={}, replay=True)) as sim:
            warm_seconds, _, warm = awsx_crawl(sim.endpoint)
            console.print(f"warm-up crawl straight from moto: {warm_seconds:.1f} s, {len(warm.resources)} resources, "
                          f"{sim.misses} calls answered by moto (replayed from now on)")

            sim.reset(CLEAN)
            sequential = sequential_crawl(sim.endpoint, REGIONS, PAGE_SIZE)
            sim.reset(CLEAN)
            seconds, cpu, clean = awsx_crawl(sim.endpoint)
            clean_counts = sim.counts()
            bound = lower_bound(sim, sequential.chain)
            sim.reset(FAULTY)
            faulty_seconds, _, faulty = awsx_crawl(sim.endpoint, FAULT_CLIENT)
            faulty_counts = sim.counts()
            # The credentials expire two fifths of the way through a clean crawl's requests.
            expire_after = sum(sum(c.values()) for c in clean_counts.values()) * 2 // 5
            expired = expiry(sim, bench_options(sim.endpoint), expire_after)
            killed = kill(sim, bench_options(sim.endpoint), KILL_AFTER)

    console.print(speed_table(clean, (seconds, cpu), bound, sequential, sum(sum(c.values()) for c in clean_counts.values()),
                              sum(c["throttled"] for c in clean_counts.values())))
    console.print(resilience_table(clean, faulty, faulty_seconds, faulty_counts))
    console.print(interruptions_table(expired, killed, len(clean.resources), expire_after))


def speed_table(clean: CrawlResult, timing: tuple[float, float], bound: Bound, sequential: SequentialRun,
                requests: int, throttled: int) -> Table:
    seconds, cpu = timing
    table = Table(title=f"crawl: {len(clean.resources)} resources, {len(REGIONS)} regions, page size {PAGE_SIZE}, "
                        f"latency {CLEAN.latency * 1000:.0f} ms, EC2-style buckets 100 burst / 20 per s")
    for column in ("", "seconds", "calls", "note"):
        table.add_column(column, justify="right" if column in ("seconds", "calls") else "left")
    table.add_row("awsx", f"{seconds:.2f}", str(requests),
                  f"{throttled} throttled and retried; crawler CPU {cpu:.1f} s (not in the bound)")
    table.add_row("lower bound", f"{bound.seconds:.2f}", "",
                  f"chain {sequential.chain} x latency = {bound.chain_seconds:.2f} s; "
                  f"bucket {'/'.join(bound.bucket)} = {bound.bucket_seconds:.2f} s")
    table.add_row("awsx / bound", f"{seconds / bound.seconds:.2f}", "", "target <= 1.25")
    table.add_row("sequential boto3", f"{sequential.seconds:.2f}", str(sequential.calls),
                  f"{sequential.resources} resources")
    table.add_row("speed-up", f"{sequential.seconds / seconds:.1f}x", "", "target >= 10x")
    return table


def resilience_table(clean: CrawlResult, faulty: CrawlResult, seconds: float, counts: dict) -> Table:
    denied_service, denied_region = DENIED
    permitted = {r.arn for r in clean.resources if not (r.kind.startswith("elbv2:") and r.region == denied_region)}
    found = {r.arn for r in faulty.resources}
    outcomes: dict[str, int] = {}
    for per_bucket in counts.values():
        for outcome, number in per_bucket.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + number
    table = Table(title="resilience: 30 % throttled, 5 % 5xx, 2 % timeouts, "
                        f"{denied_service} denied in {denied_region}")
    table.add_column("")
    table.add_column("value", justify="right")
    table.add_row("wall seconds", f"{seconds:.2f}")
    table.add_row("requests by outcome", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    table.add_row("permitted resources found", f"{len(permitted & found)} / {len(permitted)}")
    table.add_row("markers", "; ".join(sorted({f"{m.region} {m.service}:{m.operation} {m.status.value}"
                                               for m in faulty.markers})) or "none")
    return table


if __name__ == "__main__":
    main()
