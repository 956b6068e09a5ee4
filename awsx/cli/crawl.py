"""CLI verbs about the crawl itself: ``awsx crawl -o FILE [--redact ...]`` writes a snapshot,
``awsx policy`` prints the minimal IAM policy a full crawl needs."""

from __future__ import annotations

import argparse

from awsx.cli.estate import load_estate
from awsx.cli.output import print_json, print_markers, stderr
from awsx.inventory.readonly import minimal_policy
from awsx.store.redact import Redactor
from awsx.store.snapshot import write_snapshot


def add_crawl_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="snapshot file to write")
    parser.add_argument("--redact", nargs="*", metavar="PATTERN",
                        help="drop tag values and account aliases, and replace text matching each regular "
                             "expression (names, ids, ARNs) by a consistent token")


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


def cmd_policy(args: argparse.Namespace) -> int:
    print_json(minimal_policy())
    return 0
