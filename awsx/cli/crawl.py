"""CLI verbs about the crawl itself: ``awsx crawl -o FILE [--redact ...] [--org --shard I/N]``
writes a snapshot (of one shard of an Organization's accounts with ``--shard``), ``awsx merge
PART... -o FILE`` joins the shards' snapshots into one, ``awsx policy [--org]`` prints the
minimal IAM policy a full crawl needs (with ``--org``: the management account's, and the one the
members' role needs)."""

from __future__ import annotations

import argparse

from awsx.cli.estate import load_estate
from awsx.cli.output import print_json, print_markers, stderr
from awsx.core.errors import UserError
from awsx.inventory.readonly import DEFAULT_ORG_ROLE, minimal_policy, organization_policy
from awsx.store.redact import Redactor
from awsx.store.snapshot import write_snapshot


def add_crawl_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="snapshot file to write")
    parser.add_argument("--redact", nargs="*", metavar="PATTERN",
                        help="drop tag values and account aliases, and replace text matching each regular "
                             "expression (names, ids, ARNs) by a consistent token")
    parser.add_argument("--shard", metavar="I/N",
                        help="with --org: crawl only shard I of N of the organization's accounts (a fixed "
                             "share by a hash of the account id); join the parts with `awsx merge`")


def cmd_crawl(args: argparse.Namespace) -> int:
    if args.shard and (args.snapshot is not None or not args.org):
        raise UserError("--shard needs --org (a live crawl of an Organization)")
    # A bad pattern fails before the crawl, not after it.
    redactor = Redactor.from_patterns(args.redact) if args.redact is not None else None
    estate = load_estate(args)
    if redactor is not None:
        estate = redactor.estate(estate)
    path = write_snapshot(estate, args.output)
    print_markers(estate)
    stderr.print(f"wrote {path} ({len(estate)} resources, {len(estate.markers)} markers)")
    return 0


def add_merge_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("parts", nargs="+", metavar="PART", help="snapshots to join (e.g. each --shard's)")
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="snapshot file to write")


def cmd_merge(args: argparse.Namespace) -> int:
    from awsx.load.merge import merge_snapshots

    merged = merge_snapshots(args.parts)
    path = write_snapshot(merged.estate, args.output)
    print_markers(merged.estate)
    accounts, parts = len(merged.estate.info.accounts), len(args.parts)
    stderr.print(f"wrote {path} ({len(merged.estate)} resources of {accounts} account{'s' * (accounts != 1)} "
                 f"from {parts} part{'s' * (parts != 1)}; {merged.resolved} cross-part references resolved, "
                 f"{len(merged.estate.dangling)} still dangling)")
    for note in merged.notes:
        stderr.print(f"note: {note}")
    return 0


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", action="store_true",
                        help="the management account's policy for --org, and the members' role policy")
    parser.add_argument("--org-role", metavar="NAME", default=DEFAULT_ORG_ROLE,
                        help="the role --org assumes in members (default: OrganizationAccountAccessRole)")


def cmd_policy(args: argparse.Namespace) -> int:
    if args.org:
        print_json({"management": organization_policy(args.org_role), "members": minimal_policy(),
                    "member_role": args.org_role})
    else:
        print_json(minimal_policy())
    return 0
