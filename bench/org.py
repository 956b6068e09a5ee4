"""``python -m bench.org [--members 10,100] [--shards 4]`` (issue 18, part 5): a simulated
Organization of N members (bench/org_estate.py) in a moto server process, crawled through simaws
(per-account token buckets, 60 ms latency) with ``awsx crawl --org`` as the CLI runs it, one
process per crawl (bench/cli_run.py: wall time from inside, peak RSS of that process).

The bound: accounts are independent (their buckets too), so the organization is crawled in the
time of its slowest account after the calls that must come first:
  bound = organization prefix + max over accounts of max(chain x latency, bucket bound)
  organization prefix = (identity, DescribeOrganization + ListAccounts pages, then per round of
                         MEMBERS_AT_ONCE members entered: AssumeRole, the member's identity)
                         x latency
  chain (per account) = the longest run of dependent calls a sequential boto3 crawl of that
                        account meets (bench/sequential.py), asked of the management account and
                        three members (the two linked ones hold the most; the others are alike)
  bucket bound (per account) = max over its buckets (answered calls - burst) / refill
Then, for the largest N, the same organization crawled as S shards (each with fresh buckets, as
on S machines) and merged with ``awsx merge``: each shard's wall time and peak RSS, the merge's,
and whether the merged snapshot equals the one-machine crawl (bench/org_estate.comparable).

As in bench/crawl.py, an untimed warm-up crawl straight from moto fills simaws's replay memory,
so the measured crawls meet the modelled latency and limits, not moto's CPU.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from awsx.inventory.demo import DEMO_CREDENTIALS
from awsx.inventory.organization import LIST_ACCOUNTS_PAGE_SIZE, MEMBERS_AT_ONCE
from awsx.inventory.shard import Shard
from awsx.store.snapshot import open_snapshot

from .moto_process import MotoProcess
from .org_estate import (
    REGION,
    SimulatedOrganization,
    comparable,
    create_organization,
    member_credentials,
    seed_organization,
)
from .sequential import sequential_crawl
from .simaws import SimConfig
from .simaws.process import SimAwsProcess

CLEAN = SimConfig(replay=True)
WARM_UP = SimConfig(latency=0.0, default_limits=None, limits={}, replay=True)


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu_seconds: float  # the crawling process's: the bound does not count it
    peak_rss_mib: float


@dataclass(frozen=True, slots=True)
class OrgRun:
    members: int
    accounts: int  # in the snapshot: the management account and every member
    resources: int
    crawl: Run
    bound: float
    seed_seconds: float
    warm_seconds: float


def run_cli(argv: list[str], endpoint: str) -> Run:
    """One awsx CLI run in a process of its own, with the simulated organization's credentials."""
    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": DEMO_CREDENTIALS["aws_access_key_id"],
           "AWS_SECRET_ACCESS_KEY": DEMO_CREDENTIALS["aws_secret_access_key"], "AWS_DEFAULT_REGION": REGION,
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    done = subprocess.run([sys.executable, "-m", "bench.cli_run", *argv], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"awsx {' '.join(argv)} failed: {done.stderr[-2000:]}")
    answer = json.loads(done.stdout.splitlines()[-1])
    if answer["exit"] != 0:
        raise RuntimeError(f"awsx {' '.join(argv)} exited {answer['exit']}: {done.stderr[-2000:]}")
    return Run(answer["seconds"], answer["cpu_seconds"], answer["peak_rss_mib"])


def crawl_argv(output: Path, shard: Shard | None = None) -> list[str]:
    return ["crawl", "--org", "--no-cache", "--quiet", "--regions", REGION, "-o", str(output),
            *(["--shard", str(shard)] if shard else [])]


def chains(moto_endpoint: str, organization: SimulatedOrganization) -> dict[str, int]:
    """The dependent-call chain of the management account and of three members."""
    found = {organization.management: sequential_crawl(moto_endpoint, (REGION,), None).chain}
    for account in organization.members[:3]:
        found[account] = sequential_crawl(moto_endpoint, (REGION,), None, member_credentials(moto_endpoint, account)).chain
    return found


def bound(sim: SimAwsProcess, members: int, chain: int) -> float:
    """The organization prefix plus the slowest account's bound (module docstring)."""
    latency = sim.config.latency
    per_account: dict[str, float] = {}
    for (account, service, _, api_class), outcomes in sim.counts(per_account=True).items():
        limit = sim.config.limit(service, api_class)
        if limit is not None:
            seconds = max(0.0, (outcomes["ok"] - limit.burst) / limit.refill)
            per_account[account] = max(per_account.get(account, 0.0), seconds)
    slowest = max([chain * latency, *per_account.values()])
    rounds = math.ceil(members / MEMBERS_AT_ONCE)
    prefix = (1 + math.ceil((members + 1) / LIST_ACCOUNTS_PAGE_SIZE) + 2 * rounds) * latency
    return prefix + slowest


def crawl_organization(console: Console, members: int, shards: int | None, folder: Path) -> tuple[OrgRun, Table | None]:
    with MotoProcess(demo=True) as moto:
        started = time.perf_counter()
        accounts = create_organization(moto.endpoint, members)
        organization = seed_organization(moto.endpoint, accounts)
        seeded = time.perf_counter() - started
        console.print(f"N={members}: seeded the organization in {seeded:.0f} s")
        chain = max(chains(moto.endpoint, organization).values())
        whole = folder / f"org-{members}.awsx"
        with SimAwsProcess(moto.endpoint, WARM_UP) as sim:
            warm = run_cli(crawl_argv(whole), sim.endpoint)
            console.print(f"N={members}: warm-up crawl straight from moto {warm.seconds:.0f} s "
                          f"({sim.misses} calls answered by moto, replayed from now on)")
            sim.reset(CLEAN)
            crawl = run_cli(crawl_argv(whole), sim.endpoint)
            the_bound = bound(sim, members, chain)
            table = shard_table(sim, whole, folder, shards, members) if shards else None
    estate = open_snapshot(whole)
    result = OrgRun(members, len(estate.info.accounts), len(estate), crawl, the_bound, seeded, warm.seconds)
    return result, table


def shard_table(sim: SimAwsProcess, whole: Path, folder: Path, count: int, members: int) -> Table:
    table = Table(title=f"N={members} in {count} shards, then awsx merge")
    for column in ("", "accounts", "resources", "wall s", "CPU s", "peak RSS MiB"):
        table.add_column(column, justify="left" if not column else "right")
    parts, runs = [], []
    for index in range(1, count + 1):
        sim.reset(CLEAN)  # fresh buckets: each shard on a machine of its own
        part = folder / f"part-{index}.awsx"
        runs.append(run_cli(crawl_argv(part, Shard(index, count)), sim.endpoint))
        parts.append(part)
        estate = open_snapshot(part)
        table.add_row(f"shard {index}/{count}", str(len(estate.info.accounts)), str(len(estate)),
                      f"{runs[-1].seconds:.2f}", f"{runs[-1].cpu_seconds:.1f}", f"{runs[-1].peak_rss_mib:.0f}")
    merged = folder / "merged.awsx"
    merge = run_cli(["merge", *map(str, parts), "-o", str(merged)], sim.endpoint)
    estate = open_snapshot(merged)
    table.add_row("awsx merge", str(len(estate.info.accounts)), str(len(estate)), f"{merge.seconds:.2f}",
                  f"{merge.cpu_seconds:.1f}", f"{merge.peak_rss_mib:.0f}")
    table.add_row("slowest shard + merge", "", "", f"{max(r.seconds for r in runs) + merge.seconds:.2f}", "", "")
    same = comparable(estate) == comparable(open_snapshot(whole))
    table.add_row("merged = one-machine crawl", "", "", "yes" if same else "NO", "", "")
    return table


def speed_table(runs: list[OrgRun]) -> Table:
    table = Table(title=f"awsx crawl --org through simaws: per-account buckets, latency {CLEAN.latency * 1000:.0f} ms, "
                        "EC2-style buckets 100 burst / 20 per s")
    for column in ("members", "accounts", "resources", "wall s", "bound s", "wall / bound", "CPU s", "peak RSS MiB",
                   "seeding s"):
        table.add_column(column, justify="right")
    for run in runs:
        table.add_row(str(run.members), str(run.accounts), str(run.resources), f"{run.crawl.seconds:.2f}", f"{run.bound:.2f}",
                      f"{run.crawl.seconds / run.bound:.2f}", f"{run.crawl.cpu_seconds:.1f}",
                      f"{run.crawl.peak_rss_mib:.0f}", f"{run.seed_seconds:.0f}")
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.org", description=__doc__.splitlines()[0])
    parser.add_argument("--members", default="10,100", help="organization sizes, comma-separated (default 10,100)")
    parser.add_argument("--shards", type=int, default=4, help="shards for the largest size (default 4)")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.members.split(","))
    console = Console()
    runs, tables = [], []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            result, table = crawl_organization(console, size, args.shards if size == sizes[-1] else None, Path(folder))
            runs.append(result)
            tables.extend([table] if table else [])
    console.print(speed_table(runs))
    for table in tables:
        console.print(table)


if __name__ == "__main__":
    main()
