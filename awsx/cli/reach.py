"""CLI verbs of the reach engine: ``awsx reach SRC DST --port N --protocol tcp|udp [--json]`` and
``awsx exposure [--port N] [--with-identity] [--json]``; each verb's arguments and handler (cli/main.py's table)."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from rich.table import Table
from rich.text import Text

from awsx.cli.estate import answer_on, load_estate
from awsx.cli.options import json_option
from awsx.cli.output import emit, print_json, stdout
from awsx.core.errors import UserError
from awsx.core.inert import inert
from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.kinds import NETWORK_KINDS
from awsx.reach.query import checked_port, checked_protocol, reach
from awsx.reach.verdict import Verdict

if TYPE_CHECKING:
    from awsx.reach.identity import ExposedIdentity

REACH_HELP = """\
Can SRC open a connection to DST? Checks security groups, network ACLs, route tables, internet
and NAT gateways, peering, transit gateways, endpoints and load balancers, on the forward path
AND the stateless return path (unlike Reachability Analyzer, the return path through a transit
gateway route table is checked too). SRC/DST: an ENI id, instance id, IP address, RDS instance or
Aurora cluster, load balancer (ALB, NLB, Classic) ARN or name, ECS task, ElastiCache cluster or
replication group, EKS cluster, VPC endpoint id, or the word 'internet'; DST may also be a Route 53
name (it is what its records point at). Exit 0 for any verdict."""


def add_reach_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC")
    parser.add_argument("dst", metavar="DST")
    parser.add_argument("--port", required=True, help="destination port (0-65535)")
    parser.add_argument("--protocol", default="tcp", help="tcp or udp (default: tcp)")
    json_option(parser)


def add_exposure_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", default=None, help="only this port (0-65535)")
    parser.add_argument("--with-identity", action="store_true",
                        help="add the IAM role each target runs as: admin, escalation to admin, data stores")
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
        verdict = answer_on(args, NETWORK_KINDS, lambda estate: reach(estate, args.src, args.dst, port, protocol),
                            (Unresolvable,))
    return emit(args.json, verdict, verdict_table)


def verdict_table(verdict: Verdict) -> Table:
    head = ("REACHABLE", "green") if verdict.reachable else ("CONDITIONAL", "yellow") if verdict.conditional \
        else ("NOT REACHABLE", "red")
    title = Text(inert(f"{verdict.source} -> {verdict.destination} {verdict.protocol}/{verdict.port}: "))
    title.append(*head)
    if verdict.blocker:
        b = verdict.blocker
        title.append("\n" + inert(f"blocked by {b.kind} {b.id} ({b.direction}): {b.rule}"))
    if verdict.conditional:  # issue 16: what the estate lacks to decide, never guessed open
        title.append("\n" + inert("unknown: " + "; ".join(verdict.conditional)))
    if verdict.reachable and verdict.world is not None:  # from `internet`: who gets in (issue 14)
        title.append("\nopen to the world" if verdict.world
                     else "\n" + inert(f"open to {', '.join(verdict.sources)} only"))
    table = Table(title=title, title_justify="left")
    for column in ("#", "Dir", "Component", "Id", "Decision", "Rule"):
        table.add_column(column, overflow="fold")
    for hop in verdict.hops:
        decision = {"allow": Text("allow", "green"), "unknown": Text("unknown", "yellow")}.get(hop.decision,
                                                                                       Text("deny", "red"))
        table.add_row(str(hop.seq), hop.direction, hop.kind, hop.id, decision, hop.rule)
    if verdict.warnings:
        table.caption = Text("\n".join(inert(f"warning: {warning}") for warning in verdict.warnings))
    return table


def cmd_exposure(args: argparse.Namespace) -> int:
    with _refused_as_user_errors():
        port = None if args.port is None else checked_port(args.port)
    joined = None
    if not args.with_identity:
        found = exposure(load_estate(args, kinds=NETWORK_KINDS), port)
    else:  # the IAM engine, only when asked
        from awsx.iam.kinds import IAM_KINDS
        from awsx.reach.identity import exposed_identities

        estate = load_estate(args, kinds=NETWORK_KINDS | IAM_KINDS)
        found = exposure(estate, port)
        joined = exposed_identities(estate, found)
    if args.json:
        print_json({"exposed": [e.to_json() for e in joined] if joined is not None else [e.to_json() for e in found]})
        return 0
    world = sum(e.world for e in found)
    table = Table(title=f"Reachable from the internet ({len(found)}: {world} open to the world, "
                        f"{len(found) - world} to listed ranges)", title_justify="left")
    columns = ("Target", "Kind", "Port", "Open to", "Path") + (("Runs as",) if joined is not None else ())
    for column in columns:
        table.add_column(column, overflow="fold")
    for e, behind in zip(found, joined or [None] * len(found)):
        path = " > ".join(f"{h.kind}:{h.id}" for h in e.path.hops if h.direction == "forward")
        identity = (_identity_cell(behind),) if behind is not None else ()
        table.add_row(e.target, e.kind, e.label, e.audience, path, *identity)
    stdout.print(table)
    return 0


def _identity_cell(joined: ExposedIdentity) -> Text:
    """``role/admin (i-0ab): admin``, one line per identity behind the target; ``-`` for none."""
    lines = (inert(f"{i.arn.rsplit(':', 1)[-1]} ({i.via}): {i.summary}") for i in joined.identities)
    return Text("\n".join(lines) or "-")
