"""``awsx export --format neo4j|cypher``: the estate in Cartography's schema, written to a Neo4j
server over Bolt or as a script for ``cypher-shell`` (awsx/store/cypher_export.py builds both).

The handler asks the engines once for the answers the graph carries (exposure, privesc, cost)
and hands them to the store by ARN; the driver is imported only when ``neo4j`` runs."""

from __future__ import annotations

import argparse
import os

from awsx.cli.output import stderr, write_output
from awsx.core.errors import UserError
from awsx.core.graph import Estate, UnknownResource
from awsx.core.inert import inert
from awsx.store.cypher_export import CLEANUP, DEFAULT_BATCH, Answers, Escalation, Plan, build_plan, cypher_script

FORMATS = ("neo4j", "cypher")


def add_graph_db_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("--format neo4j / cypher (Cartography's schema)")
    group.add_argument("--uri", metavar="URI", help="neo4j: the server, e.g. bolt://HOST:7687 or neo4j://HOST:7687")
    group.add_argument("--user", metavar="USER", help="neo4j: the user to log in as (none: no authentication)")
    group.add_argument("--password-env", metavar="VAR",
                       help="neo4j: the environment variable holding the password (never a flag value)")
    group.add_argument("--database", metavar="DB", help="neo4j: the database (default: the server's default)")
    group.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, metavar="N",
                       help=f"rows per statement (default: {DEFAULT_BATCH})")


def answers(estate: Estate) -> Answers:
    """What the engines say of the estate, by ARN: what the internet reaches, admins and the
    shortest escalation paths, the monthly estimates."""
    from awsx.cost.report import estimate_all
    from awsx.iam.principals import IamIndex
    from awsx.iam.privesc import privesc
    from awsx.reach.exposure import exposure

    exposed: dict[str, list[str]] = {}
    for found in exposure(estate):
        try:
            arn = estate.find(found.target).arn
        except UnknownResource:
            continue
        exposed.setdefault(arn, []).append(f"{found.label} from {found.audience}")
    report = privesc(IamIndex(estate))
    escalations = tuple(Escalation(path.principal, path.steps[-1].target,
                                   tuple(f"{s.source} -[{s.kind}: {', '.join(s.actions)}]-> {s.target}" for s in path.steps))
                        for path in report.paths if path.steps)
    return Answers({arn: tuple(lines) for arn, lines in exposed.items()}, frozenset(a.arn for a in report.admins),
                   escalations, {e.arn: None if e.monthly is None else round(e.monthly, 2) for e in estimate_all(estate)})


def _password(args: argparse.Namespace) -> str | None:
    if args.password_env is None:
        return None
    if args.password_env not in os.environ:
        raise UserError(f"--password-env {args.password_env}: no such environment variable")
    return os.environ[args.password_env]


def _check(args: argparse.Namespace) -> None:
    """Options that belong to the other format, or that cannot work, are refused before any work."""
    if args.batch_size < 1:
        raise UserError("--batch-size must be at least 1")
    bolt_options = [f"--{name.replace('_', '-')}" for name in ("uri", "user", "password_env", "database")
                    if getattr(args, name) is not None]
    if args.format == "cypher" and bolt_options:
        raise UserError(f"{', '.join(bolt_options)}: only with --format neo4j (the script is run by cypher-shell)")
    if args.format == "neo4j":
        if not args.uri:
            raise UserError("--format neo4j needs --uri bolt://HOST:7687")
        from awsx.store.bolt import check_uri

        check_uri(args.uri)
        if args.output:
            raise UserError("--format neo4j writes to the server; -o is for the other formats")
        if args.password_env and not args.user:
            raise UserError("--password-env needs --user")


def export_graph_db(args: argparse.Namespace, estate_of) -> int:
    """The handler of the two formats; ``estate_of`` loads the verb's estate (cli/share.py's)."""
    _check(args)
    password = _password(args)
    estate = estate_of(args)
    plan = build_plan(estate, answers(estate))
    if args.format == "neo4j":
        from awsx.store.bolt import BoltTarget, write_bolt
        from awsx.store.cypher_export import batches

        target = BoltTarget(args.uri, args.user, password, args.database)
        sent = write_bolt(target, plan.stamp, batches(plan, args.batch_size))
        stderr.print(f"wrote {_counts(plan)} to {args.uri} in {sent} statements (lastupdated = {plan.stamp})")
        return 0
    script = cypher_script(plan, args.batch_size, _header(estate, plan))
    return write_output(script, args.output, f"{_counts(plan)}; lastupdated = {plan.stamp}")


def _counts(plan: Plan) -> str:
    nodes = sum(len(g.rows) for g in plan.nodes)
    rels = sum(len(g.rows) for g in plan.rels)
    return f"{nodes} nodes, {rels} relationships"


def _header(estate: Estate, plan: Plan) -> tuple[str, ...]:
    """The script's comment lines; the estate's source is a file name, shown inert (a newline in
    it would end the comment and start a statement)."""
    return (f"awsx export --format cypher: {inert(estate.info.source)}, crawled {inert(estate.info.crawled_at) or '?'}",
            "Cartography's labels and relationship types; awsx's own are Awsx* / AWSX_* (README: Neo4j in Cartography's schema)",
            "run with: cypher-shell -a bolt://HOST:7687 -u neo4j -f FILE (cypher-shell 5: :param {...})",
            f"what earlier exports wrote and this one did not, removed with $stamp = {plan.stamp}:",
            *CLEANUP)
