"""CLI verbs of this engine: ``add_commands`` adds sub-parsers and returns {verb: handler}.

``awsx cost [--by kind|region|vpc|account|tag:KEY] [--top N] [--json]`` and
``awsx waste [--json]``: a rich table by default, exactly one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
from typing import Callable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.output import emit

from .bill import money
from .report import CostReport, cost_report
from .waste import WasteReport, waste_report

DISCLAIMER = "list-price estimate, on-demand, 730 h/month; ≈ = approximate (fallback or unverified price)"


def add_commands(verbs: argparse._SubParsersAction, estate_options: Callable[[argparse.ArgumentParser], None]) -> dict:
    cost = verbs.add_parser("cost", help="estimated monthly cost: where the money goes (list prices)")
    estate_options(cost)
    cost.add_argument("--by", default="kind", metavar="GROUP",
                      help="group by kind, region, vpc, account or tag:KEY (default: kind)")
    cost.add_argument("--top", type=int, metavar="N", help="only the N largest groups and resources")
    cost.add_argument("--json", action="store_true", help="print one JSON document")

    waste = verbs.add_parser("waste", help="waste the inventory shows, with monthly savings and evidence")
    estate_options(waste)
    waste.add_argument("--json", action="store_true", help="print one JSON document")
    return {"cost": cmd_cost, "waste": cmd_waste}


def cmd_cost(args: argparse.Namespace, load_estate: Callable) -> int:
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
        share = group.monthly / report.total_monthly if report.total_monthly else 0.0
        figure = money(group.monthly) + (f" + {group.unknown} unknown" if group.unknown else "")
        groups.add_row(group.key, figure, f"{share:.0%}", str(group.count))
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


def cmd_waste(args: argparse.Namespace, load_estate: Callable) -> int:
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

