"""CLI verbs of the cost engine, each verb's arguments and handler (cli/main.py's table).

``awsx cost [--by kind|region|vpc|account|tag:KEY] [--top N] [--json]`` and
``awsx waste [--json]``: a rich table by default, exactly one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import date
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import load_estate, parse_list, profiles_from
from awsx.cli.options import json_option
from awsx.cli.output import emit, stdout
from awsx.cost.bill import money
from awsx.cost.refresh import answered, needed_queries, refresh_document
from awsx.cost.report import DISCLAIMER, CostReport, cost_report
from awsx.cost.table import price_table_document, table_path
from awsx.cost.waste import WasteReport, waste_report

REFRESH_HELP = """\
Ask the AWS Price List Query API (read-only pricing:GetProducts, us-east-1 endpoint) for every price
the table holds, per region. A row is updated only when exactly one price answers; the others keep
their shipped value and source and are listed. Snapshots keep the table they were crawled with."""


def add_cost_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default="kind", metavar="GROUP",
                        help="group by kind, region, vpc, account or tag:KEY (default: kind)")
    parser.add_argument("--top", type=int, metavar="N", help="only the N largest groups and resources")
    json_option(parser)


def add_prices_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="prices_action", metavar="ACTION", required=True)
    refresh = actions.add_parser("refresh", help="update the table from the AWS Price List API (pricing:GetProducts)",
                                 description=REFRESH_HELP)
    refresh.add_argument("--regions", metavar="LIST", default=argparse.SUPPRESS,
                         help="comma-separated regions (default: every region the table has rows for)")
    refresh.add_argument("--profile", action="append", metavar="NAME", default=argparse.SUPPRESS,
                         help="AWS profile whose credentials may call pricing:GetProducts")
    refresh.add_argument("-o", "--output", metavar="FILE", help="write the new table here (default: the table awsx uses)")


def cmd_cost(args: argparse.Namespace) -> int:
    report = cost_report(load_estate(args), by=args.by, top=args.top)
    return emit(args.json, report, cost_tables)


def cost_tables(report: CostReport) -> RenderableType:
    header = Text.assemble((f"Estimated {money(report.total_monthly)}/month", "bold"),
                           f" by {report.by}; prices as of {report.prices_as_of}; {DISCLAIMER}")
    groups = Table(title=f"By {report.by}", title_justify="left")
    groups.add_column(report.by.capitalize())
    groups.add_column("Monthly", justify="right")
    groups.add_column("Share", justify="right")
    groups.add_column("Resources", justify="right")
    for group in report.groups:
        partly = f" + {group.unknown} unknown" if group.unknown and not group.all_unknown else ""
        share = "unknown" if group.all_unknown else "" if group.share is None else f"{group.share:.0%}"
        groups.add_row(group.key, money(group.monthly, group.approximate) + partly, share, str(group.count))
    items = Table(title="Resources, largest first", title_justify="left")
    items.add_column("Monthly", justify="right", no_wrap=True)
    items.add_column("Kind", no_wrap=True)
    items.add_column("Resource", no_wrap=True)
    items.add_column("Basis", overflow="fold")
    for item in report.items:
        items.add_row(money(item.monthly, item.approximate), item.kind, item.arn.rsplit(":", 1)[-1], item.basis)
    parts: list[RenderableType] = [header, groups, items]
    if report.unknown_count:
        parts.append(Text(f"{report.unknown_count} resource(s) could not be priced (unknown, not counted as $0)",
                          style="yellow"))
    return Group(*parts)


def cmd_prices(args: argparse.Namespace) -> int:
    """``awsx prices refresh``: prefetch every query (inventory), fold the answers (pure), write.
    The only cost verb that asks AWS, so the only one that loads boto."""
    from awsx.inventory.pricing import fetch_price_lists
    from awsx.inventory.session import SessionOptions

    document = price_table_document()
    regions = parse_list(getattr(args, "regions", None)) or tuple(sorted({r["region"] for r in document["items"]}))
    profiles = profiles_from(getattr(args, "profile", None))
    options = SessionOptions(profiles=profiles, regions=regions)
    answers = asyncio.run(fetch_price_lists(options, needed_queries(document, regions), profiles[0]))
    new, report = refresh_document(document, answered(answers), regions, date.today().isoformat())
    path = Path(args.output) if args.output else table_path()
    path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    stdout.print(f"wrote {path}: {len(report.updated)} prices updated; kept as shipped: {len(report.not_found)} "
                 f"not found, {len(report.ambiguous)} ambiguous, {len(report.not_covered)} not covered by the refresh")
    for label in report.ambiguous:
        stdout.print(f"  ambiguous (kept): {label}")
    return 0


def cmd_waste(args: argparse.Namespace) -> int:
    report = waste_report(load_estate(args))
    return emit(args.json, report, waste_table)


def waste_table(report: WasteReport) -> RenderableType:
    header = Text.assemble((f"Waste: {money(report.total_monthly_savings)}/month could be saved", "bold"),
                           f" ({len(report.findings)} findings; each resource counted once; prices as of "
                           f"{report.prices_as_of}; {DISCLAIMER})")
    table = Table()
    table.add_column("Saving/mo", justify="right", no_wrap=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Resource", no_wrap=True)
    table.add_column("Evidence", overflow="fold")
    for finding in report.findings:
        table.add_row(money(finding.monthly_savings, finding.approximate), finding.rule,
                      finding.arn.rsplit(":", 1)[-1], finding.evidence)
    return Group(header, table)

