"""CLI verbs of the reach engine: ``awsx reach SRC DST --port N --protocol tcp|udp [--json]`` and
``awsx exposure [--port N] [--json]``; each verb's arguments and handler (cli/main.py's table)."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from typing import Iterator

from rich.table import Table

from awsx.cli.estate import load_estate
from awsx.cli.output import emit, json_option, print_json, stdout
from awsx.core.errors import UserError
from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.query import checked_port, checked_protocol, reach
from awsx.reach.verdict import Verdict

REACH_HELP = """\
Can SRC open a connection to DST? Checks security groups, network ACLs, route tables, internet
and NAT gateways, peering, transit gateways, endpoints and load balancers, on the forward path
AND the stateless return path (unlike Reachability Analyzer, the return path through a transit
gateway route table is checked too). SRC/DST: an ENI id, instance id, IP address, RDS or load
balancer ARN or name, VPC endpoint id, or the word 'internet'. Exit 0 for any verdict."""


def add_reach_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC")
    parser.add_argument("dst", metavar="DST")
    parser.add_argument("--port", required=True, help="destination port (0-65535)")
    parser.add_argument("--protocol", default="tcp", help="tcp or udp (default: tcp)")
    json_option(parser)


def add_exposure_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", default=None, help="only this port (0-65535)")
    json_option(parser)


@contextmanager
def _refused_as_user_errors() -> Iterator[None]:
    """The engine's ``Unresolvable`` (a bad port, an unknown end) is the user's: one line, exit 2."""
    try:
        yield
    except Unresolvable as exc:
        raise UserError(str(exc)) from None


def cmd_reach(args: argparse.Namespace) -> int:
    with _refused_as_user_errors():  # the port and protocol are checked before any crawl
        port, protocol = checked_port(args.port), checked_protocol(args.protocol)
        verdict = reach(load_estate(args), args.src, args.dst, port, protocol)
    return emit(args.json, verdict, verdict_table)


def verdict_table(verdict: Verdict) -> Table:
    head = "[green]REACHABLE[/]" if verdict.reachable else "[red]NOT REACHABLE[/]"
    title = f"{verdict.source} -> {verdict.destination} {verdict.protocol}/{verdict.port}: {head}"
    if verdict.blocker:
        b = verdict.blocker
        title += f"\nblocked by {b.kind} {b.id} ({b.direction}): {b.rule}"
    if verdict.reachable and verdict.world is not None:  # from `internet`: who gets in (issue 14)
        title += "\nopen to the world" if verdict.world else f"\nopen to {', '.join(verdict.sources)} only"
    table = Table(title=title, title_justify="left")
    for column in ("#", "Dir", "Component", "Id", "Decision", "Rule"):
        table.add_column(column, overflow="fold")
    for hop in verdict.hops:
        decision = "[green]allow[/]" if hop.decision == "allow" else "[red]deny[/]"
        table.add_row(str(hop.seq), hop.direction, hop.kind, hop.id, decision, hop.rule)
    if verdict.warnings:
        table.caption = "warning: " + "\nwarning: ".join(verdict.warnings)
    return table


def cmd_exposure(args: argparse.Namespace) -> int:
    with _refused_as_user_errors():
        port = None if args.port is None else checked_port(args.port)
    found = exposure(load_estate(args), port)
    if args.json:
        print_json({"exposed": [e.to_json() for e in found]})
        return 0
    world = sum(e.world for e in found)
    table = Table(title=f"Reachable from the internet ({len(found)}: {world} open to the world, "
                        f"{len(found) - world} to listed ranges)", title_justify="left")
    for column in ("Target", "Kind", "Port", "Open to", "Path"):
        table.add_column(column, overflow="fold")
    for e in found:
        path = " > ".join(f"{h.kind}:{h.id}" for h in e.path.hops if h.direction == "forward")
        table.add_row(e.target, e.kind, e.label, e.audience, path)
    stdout.print(table)
    return 0
