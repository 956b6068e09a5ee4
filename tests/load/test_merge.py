"""``awsx merge``: parts of one estate joined, edges derived again over the union so what crossed
parts resolves, and parts of different estates refused in one line (awsx/load/merge.py)."""

from __future__ import annotations

import dataclasses

import pytest

from awsx.cli.main import main
from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Relation, Resource
from awsx.inventory.edges import assemble
from awsx.load.merge import Part, merge
from awsx.store.snapshot import open_snapshot, write_snapshot

A, B = "111111111111", "222222222222"
ORGANIZATION = {"id": "o-abc", "management_account": A}


def vpc(account: str, vpc_id: str) -> Resource:
    return Resource(f"arn:aws:ec2:us-east-1:{account}:vpc/{vpc_id}", "ec2:vpc", vpc_id, vpc_id, account, "us-east-1",
                    data={"VpcId": vpc_id})


def peering(account: str) -> Resource:
    return Resource(f"arn:aws:ec2:us-east-1:{account}:vpc-peering-connection/pcx-1", "ec2:vpc-peering-connection",
                    "pcx-1", "pcx-1", account, "us-east-1",
                    data={"RequesterVpcInfo": {"VpcId": "vpc-a", "OwnerId": A},
                          "AccepterVpcInfo": {"VpcId": "vpc-b", "OwnerId": B}})


def part(name: str, account: str, *resources: Resource, crawled_at: str = "2026-11-01T00:00:00+00:00",
         shard: str | None = None, **info) -> Part:
    united, edges, dangling = assemble(resources)
    organization = {**ORGANIZATION, **({"shard": shard} if shard else {})}
    fields = dict(source="live", crawled_at=crawled_at, accounts=(account,), regions=("us-east-1",),
                  endpoint="http://127.0.0.1:5000", extra={"organization": organization, "kinds_read": ["ec2:vpc"]})
    return Part(name, Estate(united, edges, [], dangling, EstateInfo(**{**fields, **info})))


def parts_of_an_organization() -> list[Part]:
    return [part("part-1.awsx", A, vpc(A, "vpc-a"), peering(A), crawled_at="2026-11-01T10:00:00+00:00", shard="1/2"),
            part("part-2.awsx", B, vpc(B, "vpc-b"), peering(B), crawled_at="2026-11-01T09:00:00+00:00", shard="2/2")]


def test_a_peering_dangling_in_each_part_is_an_edge_in_the_merge():
    first, second = parts_of_an_organization()
    assert [d.ref for d in first.estate.dangling] == ["vpc-b"]
    merged = merge([first, second])
    assert list(merged.estate.dangling) == [] and merged.resolved == 2
    peers = {(e.source.split(":")[4], e.target.rsplit("/", 1)[-1]) for e in merged.estate.edges()
             if e.relation is Relation.PEERS_WITH}
    assert peers == {(A, "vpc-a"), (A, "vpc-b"), (B, "vpc-a"), (B, "vpc-b")}


def test_the_merge_is_as_old_as_its_oldest_part_and_names_each_part():
    merged = merge(parts_of_an_organization()).estate
    assert merged.info.crawled_at == "2026-11-01T09:00:00+00:00"
    assert merged.info.accounts == (A, B)
    assert merged.info.extra["organization"] == ORGANIZATION  # no shard: the merge is the whole
    assert [(p["name"], p["crawled_at"], p["shard"]) for p in merged.info.extra["parts"]] == [
        ("part-1.awsx", "2026-11-01T10:00:00+00:00", "1/2"), ("part-2.awsx", "2026-11-01T09:00:00+00:00", "2/2")]


def test_a_missing_shard_is_noted():
    first, _ = parts_of_an_organization()
    assert merge([first]).notes == ("no part holds shard 2/2: its accounts are missing",)


def test_the_same_account_read_the_same_twice_is_merged_once():
    first, second = parts_of_an_organization()
    again = dataclasses.replace(first, name="again.awsx")
    assert len(merge([first, second, again]).estate) == len(merge([first, second]).estate)


def _refusal(parts: list[Part]) -> str:
    with pytest.raises(UserError) as refused:
        merge(parts)
    return str(refused.value)


def test_parts_of_different_crawls_of_one_account_are_refused():
    first, second = parts_of_an_organization()
    changed = part("later.awsx", A, Resource(**{**dataclasses.asdict(vpc(A, "vpc-a")), "name": "renamed"}))
    assert _refusal([first, second, changed]) == (
        "part-1.awsx and later.awsx both hold account 111111111111, and it differs between them: "
        "merge the parts of one crawl")


def test_parts_of_different_organizations_or_endpoints_or_redacted_are_refused():
    first, _ = parts_of_an_organization()
    other_org = part("other.awsx", B, vpc(B, "vpc-b"), extra={"organization": {"id": "o-zzz"}})
    assert "come from different organizations (o-abc and o-zzz)" in _refusal([first, other_org])
    elsewhere = part("moto.awsx", B, vpc(B, "vpc-b"), endpoint="http://127.0.0.1:6000")
    assert "come from different endpoints" in _refusal([first, elsewhere])
    redacted = part("redacted.awsx", B, vpc(B, "vpc-b"), redacted=True)
    assert _refusal([first, redacted]) == (
        "redacted.awsx is redacted: merge the parts first, then redact the merged estate")


def test_the_merge_verb_writes_the_merged_snapshot(tmp_path, capsys):
    paths = [str(write_snapshot(p.estate, tmp_path / p.name)) for p in parts_of_an_organization()]
    assert main(["merge", *paths, "-o", str(tmp_path / "org.awsx")]) == 0
    assert "2 cross-part references resolved, 0 still dangling" in " ".join(capsys.readouterr().err.split())
    merged = open_snapshot(tmp_path / "org.awsx")
    assert len(merged) == 4 and list(merged.dangling) == [] and merged.info.accounts == (A, B)


@pytest.mark.parametrize("content", [None, b"not a zip", b"PK\x03\x04broken"])
def test_a_missing_or_broken_part_is_one_line(content, tmp_path, capsys):
    good = str(write_snapshot(parts_of_an_organization()[0].estate, tmp_path / "good.awsx"))
    bad = tmp_path / "bad.awsx"
    if content is not None:
        bad.write_bytes(content)
    assert main(["merge", good, str(bad), "-o", str(tmp_path / "org.awsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("awsx: error: ") and "bad.awsx" in err
    assert not (tmp_path / "org.awsx").exists()
