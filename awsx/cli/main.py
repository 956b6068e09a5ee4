"""The ``awsx`` command: parse, load the estate, call an engine or the TUI, print.

Every verb takes ``--snapshot FILE`` to work offline; otherwise it uses the crawl cache and
crawls what is missing. User errors print one line and exit 2; failures exit 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Callable, NoReturn, Sequence

from rich.table import Table

from awsx import __version__
from awsx.cli import cost as cost_commands
from awsx.cli import iam as iam_commands
from awsx.cli import reach as reach_commands
from awsx.cli import share as share_commands
from awsx.cli.output import (
    crawl_progress,
    emit,
    print_json,
    print_markers,
    resource_table,
    stderr,
    stdout,
    summary_table,
)
from awsx.core.errors import AwsxError, UserError
from awsx.core.graph import Estate, UnknownResource
from awsx.inventory.readonly import minimal_policy
from awsx.inventory.session import SessionOptions, parse_regions, profiles_from
from awsx.inventory.specs import KINDS, resolve_kind
from awsx.load.live import LoadReport, live_refresher, load_live_estate
from awsx.load.refresh import wants_refresh
from awsx.pulse.summary import Pulse, pulse
from awsx.store.cache import LiveCache
from awsx.store.redact import Redactor
from awsx.store.snapshot import SnapshotReader, open_snapshot, write_snapshot

# Engine verbs (reach, iam, cost; diff, export, serve) live beside their engines: each module's
# add_commands(verbs, estate_options) adds its sub-parsers and returns {verb: handler}, where
# handler(args, load_estate) -> exit code.
ENGINE_COMMANDS = (reach_commands, iam_commands, cost_commands, share_commands)
ENGINE_VERBS: dict[str, Callable[[argparse.Namespace, Callable[..., Estate]], int]] = {}


def one_line(text: str) -> str:
    """``text`` with control characters escaped, so a typed newline cannot split an error."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors kept to one ``awsx: error:`` line whatever was typed."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


def _estate_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """Options to choose the estate, accepted before or after the verb. Below the top level
    they default to SUPPRESS so that ``awsx --profile p ls`` keeps the top-level value."""
    given = {} if top else {"default": argparse.SUPPRESS}
    flag = {"action": "store_true", **given}
    parser.add_argument("--snapshot", metavar="FILE", help="read this snapshot instead of AWS (offline)", **given)
    parser.add_argument("--profile", action="append", metavar="NAME",
                        help="AWS profile; repeat for several accounts (default: the standard chain)", **given)
    parser.add_argument("--regions", metavar="LIST", help="comma-separated regions (default: every enabled one)", **given)
    parser.add_argument("--refresh", help="ignore the crawl cache and crawl again", **flag)
    parser.add_argument("--no-cache", help="neither read nor write the crawl cache", **flag)
    parser.add_argument("--quiet", help="no progress bar", **flag)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="awsx", description="Read-only terminal explorer for an AWS estate.")
    parser.add_argument("--version", action="version", version=f"awsx {__version__}")
    _estate_options(parser, top=True)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    demo = verbs.add_parser("demo", help="embedded moto demo estate, crawled, then the TUI")
    demo.add_argument("--no-tui", action="store_true", help="crawl and print a summary instead of opening the TUI")
    demo.add_argument("-o", "--output", metavar="FILE", help="also write the crawled demo estate as a snapshot")
    demo.add_argument("--serve", action="store_true",
                      help="seed the demo AWS endpoint and keep it running (print how to point awsx at it)")
    demo.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help="no progress bar")

    crawl = verbs.add_parser("crawl", help="crawl with a progress bar and write a snapshot")
    _estate_options(crawl)
    crawl.add_argument("-o", "--output", metavar="FILE", required=True, help="snapshot file to write")
    crawl.add_argument("--redact", nargs="*", metavar="PATTERN",
                       help="drop tag values and account aliases, and replace text matching each regular "
                            "expression (names, ids, ARNs) by a consistent token")

    open_ = verbs.add_parser("open", help="TUI on a snapshot file: no credentials, no network")
    open_.add_argument("file", metavar="FILE")

    pulse_ = verbs.add_parser("pulse", help="the dashboard: counts per kind and region, faults, engine lines")
    _estate_options(pulse_)
    pulse_.add_argument("--json", action="store_true", help="print one JSON document")

    ls = verbs.add_parser("ls", help="list resources of a kind (no KIND: counts per kind)")
    _estate_options(ls)
    ls.add_argument("kind", nargs="?", metavar="KIND", help="a kind (ec2:network-interface) or alias (eni)")
    ls.add_argument("--json", action="store_true", help="print one JSON document")

    show = verbs.add_parser("show", help="one resource: attributes, tags and relations")
    _estate_options(show)
    show.add_argument("ref", metavar="ID", help="an id, ARN, name or IP address")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    verbs.add_parser("policy", help="print the minimal IAM policy a full crawl needs")
    for module in ENGINE_COMMANDS:
        ENGINE_VERBS.update(module.add_commands(verbs, _estate_options))
    return parser


def load_estate(args: argparse.Namespace, *, source: str = "live") -> Estate:
    """The estate a verb works on: a snapshot, or the cache plus a crawl of what is missing."""
    if args.snapshot is not None:
        return open_snapshot(args.snapshot)
    estate, _ = _load_live(args, _session_options(args), _cache(args), refresh=args.refresh, source=source)
    return estate


def _session_options(args: argparse.Namespace) -> SessionOptions:
    return SessionOptions(profiles=profiles_from(args.profile), regions=parse_regions(args.regions))


def _cache(args: argparse.Namespace) -> LiveCache | None:
    return None if args.no_cache else LiveCache()


def _load_live(args: argparse.Namespace, options: SessionOptions, cache: LiveCache | None, *,
               refresh: bool, source: str) -> tuple[Estate, LoadReport]:
    with crawl_progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        estate, report = asyncio.run(load_live_estate(options, cache=cache, refresh=refresh, source=source,
                                                      on_progress=progress))
    for note in report.notes:
        stderr.print(f"[yellow]note[/]: {note}")
    return estate, report


def cmd_tui(args: argparse.Namespace) -> int:
    """Live mode: open at once on what the cache holds and refresh in the background
    (``--refresh`` even when the cache is fresh). Without a cache the first crawl runs before
    the TUI, with its progress bar: an empty dashboard would answer nothing meanwhile, and bad
    credentials stay one line and exit 2 instead of an error inside a screen."""
    from awsx.tui.app import run_tui

    if args.snapshot is not None:
        run_tui(open_snapshot(args.snapshot))
        return 0
    options, cache = _session_options(args), _cache(args)
    estate, report = _load_live(args, options, cache, refresh=False, source="live")
    fresh = not wants_refresh(estate.info, report.cached_units, forced=args.refresh)
    run_tui(estate, refresher=None if fresh else live_refresher(options, cache))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from awsx.tui.app import open_tui

    return open_tui(SnapshotReader(args.file))


def cmd_crawl(args: argparse.Namespace) -> int:
    # A bad pattern fails before the crawl, not after it.
    redactor = Redactor.from_patterns(args.redact) if args.redact is not None else None
    estate = load_estate(args)
    if redactor is not None:
        estate = redactor.estate(estate)
    path = write_snapshot(estate, args.output)
    print_markers(estate)
    stderr.print(f"wrote {path} ({len(estate)} resources, {len(estate.markers)} markers)")
    return 0


def cmd_ls(args: argparse.Namespace) -> int:
    kind = None
    if args.kind is not None:
        kind = resolve_kind(args.kind)
        if kind is None:
            raise UserError(f"unknown kind {args.kind!r} (kinds: {', '.join(sorted(KINDS))})")
    estate = load_estate(args)
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


def cmd_show(args: argparse.Namespace) -> int:
    estate = load_estate(args)
    try:
        resource = estate.find(args.ref)
    except UnknownResource as exc:
        raise UserError(str(exc)) from None
    outgoing = estate.out_edges(resource.arn)
    incoming = estate.in_edges(resource.arn)
    if args.json:
        print_json({"resource": resource.to_json(), "out": [e.to_json() for e in outgoing],
                    "in": [e.to_json() for e in incoming],
                    "missing": [d.to_json() for d in estate.dangling if d.source == resource.arn]})
        return 0
    stdout.print(f"[bold]{resource.kind}[/] {resource.id}  {resource.name}\n{resource.arn}")
    for edge in outgoing:
        stdout.print(f"  → {edge.relation.value:<28} {edge.target}")
    for edge in incoming:
        stdout.print(f"  ← {edge.relation.value:<28} {edge.source}")
    stdout.print_json(data=dict(resource.data), default=str)
    return 0


def cmd_policy(args: argparse.Namespace) -> int:
    print_json(minimal_policy())
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from awsx.cli.demo import run_demo

    return run_demo(args)


VERBS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_tui,
    "demo": cmd_demo,
    "crawl": cmd_crawl,
    "open": cmd_open,
    "pulse": cmd_pulse,
    "ls": cmd_ls,
    "show": cmd_show,
    "policy": cmd_policy,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.verb in ENGINE_VERBS:
            return ENGINE_VERBS[args.verb](args, load_estate)
        return VERBS[args.verb](args)
    except AwsxError as exc:
        # Plain write: one line however narrow the terminal (rich would wrap it).
        sys.stderr.write(f"awsx: error: {one_line(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
