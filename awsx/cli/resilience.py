"""CLI verbs of the resilience engine: ``awsx blast --az AZ_ID | --region R [--json]``, what breaks
if a zone (or a Region) fails, and ``awsx coverage [--json]``, what no alarm or backup covers;
their arguments and handlers (cli/main.py's table)."""

from __future__ import annotations

import argparse

from rich.console import Group
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import load_estate
from awsx.cli.options import json_option
from awsx.cli.output import emit
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.resilience.blast import Blast, blast
from awsx.resilience.coverage import Coverage, coverage

BLAST_HELP = """\
What breaks if an Availability Zone fails (or a whole Region): the estate without that zone's
subnets and what is in them, and the flows that worked before and fail now (the internet to
exposed targets, subnets to the internet, tier to tier as security groups admit, load balancers to
targets), each with the rule that blocks it now; and what survives with less capacity. Name a
zone by its AZ id (use1-az2): names such as us-east-1a differ between accounts."""


def add_blast_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--az", metavar="AZ_ID", help="the zone that fails, by AZ id (use1-az2)")
    where.add_argument("--region", dest="failed_region", metavar="REGION", help="a whole Region fails")
    json_option(parser)


def cmd_blast(args: argparse.Namespace) -> int:
    if args.az is not None and not args.az.strip():
        raise UserError("--az needs an AZ id such as use1-az2")
    estate = load_estate(args)
    answer = blast(estate, az=args.az, region=args.failed_region)
    return emit(args.json, answer, lambda found: blast_tables(estate, found))


def _label(estate: Estate, arn: str) -> Text:
    return Text(estate.label(arn))


def blast_tables(estate: Estate, found: Blast) -> Group:
    title = (f"If {found.failed} fails: {len(found.broken)} of {found.checked} flows break, "
             f"{len(found.removed)} resources go with it, {len(found.degraded)} lose capacity")
    if not found.broken:
        broken: Table | Text = Text(f"{title}\nNo flow that worked before breaks.")
        return Group(broken, *_degraded_table(estate, found))
    broken = Table(title=title, title_justify="left")
    for column in ("Flow", "From", "To", "Port", "Blocked by"):
        broken.add_column(column, overflow="fold")
    for b in found.broken:
        blocker = b.blocker
        by = _label(estate, blocker["id"]) if blocker["kind"] == "removed" else Text(f"{blocker['kind']} {blocker['id']}")
        by.append(f": {blocker['rule']}" if blocker["kind"] != "removed" else " is gone with the zone")
        broken.add_row(b.flow.what, _label(estate, b.flow.src), _label(estate, b.flow.dst),
                       f"{b.flow.protocol}/{b.flow.port}", by)
    return Group(broken, *_degraded_table(estate, found))


def _degraded_table(estate: Estate, found: Blast) -> tuple[Table, ...]:
    if not found.degraded:
        return ()
    degraded = Table(title="Survives with less", title_justify="left")
    for column in ("Resource", "Kind", "What it loses"):
        degraded.add_column(column, overflow="fold")
    for d in found.degraded:
        degraded.add_row(_label(estate, d.arn), d.kind, Text(d.why))
    return (degraded,)


def cmd_coverage(args: argparse.Namespace) -> int:
    estate = load_estate(args)
    return emit(args.json, coverage(estate), lambda found: coverage_tables(estate, found))


def coverage_tables(estate: Estate, found: Coverage) -> Group:
    unwatched = [a for a in found.alarms if not a.watched]
    alarms = Table(title=f"Alarms: {len(unwatched)} of {len(found.alarms)} finite resources unwatched"
                         + ("" if found.alarms_read else " (no alarm in the estate: none exist, or they were not read)"),
                   title_justify="left")
    for column in ("Resource", "Kind", "Metric that runs out", "Alarm"):
        alarms.add_column(column, overflow="fold")
    for a in found.alarms:
        alarms.add_row(_label(estate, a.arn), a.kind, a.metric, _label(estate, a.alarm) if a.alarm else Text("none", "red"))
    unbacked = [b for b in found.backups if b.last_backup is None]
    backups = Table(title=f"Backups: {len(unbacked)} of {len(found.backups)} data stores with no backup",
                    title_justify="left")
    for column in ("Resource", "Kind", "AWS Backup", "Last backup", "Age at crawl", "From"):
        backups.add_column(column, overflow="fold")
    for b in found.backups:
        age = f"{b.age_days} d" if b.age_days is not None else "-"
        backups.add_row(_label(estate, b.arn), b.kind, "yes" if b.protected else "no", b.last_backup or Text("never", "red"),
                        age, Text(b.basis))
    keys = Table(title=f"Keys: {len(found.keys)} disabled or pending deletion", title_justify="left")
    for column in ("Key", "State", "Depends on it"):
        keys.add_column(column, overflow="fold")
    for k in found.keys:
        keys.add_row(_label(estate, k.arn), k.state, Text("\n".join(estate.label(d) for d in k.dependents) or "-"))
    return Group(alarms, backups, keys)
