"""IAM_KINDS is what the IAM engine reads: every kind its code names, every kind that runs as
a role (the sources of the role edges), every kind an escalation path of the catalogue needs,
and can, who-can, privesc and public give the demo snapshot the same answers loaded with those
kinds only as loaded whole."""

from __future__ import annotations

import pytest
from engine_kinds import DEMO, kinds_spelled_in

from awsx.core.model import Relation
from awsx.iam.catalogue.entries import entries
from awsx.iam.evaluate import ALL, evaluate
from awsx.iam.kinds import IAM_KINDS, may_be_of
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.public import PUBLIC_KINDS, public_resources
from awsx.iam.whocan import who_can
from awsx.inventory.specs import EDGE_RULES
from awsx.store.snapshot import open_snapshot

ROLE_EDGES = (Relation.HAS_ROLE, Relation.HAS_EXECUTION_ROLE, Relation.HAS_INSTANCE_PROFILE)
ACTIONS = ("s3:GetObject", "s3:PutObject", "iam:PassRole", "sts:AssumeRole", "kms:Decrypt", "sqs:SendMessage",
           "lambda:InvokeFunction", "ec2:RunInstances", "iam:CreateAccessKey", "secretsmanager:GetSecretValue")


@pytest.fixture(scope="module")
def both():
    full, lazy = open_snapshot(DEMO), open_snapshot(DEMO, IAM_KINDS)
    return (full, IamIndex(full)), (lazy, IamIndex(lazy))


def test_every_kind_the_iam_code_names_is_loaded():
    assert kinds_spelled_in("awsx/iam") - IAM_KINDS == set()


def test_every_kind_that_runs_as_a_role_or_that_a_path_needs_is_loaded():
    runners = {rule.kind for rule in EDGE_RULES if rule.relation in ROLE_EDGES}
    needed = {kind for entry in entries() for kind in (*entry.needs, entry.target) if kind}
    assert (runners | needed | set(PUBLIC_KINDS)) - IAM_KINDS == set()


def test_the_partial_load_leaves_the_network_out(both):
    (full, _), (lazy, _) = both
    assert {r.kind for r in lazy.resources()} <= IAM_KINDS and len(lazy) < len(full)
    assert not list(lazy.resources("ec2:subnet")) and lazy.read("ec2:subnet") is None


def test_privesc_is_the_same_on_iam_kinds_as_on_the_whole_estate(both):
    (_, full), (_, lazy) = both
    assert privesc(lazy).to_json() == privesc(full).to_json()


def test_public_is_the_same_on_iam_kinds_as_on_the_whole_estate(both):
    (full, _), (lazy, _) = both
    assert public_resources(lazy).to_json() == public_resources(full).to_json()


def test_who_can_is_the_same_on_iam_kinds_as_on_the_whole_estate(both):
    """Each action on every resource and on each resource that has a policy (buckets, keys,
    queues, topics, functions, secrets, roles' trusts)."""
    (full, full_index), (lazy, lazy_index) = both
    resources = [ALL, *sorted(r.arn for kind in (*PUBLIC_KINDS, "iam:role") for r in full.resources(kind))]
    differ = [(action, resource) for action in ACTIONS for resource in resources
              if who_can(lazy_index, action, resource).to_json() != who_can(full_index, action, resource).to_json()]
    assert differ == [] and len(resources) > 10


def test_can_is_the_same_on_iam_kinds_as_on_the_whole_estate(both):
    (full, full_index), (lazy, lazy_index) = both
    principals = [p.arn for p in full_index.principals()]
    differ = [(arn, action) for arn in principals for action in ACTIONS
              if evaluate(lazy_index, lazy_index.principal(arn), action, ALL).to_json()
              != evaluate(full_index, full_index.principal(arn), action, ALL).to_json()]
    assert differ == [] and principals


def test_an_arn_of_a_kind_left_out_is_asked_of_the_whole_estate():
    assert may_be_of("arn:aws:ec2:us-east-1:123456789012:volume/vol-1", {"ec2:volume", "rds:db-instance"})
    assert may_be_of("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/b", {"elbv2:load-balancer"})
    assert not may_be_of("arn:aws:s3:::bucket/key", {"ec2:volume", "rds:db-instance"})
