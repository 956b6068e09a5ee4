"""CLI verbs for sharing an estate: ``awsx diff OLD NEW``, ``awsx export``, ``awsx serve``;
each verb's arguments and handler (cli/main.py's table)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.cli import graph_db
from awsx.cli.estate import load_estate
from awsx.cli.options import json_option
from awsx.cli.output import emit, styled, write_output
from awsx.cli.sql import PARQUET, cmd_export_parquet
from awsx.core.cells import cell
from awsx.diff.changes import EstateDiff, ResourceRef, diff_estates
from awsx.store.graph_export import FORMATS, export_graph
from awsx.store.snapshot import open_snapshot, write_snapshot


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier snapshot")
    parser.add_argument("new", metavar="NEW", help="the later snapshot")
    json_option(parser)


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=(*FORMATS, *graph_db.FORMATS, PARQUET), default="json",
                        help="output format (default: json)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write here instead of standard output (parquet: a directory, required)")
    graph_db.add_graph_db_arguments(parser)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ssh", required=True, metavar="HOST:PORT", help="address to listen on, e.g. 127.0.0.1:2222")
    parser.add_argument("--authorized-keys", required=True, metavar="FILE",
                        help="OpenSSH authorized_keys file: the only keys that may log in")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--snapshot", metavar="FILE", help="every session opens this snapshot")
    source.add_argument("--cache", action="store_true", help="every session opens the crawl cache, loaded once at start")
    parser.add_argument("--max-sessions", type=int, default=8, metavar="N", help="concurrent sessions (default: 8)")
    parser.add_argument("--max-connections", type=int, default=16, metavar="N",
                        help="concurrent logged-in SSH connections (default: 16; those still logging in have their own limits)")


def cmd_diff(args: argparse.Namespace) -> int:
    answer = diff_estates(open_snapshot(args.old), open_snapshot(args.new))
    return emit(args.json, answer, diff_view)


def _label(ref: ResourceRef) -> str:
    return ref.id if ref.name in ("", ref.id) else f"{ref.id} {ref.name}"


def _value(value: object) -> str:
    return "∅" if value is None else cell(value)


def diff_view(answer: EstateDiff) -> RenderableType:
    heading = styled("Changes", "bold", f" from {answer.old_crawled_at or '?'} to {answer.new_crawled_at or '?'}: ",
                     f"{len(answer.added)} added, {len(answer.removed)} removed, {len(answer.changed)} changed")
    if answer.empty and not answer.security and not answer.unseen:
        return Group(heading, Text("no changes"))
    parts: list[RenderableType] = [heading]
    if answer.security:
        security = Table(title="Security-relevant", title_justify="left", title_style="bold red")
        for title in ("Rule", "Resource", "What"):
            security.add_column(title, overflow="fold")
        for change in answer.security:
            security.add_row(change.rule, change.arn, change.detail)
        parts.append(security)
    if answer.unseen:
        unseen = Table(title="Unknown: in one crawl only, where the other could not read", title_justify="left",
                       title_style="yellow")
        for title in ("Kind", "Resource", "Missing in", "Why"):
            unseen.add_column(title, overflow="fold")
        for item in answer.unseen:
            unseen.add_row(item.ref.kind, _label(item.ref), item.missing_in, item.reason)
        parts.append(unseen)
    resources = Table(title="Resources", title_justify="left")
    for title in ("", "Kind", "Resource", "Field", "Old", "New"):
        resources.add_column(title, overflow="fold")
    for mark, refs in (("+", answer.added), ("-", answer.removed)):
        for ref in refs:
            resources.add_row(mark, ref.kind, _label(ref), "", "", "")
    for change in answer.changed:
        for number, field in enumerate(change.fields):
            resources.add_row("~" if number == 0 else "", change.kind if number == 0 else "",
                              change.arn if number == 0 else "", field.path, _value(field.old), _value(field.new))
    if not answer.empty:
        parts.append(resources)
    return Group(*parts)


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == PARQUET:
        return cmd_export_parquet(args)
    if args.format in graph_db.FORMATS:
        return graph_db.export_graph_db(args, load_estate)
    estate = load_estate(args)
    summary = f"{len(estate)} nodes, {estate.edge_count()} edges"
    return write_output(export_graph(estate, args.format), args.output, summary)


def cmd_serve(args: argparse.Namespace) -> int:
    from awsx.serve.server import ServeOptions, parse_address, serve_forever

    host, port = parse_address(args.ssh)

    def options(snapshot: str) -> ServeOptions:
        return ServeOptions(host, port, Path(args.authorized_keys), Path(snapshot).resolve(), max_sessions=args.max_sessions,
                            max_connections=args.max_connections)

    if args.snapshot is not None:
        return serve_forever(options(args.snapshot))
    # --cache: load the cache once (crawling what it lacks with the server's credentials) and
    # let every session read that copy: the sessions themselves never hold credentials.
    with tempfile.TemporaryDirectory(prefix="awsx-serve-") as private:
        snapshot = write_snapshot(load_estate(args), Path(private) / "cache.awsx")
        return serve_forever(options(str(snapshot)))
