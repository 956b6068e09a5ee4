"""The estate a verb works on, and the options that choose it (``--snapshot``, ``--profile``,
``--regions``, ``--refresh``, ``--no-cache``, ``--quiet``), for every verb that reads one.

A snapshot is read as it is, then narrowed to ``--regions`` (global resources such as IAM
stay): the narrowing happens here, once, so every verb sees the same estate. A live load asks
AWS for those regions only. The crawler (and so boto) is imported only when AWS is asked.

A verb whose engine reads some kinds only (``reach``: NETWORK_KINDS, ``who-can``: IAM_KINDS)
reads only those members of a snapshot (``kinds=``), and what it derives at a cost (the IAM
index, the principal graph) is kept in the derived cache under the file's digest, so the next
verb on the same snapshot reads it instead (``--no-cache``: neither read nor written)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, AbstractSet, Callable, Iterable, TypeVar

from awsx.cli.output import crawl_progress, stderr, styled
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.store.derived import DerivedCache, remember
from awsx.store.snapshot import open_snapshot

if TYPE_CHECKING:
    from awsx.inventory.session import SessionOptions
    from awsx.load.live import LoadReport
    from awsx.store.cache import LiveCache

T = TypeVar("T")

def parse_list(text: str | None) -> tuple[str, ...]:
    """``--regions us-east-1,eu-west-1``, ``--accounts 1111,2222`` (commas or spaces)."""
    if not text:
        return ()
    return tuple(part for part in text.replace(",", " ").split() if part)


def profiles_from(values: Iterable[str] | None) -> tuple[str | None, ...]:
    """``--profile`` given zero or more times; none means botocore's default chain."""
    chosen = tuple(values or ())
    return chosen or (None,)


def load_estate(args: argparse.Namespace, *, source: str = "live", kinds: AbstractSet[str] | None = None) -> Estate:
    """The estate a verb works on: a snapshot narrowed to ``--regions`` (only ``kinds`` of it
    when given), or the cache plus a crawl of what is missing (every kind: a crawl is per unit)."""
    if args.snapshot is not None:
        return snapshot_estate(args, kinds)
    estate, _ = load_live(args, session_options(args), cache(args), refresh=args.refresh, source=source)
    return estate


def answer_on(args: argparse.Namespace, kinds: AbstractSet[str], ask: Callable[[Estate], T],
              refused: tuple[type[Exception], ...]) -> T:
    """``ask`` of the estate loaded with ``kinds`` only; asked again of the whole estate when it
    refuses what the user named (``refused``: not found, ambiguous), since a name may be of a
    kind the engine does not read, or name two things once every kind is in: the answer and
    the error are always those of the whole estate, only faster when nothing is refused."""
    try:
        return ask(load_estate(args, kinds=kinds))
    except refused:
        if args.snapshot is None:
            raise  # a live estate is whole already
        return ask(load_estate(args))


def snapshot_estate(args: argparse.Namespace, kinds: AbstractSet[str] | None = None) -> Estate:
    estate = open_snapshot(args.snapshot, kinds)
    regions = parse_list(args.regions)
    if regions:
        unknown = sorted(set(regions) - set(estate.info.regions)) if estate.info.regions else []
        if unknown:
            raise UserError(f"--regions: {args.snapshot} holds no region {', '.join(unknown)} "
                            f"(it holds {', '.join(estate.info.regions)})")
        estate = estate.in_regions(regions)
    if not getattr(args, "no_cache", False):
        remember(estate, DerivedCache(), args.snapshot)
    return estate


def session_options(args: argparse.Namespace) -> SessionOptions:
    from awsx.inventory.readonly import DEFAULT_ORG_ROLE
    from awsx.inventory.session import OrgOptions, SessionOptions
    from awsx.inventory.shard import Shard

    shard = getattr(args, "shard", None)  # awsx crawl's alone
    org_only = [flag for flag, value in (("--org-role", args.org_role), ("--accounts", args.accounts),
                                         ("--exclude", args.exclude), ("--shard", shard)) if value]
    if org_only and not args.org:
        raise UserError(f"{org_only[0]} needs --org")
    org = OrgOptions(role=args.org_role or DEFAULT_ORG_ROLE, accounts=parse_list(args.accounts),
                     exclude=parse_list(args.exclude), shard=Shard.parse(shard) if shard else None) if args.org else None
    if org and len(profiles_from(args.profile)) > 1:
        raise UserError("--org crawls from one profile (the management account's); give at most one --profile")
    return SessionOptions(profiles=profiles_from(args.profile), regions=parse_list(args.regions), org=org)


def cache(args: argparse.Namespace) -> LiveCache | None:
    from awsx.store.cache import LiveCache  # diskcache and sqlite: a live load's, not a snapshot's

    return None if args.no_cache else LiveCache()


def load_live(args: argparse.Namespace, options: SessionOptions, cache: LiveCache | None, *,
              refresh: bool, source: str) -> tuple[Estate, LoadReport]:
    import asyncio

    from awsx.load.live import load_live_estate

    with crawl_progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        estate, report = asyncio.run(load_live_estate(options, cache=cache, refresh=refresh, source=source,
                                                      on_progress=progress))
    for note in report.notes:
        stderr.print(styled("note", "yellow", f": {note}"))
    return estate, report
