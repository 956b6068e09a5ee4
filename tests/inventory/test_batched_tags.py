"""ELBv2 DescribeTags takes up to 20 ARNs: target groups and load balancers get their tags 20
to a call, each record its own (matched by ARN, an untagged one empty), in the region it
lives in."""

from __future__ import annotations

import asyncio
import math

import boto3
import pytest
from session_options import demo_options

from awsx.inventory.crawler import Crawler
from awsx.inventory.session import open_accounts
from awsx.inventory.specs import elbv2

REGION = "af-south-1"  # a region of its own: no other test makes load balancers or target groups here
TAGGED, UNTAGGED = 43, 2


@pytest.fixture(scope="module")
def crawled(moto_server):
    keys = dict(region_name=REGION, endpoint_url=moto_server.endpoint, aws_access_key_id="testing",
                aws_secret_access_key="testing")
    vpc = boto3.client("ec2", **keys).create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    client = boto3.client("elbv2", **keys)
    for number in range(TAGGED + UNTAGGED):
        tags = [{"Key": "Name", "Value": f"web-{number}"}, {"Key": "team", "Value": f"t{number % 3}"}]
        client.create_target_group(Name=f"batch-tg-{number}", Protocol="HTTP", Port=8000 + number, VpcId=vpc,
                                   **({"Tags": tags} if number < TAGGED else {}))

    async def crawl():
        accounts = await open_accounts(demo_options(moto_server.endpoint, regions=(REGION,)))
        return await Crawler(accounts, specs=elbv2.SPECS, enrichments=elbv2.ENRICHMENTS).run()

    return asyncio.run(crawl())


def test_each_target_group_has_its_own_tags(crawled):
    groups = {r.id: r for r in crawled.resources if r.kind == "elbv2:target-group"}
    assert len(groups) == TAGGED + UNTAGGED
    for number in range(TAGGED):
        group = groups[f"batch-tg-{number}"]
        assert group.tags == {"Name": f"web-{number}", "team": f"t{number % 3}"}
        assert group.name == f"web-{number}"
    for number in range(TAGGED, TAGGED + UNTAGGED):
        assert groups[f"batch-tg-{number}"].tags == {}
    assert not crawled.markers


def test_tags_are_read_twenty_arns_a_call(crawled):
    assert crawled.calls[("elbv2", "DescribeTags")] == math.ceil((TAGGED + UNTAGGED) / 20)
    # Target health stays one call per group: the API takes one.
    assert crawled.calls[("elbv2", "DescribeTargetHealth")] == TAGGED + UNTAGGED


def test_the_crawl_leaves_no_object_frozen_out_of_collection(crawled):
    """The crawler freezes what it keeps while it runs (inventory/crawler.py), and must hand
    it all back to the collector when it ends."""
    import gc

    assert gc.get_freeze_count() == 0
