"""The crawler: async fan-out over account x region x spec group.

A *unit* is one list operation in one (account, region) — or once per account for global
services — followed by the per-record calls its specs declare (enrichments, child specs).
A page's records are expanded while the next page is read. Calls to one (account, service,
region) share a semaphore, so a slow or throttled service never starves the others, and a
pacer once AWS has throttled them (pacing.py). Every paginated operation is read through
botocore's paginator. Failures become Markers on the unit (failures.py): the rest of the
estate is unaffected.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, AsyncIterator, Callable, Iterable, Iterator

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from awsx.core.model import Marker, MarkerStatus, Resource

from .failures import CallFailed, classify
from .normalize import (
    applies,
    batch_answers,
    batch_params,
    call_params,
    enriched,
    renormalized,
    search,
    shared_params,
    to_resource,
    utc_now,
)
from .pacing import Pacer
from .readonly import ReadOnlyViolation
from .session import TOKEN_EXPIRED_CODES, AccountSession
from .specs import ENRICHMENTS, SPECS
from .specs.base import INTO_RECORD, Enrichment, ResourceSpec

GLOBAL = "global"
# Accounts crawled at the same time (issue 18: one global bound). Each holds a client per
# (service, region) until its last unit ends; accounts have buckets of their own, so more at once
# is faster only while the crawler's CPU keeps up (~2.5 s of it per account here).
ACCOUNTS_AT_ONCE = 8


@dataclass(frozen=True, slots=True)
class Group:
    """Specs answered by one call (same service, operation, parameters and scope)."""

    service: str
    operation: str
    scope: str
    specs: tuple[ResourceSpec, ...]

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.specs[0].params)

    @property
    def variant(self) -> str:
        """Tells apart two groups of one operation with other parameters (SCPs and RCPs are
        both ``ListPolicies``, with another ``Filter``)."""
        return ",".join(f"{name}={value}" for name, value in sorted(self.params.items()))

    def key(self, account: str, region: str) -> BatchKey:
        return BatchKey(account, region, self.service, self.operation, self.variant)


@dataclass(frozen=True, slots=True)
class BatchKey:
    """What one unit covers; the live cache stores one entry per key."""

    account: str
    region: str
    service: str
    operation: str
    variant: str = ""


@dataclass
class Batch:
    key: BatchKey
    resources: list[Resource]
    markers: list[Marker]
    crawled_at: str


@dataclass(frozen=True, slots=True)
class Progress:
    """A crawl progress event: ``done`` of ``total`` units, the last one finished."""

    done: int
    total: int
    description: str
    marker: Marker | None = None


@dataclass(repr=False)
class CrawlResult:
    batches: list[Batch] = field(default_factory=list)
    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    expired: str | None = None  # the error code, if the credentials expired during the crawl

    def __repr__(self) -> str:
        # Short on purpose: Python 3.11's asyncio.run formats its main task (with its result)
        # when it restores the SIGINT handler, and the full repr of 5k resources took 0.3 s.
        return (f"CrawlResult({len(self.batches)} batches, {sum(len(b.resources) for b in self.batches)} resources, "
                f"{sum(len(b.markers) for b in self.batches)} markers)")

    @property
    def resources(self) -> list[Resource]:
        return [r for batch in self.batches for r in batch.resources]

    @property
    def markers(self) -> list[Marker]:
        return [m for batch in self.batches for m in batch.markers]

    @property
    def complete_batches(self) -> list[Batch]:
        """Batches not cut short by expired credentials: safe to cache."""
        return [b for b in self.batches if not any(m.message in TOKEN_EXPIRED_CODES for m in b.markers)]


def group_specs(specs: Iterable[ResourceSpec]) -> tuple[list[Group], dict[str, list[ResourceSpec]]]:
    """Top-level groups (one call feeds several specs) and child specs by parent kind."""
    grouped: dict[tuple[str, str, str, str], list[ResourceSpec]] = defaultdict(list)
    children: dict[str, list[ResourceSpec]] = defaultdict(list)
    for spec in specs:
        if spec.parent:
            children[spec.parent].append(spec)
        else:
            grouped[(spec.service, spec.operation, repr(sorted(spec.params.items())), spec.scope)].append(spec)
    groups = [Group(service, op, scope, tuple(members)) for (service, op, _, scope), members in grouped.items()]
    return groups, children


class Crawler:
    """Crawl accounts into Batches. ``skip`` names units already cached; ``page_size`` forces
    small pages (tests prove pagination is followed); ``on_progress`` receives Progress;
    ``pacer`` makes the Pacer of each (account, service, region) bucket."""

    def __init__(
        self,
        accounts: list[AccountSession],
        *,
        specs: Iterable[ResourceSpec] = SPECS,
        enrichments: Iterable[Enrichment] = ENRICHMENTS,
        concurrency: int = 16,
        page_size: int | None = None,
        skip: Iterable[BatchKey] = (),
        on_progress: Callable[[Progress], None] | None = None,
        pacer: Callable[[], Pacer] = Pacer,
        accounts_at_once: int = ACCOUNTS_AT_ONCE,
    ) -> None:
        self.accounts = accounts
        specs = tuple(specs)
        self.specs = {spec.kind: spec for spec in specs}
        self.groups, self.children = group_specs(specs)
        self.enrichments = tuple(enrichments)
        self.concurrency = concurrency
        self.page_size = page_size
        self.skip = frozenset(skip)
        self.on_progress = on_progress
        self.pacer = pacer
        self.result = CrawlResult()
        self._semaphores: dict[tuple[str, str, str], asyncio.Semaphore] = {}
        self._clients: dict[tuple[str, str, str], Any] = {}
        self._client_locks: dict[tuple[str, str, str], asyncio.Lock] = defaultdict(asyncio.Lock)
        self._stacks: dict[str, contextlib.AsyncExitStack] = {}  # per account: its clients, closed when it is done
        self.accounts_at_once = accounts_at_once

    def units(self) -> list[tuple[AccountSession, str, Group]]:
        """Every (account, region, group) to crawl, those with per-record calls first: their
        chains are the longest and their calls fill the throttling buckets, so they start
        while the buckets are full."""
        followed = {e.kind for e in self.enrichments} | set(self.children)
        ordered = sorted(self.groups, key=lambda group: not any(spec.kind in followed for spec in group.specs))
        planned = []
        for account in self.accounts:
            for group in ordered:
                regions = (GLOBAL,) if group.scope == "global" else account.regions
                for region in regions:
                    if group.key(account.account, region) not in self.skip:
                        planned.append((account, region, group))
        return planned

    async def run(self) -> CrawlResult:
        planned = self.units()
        with _crawled_records_frozen():
            return await self._run(planned)

    async def _run(self, planned: list[tuple[AccountSession, str, Group]]) -> CrawlResult:
        if self.on_progress:
            # The plan is known before the first request: a bar that says 0/? would hide it.
            self.on_progress(Progress(0, len(planned), "starting"))
        by_account: dict[str, list[tuple[AccountSession, str, Group]]] = defaultdict(list)
        for unit in planned:
            by_account[unit[0].account].append(unit)
        slots = asyncio.Semaphore(self.accounts_at_once)
        await asyncio.gather(*(self._account(units, slots, len(planned)) for units in by_account.values()))
        return self.result

    async def _account(self, units: list[tuple[AccountSession, str, Group]], slots: asyncio.Semaphore,
                       planned: int) -> None:
        """One account's units, once one of ``accounts_at_once`` slots is free; its clients are
        closed when its last unit is done. Every client costs memory (its service model, its
        connection pool) until it is closed, so an Organization crawled all at once peaked at
        every account's clients together: 1.2 GB for 27 accounts."""
        async with slots:
            stack = self._stacks[units[0][0].account] = contextlib.AsyncExitStack()
            async with stack:
                tasks: list[asyncio.Future[Batch]] = []
                for account, region, group in units:
                    tasks.append(asyncio.ensure_future(self._unit(account, region, group)))
                    # Building a client and a first request is CPU: one unit per loop turn lets the
                    # units already started send their requests instead of waiting for all of them.
                    await asyncio.sleep(0)
                for finished in asyncio.as_completed(tasks):
                    self._keep(await finished, planned)
            self._clients = {key: client for key, client in self._clients.items() if key[0] != units[0][0].account}
            _collect_closed_clients()

    def _keep(self, batch: Batch, planned: int) -> None:
        # Its records wait for the whole crawl (edges need every resource): kept as JSON
        # bytes, a quarter of the decoded dicts, and frozen out of collection.
        batch.resources = [resource.serialised() for resource in batch.resources]
        gc.freeze()
        self.result.batches.append(batch)
        if self.on_progress:
            key = batch.key
            self.on_progress(Progress(len(self.result.batches), planned, f"{key.region} {key.service}:{key.operation}",
                                      batch.markers[0] if batch.markers else None))

    # --- one unit ----------------------------------------------------------------------
    async def _unit(self, account: AccountSession, region: str, group: Group) -> Batch:
        key = group.key(account.account, region)
        crawled_at = utc_now()
        markers: dict[tuple[str, str, str, MarkerStatus], Marker] = {}
        call_region = account.home_region if region == GLOBAL else region
        # Each page's records are expanded while the next page is read, so a long listing and
        # its per-record calls overlap instead of running one after the other.
        expanding: list[asyncio.Future[list[Resource]]] = []
        try:
            async with contextlib.aclosing(self._page_stream(account, group.service, call_region, group.operation,
                                                             group.params)) as pages:
                async for page in pages:
                    records = [
                        to_resource(spec, record, account=account.account, region=call_region, crawled_at=crawled_at)
                        for spec in group.specs
                        for record in search(spec.items, page) or ()
                        if isinstance(record, dict)
                    ]
                    expanding.append(asyncio.ensure_future(self._expand(account, records, crawled_at, markers)))
        except CallFailed as failed:
            for task in expanding:
                task.cancel()
            await asyncio.gather(*expanding, return_exceptions=True)
            if all(failed.code in spec.absent for spec in group.specs):
                return Batch(key, [], [], crawled_at)  # an answer: there are none
            marker = Marker(account.account, region, group.service, group.operation, failed.status, failed.code)
            return Batch(key, [], [marker], crawled_at)
        resources = [resource for found in await asyncio.gather(*expanding) for resource in found]
        return Batch(key, resources, list(markers.values()), crawled_at)

    async def _expand(self, account: AccountSession, resources: list[Resource], crawled_at: str,
                      markers: dict[tuple[str, str, str, MarkerStatus], Marker]) -> list[Resource]:
        """Run the batched enrichments, then each record's own (region-setting ones first),
        then its child specs."""
        for enrichment in (e for e in self.enrichments if e.batch > 1):
            resources = await self._enrich_batched(account, enrichment, resources, markers)
        ordered = sorted((e for e in self.enrichments if e.batch == 1), key=lambda e: not e.sets_region)
        resources = list(await asyncio.gather(*(self._enrich(account, r, ordered, markers) for r in resources)))
        for parent_kind in {r.kind for r in resources}:
            for spec in self.children.get(parent_kind, ()):
                parents = [r for r in resources if r.kind == parent_kind]
                found = await asyncio.gather(*(self._children(account, spec, p, crawled_at, markers) for p in parents))
                kids = [kid for batch in found for kid in batch]
                resources.extend(await self._expand(account, kids, crawled_at, markers))
        return resources

    async def _enrich(self, account: AccountSession, resource: Resource, enrichments: Iterable[Enrichment],
                      markers: dict[tuple[str, str, str, MarkerStatus], Marker]) -> Resource:
        for enrichment in enrichments:
            if not applies(enrichment, resource):
                continue
            region = account.home_region if resource.region == GLOBAL else resource.region
            params = {**enrichment.static_params, **call_params(enrichment.params, resource),
                      **(enrichment.params_from(resource) if enrichment.params_from else {})}
            try:
                pages = await self._pages(account, enrichment.service, region, enrichment.operation, params)
            except CallFailed as failed:
                if failed.code in enrichment.absent:
                    resource = enriched(enrichment, resource, None)
                else:
                    _note(markers, account.account, resource.region, enrichment.service, enrichment.operation, failed,
                          [resource.arn])
                continue
            if any(page.get("AdditionalRoutesAvailable") for page in pages):
                _note(markers, account.account, resource.region, enrichment.service, enrichment.operation,
                      CallFailed(MarkerStatus.TRUNCATED, "AdditionalRoutesAvailable", "more routes than one call returns"),
                      [resource.arn])
            resource = self._enriched(enrichment, resource, pages)
        return resource

    def _enriched(self, enrichment: Enrichment, resource: Resource, pages: list[dict[str, Any]] | None) -> Resource:
        """The enrichment's answer in the record; a merged answer re-reads the record's spec."""
        found = enriched(enrichment, resource, pages)
        spec = self.specs.get(found.kind)
        return renormalized(spec, found) if enrichment.into == INTO_RECORD and pages is not None and spec else found

    async def _enrich_batched(self, account: AccountSession, enrichment: Enrichment, resources: list[Resource],
                              markers: dict[tuple[str, str, str, MarkerStatus], Marker]) -> list[Resource]:
        """``enrichment`` for every record it applies to, ``enrichment.batch`` records a call."""
        by_call: dict[tuple[str, str], list[int]] = defaultdict(list)
        for position, resource in enumerate(resources):
            if applies(enrichment, resource):
                by_call[(resource.region, shared_params(enrichment, resource))].append(position)
        chunks = [(region, positions[start:start + enrichment.batch])
                  for (region, _), positions in by_call.items() for start in range(0, len(positions), enrichment.batch)]
        answers = await asyncio.gather(*(self._batch_call(account, enrichment, region, [resources[p] for p in chunk],
                                                          markers) for region, chunk in chunks))
        out = list(resources)
        for (_, chunk), answer in zip(chunks, answers):
            for position, resource in zip(chunk, answer):
                out[position] = resource
        return out

    async def _batch_call(self, account: AccountSession, enrichment: Enrichment, region: str, batch: list[Resource],
                          markers: dict[tuple[str, str, str, MarkerStatus], Marker]) -> list[Resource]:
        call_region = account.home_region if region == GLOBAL else region
        try:
            pages = await self._pages(account, enrichment.service, call_region, enrichment.operation,
                                      batch_params(enrichment, batch))
        except CallFailed as failed:
            if failed.code in enrichment.absent:
                return [enriched(enrichment, resource, None) for resource in batch]
            _note(markers, account.account, region, enrichment.service, enrichment.operation, failed,
                  [resource.arn for resource in batch])
            return batch
        return [self._enriched(enrichment, resource, [entry] if entry is not None else None)
                for resource, entry in zip(batch, batch_answers(enrichment, batch, pages))]

    async def _children(self, account: AccountSession, spec: ResourceSpec, parent: Resource, crawled_at: str,
                        markers: dict[tuple[str, str, str, MarkerStatus], Marker]) -> list[Resource]:
        region = account.home_region if parent.region == GLOBAL else parent.region
        params = {**spec.params, **call_params(spec.parent_params, parent)}
        try:
            pages = await self._pages(account, spec.service, region, spec.operation, params)
        except CallFailed as failed:
            _note(markers, account.account, parent.region, spec.service, spec.operation, failed, [parent.arn])
            return []
        inherited = spec.from_parent(parent) if spec.from_parent else {}
        return [
            to_resource(spec, {**record, **inherited}, account=account.account, region=region, crawled_at=crawled_at)
            for page in pages
            for record in search(spec.items, page) or ()
            if isinstance(record, dict)
        ]

    # --- calls ---------------------------------------------------------------------------
    async def _client(self, account: AccountSession, service: str, region: str) -> Any:
        key = (account.account, service, region)
        async with self._client_locks[key]:
            if key not in self._clients:
                client = await self._stacks[account.account].enter_async_context(account.client(service, region))
                pacer = self.pacer()
                client.meta.events.register("before-send", pacer.before_send)
                client.meta.events.register("needs-retry", pacer.needs_retry)
                self._clients[key] = client
        return self._clients[key]

    def _semaphore(self, account: AccountSession, service: str, region: str) -> asyncio.Semaphore:
        key = (account.account, service, region)
        if key not in self._semaphores:
            self._semaphores[key] = asyncio.Semaphore(self.concurrency)
        return self._semaphores[key]

    async def _pages(self, account: AccountSession, service: str, region: str, operation: str,
                     params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every page of a list operation (a single answer when it does not paginate)."""
        async with contextlib.aclosing(self._page_stream(account, service, region, operation, params)) as pages:
            return [page async for page in pages]

    async def _page_stream(self, account: AccountSession, service: str, region: str, operation: str,
                           params: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """The pages of a list operation as they arrive, read through botocore's paginator."""
        self._refuse_if_expired()
        client = await self._client(account, service, region)
        method = xform_name(operation)
        if not client.can_paginate(method):
            yield await self._call(account, service, region, operation, params)
            return
        # Only tests and the bench force a page size; some paginators take none (SNS ListTopics).
        limit_key = account.limit_key(service, operation) if self.page_size else None
        config = {"PageSize": self._page_size(client, operation, limit_key)} if limit_key else {}
        async with self._semaphore(account, service, region):
            try:
                async for page in client.get_paginator(method).paginate(**params, PaginationConfig=config):
                    self.result.calls[(service, operation)] += 1
                    yield page
            except ReadOnlyViolation:
                raise
            except (ClientError, BotoCoreError) as exc:
                raise self._failure(exc) from exc

    def _page_size(self, client: Any, operation: str, limit_key: str) -> int:
        """The forced page size, raised to the operation's own minimum (EC2 wants >= 5)."""
        members = client.meta.service_model.operation_model(operation).input_shape.members
        minimum = members[limit_key].metadata.get("min", 1) if limit_key in members else 1
        return max(self.page_size or 1, int(minimum))

    async def _call(self, account: AccountSession, service: str, region: str, operation: str,
                    params: dict[str, Any]) -> dict[str, Any]:
        client = await self._client(account, service, region)
        async with self._semaphore(account, service, region):
            self._refuse_if_expired()
            self.result.calls[(service, operation)] += 1
            try:
                return await getattr(client, xform_name(operation))(**params)
            except ReadOnlyViolation:
                raise
            except (ClientError, BotoCoreError) as exc:
                raise self._failure(exc) from exc

    def _failure(self, exc: ClientError | BotoCoreError) -> CallFailed:
        failed = classify(exc)
        if failed.code in TOKEN_EXPIRED_CODES:
            self.result.expired = self.result.expired or failed.code
        return failed

    def _refuse_if_expired(self) -> None:
        """Once the credentials expired, every further call would fail the same way: send none."""
        if self.result.expired:
            raise CallFailed(MarkerStatus.ERROR, self.result.expired, "credentials expired during the crawl")


@contextlib.contextmanager
def _crawled_records_frozen() -> Iterator[None]:
    """The crawl keeps every record it reads, so the cyclic collector's full passes rescan a
    growing heap again and again (7 passes, 0.8 s of a 5 s bench crawl). Objects alive when a
    unit ends are frozen out of collection until the crawl is over; young garbage is still
    collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _collect_closed_clients() -> None:
    """Free an account's closed clients. A client's objects hold reference cycles (the client,
    its meta, its event hooks) that only the cyclic collector frees, and ``_keep`` froze them
    with the records while they were in use: frozen, they were never freed, so an Organization's
    crawl held every account's clients to the end (101 accounts: 1,420 MiB peak). Thawed,
    collected, and what is still alive (the records, the other accounts' clients) frozen again:
    one full collection per account."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _note(markers: dict[tuple[str, str, str, MarkerStatus], Marker], account: str, region: str, service: str,
          operation: str, failed: CallFailed, records: Iterable[str] = ()) -> None:
    """One marker per (region, service, operation, status), however many records failed; it
    names the ``records`` a per-record read failed for, so they are marked and none is dropped."""
    key = (region, service, operation, failed.status)
    marker = markers.setdefault(key, Marker(account, region, service, operation, failed.status, failed.code))
    new = tuple(arn for arn in records if arn not in marker.resources)
    if new:
        markers[key] = replace(marker, resources=marker.resources + new)
