"""The ``awsx`` command: one table of verbs, the parser built from it, and the dispatch.

Each verb names its module's ``add_arguments(parser)`` and handler ``run(args) -> exit code``;
a verb that reads an estate also takes the estate options (cli/estate.py: ``--snapshot FILE``
to work offline, otherwise the crawl cache and a crawl of what is missing). User errors,
usage errors included, print one line and exit 2; failures exit 1. Nothing here loads boto:
the handlers that ask AWS import it when they run.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any, Callable, NoReturn, Sequence

from awsx import __version__
from awsx.cli import browse, cost, crawl, demo, iam, reach, share
from awsx.cli.estate import estate_options
from awsx.cli.output import json_option
from awsx.core.errors import AwsxError
from awsx.core.inert import inert


@dataclass(frozen=True, slots=True)
class Verb:
    """One ``awsx VERB``: its help line, its arguments, its handler, and whether it reads an
    estate (then it takes ``--snapshot``, ``--profile``, ``--regions``, ...)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    reads_estate: bool = True
    description: str | None = None


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A verb that takes nothing but ``--help``."""


VERBS: tuple[Verb, ...] = (
    Verb("demo", "embedded moto demo estate, crawled, then the TUI", demo.add_demo_arguments, demo.cmd_demo,
         reads_estate=False),
    Verb("crawl", "crawl with a progress bar and write a snapshot", crawl.add_crawl_arguments, crawl.cmd_crawl),
    Verb("open", "TUI on a snapshot file: no credentials, no network", browse.add_open_arguments, browse.cmd_open,
         reads_estate=False),
    Verb("pulse", "the dashboard: counts per kind and region, faults, engine lines", json_option,
         browse.cmd_pulse),
    Verb("ls", "list resources of a kind (no KIND: counts per kind)", browse.add_ls_arguments, browse.cmd_ls),
    Verb("show", "one resource: attributes, tags and relations", browse.add_show_arguments, browse.cmd_show),
    Verb("policy", "print the minimal IAM policy a full crawl needs", no_arguments, crawl.cmd_policy,
         reads_estate=False),
    Verb("reach", "can SRC reach DST on a port, and which rule decides", reach.add_reach_arguments, reach.cmd_reach,
         description=reach.REACH_HELP),
    Verb("exposure", "what the internet can reach, per port, with the path", reach.add_exposure_arguments,
         reach.cmd_exposure),
    Verb("can", "may PRINCIPAL do ACTION on RESOURCE, and which statements decide", iam.add_can_arguments,
         iam.cmd_can, description=iam.CAN_HELP),
    Verb("who-can", "which principals can do ACTION on RESOURCE, directly or by escalation",
         iam.add_who_can_arguments, iam.cmd_who_can),
    Verb("privesc", "admins, and the paths by which other principals become one", iam.add_privesc_arguments,
         iam.cmd_privesc),
    Verb("public", "resources whose policy grants to anyone (S3, KMS, SQS, SNS, Lambda)", json_option,
         iam.cmd_public),
    Verb("cost", "estimated monthly cost: where the money goes (list prices)", cost.add_cost_arguments,
         cost.cmd_cost),
    Verb("waste", "waste the inventory shows, with monthly savings and evidence", json_option,
         cost.cmd_waste),
    Verb("prices", "the price table the estimates use", cost.add_prices_arguments, cost.cmd_prices,
         reads_estate=False),
    Verb("diff", "what changed between two snapshots, security-relevant changes first", share.add_diff_arguments,
         share.cmd_diff, reads_estate=False),
    Verb("export", "the estate graph for other tools: GraphML, DOT or JSON", share.add_export_arguments,
         share.cmd_export),
    Verb("serve", "serve one read-only TUI per SSH session (public-key logins only)", share.add_serve_arguments,
         share.cmd_serve, reads_estate=False),
)
BY_NAME = {verb.name: verb for verb in VERBS}


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error kept to one ``awsx: error:`` line whatever was typed,
    pointing at the verb's ``--help`` instead of printing the usage (which wraps)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verbs: dict[str, argparse.ArgumentParser] = {}  # the top parser's, by name

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"awsx: error: {inert(message)} ({self.prog} --help)\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> argparse.Namespace:
        """As argparse, but words no parser took are the verb's error (``awsx ls --help``)."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            owner = self.verbs.get(getattr(parsed, "verb", None) or "", self)
            owner.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def build_parser() -> Parser:
    """The parser of every verb in ``VERBS``, in the table's order."""
    parser = Parser(prog="awsx", description="Read-only terminal explorer for an AWS estate.")
    parser.add_argument("--version", action="version", version=f"awsx {__version__}")
    estate_options(parser, top=True)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        sub = parser.verbs[verb.name] = verbs.add_parser(verb.name, help=verb.help, description=verb.description)
        verb.add_arguments(sub)
        if verb.reads_estate:
            estate_options(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return BY_NAME[args.verb].run(args) if args.verb else browse.cmd_tui(args)
    except AwsxError as exc:
        # Plain write: one line however narrow the terminal (rich would wrap it).
        sys.stderr.write(f"awsx: error: {inert(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
