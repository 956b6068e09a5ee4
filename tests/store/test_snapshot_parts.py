"""``write_snapshot_parts``: an estate written a part (an account) at a time reads back as the
same estate written whole, and a part that fails mid-way leaves neither a snapshot nor its spool."""

from __future__ import annotations

import json

import pytest

from awsx.core.errors import SnapshotError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Resource
from awsx.inventory.edges import assemble
from awsx.store.snapshot import open_snapshot, write_snapshot, write_snapshot_parts

ACCOUNTS = ("111111111111", "222222222222")
INFO = EstateInfo(source="live", crawled_at="2026-11-01T00:00:00+00:00", accounts=ACCOUNTS, regions=("us-east-1",))


def account(number: str) -> list[Resource]:
    def ec2(kind: str, resource_id: str, **data) -> Resource:
        return Resource(f"arn:aws:ec2:us-east-1:{number}:{kind}/{resource_id}", f"ec2:{kind}", resource_id,
                        resource_id, number, "us-east-1", data=data)

    return [ec2("vpc", "vpc-1", VpcId="vpc-1", CidrBlock="10.0.0.0/16"),
            ec2("subnet", "subnet-1", SubnetId="subnet-1", VpcId="vpc-1", CidrBlock="10.0.1.0/24"),
            ec2("subnet", "subnet-0", SubnetId="subnet-0", VpcId="vpc-1", CidrBlock="10.0.0.0/24")]


def part(number: str):
    return assemble(account(number))


def lines(estate: Estate) -> tuple[list[str], list[str]]:
    return (sorted(json.dumps(r.to_json(), sort_keys=True) for r in estate.resources()),
            sorted(json.dumps(e.to_json(), sort_keys=True) for e in estate.edges()))


def test_an_estate_written_in_parts_reads_back_as_the_estate_written_whole(tmp_path):
    whole = Estate(*assemble([r for number in ACCOUNTS for r in account(number)])[:2], info=INFO)
    write_snapshot(whole, tmp_path / "whole.awsx")
    write_snapshot_parts((part(number) for number in ACCOUNTS), INFO, (), tmp_path / "parts.awsx")
    parts, reference = open_snapshot(tmp_path / "parts.awsx"), open_snapshot(tmp_path / "whole.awsx")
    assert len(parts) == 6 and parts.edge_count() == 4  # each account's two subnets IN_VPC
    assert lines(parts) == lines(reference)
    assert parts.info.accounts == ACCOUNTS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts.awsx", "whole.awsx"]  # no spool left


def test_a_part_that_fails_mid_way_leaves_no_snapshot_and_no_spool(tmp_path):
    def parts():
        yield part(ACCOUNTS[0])
        raise OSError(28, "No space left on device")

    with pytest.raises(SnapshotError, match="cannot write snapshot .*org.awsx: No space left on device"):
        write_snapshot_parts(parts(), INFO, (), tmp_path / "org.awsx")
    assert list(tmp_path.iterdir()) == []
