"""The crawl a user would write without awsx: boto3, one call at a time, region after region,
the same operations, pages and per-record calls as awsx's specs declare. It also measures
the longest chain of calls that must happen one after another (a pagination chain plus the
per-record call that waits for its page), which bounds any crawler however parallel."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from awsx.core.model import Resource
from awsx.inventory.crawler import GLOBAL, group_specs
from awsx.inventory.demo import DEMO_CREDENTIALS
from awsx.inventory.normalize import applies, batch_params, call_params, search, to_resource, utc_now
from awsx.inventory.specs import ENRICHMENTS, SPECS

HOME = "us-east-1"


@dataclass(frozen=True, slots=True)
class SequentialRun:
    seconds: float
    resources: int
    calls: int
    chain: int  # the longest run of calls that depend on each other


class _Script:
    def __init__(self, endpoint: str, page_size: int | None, credentials: dict[str, str]) -> None:
        self.session = boto3.session.Session(**credentials)
        self.endpoint = endpoint
        self.page_size = page_size
        self.clients: dict[tuple[str, str], Any] = {}
        self.calls = 0

    def pages(self, service: str, region: str, operation: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = (service, region)
        if key not in self.clients:
            self.clients[key] = self.session.client(service, region_name=region, endpoint_url=self.endpoint,
                                                    config=Config(retries={"mode": "standard", "max_attempts": 8}))
        client, method = self.clients[key], xform_name(operation)
        try:
            if client.can_paginate(method):
                paging = {"PaginationConfig": {"PageSize": self.page_size}} if self.page_size else {}
                found = list(client.get_paginator(method).paginate(**params, **paging))
            else:
                found = [getattr(client, method)(**params)]
        except (ClientError, BotoCoreError):
            found = []  # what a script does with "not in use" / "no policy": skip it
        self.calls += max(len(found), 1)
        return found

    def batched(self, records: list[Resource]) -> int:
        """The enrichments that take many records a call (ELBv2 DescribeTags, 20 ARNs), as
        awsx sends them: pages of the longest call."""
        longest = 0
        for enrichment in (e for e in ENRICHMENTS if e.batch > 1):
            targets = [r for r in records if applies(enrichment, r)]
            for start in range(0, len(targets), enrichment.batch):
                chunk = targets[start:start + enrichment.batch]
                pages = self.pages(enrichment.service, _region(chunk[0]), enrichment.operation,
                                   batch_params(enrichment, chunk))
                longest = max(longest, len(pages))
        return longest

    def follow_up(self, resource: Resource, children: dict[str, list]) -> tuple[int, int]:
        """The per-record calls for one resource: (pages of the longest one, child records)."""
        region = _region(resource)
        longest = kids = 0
        for enrichment in ENRICHMENTS:
            if enrichment.batch == 1 and applies(enrichment, resource):
                params = {**enrichment.static_params, **call_params(enrichment.params, resource)}
                longest = max(longest, len(self.pages(enrichment.service, region, enrichment.operation, params)))
        for spec in children.get(resource.kind, ()):
            params = {**spec.params, **call_params(spec.parent_params, resource)}
            pages = self.pages(spec.service, region, spec.operation, params)
            longest = max(longest, len(pages))
            kids += sum(len(search(spec.items, page) or ()) for page in pages)
        return longest, kids


def _region(resource: Resource) -> str:
    return HOME if resource.region == GLOBAL else resource.region


def sequential_crawl(endpoint: str, regions: tuple[str, ...], page_size: int | None,
                     credentials: dict[str, str] = DEMO_CREDENTIALS) -> SequentialRun:
    """``page_size`` None: each service's own page size, as ``awsx crawl`` asks."""
    script = _Script(endpoint, page_size, credentials)
    groups, children = group_specs(SPECS)
    resources = chain = 0
    started = time.perf_counter()
    for group in groups:
        for region in ((HOME,) if group.scope == "global" else regions):
            pages = script.pages(group.service, region, group.operation, group.params)
            records = [to_resource(spec, record, account="", region=region, crawled_at=utc_now())
                       for spec in group.specs for page in pages for record in search(spec.items, page) or ()]
            batched = script.batched(records)
            follow = [script.follow_up(r, children) for r in records]
            resources += len(records) + sum(kids for _, kids in follow)
            chain = max(chain, len(pages) + batched + max((pages for pages, _ in follow), default=0))
    return SequentialRun(time.perf_counter() - started, resources, script.calls, chain)
