"""The estate a verb works on, and the options that choose it (``--snapshot``, ``--profile``,
``--regions``, ``--refresh``, ``--no-cache``, ``--quiet``), for every verb that reads one.

A snapshot is read as it is, then narrowed to ``--regions`` (global resources such as IAM
stay): the narrowing happens here, once, so every verb sees the same estate. A live load asks
AWS for those regions only. The crawler (and so boto) is imported only when AWS is asked."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Iterable

from awsx.cli.output import crawl_progress, stderr, styled
from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.store.cache import LiveCache
from awsx.store.snapshot import open_snapshot

if TYPE_CHECKING:
    from awsx.inventory.session import SessionOptions
    from awsx.load.live import LoadReport


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
    parser.add_argument("--no-cache", help="neither read nor write the crawl cache", **flag)
    parser.add_argument("--quiet", help="no progress bar", **flag)


def parse_regions(text: str | None) -> tuple[str, ...]:
    """``--regions us-east-1,eu-west-1`` (commas or spaces)."""
    if not text:
        return ()
    return tuple(part for part in text.replace(",", " ").split() if part)


def profiles_from(values: Iterable[str] | None) -> tuple[str | None, ...]:
    """``--profile`` given zero or more times; none means botocore's default chain."""
    chosen = tuple(values or ())
    return chosen or (None,)


def load_estate(args: argparse.Namespace, *, source: str = "live") -> Estate:
    """The estate a verb works on: a snapshot narrowed to ``--regions``, or the cache plus a
    crawl of what is missing."""
    if args.snapshot is not None:
        return snapshot_estate(args)
    estate, _ = load_live(args, session_options(args), cache(args), refresh=args.refresh, source=source)
    return estate


def snapshot_estate(args: argparse.Namespace) -> Estate:
    estate = open_snapshot(args.snapshot)
    regions = parse_regions(args.regions)
    if not regions:
        return estate
    unknown = sorted(set(regions) - set(estate.info.regions)) if estate.info.regions else []
    if unknown:
        raise UserError(f"--regions: {args.snapshot} holds no region {', '.join(unknown)} "
                        f"(it holds {', '.join(estate.info.regions)})")
    return estate.in_regions(regions)


def session_options(args: argparse.Namespace) -> SessionOptions:
    from awsx.inventory.session import SessionOptions

    return SessionOptions(profiles=profiles_from(args.profile), regions=parse_regions(args.regions))


def cache(args: argparse.Namespace) -> LiveCache | None:
    return None if args.no_cache else LiveCache()


def load_live(args: argparse.Namespace, options: SessionOptions, cache: LiveCache | None, *,
              refresh: bool, source: str) -> tuple[Estate, LoadReport]:
    from awsx.load.live import load_live_estate

    with crawl_progress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        estate, report = asyncio.run(load_live_estate(options, cache=cache, refresh=refresh, source=source,
                                                      on_progress=progress))
    for note in report.notes:
        stderr.print(styled("note", "yellow", f": {note}"))
    return estate, report
