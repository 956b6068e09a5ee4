"""``--org`` (issue 18): from the management account, every active member is entered by assuming
one role and crawled with the same read-only guard; a member whose role cannot be assumed is one
marker, not a failed crawl; ``--accounts`` / ``--exclude`` choose members. ``--shard I/N`` crawls
a share of the accounts and ``awsx merge`` joins the parts into the snapshot one crawl writes.

The organization is the simulated one of bench/org_estate.py (4 members made through
Organizations, each seeded through the assumed role, two linked by a VPC peering and a role
trust). A moto Organization is process-wide state, so it is made and crawled in one subprocess
of its own; every crawl is written as a snapshot and the merge runs as the CLI verb, so what is
compared is what a user's files hold, decoded member by member.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from session_options import offline_env

_SCRIPT = r'''
import json, sys, tempfile, urllib.request
from pathlib import Path
from botocore.exceptions import ClientError
from awsx.cli.main import main
from awsx.inventory.demo import DEMO_CREDENTIALS, MotoServer
from awsx.inventory.session import OrgOptions, SessionOptions
from awsx.inventory.shard import Shard
from awsx.load.live import load_live_estate_sync
from awsx.store.snapshot import SnapshotReader, write_snapshot
from bench.org_estate import comparable, create_organization, seed_organization

def decoded(path):
    """Every member of a snapshot, decoded: the manifest's info and markers, resources, edges, dangling."""
    reader = SnapshotReader(path)
    estate = reader.load()
    return {"markers": sorted(json.dumps(m.to_json(), sort_keys=True) for m in estate.markers),
            "resources": sorted(json.dumps(r.to_json(), sort_keys=True, default=str) for r in estate.resources()),
            "edges": sorted(json.dumps(e.to_json(), sort_keys=True, default=str) for e in estate.edges()),
            "dangling": sorted(json.dumps(d.to_json(), sort_keys=True) for d in estate.dangling),
            "accounts": list(estate.info.accounts), "regions": list(estate.info.regions),
            "crawled_at": estate.info.crawled_at, "extra_parts": estate.info.extra.get("parts"),
            "organization": estate.info.extra.get("organization"), "comparable": comparable(estate)}

with MotoServer() as server, tempfile.TemporaryDirectory() as folder:
    # moto's ids from a fixed seed: the same accounts every run (the assertions below hold for any ids).
    urllib.request.urlopen(urllib.request.Request(server.endpoint + "/moto-api/seed?a=18", method="POST")).close()
    members = create_organization(server.endpoint, 4)
    half = Shard(1, 2)
    # The linked pair sits in different shards of two, so the peering and the trust cross parts.
    pair = next((a, b) for a in range(4) for b in range(4) if half.holds(members[a]) and not half.holds(members[b]))
    refused = next(n for n in range(4) if n not in pair)
    excluded = next(n for n in range(4) if n not in pair and n != refused)
    organization = seed_organization(server.endpoint, members, pair)
    sent = []

    def watch(model, params, **_):
        sent.append(model.name)
        if model.name == "AssumeRole" and members[refused] in str(params.get("body")):  # the request as built
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, "AssumeRole")

    def crawl(name, **org):
        options = SessionOptions(regions=("us-east-1",), endpoint_url=server.endpoint, hooks=(("before-call", watch),),
                                 credentials=(DEMO_CREDENTIALS["aws_access_key_id"],
                                              DEMO_CREDENTIALS["aws_secret_access_key"]), org=OrgOptions(**org))
        estate, _ = load_live_estate_sync(options, cache=None)
        return str(write_snapshot(estate, Path(folder) / name))

    whole = crawl("whole.awsx")
    some = crawl("some.awsx", exclude=(members[excluded],))
    parts = [crawl(f"part-{index}.awsx", shard=Shard(index, 2)) for index in (1, 2)]
    merged = str(Path(folder) / "org.awsx")
    code = main(["merge", *parts, "-o", merged])
    print(json.dumps({"members": members, "management": organization.management, "pair": pair, "refused": refused,
                      "excluded": excluded, "peering": organization.peering, "merge_exit": code,
                      "whole": decoded(whole), "some": decoded(some), "merged": decoded(merged),
                      "parts": [decoded(part) for part in parts],
                      "writes": sorted({name for name in sent if not name.startswith(("Describe", "List", "Get"))})}))
'''

@pytest.fixture(scope="module")
def crawled() -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=600,
                          env=offline_env())
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def _resources(snapshot: dict) -> list[dict]:
    return [json.loads(line) for line in snapshot["resources"]]


def _member(crawled: dict, number: int) -> str:
    return crawled["members"][number]


def test_every_member_that_can_be_entered_is_crawled_with_its_own_account(crawled):
    everyone = crawled["whole"]
    entered = sorted({crawled["management"], *crawled["members"]} - {_member(crawled, crawled["refused"])})
    assert everyone["accounts"] == entered
    resources = _resources(everyone)
    for number, account in enumerate(crawled["members"]):
        if number == crawled["refused"]:
            continue
        named = [(r["kind"], r["name"] or r["id"]) for r in resources if r["account"] == account]  # roles: by id
        seeded = sorted(n for n in named if n[1].startswith((f"member-{number}-", f"awsx-org-member-{account}")))
        assert seeded == [("ec2:instance", f"member-{number}-web")] * 2 + [
            ("ec2:security-group", f"member-{number}-web"), ("ec2:subnet", f"member-{number}-a"),
            ("ec2:subnet", f"member-{number}-b"), ("ec2:vpc", f"member-{number}-vpc"),
            ("iam:role", f"member-{number}-app"), ("s3:bucket", f"awsx-org-member-{account}")], account
    refused = _member(crawled, crawled["refused"])
    assert not [r for r in resources if r["account"] == refused]


def test_a_member_whose_role_cannot_be_assumed_is_one_marker(crawled):
    refused = _member(crawled, crawled["refused"])
    markers = [json.loads(m) for m in crawled["whole"]["markers"]]
    assert [[m["account"], m["operation"], m["status"], m["message"]] for m in markers if m["service"] == "sts"] == [
        [refused, "AssumeRole", "denied", f"cannot assume OrganizationAccountAccessRole in {refused}: AccessDenied"]]


def test_exclude_leaves_a_member_out(crawled):
    excluded = _member(crawled, crawled["excluded"])
    assert excluded in crawled["whole"]["accounts"]
    assert excluded not in crawled["some"]["accounts"]
    assert not [r for r in _resources(crawled["some"]) if r["account"] == excluded]


def test_only_reads_and_the_role_assumption_were_sent(crawled):
    assert crawled["writes"] == ["AssumeRole"]


def test_each_account_is_in_exactly_one_shard(crawled):
    first, second = (part["accounts"] for part in crawled["parts"])
    assert not set(first) & set(second)
    assert sorted(first + second) == crawled["whole"]["accounts"]
    assert [part["organization"]["shard"] for part in crawled["parts"]] == ["1/2", "2/2"]


def test_the_shards_merged_are_the_one_machine_crawl(crawled):
    # Equal but for the crawl-time fields bench/org_estate.py names (CRAWL_TIME_FIELDS).
    assert crawled["merge_exit"] == 0
    whole, merged = crawled["whole"]["comparable"], crawled["merged"]["comparable"]
    for member in ("accounts", "regions", "organization", "markers", "edges", "dangling", "resources"):
        assert merged[member] == whole[member], member
    assert len(whole["resources"]) > 100 and len(whole["edges"]) > 100  # a real estate, not two empty ones


def test_the_merge_is_as_old_as_its_oldest_part_and_keeps_each_parts_time(crawled):
    parts, merged = crawled["parts"], crawled["merged"]
    assert merged["crawled_at"] == min(part["crawled_at"] for part in parts)
    assert [(p["name"], p["crawled_at"], p["shard"]) for p in merged["extra_parts"]] == [
        ("part-1.awsx", parts[0]["crawled_at"], "1/2"), ("part-2.awsx", parts[1]["crawled_at"], "2/2")]


def _peering_references(snapshot: dict, peering: str) -> tuple[list[str], list[str]]:
    """(PEERS_WITH edges, dangling PEERS_WITH refs) of the peering's records, as the other side's VPC."""
    edges = [json.loads(e) for e in snapshot["edges"]]
    dangling = [json.loads(d) for d in snapshot["dangling"]]
    return ([e["target"].rsplit("/", 1)[-1] for e in edges if e["relation"] == "PEERS_WITH" and peering in e["source"]],
            [d["ref"] for d in dangling if d["relation"] == "PEERS_WITH" and peering in d["source"]])


def test_a_cross_account_peering_is_dangling_in_its_part_and_an_edge_in_the_merge(crawled):
    peering = crawled["peering"]
    vpcs = {r["account"]: r["id"] for r in _resources(crawled["whole"]) if r["kind"] == "ec2:vpc"
            and r["data"]["CidrBlock"] in (f"10.{crawled['pair'][0]}.0.0/16", f"10.{crawled['pair'][1]}.0.0/16")}
    for part in crawled["parts"]:
        _, dangling = _peering_references(part, peering)
        other = [vpc for account, vpc in vpcs.items() if account not in part["accounts"]]
        assert dangling == other  # the other account's VPC is not in this part
    edges, dangling = _peering_references(crawled["merged"], peering)
    assert dangling == []
    assert sorted(set(edges)) == sorted(vpcs.values())


def test_a_role_trusting_another_members_role_resolves_in_the_merge(crawled):
    first = _member(crawled, crawled["pair"][0])
    trusted = f"arn:aws:iam::{first}:role/member-{crawled['pair'][0]}-app"
    in_parts = [json.loads(d) for part in crawled["parts"] for d in part["dangling"]]
    assert [d["relation"] for d in in_parts if d["ref"] == trusted] == ["TRUSTS"]
    edges = [json.loads(e) for e in crawled["merged"]["edges"]]
    assert [e["source"].rsplit("/", 1)[-1] for e in edges if e["relation"] == "TRUSTS" and e["target"] == trusted] == [
        "cross-account-auditor"]
