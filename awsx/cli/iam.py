"""CLI verbs of the IAM engine, each verb's arguments and handler (cli/main.py's table):

``awsx can PRINCIPAL ACTION [RESOURCE]``, ``awsx who-can ACTION [RESOURCE]``,
``awsx privesc [PRINCIPAL]``, ``awsx public``: a rich table by default, one JSON document with ``--json``;
exit 0 for any decision, 2 for an unknown principal or bad input."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import load_estate
from awsx.cli.options import json_option
from awsx.cli.output import emit, stderr
from awsx.core.errors import UserError
from awsx.iam.evaluate import ALL, Decision, evaluate
from awsx.iam.policy import Policy, parse_policy
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import PrivescReport, privesc
from awsx.iam.public import PublicReport, public_resources
from awsx.iam.request import asking_principal, checked_action, request_resource
from awsx.iam.whocan import WhoCan, who_can

PRINCIPAL_HELP = "an IAM user/role ARN, an assumed-role session ARN, user/NAME or role/NAME"
ASKER_HELP = PRINCIPAL_HELP + ", or an instance or instance profile (which acts as its role)"
COLOURS = {"allow": "green", "conditional": "yellow", "implicit-deny": "red", "explicit-deny": "red"}
CAN_HELP = ("Evaluate one request the way AWS does (explicit deny, RCP, SCP, resource policy, identity policies, "
            "permissions boundary, session policy). Exit 0 for any decision.")


def _resource_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("resource", metavar="RESOURCE", nargs="?", default=ALL,
                        help="an ARN or a name in the estate (default: *, meaning every resource)")


def add_can_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("principal", metavar="PRINCIPAL", help=ASKER_HELP)
    parser.add_argument("action", metavar="ACTION", help="service:Action, e.g. s3:GetObject")
    _resource_argument(parser)
    parser.add_argument("--context", action="append", default=[], metavar="KEY=VALUE",
                        help="a request context value, e.g. aws:MultiFactorAuthPresent=true (repeatable)")
    parser.add_argument("--session-policy", metavar="FILE", help="a session policy document (JSON)")
    json_option(parser)


def add_who_can_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", metavar="ACTION")
    _resource_argument(parser)
    json_option(parser)


def add_privesc_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("principal", metavar="PRINCIPAL", nargs="?", help=PRINCIPAL_HELP)
    json_option(parser)


def _context(pairs: list[str]) -> dict[str, list[str]]:
    context: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UserError(f"bad --context {pair!r}: use KEY=VALUE")
        context.setdefault(key, []).append(value)
    return context


def _session_policy(path: str | None) -> list[Policy]:
    if not path:
        return []
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise UserError(f"cannot read session policy {path}: {exc.strerror}") from None
    return [parse_policy(text, f"session:{path}", "session")]


def _problems(problems: tuple[str, ...]) -> None:
    for problem in problems:
        stderr.print(f"[yellow]skipped[/]: {problem}")


def cmd_can(args: argparse.Namespace) -> int:
    action = checked_action(args.action)
    context = _context(args.context)
    sessions = _session_policy(args.session_policy)
    estate = load_estate(args)
    index = IamIndex(estate)
    asker = asking_principal(index, args.principal)
    decision = evaluate(index, asker.principal, action, request_resource(estate, args.resource), context, sessions)
    return emit(args.json, decision, lambda answer: decision_table(answer, asker.acting_for))


def decision_table(decision: Decision, acting_for: str | None = None) -> RenderableType:
    """The decision, its reason and deciding statements; ``acting_for`` names the instance or
    instance profile that was asked about, when the request is made as its role."""
    colour = COLOURS[decision.decision]
    who = f"{acting_for} as {decision.principal.split(':', 5)[-1]}" if acting_for else decision.principal
    title = (f"{who} {decision.action} {decision.resource}: "
             f"[{colour}]{decision.decision.upper()}[/] ({decision.reason})")
    # The SCP/RCP levels that decided, one line each, as plain text (policy names are not markup).
    levels = [Text(line) for line in decision.control_lines]
    if not decision.deciding:
        return Group(title, *levels) if levels else title
    table = Table(title=title, title_justify="left")
    for column in ("Type", "Policy", "Sid", "Statement"):
        table.add_column(column, overflow="fold")
    for d in decision.deciding:
        table.add_row(d.type, d.policy, d.sid or "", str(d.statement))
    if decision.conditions:
        table.caption = "depends on: " + ", ".join(decision.conditions)
    return Group(table, *levels) if levels else table


def cmd_who_can(args: argparse.Namespace) -> int:
    action = checked_action(args.action)
    estate = load_estate(args)
    answer = who_can(IamIndex(estate), action, request_resource(estate, args.resource))
    _problems(answer.problems)
    return emit(args.json, answer, who_can_table)


def who_can_table(answer: WhoCan) -> Table:
    table = Table(title=f"who can {answer.action} on {answer.resource} ({len(answer.principals)})",
                  title_justify="left")
    for column in ("Principal", "How", "Path", "Depends on"):
        table.add_column(column, overflow="fold")
    for entry in answer.principals:
        path = " -> ".join(f"itself: {', '.join(s.actions)}" if s.source == s.target else
                           f"{s.kind}:{s.target.rsplit(':', 1)[-1]}" for s in entry.path)
        table.add_row(entry.arn, entry.how, path, ", ".join(entry.conditions))
    return table


def cmd_privesc(args: argparse.Namespace) -> int:
    estate = load_estate(args)
    index = IamIndex(estate)
    principal = index.resolve(args.principal) if args.principal else None
    report = privesc(index, principal)
    _problems(report.problems)
    return emit(args.json, report, privesc_table)


def privesc_table(report: PrivescReport) -> Table:
    admins = ", ".join(a.arn.rsplit(":", 1)[-1] for a in report.admins) or "none"
    table = Table(title=f"admins: {admins}; {len(report.paths)} principal(s) can escalate", title_justify="left")
    for column in ("Principal", "Step", "Kind", "Actions", "Conditions"):
        table.add_column(column, overflow="fold")
    for path in report.paths:
        for number, step in enumerate(path.steps, 1):
            table.add_row(path.principal if number == 1 else "", f"{number}. -> {step.target}", step.kind,
                          ", ".join(step.actions), ", ".join(step.conditions))
    return table


def cmd_public(args: argparse.Namespace) -> int:
    return emit(args.json, public_resources(load_estate(args)), public_table)


def public_table(report: PublicReport) -> Table:
    table = Table(title=f"public resources: {len({g.arn for g in report.grants})}", title_justify="left")
    for column in ("Resource", "Kind", "Statement", "Actions"):
        table.add_column(column, overflow="fold")
    for grant in report.grants:
        table.add_row(grant.arn, grant.kind, f"#{grant.statement} {grant.sid or ''}".strip(), ", ".join(grant.actions))
    return table
