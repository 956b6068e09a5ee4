"""CLI verb of the resilience engine: ``awsx blast --az AZ_ID | --region R [--json]``, what breaks
if a zone (or a Region) fails; its arguments and handler (cli/main.py's table)."""

from __future__ import annotations

import argparse

from rich.console import Group
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import load_estate
from awsx.cli.output import emit, json_option
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.resilience.blast import Blast, blast

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
