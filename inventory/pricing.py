"""The one AWS call of ``awsx prices refresh``: the Price List Query API's ``GetProducts``
(read-only, allowlisted in readonly.py), asked every query the refresh needs, a few at a time.
The API answers only in a few Regions; us-east-1 serves every Region's prices."""

from __future__ import annotations

import asyncio
from typing import Iterable

from botocore.exceptions import BotoCoreError, ClientError

from awsx.core.errors import AwsxError

from .session import SessionOptions, guarded_session

PRICING_REGION = "us-east-1"
CONCURRENCY = 4  # the Price List API throttles early; a refresh is a rare, offline-prepared step

# (ServiceCode, ((field, value), ...)): hashable, so equal queries for several keys are asked once.
PriceQueryKey = tuple[str, tuple[tuple[str, str], ...]]


async def fetch_price_lists(options: SessionOptions, queries: Iterable[PriceQueryKey],
                            profile: str | None = None) -> dict[PriceQueryKey, list[str]]:
    """Every query's PriceList items (JSON strings, all pages). Any AWS error ends the refresh
    with one line: a half-refreshed table is worse than the old one."""
    session = guarded_session(profile, options)
    limit = asyncio.Semaphore(CONCURRENCY)
    async with session.client("pricing", region_name=PRICING_REGION, endpoint_url=options.endpoint_url,
                              config=options.config) as client:
        paginator = client.get_paginator("get_products")

        async def ask(query: PriceQueryKey) -> tuple[PriceQueryKey, list[str]]:
            service, fields = query
            filters = [{"Type": "TERM_MATCH", "Field": field, "Value": value} for field, value in fields]
            items: list[str] = []
            async with limit:
                async for page in paginator.paginate(ServiceCode=service, Filters=filters):
                    items.extend(page.get("PriceList") or ())
            return query, items

        try:
            answers = await asyncio.gather(*(ask(q) for q in dict.fromkeys(queries)))
        except (ClientError, BotoCoreError) as exc:
            raise AwsxError(f"pricing:GetProducts failed: {exc}") from None
    return dict(answers)
