"""Load a live estate: from the crawl cache where it has the answer, crawling what is missing.

Reopening with a warm cache makes no AWS call at all (identity and regions are cached per
endpoint and profile too); ``refresh`` ignores the cache and re-crawls everything.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Callable

from awsx.core.errors import CredentialsError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.heap import keep_for_the_session
from awsx.core.model import Marker
from awsx.cost.table import price_table_document
from awsx.inventory.crawler import Batch, BatchKey, Crawler, Progress, group_specs
from awsx.inventory.edges import assemble
from awsx.inventory.normalize import utc_now
from awsx.inventory.organization import open_organization
from awsx.inventory.session import AccountSession, SessionOptions, open_account
from awsx.inventory.specs import SPECS
from awsx.load.refresh import CrawlStep, Refresher
from awsx.store.cache import CachedBatch, CachedIdentity, LiveCache


@dataclass
class LoadReport:
    """What a load did: how many units came from the cache, how many were crawled."""

    cached_units: int = 0
    crawled_units: int = 0
    calls: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Identity:
    profile: str | None
    account: str
    regions: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def planned_keys(account: str, regions: tuple[str, ...]) -> list[BatchKey]:
    groups, _ = group_specs(SPECS)
    return [
        group.key(account, region)
        for group in groups
        for region in (("global",) if group.scope == "global" else regions)
    ]


async def _profiles(options: SessionOptions, cache: LiveCache | None, refresh: bool) -> list[Identity | AccountSession]:
    """Each profile's account: from the cache (no AWS call) or opened now (then cached)."""
    found: list[Identity | AccountSession] = []
    for profile in options.profiles:
        known = None if refresh or cache is None else cache.get(CachedIdentity, *_identity_parts(options, profile))
        if known:
            found.append(Identity(profile, known.account, tuple(known.regions), tuple(known.aliases)))
            continue
        session = await open_account(profile, options)
        found.append(session)
        if cache:
            cache.put({"account": session.account, "regions": list(session.regions), "aliases": list(session.aliases)},
                      *_identity_parts(options, profile))
    return found


def _identity_of(found: Identity | AccountSession) -> Identity:
    if isinstance(found, Identity):
        return found
    return Identity(found.profile, found.account, found.regions, found.aliases)


async def _organization(options: SessionOptions) -> tuple[list[Identity], list[AccountSession], list[Marker],
                                                            dict[str, str]]:
    """``--org``: the first profile's account and every member it can enter (markers for the rest),
    and which organization (and shard of it) that is."""
    assert options.org is not None
    management = await open_account(options.profiles[0], options)
    organization = await open_organization(management, options.org, options)
    return ([_identity_of(s) for s in organization.sessions], organization.sessions, organization.markers,
            organization.summary)


def _batch_from_cache(key: BatchKey, value: CachedBatch) -> Batch:
    return Batch(key, [resource.serialised() for resource in value.resources], value.markers, value.crawled_at)


def _cache_parts(endpoint: str, key: BatchKey) -> tuple[str, ...]:
    return ("batch", endpoint, key.account, key.region, key.service, key.operation, key.variant)


def _identity_parts(options: SessionOptions, profile: str | None) -> tuple[str, ...]:
    return ("identity", options.endpoint, profile or "<default>", ",".join(options.regions))


async def load_live_estate(
    options: SessionOptions,
    *,
    cache: LiveCache | None,
    refresh: bool = False,
    source: str = "live",
    on_progress: Callable[[Progress], None] | None = None,
) -> tuple[Estate, LoadReport]:
    report = LoadReport()
    organization: dict[str, str] | None = None
    if options.org:
        identities, sessions, left_out, organization = await _organization(options)
    else:
        opened = await _profiles(options, cache, refresh)
        identities, left_out = [_identity_of(o) for o in opened], []
        sessions = [o for o in opened if isinstance(o, AccountSession)]

    batches: list[Batch] = []
    missing: dict[str, list[BatchKey]] = {}
    for identity in {i.account: i for i in identities}.values():
        for key in planned_keys(identity.account, identity.regions):
            value = None if refresh or cache is None else cache.get(CachedBatch, *_cache_parts(options.endpoint, key))
            if value is None:
                missing.setdefault(identity.account, []).append(key)
            else:
                batches.append(_batch_from_cache(key, value))
    report.cached_units = len(batches)

    if missing:
        by_account = {s.account: s for s in sessions}
        for identity in identities:
            if identity.account in missing and identity.account not in by_account:
                by_account[identity.account] = await open_account(identity.profile, options)
        accounts = [by_account[a] for a in missing]
        wanted = {key for keys in missing.values() for key in keys}
        everything = {key for a in accounts for key in planned_keys(a.account, a.regions)}
        crawler = Crawler(accounts, skip=everything - wanted, on_progress=on_progress)
        result = await crawler.run()
        report.crawled_units = len(result.batches)
        report.calls = sum(result.calls.values())
        batches.extend(result.batches)
        # A unit cut short by expired credentials is never cached: what was crawled is kept,
        # and an earlier good answer for that unit is not overwritten.
        for batch in result.complete_batches if cache else ():
            cache.put(
                {"crawled_at": batch.crawled_at, "resources": [r.to_json() for r in batch.resources],
                 "markers": [m.to_json() for m in batch.markers]},
                *_cache_parts(options.endpoint, batch.key),
            )
        if result.expired:
            kept = len(result.complete_batches)
            raise CredentialsError(
                f"AWS credentials expired during the crawl ({result.expired}); {kept} of {len(result.batches)} "
                f"units were crawled{' and cached' if cache else ''}: refresh the credentials "
                "(e.g. `aws sso login`) and run again to crawl the rest"
            )
    if cache and cache.problem:
        report.notes.append(cache.problem)
    return estate_from_batches(batches, options, identities, source, left_out, organization), report


def estate_from_batches(batches: list[Batch], options: SessionOptions, identities: list[Identity], source: str,
                        markers: list[Marker] = (), organization: dict[str, str] | None = None) -> Estate:
    resources, edges, dangling = assemble(r for batch in batches for r in batch.resources)
    times = [b.crawled_at for b in batches if b.crawled_at]
    info = EstateInfo(
        source=source,
        crawled_at=min(times) if times else utc_now(),
        accounts=tuple(sorted({i.account for i in identities})),
        regions=tuple(sorted({r for i in identities for r in i.regions})),
        profiles=tuple(p for p in (i.profile for i in identities) if p),
        endpoint=options.endpoint_url,
        # The prices this estate is estimated with travel with it: a snapshot re-opened
        # next year still gives the same estimates (costs.md).
        extra={"price_table": price_table_document(),
               # Account aliases name the company: kept apart so that --redact can drop them.
               "account_aliases": {i.account: list(i.aliases) for i in identities if i.aliases},
               # What the crawl asked for, so that an empty kind reads "none", not "not crawled".
               "kinds_read": sorted({spec.kind for spec in SPECS}),
               # --org: the organization's id and management account, and the shard crawled (awsx merge).
               **({"organization": organization} if organization else {})},
    )
    return keep_for_the_session(Estate(resources, edges, [*markers, *(m for b in batches for m in b.markers)],
                                       dangling, info))


def live_refresher(options: SessionOptions, cache: LiveCache | None, source: str = "live") -> Refresher:
    """The TUI's background refresh (awsx/tui/controllers/refresh.py runs it in a thread worker): a full
    re-crawl that updates the cache, in an event loop of its own."""

    def refresh(on_progress: Callable[[CrawlStep], None]) -> Estate:
        estate, _ = asyncio.run(load_live_estate(options, cache=cache, refresh=True, source=source,
                                                 on_progress=on_progress))
        return estate

    return refresh


def load_live_estate_sync(options: SessionOptions, **kwargs) -> tuple[Estate, LoadReport]:
    return asyncio.run(load_live_estate(options, **kwargs))
