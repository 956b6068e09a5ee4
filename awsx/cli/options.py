"""The options several verbs share, declared without importing anything heavy: the CLI's verb
table builds its parser from these before it knows which verb (and so which engine) will run."""

from __future__ import annotations

import argparse


def estate_options(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """Options to choose the estate, accepted before or after the verb. Below the top level
    they default to SUPPRESS so that ``awsx --profile p ls`` keeps the top-level value."""
    given = {} if top else {"default": argparse.SUPPRESS}
    flag = {"action": "store_true", **given}
    parser.add_argument("--snapshot", metavar="FILE", help="read this snapshot instead of AWS (offline)", **given)
    parser.add_argument("--profile", action="append", metavar="NAME",
                        help="AWS profile; repeat for several accounts (default: the standard chain)", **given)
    parser.add_argument("--regions", metavar="LIST",
                        help="comma-separated regions (default: every enabled one; with --snapshot: every one it holds)",
                        **given)
    parser.add_argument("--refresh", help="ignore the crawl cache and crawl again", **flag)
    parser.add_argument("--no-cache", help="neither read nor write the crawl cache (with --snapshot: nor the "
                                           "derived cache of its IAM structures)", **flag)
    parser.add_argument("--quiet", help="no progress bar", **flag)
    parser.add_argument("--org", help="every active account of the first profile's AWS Organization "
                                      "(from the management account or a delegated administrator)", **flag)
    parser.add_argument("--org-role", metavar="NAME", help="the role assumed in each member account "
                                                           "(default: OrganizationAccountAccessRole)", **given)
    parser.add_argument("--accounts", metavar="LIST", help="with --org: only these account ids", **given)
    parser.add_argument("--exclude", metavar="LIST", help="with --org: leave these account ids out", **given)


def json_option(parser: argparse.ArgumentParser) -> None:
    """``--json``, which every query verb takes and ``emit`` obeys."""
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A verb that takes nothing but ``--help``."""
