"""CLI verbs about the crawl itself: ``awsx crawl -o FILE [--redact ...]`` writes a snapshot,
``awsx policy [--org]`` prints the minimal IAM policy a full crawl needs (with ``--org``: the
management account's, and the one the members' role needs)."""

from __future__ import annotations

import argparse

from awsx.cli.estate import load_estate
from awsx.cli.output import print_json, print_markers, stderr
from awsx.inventory.readonly import DEFAULT_ORG_ROLE, minimal_policy, organization_policy
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
