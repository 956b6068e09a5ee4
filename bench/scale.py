"""Scale benchmark: generate synthetic estates (10k and 100k resources, a 10k-ENI estate with 5k
IAM principals / 20k statements, and 1M resources over 200 accounts), then time what a user
waits for, calling the engines the way their CLI verbs do, and print ONE table of figure /
target ratios.

    python -m bench.scale [--dir DIR] [--estates 10k,10k-eni,100k,1M] [--pairs 200]

Targets come from the issues (first paint ~1 s; reach median <= 10 ms on 10k ENIs; exposure
<= 1 s per 10k ENIs; who-can <= 300 ms on 5k principals / 20k statements); rows without a
target are reported. Wall-clock figures vary with the machine's load: compare ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from resource import RUSAGE_CHILDREN, getrusage
from time import perf_counter, process_time
from typing import Any, Callable, Iterator, TypeVar

from rich.console import Console
from rich.table import Table

from awsx.core.graph import Estate
from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.iam.derived import iam_index
from awsx.iam.kinds import IAM_KINDS
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import build_graph
from awsx.iam.whocan import who_can
from awsx.reach.exposure import exposure
from awsx.reach.kinds import NETWORK_KINDS
from awsx.reach.network import Network
from awsx.reach.query import reach
from awsx.resilience.blast import blast
from awsx.resilience.zones import ZoneMap
from awsx.store.derived import DerivedCache, remember
from awsx.store.snapshot import open_snapshot
from awsx.store.sql import SqlDatabase

from .synth import Shape, write
from .synth_network import PORTS

SHAPES = {
    "10k": Shape("10k", enis=3200, principals=1000, statements=4000),
    "100k": Shape("100k", enis=40000, principals=5000, statements=20000),
    "10k-eni": Shape("10k-eni", enis=10000, principals=5000, statements=20000),
    # An Organization's worth (issue 18): 200 accounts of ~5.2k resources, written an account at a time.
    "1M": Shape("1M", enis=2000, principals=250, statements=1000, accounts=200),
}
WHOLE_ESTATE_ROWS = ("100k", "1M")  # reach and cost on the whole of the big estates
WHO_CAN = ("s3:PutObject", "arn:aws:s3:::data-0007/report.csv")
DEMO = Path(__file__).resolve().parents[1] / "snapshots" / "demo.awsx"
STARTUP_RUNS = 5
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    estate: str
    figure: float | None
    unit: str
    target: float | None = None  # same unit as figure; None: reported, no target
    note: str = ""

    @property
    def ratio(self) -> str:
        if self.figure is None or self.target is None:
            return "report"
        return f"{self.figure / self.target:.2f}"


def timed(work: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """The result and the CPU seconds it took this process (the median of ``repeat`` runs):
    on a shared machine wall time measures the neighbours too (the TUI rows give both)."""
    times = []
    for _ in range(repeat):
        started = process_time()
        result = work()
        times.append(process_time() - started)
    return result, statistics.median(times)


def snapshot(shape: Shape, directory: Path) -> tuple[Path, float | None]:
    """The estate's snapshot, generated unless ``directory`` already holds it."""
    accounts = f"-x{shape.accounts}" if shape.accounts > 1 else ""
    path = directory / f"synthetic-{shape.name}-{shape.enis}-{shape.principals}-{shape.statements}-{shape.seed}{accounts}.awsx"
    if path.exists():
        return path, None
    _, seconds = timed(lambda: write(shape, path))
    return path, seconds


def identity_statements(estate: Estate) -> int:
    """Statements in default managed policy versions and user/group/role inline policies."""
    count = 0
    for resource in estate.resources("iam:policy"):
        for version in resource.data.get("PolicyVersionList") or ():
            if version.get("IsDefaultVersion"):
                count += len(version["Document"]["Statement"])
    for kind, key in (("iam:user", "UserPolicyList"), ("iam:group", "GroupPolicyList"), ("iam:role", "RolePolicyList")):
        for resource in estate.resources(kind):
            count += sum(len(p["PolicyDocument"]["Statement"]) for p in resource.data.get(key) or ())
    return count


def describe(name: str, estate: Estate) -> str:
    counts = estate.kind_counts()
    principals = counts["iam:user"] + counts["iam:role"]
    return (f"{name}: {len(estate):,} resources, {estate.edge_count():,} edges, "
            f"{counts['ec2:network-interface']:,} ENIs, {principals:,} principals, "
            f"{identity_statements(estate):,} identity statements")


# --- TUI (own process per estate, so RSS is that estate's) ---------------------------------------
def _tui(path: Path, env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.scale_tui", str(path)], capture_output=True, text=True,
                         check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def tui_rows(name: str, path: Path, scratch: Path) -> Iterator[Row]:
    # A cache of its own: the engine lines are measured cold, whatever an earlier run left.
    env = {**os.environ, "XDG_CACHE_HOME": str(scratch / f"tui-cache-{name}")}
    f = _tui(path, env)
    paint, load, show, page = f["first_paint"], f["load"], f["show"], f["page_ms"]
    yield Row("snapshot open → first paint", name, paint["cpu"], "s", 1.0,
              f"wall {paint['wall']:.2f} s; the pulse from the manifest, 'loading N resources…'")
    yield Row("snapshot open → estate in, faults shown", name, load["cpu"], "s", None,
              f"wall {load['wall']:.2f} s; loaded in a thread worker after the first paint")
    engines = f["engines_done"]
    yield Row("pulse engine lines answered", name, engines["wall"], "s", None,
              "wall, from snapshot open; exposure, privesc, cost and waste in threads after the first paint")
    yield Row("pulse engine lines, after the estate is in", name, engines["cpu"] - load["cpu"], "s", None,
              f"wall {engines['wall'] - load['wall']:.2f} s; the engines' own share of the row above")
    yield Row("RSS after the pulse", name, f["rss_mb"], "MB", None, f"{f['resources']:,} resources")
    yield Row("browse: show the largest kind", name, show["cpu"], "s", None,
              f"wall {show['wall']:.2f} s; {f['kind']} has {f['kind_rows']:,} rows, the widget holds {f['rows_in_widget']:,}")
    yield Row("browse: one page-down", name, page["cpu"], "ms", 50.0,
              f"wall {page['wall']:.0f} ms; {f['rows_moved']} rows in 30 pages")
    yield Row("browse: per 1000 rows moved", name, f["ms_per_1000_rows"], "ms", None)
    if name != "1M":  # one open of the 1M estate is ~15 minutes
        again = _tui(path, env)
        yield Row("pulse engine lines, after the estate is in, reopened", name,
                  again["engines_done"]["cpu"] - again["load"]["cpu"], "s", None,
                  f"wall {again['engines_done']['wall'] - again['load']['wall']:.2f} s; the same snapshot opened "
                  "again: the parsed policies and the principal graph read from the derived cache")


# --- engines, called as their CLI verbs call them ----------------------------------------------
def workload_enis(estate: Estate) -> list[str]:
    return [r.id for r in estate.resources("ec2:network-interface") if r.data.get("InterfaceType") == "interface"]


def query_pairs(estate: Estate, count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """(src, dst, port): half as a real client would ask (a member of a group the destination's
    rules admit, on that rule's port: paths that go all the way, forward and return), half random
    pairs on a common port (most stop at a security group or a route)."""
    network = Network.of(estate)
    enis = workload_enis(estate)
    members: dict[str, list[str]] = {}
    for eni in enis:
        for group in network.by_id[eni].groups:
            members.setdefault(group, []).append(eni)
    pairs = []
    while len(pairs) < count:
        src, dst = rng.sample(enis, 2)
        port = rng.choice(PORTS)
        if len(pairs) % 2 == 0:
            admitted = [(pair["GroupId"], int(rule["FromPort"])) for group in network.by_id[dst].groups
                        for rule in network.groups.get(group, {}).get("IpPermissions") or ()
                        for pair in rule.get("UserIdGroupPairs") or () if members.get(pair["GroupId"])]
            if not admitted:
                continue
            group, port = rng.choice(admitted)
            src = rng.choice(members[group])
        pairs.append((src, dst, port))
    return pairs


def reach_rows(name: str, estate: Estate, pairs: int) -> Iterator[Row]:
    _, built = timed(lambda: Network.of(estate))
    yield Row("reach: network index (once per estate)", name, built * 1000, "ms")
    times, reachable = [], 0
    for src, dst, port in query_pairs(estate, pairs, random.Random(11)):
        verdict, seconds = timed(lambda: reach(estate, src, dst, port, "tcp"))
        times.append(seconds * 1000)
        reachable += verdict.reachable
    yield Row("reach: query median", name, statistics.median(times), "ms", 10.0,
              f"{pairs} ENI pairs (half client -> server), {reachable} reachable")
    yield Row("reach: query p95", name, statistics.quantiles(times, n=20)[-1], "ms")
    enis_count = len(workload_enis(estate))
    found, seconds = timed(lambda: exposure(estate))
    yield Row("exposure: full scan, per 10k ENIs", name, seconds * 10_000 / enis_count, "s", 1.0,
              f"{seconds:.2f} s for {enis_count:,} ENIs, {len(found):,} exposures")


def children_cpu() -> float:
    usage = getrusage(RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(*argv: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """``awsx ARGV`` in a fresh interpreter: its CPU seconds and wall seconds."""
    cpu, wall = children_cpu(), perf_counter()
    subprocess.run([sys.executable, "-m", "awsx.cli", *argv], capture_output=True, check=True,
                   env={**os.environ, **(env or {})})
    return children_cpu() - cpu, perf_counter() - wall


def startup_rows() -> Iterator[Row]:
    """Issue 18: ``awsx --version`` and an offline reach on the demo snapshot against a bare
    Python start, wall time, median of 5 (a start is too short for its CPU time to mean much)."""
    bare = statistics.median(_wall(sys.executable, "-c", "pass") for _ in range(STARTUP_RUNS))
    for label, argv in (("awsx --version", ["--version"]),
                        ("awsx reach on the demo snapshot", ["reach", "prod-use1-alb", "prod-use1-app-a", "--port",
                                                             "443", "--snapshot", str(DEMO)])):
        wall = statistics.median(cli(*argv)[1] for _ in range(STARTUP_RUNS))
        yield Row(f"CLI startup: {label}", "demo", wall / bare, "x python", 8.0,
                  f"{wall * 1000:.0f} ms wall vs {bare * 1000:.0f} ms for python -c pass (median of {STARTUP_RUNS})")


def _wall(*command: str) -> float:
    started = perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return perf_counter() - started


def lazy_load_rows(name: str, path: Path) -> Iterator[Row]:
    """What a verb pays to read a snapshot now that it reads only its engine's kinds."""
    for label, kinds in (("network kinds (reach, exposure)", NETWORK_KINDS), ("IAM kinds (can, who-can, privesc)",
                                                                             IAM_KINDS)):
        estate, seconds = timed(lambda: open_snapshot(path, kinds))
        yield Row(f"open_snapshot: {label}", name, seconds, "s", 1.0, f"{len(estate):,} resources of the estate's")
        del estate
        gc.collect()


def who_can_cli_rows(name: str, path: Path, scratch: Path) -> Iterator[Row]:
    """``awsx who-can`` as a user runs it, in a fresh process: cold (an empty derived cache: it
    parses, builds the principal graph and stores both) then warm (a previous process filled it)."""
    action, resource = WHO_CAN
    env = {"XDG_CACHE_HOME": str(scratch / f"cli-cache-{name}")}
    argv = ("who-can", action, resource, "--snapshot", str(path), "--json")
    for state, target in (("cold", None), ("warm", 0.3)):
        cpu, wall = cli(*argv, env=env)
        yield Row(f"who-can with escalation, the CLI, {state}", name, cpu, "s", target,
                  f"wall {wall:.2f} s; a fresh process, " + ("the derived cache empty" if state == "cold"
                                                             else "the derived cache filled by the previous one"))
    cpu, wall = cli(*argv, "--no-cache", env=env)
    yield Row("who-can with escalation, the CLI, --no-cache", name, cpu, "s", None, f"wall {wall:.2f} s")


def iam_rows(name: str, estate: Estate, path: Path, scratch: Path) -> Iterator[Row]:
    action, resource = WHO_CAN
    # The earlier rows' garbage: a full collection of the 30k-resource heap landing in one
    # sub-second query made it read 0.8 s instead of 0.2 s.
    gc.collect()
    answer, seconds = timed(lambda: who_can(IamIndex(estate), action, resource, escalation=False), repeat=3)
    yield Row("who-can: direct grants, parsing first", name, seconds * 1000, "ms", 300.0,
              f"{action} {resource}: {len(answer.principals)} principals; parses every policy first (--no-cache)")
    cache = DerivedCache(scratch / f"derived-{name}")
    iam_index(remember(estate, cache, path))  # fills the cache, as a previous process would have
    answer, seconds = timed(lambda: who_can(iam_index(remember(estate, cache, path)), action, resource,
                                            escalation=False), repeat=3)
    yield Row("who-can: direct grants, as the CLI (warm)", name, seconds * 1000, "ms", 300.0,
              f"{len(answer.principals)} principals; the parsed policies read from the derived cache")
    index = IamIndex(estate)
    _, parsed = timed(index.principals)
    answer, seconds = timed(lambda: who_can(index, action, resource, escalation=False), repeat=5)
    yield Row("who-can: direct grants, after load", name, seconds * 1000, "ms", 300.0,
              f"policies already parsed (as a TUI session holds them; parsing took {parsed * 1000:.0f} ms)")
    graph, seconds = timed(lambda: build_graph(index))
    edges = sum(len(steps) for steps in graph.edges.values())
    yield Row("principal graph build", name, seconds, "s", None, f"{len(graph.admins)} admins, {edges:,} edges")
    answer, seconds = timed(lambda: who_can(index, action, resource, graph=graph), repeat=3)
    yield Row("who-can: with escalation, graph built", name, seconds * 1000, "ms", 300.0,
              f"{len(answer.principals)} principals incl. escalation (as a TUI session holds the graph)")
    answer, seconds = timed(lambda: who_can(IamIndex(estate), action, resource))
    yield Row("who-can: with escalation, nothing cached", name, seconds * 1000, "ms", None,
              f"{len(answer.principals)} principals incl. escalation (the engine as --no-cache runs it)")
    yield from who_can_cli_rows(name, path, scratch)


def blast_rows(name: str, estate: Estate) -> Iterator[Row]:
    """Issue 17: the blast radius of the zone holding the most subnets, under 5 s on 10k."""
    zones = ZoneMap(estate)
    busiest = Counter(zones.subnet_zone.values()).most_common(1)[0][0]
    answer, seconds = timed(lambda: blast(estate, az=busiest))
    yield Row("blast: one zone", name, seconds, "s", 5.0,
              f"{busiest}: {answer.checked:,} flows asked twice, {len(answer.broken):,} broken, "
              f"{len(answer.removed):,} removed")


def cost_rows(name: str, estate: Estate) -> Iterator[Row]:
    report, seconds = timed(lambda: cost_report(estate, by="kind"))
    yield Row("cost rollup (by kind)", name, seconds, "s", None, f"{len(report.items):,} priced items")
    waste, seconds = timed(lambda: waste_report(estate))
    yield Row("waste scan", name, seconds, "s", None, f"{len(waste.findings):,} findings")


# Issue 19's kind of question: a join across edges (every ENI's VPC, counted per VPC).
SQL_JOIN = ("SELECT v.name, count(*) FROM ec2_network_interface n JOIN edges e ON e.src = n.arn "
            "AND e.relation = 'IN_VPC' JOIN ec2_vpc v ON v.arn = e.dst GROUP BY v.name")


def sql_rows(name: str, estate: Estate) -> Iterator[Row]:
    """``awsx sql``: the estate's tables built in DuckDB, then one join across ``edges``."""
    database, seconds = timed(lambda: SqlDatabase(estate))
    yield Row("sql: estate tables into DuckDB", name, seconds, "s", None, f"{len(estate):,} resources")
    answer, seconds = timed(lambda: database.query(SQL_JOIN), repeat=5)
    yield Row("sql: join across edges", name, seconds, "s", None, f"{len(answer.rows):,} VPCs")
    database.close()


# --- the run ---------------------------------------------------------------------------------
def run(directory: Path, scratch: Path, estates: list[str], pairs: int, console: Console) -> list[Row]:
    rows: list[Row] = list(startup_rows())
    for name in estates:
        path, generated = snapshot(SHAPES[name], directory)
        if generated is not None:
            rows.append(Row("generate + write snapshot", name, generated, "s"))
        if name in ("10k", *WHOLE_ESTATE_ROWS):
            rows += tui_rows(name, path, scratch)
        if name == "10k":
            rows += blast_rows(name, open_snapshot(path))
        if name in ("10k-eni", *WHOLE_ESTATE_ROWS):
            rows += lazy_load_rows(name, path)
        estate, seconds = timed(lambda: open_snapshot(path))
        console.print(describe(name, estate))
        rows.append(Row("open_snapshot: every kind", name, seconds, "s", 1.0,
                        f"{path.stat().st_size / 1e6:.1f} MB file (show, pulse, cost and the TUI load it all)"))
        if name == "10k-eni":
            rows += reach_rows(name, estate, pairs)
            rows += iam_rows(name, estate, path, scratch)
        if name in WHOLE_ESTATE_ROWS:
            rows += reach_rows(name, estate, pairs)
            rows += cost_rows(name, estate)
            rows += sql_rows(name, estate)
        del estate
        gc.collect()  # the next estate's figures must not pay for this one's garbage
    return rows


def table(rows: list[Row]) -> Table:
    out = Table(title="awsx scale benchmark: CPU time of the measuring process (wall time in notes where it differs "
                      "for the user); ratio = figure / target, < 1 meets it", title_justify="left")
    for column, justify in (("Name", "left"), ("Estate", "left"), ("Figure", "right"), ("Target", "right"),
                            ("Ratio", "right"), ("Note", "left")):
        out.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        figure = "n/a" if row.figure is None else f"{row.figure:,.2f} {row.unit}"
        target = "" if row.target is None else f"≤ {row.target:g} {row.unit}"
        ratio = row.ratio if row.ratio == "report" else f"[{'green' if float(row.ratio) <= 1 else 'red'}]{row.ratio}[/]"
        out.add_row(row.name, row.estate, figure, target, ratio, row.note)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="keep the generated snapshots here (and reuse them next time)")
    parser.add_argument("--estates", default=",".join(SHAPES),
                        help=f"comma-separated, from {', '.join(SHAPES)} (default: all)")
    parser.add_argument("--pairs", type=int, default=200, help="random reach queries (default 200)")
    args = parser.parse_args(argv)
    estates = [e.strip() for e in args.estates.split(",") if e.strip()]
    unknown = [e for e in estates if e not in SHAPES]
    if unknown or args.pairs < 2:
        parser.error(f"unknown estate {unknown[0]!r}" if unknown else "--pairs must be at least 2")
    console = Console(width=max(Console().width, 150))  # one row per line, even in a log
    with tempfile.TemporaryDirectory(prefix="awsx-scale-") as scratch:
        directory = args.dir or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        console.print(table(run(directory, Path(scratch), estates, args.pairs, console)))


if __name__ == "__main__":
    main()
