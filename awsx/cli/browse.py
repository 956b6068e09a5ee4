"""CLI verbs that look at the estate as it is: the TUI (``awsx``, ``awsx open FILE``),
``awsx ls [KIND]``, ``awsx show ID`` and ``awsx pulse``."""

from __future__ import annotations

import argparse

from rich.table import Table

from awsx.cli.estate import cache, load_estate, load_live, session_options, snapshot_estate
from awsx.cli.options import json_option
from awsx.cli.output import (
    emit,
    json_text,
    print_json,
    print_markers,
    resource_table,
    stdout,
    styled,
    summary_table,
)
from awsx.core.errors import UserError
from awsx.core.graph import UnknownResource
from awsx.inventory.specs import KINDS, resolve_kind
from awsx.load.refresh import wants_refresh
from awsx.pulse.summary import Pulse, pulse
from awsx.reach.rule_rows import rule_table
from awsx.store.snapshot import SnapshotReader


def cmd_tui(args: argparse.Namespace) -> int:
    """Live mode: open at once on what the cache holds and refresh in the background
    (``--refresh`` even when the cache is fresh). Without a cache the first crawl runs before
    the TUI, with its progress bar: an empty dashboard would answer nothing meanwhile, and bad
    credentials stay one line and exit 2 instead of an error inside a screen."""
    from awsx.tui.app import run_tui

    if args.snapshot is not None:
        run_tui(snapshot_estate(args))
        return 0
    from awsx.load.live import live_refresher

    options, crawl_cache = session_options(args), cache(args)
    estate, report = load_live(args, options, crawl_cache, refresh=False, source="live")
    fresh = not wants_refresh(estate.info, report.cached_units, forced=args.refresh)
    run_tui(estate, refresher=None if fresh else live_refresher(options, crawl_cache))
    return 0


def add_open_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")


def cmd_open(args: argparse.Namespace) -> int:
    from awsx.tui.app import open_tui

    return open_tui(SnapshotReader(args.file))


def add_ls_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", nargs="?", metavar="KIND", help="a kind (ec2:network-interface) or alias (eni)")
    json_option(parser)


def cmd_ls(args: argparse.Namespace) -> int:
    kind = None
    if args.kind is not None:
        kind = resolve_kind(args.kind)
        if kind is None:
            raise UserError(f"unknown kind {args.kind!r} (kinds: {', '.join(sorted(KINDS))})")
    estate = load_estate(args, kinds=None if kind is None else {kind})  # a kind's list reads that member alone
    if kind is None:
        if args.json:
            print_json({"counts": dict(sorted(estate.kind_counts().items())),
                        "markers": [m.to_json() for m in estate.markers]})
        else:
            stdout.print(summary_table(estate))
            print_markers(estate)
        return 0
    resources = sorted(estate.resources(kind), key=lambda r: (r.account, r.region, r.name, r.id))
    markers = [m.to_json() for m in estate.markers if m.service == kind.split(":", 1)[0]]
    if args.json:
        print_json({"kind": kind, "count": len(resources), "resources": [r.to_json() for r in resources],
                    "markers": markers})
    else:
        stdout.print(resource_table(kind, resources))
        print_markers(estate)
    return 0


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="ID", help="an id, ARN, name or IP address")
    json_option(parser)


def cmd_show(args: argparse.Namespace) -> int:
    estate = load_estate(args)
    try:
        resource = estate.find(args.ref)
    except UnknownResource as exc:
        raise UserError(str(exc)) from None
    outgoing = estate.out_edges(resource.arn)
    incoming = estate.in_edges(resource.arn)
    rules = rule_table(estate, resource)  # security groups, NACLs, route tables (issue 14)
    if args.json:
        document = {"resource": resource.to_json(), "out": [e.to_json() for e in outgoing],
                    "in": [e.to_json() for e in incoming],
                    "missing": [d.to_json() for d in estate.dangling if d.source == resource.arn],
                    "unread": [m.to_json() for m in estate.unread(resource.arn)]}
        if rules is not None:
            document["rules"] = rules.to_json()
        print_json(document)
        return 0
    stdout.print(styled(resource.kind, "bold", f" {resource.id}  {resource.name}"))
    stdout.print(resource.arn)
    for marker in estate.unread(resource.arn):
        stdout.print(styled("  unread", "yellow", f": {marker.on_record()}"))
    for edge in outgoing:
        stdout.print(f"  → {edge.relation.value:<28} {edge.target}")
    for edge in incoming:
        stdout.print(f"  ← {edge.relation.value:<28} {edge.source}")
    if rules is not None:
        from awsx.widgets.rule_table import rich_rule_table  # the TUI's table, drawn by rich

        stdout.print(rich_rule_table(rules, title=rules.title))
    stdout.print(json_text(dict(resource.data)))
    return 0


def cmd_pulse(args: argparse.Namespace) -> int:
    return emit(args.json, pulse(load_estate(args)), pulse_table)


def pulse_table(answer: Pulse) -> Table:
    table = Table(title="Pulse", title_justify="left")
    table.add_column("Count", justify="right")
    table.add_column("Check")
    table.add_column("Detail")
    for fault in answer.faults:
        table.add_row(str(fault.count), fault.title, fault.kind)
    for engine in answer.engines:
        table.add_row("?" if engine.count is None else str(engine.count), engine.title, engine.summary)
    return table
