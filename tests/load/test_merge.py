"""``awsx merge``: parts of one estate joined, edges derived again over the union so what crossed
parts resolves, and parts of different estates refused in one line (awsx/load/merge.py)."""

from __future__ import annotations

import dataclasses

import pytest
from iam_fixtures import allow, bucket, doc, role, trust

from awsx.cli.main import main
from awsx.core.errors import UserError
from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Relation, Resource
from awsx.iam.principals import IamIndex
from awsx.iam.whocan import who_can
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


# What else crosses accounts (issue 18, part 4): each is dangling, or unknown to the engine, in the
# part that saw one side, and resolved once both sides are in one estate.

def _ec2(account: str, kind: str, resource_id: str, **data) -> Resource:
    return Resource(f"arn:aws:ec2:us-east-1:{account}:{kind.split(':')[1]}/{resource_id}", kind, resource_id,
                    resource_id, account, "us-east-1", data=data)


def _edges_from(estate: Estate, relation: Relation, account: str) -> set[tuple[str, str]]:
    """(source id, target ARN) of ``relation`` edges from ``account``'s resources."""
    return {(e.source.rsplit("/", 1)[-1], e.target) for e in estate.edges()
            if e.relation is relation and e.source.split(":")[4] == account}


def test_a_transit_gateway_attachment_in_a_member_reaches_the_hub_accounts_gateway():
    # The attachment is seen by both accounts (DescribeTransitGatewayAttachments lists it in the
    # gateway's owner and the VPC's owner); the member's copy names a gateway it cannot see.
    seen_by = {account: _ec2(account, "ec2:transit-gateway-attachment", "tgw-attach-1", TransitGatewayId="tgw-1",
                             TransitGatewayOwnerId=A, ResourceId="vpc-b", ResourceOwnerId=B, ResourceType="vpc")
               for account in (A, B)}
    hub = part("hub.awsx", A, _ec2(A, "ec2:transit-gateway", "tgw-1", TransitGatewayId="tgw-1", OwnerId=A), seen_by[A])
    member = part("member.awsx", B, vpc(B, "vpc-b"), seen_by[B])
    assert [(d.relation, d.ref) for d in member.estate.dangling] == [(Relation.ATTACHED_TO, "tgw-1")]
    merged = merge([hub, member])
    assert list(merged.estate.dangling) == [] and merged.resolved == 2  # and the hub's copy's vpc-b
    gateway = f"arn:aws:ec2:us-east-1:{A}:transit-gateway/tgw-1"
    assert ("tgw-attach-1", gateway) in _edges_from(merged.estate, Relation.ATTACHED_TO, B)
    assert ("tgw-attach-1", f"arn:aws:ec2:us-east-1:{B}:vpc/vpc-b") in _edges_from(merged.estate, Relation.ASSOCIATED_WITH, A)


def test_a_subnet_shared_through_ram_is_in_its_owners_vpc():
    # A participant's DescribeSubnets lists the shared subnet (OwnerId the owner's) with the owner's
    # VPC id; the participant's own interfaces sit in it.
    shared = {account: _ec2(account, "ec2:subnet", "subnet-s", SubnetId="subnet-s", VpcId="vpc-a", OwnerId=A,
                            CidrBlock="10.0.1.0/24") for account in (A, B)}
    interface = _ec2(B, "ec2:network-interface", "eni-b", NetworkInterfaceId="eni-b", SubnetId="subnet-s",
                     VpcId="vpc-a", OwnerId=B)
    owner = part("owner.awsx", A, vpc(A, "vpc-a"), shared[A])
    participant = part("participant.awsx", B, shared[B], interface)
    assert {d.ref for d in participant.estate.dangling} == {"vpc-a"}
    merged = merge([owner, participant]).estate
    assert list(merged.dangling) == []
    owners_vpc = f"arn:aws:ec2:us-east-1:{A}:vpc/vpc-a"
    assert _edges_from(merged, Relation.IN_VPC, B) == {("subnet-s", owners_vpc), ("eni-b", owners_vpc)}


def test_role_trust_and_resource_policies_naming_another_account_resolve_in_the_merge():
    deployer = role("deployer", trust({"Service": "codebuild.amazonaws.com"}),
                    allow(["sts:AssumeRole", "s3:GetObject"]), account=A)
    target = role("deploy-target", trust({"AWS": deployer.arn}), account=B)
    shared = bucket("b-artifacts", doc(allow("s3:GetObject", "arn:aws:s3:::b-artifacts/*",
                                             Principal={"AWS": deployer.arn})), account=B)
    management = part("management.awsx", A, deployer)
    member = part("member.awsx", B, target, shared)
    assert [(d.relation, d.ref) for d in member.estate.dangling] == [(Relation.TRUSTS, deployer.arn)]
    merged = merge([management, member]).estate
    assert (target.arn, deployer.arn) in {(e.source, e.target) for e in merged.edges() if e.relation is Relation.TRUSTS}

    def direct(estate: Estate, action: str, resource: str) -> set[str]:
        return {e.arn for e in who_can(IamIndex(estate), action, resource, escalation=False).principals
                if e.how == "direct"}

    # Cross-account access needs both sides (the identity policy in A, the trust or resource
    # policy in B): only the merged estate holds both.
    for action, resource in [("sts:AssumeRole", target.arn), ("s3:GetObject", "arn:aws:s3:::b-artifacts/build.zip")]:
        assert deployer.arn not in direct(member.estate, action, resource)
        assert deployer.arn in direct(merged, action, resource)
