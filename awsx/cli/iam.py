"""CLI verbs of the IAM engine, each verb's arguments and handler (cli/main.py's table):

``awsx can PRINCIPAL ACTION [RESOURCE]``, ``awsx who-can ACTION [RESOURCE]``,
``awsx privesc [PRINCIPAL]``, ``awsx privesc --catalogue`` (every pathfinding.cloud path and its status in
awsx, no estate needed), ``awsx public``: a rich table by default, one JSON document with ``--json``;
exit 0 for any decision, 2 for an unknown principal or bad input."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Callable, TypeVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from awsx.cli.estate import answer_on, load_estate
from awsx.cli.options import json_option
from awsx.cli.output import emit, stderr, styled
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.inert import inert
from awsx.iam.catalogue.status import CatalogueReport, catalogue_report
from awsx.iam.derived import iam_index, principal_graph
from awsx.iam.evaluate import ALL, Decision, evaluate
from awsx.iam.kinds import IAM_KINDS, may_be_of
from awsx.iam.policy import Policy, parse_policy
from awsx.iam.principals import IamIndex, Principal
from awsx.iam.privesc import PrivescReport, privesc
from awsx.iam.public import PublicReport, public_resources
from awsx.iam.request import asking_principal, checked_action, request_resource
from awsx.iam.whocan import WhoCan, who_can
from awsx.store.snapshot import SnapshotReader

PRINCIPAL_HELP = "an IAM user/role ARN, an assumed-role session ARN, user/NAME or role/NAME"
ASKER_HELP = PRINCIPAL_HELP + ", or an instance or instance profile (which acts as its role)"
T = TypeVar("T")
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
    parser.add_argument("--catalogue", action="store_true",
                        help="list every path of the pathfinding.cloud catalogue with its status in awsx "
                             "(detected, potential, not-applicable) instead of searching the estate")
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
        stderr.print(styled("skipped", "yellow", f": {problem}"))


class NotLoaded(LookupError):
    """The resource a request names is not among the kinds loaded: ask the whole estate."""


def _on_iam_kinds(args: argparse.Namespace, ask: Callable[[Estate, IamIndex, str], T], *names: str) -> T:
    """``ask(estate, index, resource ARN)`` on the IAM kinds of a snapshot, or of the whole
    estate when the resource named is not among them: a name (the resource's or one of
    ``names``, not an ARN) may be of any kind and must be unique among all, and an ARN of a kind
    the IAM engine does not read (an EC2 volume) is still the request's resource, whose account
    decides (cli/estate.answer_on)."""

    def on(estate: Estate) -> T:
        index = iam_index(estate)
        resource = request_resource(estate, args.resource)
        if estate.loaded is not None and not index.resource_policy(resource).seen and \
                may_be_of(resource, _kinds_in(args.snapshot) - estate.loaded):
            raise NotLoaded(resource)
        return ask(estate, index, resource)

    if any(name != ALL and not name.startswith(("arn:", "user/", "role/")) for name in (args.resource, *names)):
        estate = load_estate(args)
        return ask(estate, iam_index(estate), request_resource(estate, args.resource))
    return answer_on(args, IAM_KINDS, on, (NotLoaded, UserError))


def _kinds_in(snapshot: str) -> set[str]:
    """The kinds a snapshot holds, from its manifest alone."""
    reader = SnapshotReader(snapshot)
    try:
        return set(reader.kinds)
    finally:
        reader.close()


def cmd_can(args: argparse.Namespace) -> int:
    action = checked_action(args.action)
    context = _context(args.context)
    sessions = _session_policy(args.session_policy)

    def decide(estate: Estate, index: IamIndex, resource: str) -> tuple[Decision, str | None]:
        asker = asking_principal(index, args.principal)
        return evaluate(index, asker.principal, action, resource, context, sessions), asker.acting_for

    decision, acting_for = _on_iam_kinds(args, decide, args.principal)
    return emit(args.json, decision, lambda answer: decision_table(answer, acting_for))


def decision_table(decision: Decision, acting_for: str | None = None) -> RenderableType:
    """The decision, its reason and deciding statements; ``acting_for`` names the instance or
    instance profile that was asked about, when the request is made as its role."""
    colour = COLOURS[decision.decision]
    who = f"{acting_for} as {decision.principal.split(':', 5)[-1]}" if acting_for else decision.principal
    title = Text.assemble(inert(f"{who} {decision.action} {decision.resource}: "),
                          (decision.decision.upper(), colour), inert(f" ({decision.reason})"))
    # The SCP/RCP levels that decided, one line each, as plain text (policy names are not markup).
    levels = [Text(inert(line)) for line in decision.control_lines]
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
    answer = _on_iam_kinds(args, lambda _, index, resource: who_can(index, action, resource, principal_graph(index)))
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
    if args.catalogue:
        if args.principal:
            raise UserError("privesc --catalogue lists the catalogue; it takes no PRINCIPAL")
        return emit(args.json, catalogue_report(), catalogue_table)
    def report_of(estate: Estate) -> PrivescReport:
        index = iam_index(estate)
        principal: Principal | None = index.resolve(args.principal) if args.principal else None
        return privesc(index, principal, principal_graph(index))

    report = answer_on(args, IAM_KINDS, report_of, (UserError,))
    _problems(report.problems)
    return emit(args.json, report, privesc_table)


def privesc_table(report: PrivescReport) -> Table:
    admins = ", ".join(a.arn.rsplit(":", 1)[-1] for a in report.admins) or "none"
    table = Table(title=f"admins: {admins}; {len(report.paths)} principal(s) can escalate", title_justify="left")
    for column in ("Principal", "Step", "Kind", "Actions", "Conditions", "Path"):
        table.add_column(column, overflow="fold")
    for path in report.paths:
        for number, step in enumerate(path.steps, 1):
            granted = " (granted everything first)" if step.grants else ""
            table.add_row(path.principal if number == 1 else "", f"{number}. -> {step.target}{granted}", step.kind,
                          ", ".join(step.actions), ", ".join(step.conditions), step.catalogue_id or "")
    return table


STATUS_COLOURS = {"detected": "green", "potential": "yellow", "not-applicable": "red"}


def catalogue_table(report: CatalogueReport) -> Table:
    counts = ", ".join(f"{report.count(s)} {s}" for s in STATUS_COLOURS)
    table = Table(title=f"pathfinding.cloud: {len(report.paths)} paths ({counts})", title_justify="left")
    for column in ("Id", "Name", "Status", "Reason"):
        table.add_column(column, overflow="fold")
    for path in report.paths:
        table.add_row(path.id, path.name, f"[{STATUS_COLOURS[path.status]}]{path.status}[/]", path.reason)
    return table


def cmd_public(args: argparse.Namespace) -> int:
    return emit(args.json, public_resources(load_estate(args, kinds=IAM_KINDS)), public_table)


def public_table(report: PublicReport) -> Table:
    table = Table(title=f"public resources: {len({g.arn for g in report.grants})}", title_justify="left")
    for column in ("Resource", "Kind", "Statement", "Actions"):
        table.add_column(column, overflow="fold")
    for grant in report.grants:
        table.add_row(grant.arn, grant.kind, f"#{grant.statement} {grant.sid or ''}".strip(), ", ".join(grant.actions))
    return table
