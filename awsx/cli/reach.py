"""CLI verbs of this engine: ``add_commands`` adds sub-parsers and returns {verb: handler}.
``awsx reach SRC DST --port N --protocol tcp|udp [--json]`` and ``awsx exposure [--port N] [--json]``."""

from __future__ import annotations

import argparse
from typing import Callable

from rich.table import Table

from awsx.cli.output import emit, print_json, stdout
from awsx.core.errors import UserError
from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.query import checked_port, reach
from awsx.reach.verdict import Verdict

REACH_HELP = """\
Can SRC open a connection to DST? Checks security groups, network ACLs, route tables, internet
and NAT gateways, peering, transit gateways, endpoints and load balancers, on the forward path
AND the stateless return path (unlike Reachability Analyzer, the return path through a transit
gateway route table is checked too). SRC/DST: an ENI id, instance id, IP address, RDS or load
balancer ARN or name, VPC endpoint id, or the word 'internet'. Exit 0 for any verdict."""


def add_commands(verbs: argparse._SubParsersAction, estate_options: Callable[[argparse.ArgumentParser], None]) -> dict:
    parser = verbs.add_parser("reach", help="can SRC reach DST on a port, and which rule decides",
                              description=REACH_HELP)
    parser.add_argument("src", metavar="SRC")
    parser.add_argument("dst", metavar="DST")
    parser.add_argument("--port", required=True, help="destination port (0-65535)")
    parser.add_argument("--protocol", default="tcp", help="tcp or udp (default: tcp)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    estate_options(parser)
    exposed = verbs.add_parser("exposure", help="what the internet can reach, per port, with the path")
    exposed.add_argument("--port", default=None, help="only this port (0-65535)")
    exposed.add_argument("--json", action="store_true", help="print one JSON document")
    estate_options(exposed)
    return {"reach": _reach, "exposure": _exposure}


def _reach(args: argparse.Namespace, load_estate: Callable) -> int:
    estate = load_estate(args)
    try:
        verdict = reach(estate, args.src, args.dst, args.port, args.protocol)
    except Unresolvable as exc:
        raise UserError(str(exc)) from None
    return emit(args.json, verdict, verdict_table)


def verdict_table(verdict: Verdict) -> Table:
    head = "[green]REACHABLE[/]" if verdict.reachable else "[red]NOT REACHABLE[/]"
    title = f"{verdict.source} -> {verdict.destination} {verdict.protocol}/{verdict.port}: {head}"
    if verdict.blocker:
        b = verdict.blocker
        title += f"\nblocked by {b.kind} {b.id} ({b.direction}): {b.rule}"
    table = Table(title=title, title_justify="left")
    for column in ("#", "Dir", "Component", "Id", "Decision", "Rule"):
        table.add_column(column, overflow="fold")
    for hop in verdict.hops:
        decision = "[green]allow[/]" if hop.decision == "allow" else "[red]deny[/]"
        table.add_row(str(hop.seq), hop.direction, hop.kind, hop.id, decision, hop.rule)
    if verdict.warnings:
        table.caption = "warning: " + "\nwarning: ".join(verdict.warnings)
    return table


def _exposure(args: argparse.Namespace, load_estate: Callable) -> int:
    try:
        port = None if args.port is None else checked_port(args.port)
    except Unresolvable as exc:
        raise UserError(str(exc)) from None
    found = exposure(load_estate(args), port)
    if args.json:
        print_json({"exposed": [e.to_json() for e in found]})
        return 0
    table = Table(title=f"Reachable from the internet ({len(found)})", title_justify="left")
    for column in ("Target", "Kind", "Port", "Path"):
        table.add_column(column, overflow="fold")
    for e in found:
        path = " > ".join(f"{h.kind}:{h.id}" for h in e.path.hops if h.direction == "forward")
        table.add_row(e.target, e.kind, e.label, path)
    stdout.print(table)
    return 0
