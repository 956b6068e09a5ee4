"""The crawl issues only paginated, read-only calls: every operation that can paginate is
read through botocore's paginator (pages followed to the end), nothing else is sent."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qsl

import boto3
import pytest
from botocore.session import get_session
from session_options import demo_options

from awsx.inventory.crawler import Crawler
from awsx.inventory.readonly import is_allowed
from awsx.inventory.session import open_accounts


@pytest.fixture(scope="module")
def paged_crawl(moto_server, seeded):
    calls: list[tuple[str, str, dict]] = []

    def record(model, params, **_):
        calls.append((model.service_model.service_name, model.name, dict(params.get("query_string") or {}) | _body(params)))

    options = demo_options(moto_server.endpoint, hooks=(("before-call", record),))

    async def crawl():
        accounts = await open_accounts(options)
        return await Crawler(accounts, page_size=3).run()

    return asyncio.run(crawl()), calls


def _body(params: dict) -> dict:
    body = params.get("body")
    if isinstance(body, dict):
        return body
    if isinstance(body, (bytes, str)) and body:
        text = body.decode() if isinstance(body, bytes) else body
        return json.loads(text) if text.startswith("{") else dict(parse_qsl(text))
    return {}


def _plain(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def test_every_call_is_an_allowed_read(paged_crawl):
    _, calls = paged_crawl
    assert calls
    assert all(is_allowed(service, operation) for service, operation, _ in calls)


def test_every_paginated_operation_went_through_the_paginator(paged_crawl):
    _, calls = paged_crawl
    botocore = get_session()
    checked = 0
    for service, operation, params in calls:
        model = botocore.get_paginator_model(service)
        try:
            config = model.get_paginator(operation)
        except ValueError:
            continue
        limit_key = config.get("limit_key")
        if limit_key:
            # Query/JSON protocols send the member name, REST ones its wire name (max-buckets).
            assert any(_plain(key.split(".")[0]) == _plain(limit_key) for key in params), (service, operation, params)
            checked += 1
    assert checked > 20


def test_a_forced_page_size_skips_paginators_that_take_none(paged_crawl):
    """SNS ListTopics pages by token alone: forcing a PageSize on it failed every region."""
    result, calls = paged_crawl
    assert ("sns", "ListTopics") in {(service, operation) for service, operation, _ in calls}
    assert not [m for m in result.markers if m.service == "sns"], result.markers


def test_deep_pages_are_followed_to_the_end(moto_server):
    """moto pages DescribeInstances by reservation: 12 launches in a region of their own, read
    five at a time, must take three pages and lose none."""
    ec2 = boto3.client("ec2", region_name="us-west-2", endpoint_url=moto_server.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    launched = {ec2.run_instances(ImageId="ami-0c0ffee0c0ffee000", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
                for _ in range(12)}

    async def crawl():
        accounts = await open_accounts(demo_options(moto_server.endpoint, regions=("us-west-2",)))
        return await Crawler(accounts, page_size=5).run()

    result = asyncio.run(crawl())
    assert {r.id for r in result.resources if r.kind == "ec2:instance"} == launched
    assert result.calls[("ec2", "DescribeInstances")] == 3
