"""The ``awsx`` command: one table of verbs, the parser built from it, and the dispatch.

Each verb names its module's ``add_arguments(parser)`` and handler ``run(args) -> exit code``;
a verb that reads an estate also takes the estate options (cli/estate.py: ``--snapshot FILE``
to work offline, otherwise the crawl cache and a crawl of what is missing). User errors,
usage errors included, print one line and exit 2; failures exit 1. Nothing here loads boto:
the handlers that ask AWS import it when they run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any, NoReturn, Sequence

from awsx import __version__
from awsx.cli import options
from awsx.cli.options import estate_options
from awsx.core.errors import AwsxError
from awsx.core.inert import inert


@dataclass(frozen=True, slots=True)
class Verb:
    """One ``awsx VERB``: its help line, where its arguments and handler live (names in
    ``awsx.cli.<module>``, or a shared one of ``awsx.cli.options``), and whether it reads an
    estate (then it takes ``--snapshot``, ``--profile``, ``--regions``, ...). The module is
    imported only when the verb runs or its help is asked for, so ``awsx --version`` or one
    verb does not pay for every engine."""

    name: str
    help: str
    module: str
    arguments: str
    handler: str
    reads_estate: bool = True
    description: str | None = None  # the module's attribute holding the long help

    def _module(self) -> ModuleType:
        return importlib.import_module(f"awsx.cli.{self.module}")

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        declare = getattr(options, self.arguments, None) or getattr(self._module(), self.arguments)
        declare(parser)

    def run(self, args: argparse.Namespace) -> int:
        return getattr(self._module(), self.handler)(args)

    def long_help(self) -> str | None:
        return getattr(self._module(), self.description) if self.description else None


VERBS: tuple[Verb, ...] = (
    Verb("demo", "embedded moto demo estate, crawled, then the TUI", "demo", "add_demo_arguments", "cmd_demo",
         reads_estate=False),
    Verb("crawl", "crawl with a progress bar and write a snapshot", "crawl", "add_crawl_arguments", "cmd_crawl"),
    Verb("merge", "join snapshots (an Organization crawled in shards) into one, cross-account links resolved",
         "crawl", "add_merge_arguments", "cmd_merge", reads_estate=False),
    Verb("open", "TUI on a snapshot file: no credentials, no network", "browse", "add_open_arguments", "cmd_open",
         reads_estate=False),
    Verb("pulse", "the dashboard: counts per kind and region, faults, engine lines", "browse", "json_option",
         "cmd_pulse"),
    Verb("ls", "list resources of a kind (no KIND: counts per kind)", "browse", "add_ls_arguments", "cmd_ls"),
    Verb("show", "one resource: attributes, tags and relations", "browse", "add_show_arguments", "cmd_show"),
    Verb("policy", "print the minimal IAM policy a full crawl needs", "crawl", "add_policy_arguments", "cmd_policy",
         reads_estate=False),
    Verb("reach", "can SRC reach DST on a port, and which rule decides", "reach", "add_reach_arguments", "cmd_reach",
         description="REACH_HELP"),
    Verb("exposure", "what the internet can reach, per port, with the path", "reach", "add_exposure_arguments",
         "cmd_exposure"),
    Verb("blast", "what breaks if an Availability Zone (or a Region) fails", "resilience", "add_blast_arguments",
         "cmd_blast", description="BLAST_HELP"),
    Verb("coverage", "finite resources no alarm watches, data stores' last backups, keys that break things",
         "resilience", "json_option", "cmd_coverage"),
    Verb("can", "may PRINCIPAL do ACTION on RESOURCE, and which statements decide", "iam", "add_can_arguments",
         "cmd_can", description="CAN_HELP"),
    Verb("who-can", "which principals can do ACTION on RESOURCE, directly or by escalation", "iam",
         "add_who_can_arguments", "cmd_who_can"),
    Verb("privesc", "admins, and the paths by which other principals become one", "iam", "add_privesc_arguments",
         "cmd_privesc"),
    Verb("public", "resources whose policy grants to anyone (S3, KMS, SQS, SNS, Lambda)", "iam", "json_option",
         "cmd_public"),
    Verb("cost", "estimated monthly cost: where the money goes (list prices)", "cost", "add_cost_arguments",
         "cmd_cost"),
    Verb("waste", "waste the inventory shows, with monthly savings and evidence", "cost", "json_option", "cmd_waste"),
    Verb("prices", "the price table the estimates use", "cost", "add_prices_arguments", "cmd_prices",
         reads_estate=False),
    Verb("diff", "what changed between two snapshots, security-relevant changes first", "share", "add_diff_arguments",
         "cmd_diff", reads_estate=False),
    Verb("export", "the estate for other tools: GraphML, DOT or JSON graphs, Parquet tables", "share",
         "add_export_arguments", "cmd_export"),
    Verb("sql", "ad-hoc SQL over the estate: a table per kind, edges, markers (DuckDB)", "sql", "add_sql_arguments",
         "cmd_sql"),
    Verb("serve", "serve one read-only TUI per SSH session (public-key logins only)", "share", "add_serve_arguments",
         "cmd_serve", reads_estate=False),
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


def build_parser(only: str | None = None) -> Parser:
    """The parser of every verb in ``VERBS``, in the table's order. With ``only`` (a verb's name),
    that verb alone gets its arguments (and its module imported); the others are help lines,
    which is all ``awsx --help`` shows and all a command line naming another verb needs."""
    parser = Parser(prog="awsx", description="Read-only terminal explorer for an AWS estate.")
    parser.add_argument("--version", action="version", version=f"awsx {__version__}")
    estate_options(parser, top=True)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        full = only is None or verb.name == only
        sub = parser.verbs[verb.name] = verbs.add_parser(
            verb.name, help=verb.help, description=verb.long_help() if full else None)
        if full:
            verb.add_arguments(sub)
            if verb.reads_estate:
                estate_options(sub)
    return parser


class _Silent(argparse.ArgumentParser):
    """A parser that leaves errors to the real one: it raises instead of printing."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def chosen_verb(argv: Sequence[str]) -> str | None:
    """The verb a command line names: its first word that is not a top-level option or an
    option's value (``awsx --profile prod ls`` is ``ls``); None for the TUI or ``--version``."""
    first = _Silent(add_help=False)
    estate_options(first, top=True)
    first.add_argument("words", nargs="*")
    try:
        known, _ = first.parse_known_args(list(argv))
    except ValueError:  # a top-level option without its value: the full parser says so
        return None
    return next((word for word in known.words if word in BY_NAME), None)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only=chosen_verb(words) or "").parse_args(words)
    try:
        if not args.verb:
            from awsx.cli.browse import cmd_tui  # the live TUI

            return cmd_tui(args)
        return BY_NAME[args.verb].run(args)
    except AwsxError as exc:
        # Plain write: one line however narrow the terminal (rich would wrap it).
        sys.stderr.write(f"awsx: error: {inert(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
