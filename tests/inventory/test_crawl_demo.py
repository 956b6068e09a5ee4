"""The crawl of the demo estate holds every seeded resource, with its edges and its account."""

from __future__ import annotations

import pytest

from awsx.core.model import Relation


def _index(estate):
    return {(r.kind, r.id, r.account): r for r in estate.resources()}


def test_every_seeded_resource_is_present(seeded, demo_estate):
    crawled = _index(demo_estate)
    missing = [(s.kind, s.id) for s in seeded.resources if (s.kind, s.id, s.account) not in crawled]
    assert not missing
    wrong_region = [(s.kind, s.id, s.region) for s in seeded.resources
                    if s.region != "global" and crawled[(s.kind, s.id, s.account)].region != s.region]
    assert not wrong_region


def test_counts_match_what_was_seeded_for_every_seeded_kind(seeded, demo_estate):
    for kind in {s.kind for s in seeded.resources}:
        crawled = {r.id for r in demo_estate.resources(kind)}
        assert seeded.ids(kind) <= crawled, kind


def test_every_seeded_edge_is_present(seeded, demo_estate):
    crawled = _index(demo_estate)
    present = {(e.source, e.relation.value, e.target) for e in demo_estate.edges()}
    missing = []
    for edge in seeded.edges:
        source = crawled[(edge.source_kind, edge.source_id, seeded.account)]
        target = crawled[(edge.target_kind, edge.target_id, seeded.account)]
        if (source.arn, edge.relation, target.arn) not in present:
            missing.append(edge)
    assert not missing
    assert len(seeded.edges) > 50


def test_every_node_carries_account_and_region(demo_estate):
    for resource in demo_estate.resources():
        assert resource.account == "123456789012"
        assert resource.region in {"global", "us-east-1", "eu-west-1", "ap-southeast-1"}


def test_zone_ids_are_recorded_next_to_zone_names(demo_estate):
    subnets = list(demo_estate.resources("ec2:subnet"))
    assert subnets and all(s.data.get("AvailabilityZoneId") for s in subnets)
    volumes = list(demo_estate.resources("ec2:volume"))
    assert volumes and all(v.data.get("AvailabilityZoneId") for v in volumes)


def test_bucket_policy_and_region_are_read(seeded, demo_estate):
    buckets = {b.id: b for b in demo_estate.resources("s3:bucket")}
    public = [b for b in buckets.values() if isinstance(b.data.get("Policy"), dict)
              and any(st.get("Principal") in ("*", {"AWS": "*"}) for st in b.data["Policy"].get("Statement", []))]
    assert public
    for seeded_bucket in (s for s in seeded.resources if s.kind == "s3:bucket"):
        assert buckets[seeded_bucket.id].region == seeded_bucket.region


def test_iam_users_hold_metadata_never_secrets(demo_estate):
    users = list(demo_estate.resources("iam:user"))
    assert users
    for user in users:
        assert "LoginProfile" in user.data and "AccessKeys" in user.data
        for key in user.data["AccessKeys"]:
            assert "SecretAccessKey" not in key


@pytest.mark.parametrize("relation", [Relation.IN_VPC, Relation.ROUTES_TO, Relation.MEMBER_OF_SECURITY_GROUP,
                                      Relation.HAS_POLICY, Relation.TRUSTS, Relation.PEERS_WITH,
                                      Relation.IS_CLUSTER_MEMBER_OF])
def test_the_graph_has_each_kind_of_edge(demo_estate, relation):
    assert any(e.relation is relation for e in demo_estate.edges())


def test_tags_listed_by_separate_calls_become_resource_tags(demo_estate):
    tagged_buckets = [b for b in demo_estate.resources("s3:bucket") if b.data.get("Tags")]
    assert tagged_buckets and all(b.tags for b in tagged_buckets)
    balancers = list(demo_estate.resources("elbv2:load-balancer"))
    assert balancers and all("Tags" in b.data for b in balancers)
