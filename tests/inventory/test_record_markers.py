"""A per-record read that fails marks that record, never its siblings: one KMS key whose
DescribeKey is denied keeps every key in the estate, and the marker names only that key, through
a snapshot, ``awsx show`` and the detail view's header."""

from __future__ import annotations

import asyncio

import boto3
import pytest
from denials import deny
from session_options import demo_options

from awsx.cli.main import main
from awsx.core.model import MarkerStatus
from awsx.inventory.demo import DEMO_CREDENTIALS, MotoServer
from awsx.load.live import load_live_estate
from awsx.store.snapshot import open_snapshot, write_snapshot
from awsx.widgets.resource_header import header_content

# moto keeps one estate per process: keys made in a region no other test crawls leave every
# other test's estate as seeded.
REGION = "ap-northeast-3"


@pytest.fixture(scope="module")
def crawled():
    with MotoServer() as server:
        kms = boto3.client("kms", region_name=REGION, endpoint_url=server.endpoint, **DEMO_CREDENTIALS)
        denied, readable = (kms.create_key(Description=d)["KeyMetadata"]["KeyId"] for d in ("denied", "readable"))
        options = demo_options(server.endpoint, regions=(REGION,), hooks=(("before-call", deny("DescribeKey", denied)),))
        estate, _ = asyncio.run(load_live_estate(options, cache=None))
    return estate, denied, readable


def test_a_denied_enrichment_marks_its_record_and_keeps_the_list_whole(crawled):
    estate, denied, readable = crawled
    keys = {r.id: r for r in estate.resources("kms:key")}
    assert set(keys) == {denied, readable}
    assert "KeyMetadata" in keys[readable].data and "KeyMetadata" not in keys[denied].data
    [marker] = [m for m in estate.markers if m.operation == "DescribeKey"]
    assert (marker.status, marker.resources) == (MarkerStatus.DENIED, (keys[denied].arn,))
    assert estate.unread(keys[readable].arn) == []
    assert marker.describe().endswith("DescribeKey of 1 record, the list is whole")


def test_the_mark_survives_a_snapshot_and_show_and_the_detail_header_say_so(crawled, tmp_path, capsys):
    estate, denied, readable = crawled
    path = write_snapshot(estate, tmp_path / "kms.awsx")
    reread = open_snapshot(path)
    assert [m.resources for m in reread.markers if m.operation == "DescribeKey"] == [
        (f"arn:aws:kms:{REGION}:123456789012:key/{denied}",)]
    assert main(["show", denied, "--snapshot", str(path)]) == 0
    assert "unread: kms:DescribeKey denied (AccessDeniedException)" in capsys.readouterr().out
    assert main(["show", readable, "--snapshot", str(path)]) == 0
    assert "unread" not in capsys.readouterr().out
    record = reread.find(denied)
    assert "unread kms:DescribeKey denied" in header_content(record, reread.unread(record.arn)).plain
