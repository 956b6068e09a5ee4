"""One answer for who-can and privesc (iam.md §2): who-can is the union of direct grants and
everyone privesc can take to a principal with the grant, admins by self-modification included,
over the one principal graph both use. A principal that can change its own permissions
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html with
SetAsDefault, https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html)
can do whatever its SCPs, boundary and resource policies let everything through."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iam_fixtures import ACCOUNT, allow, arn, deny, doc, estate, index, managed, role, trust, user, with_policy

from awsx.cli.main import main
from awsx.iam.privesc import build_graph, privesc
from awsx.iam.whocan import who_can
from awsx.store.snapshot import write_snapshot


def entries(answer) -> dict[str, tuple[str, list[tuple[str, str, tuple[str, ...]]]]]:
    short = lambda value: value.rsplit(":", 1)[-1]  # noqa: E731
    return {short(e.arn): (e.how, [(short(s.source), short(s.target), s.actions) for s in e.path])
            for e in answer.principals}


def test_an_admin_by_its_own_policy_version_and_whoever_assumes_it_can_create_users():
    ix = index(managed("ops", allow("iam:CreatePolicyVersion", arn("policy", "ops"))),
               role("deployer", trust({"AWS": arn("user", "dev")}), policies=["ops"]),
               user("dev", allow("sts:AssumeRole")), user("bystander"))
    assert [a.how for a in privesc(ix).admins] == ["iam:CreatePolicyVersion"]
    assert entries(who_can(ix, "iam:CreateUser")) == {
        "role/deployer": ("escalation", [("role/deployer", "role/deployer", ("iam:CreatePolicyVersion",))]),
        "user/dev": ("escalation", [("user/dev", "role/deployer", ("sts:AssumeRole",)),
                                    ("role/deployer", "role/deployer", ("iam:CreatePolicyVersion",))]),
    }


def test_a_user_that_can_attach_policies_to_itself_is_listed_by_escalation():
    ix = index(user("self", allow("iam:AttachUserPolicy", arn("user", "self"))))
    assert entries(who_can(ix, "s3:DeleteBucket", "arn:aws:s3:::data")) == {
        "user/self": ("escalation", [("user/self", "user/self", ("iam:AttachUserPolicy",))])}
    assert entries(who_can(ix, "s3:DeleteBucket", "arn:aws:s3:::data", escalation=False)) == {}


def test_a_key_policy_that_refuses_admins_sends_who_can_through_the_role_it_names():
    """https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html: the key policy must
    itself allow; an identity admin is refused unless it becomes the role the policy names."""
    key = with_policy("kms:key", "k-1", doc({"Effect": "Allow", "Principal": {"AWS": arn("role", "crypto")},
                                             "Action": "kms:*", "Resource": "*"}))
    ix = index(key, user("root-like", allow("*")), user("self-made", allow("iam:PutUserPolicy", arn("user", "self-made"))),
               role("crypto", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})))
    found = entries(who_can(ix, "kms:Decrypt", key.arn))
    assert found["role/crypto"] == ("direct", [])
    # Both admins reach the role by assuming it (the account trusts them); the one by
    # self-modification first grants itself what it lacks.
    assert found["user/root-like"] == ("escalation", [("user/root-like", "role/crypto", ("sts:AssumeRole",))])
    assert found["user/self-made"] == ("escalation", [("user/self-made", "role/crypto",
                                                       ("iam:PutUserPolicy", "sts:AssumeRole"))])


NAMES = ("u0", "u1", "u2", "r0", "r1", "r2")


def _principal_arn(name: str) -> str:
    return arn("user" if name.startswith("u") else "role", name)


def _grant(kind: str, own: str, other: str) -> dict:
    """One statement of a generated principal: an admin grant, a self-modification, an
    escalation ingredient, a plain grant, a deny or a conditional admin grant."""
    return {
        "admin": allow("*"),
        "mfa-admin": allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        "create-user": allow("iam:CreateUser"),
        "own-version": allow("iam:CreatePolicyVersion", arn("policy", f"p-{own}")),
        "attach-any": allow(["iam:AttachUserPolicy", "iam:AttachRolePolicy"]),
        "assume": allow("sts:AssumeRole"),
        "pass-and-run": allow(["iam:PassRole", "ec2:RunInstances", "iam:CreateInstanceProfile",
                               "iam:AddRoleToInstanceProfile"]),
        "access-key": allow("iam:CreateAccessKey", _principal_arn(other)),
        # change another principal's permissions, then become it (pathfinding.cloud iam-014 to iam-021)
        "change-other": allow(["iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:CreateAccessKey",
                               "iam:UpdateAssumeRolePolicy"], _principal_arn(other)),
        "other-version": allow("iam:CreatePolicyVersion", arn("policy", f"p-{other}")),
        "trust-any": allow("iam:UpdateAssumeRolePolicy"),
        "read": allow("s3:GetObject"),
        "deny-s3": deny("s3:*"),
    }[kind]


KINDS = ("admin", "mfa-admin", "create-user", "own-version", "attach-any", "assume", "pass-and-run",
         "access-key", "change-other", "other-version", "trust-any", "read", "deny-s3")


@st.composite
def estates(draw):
    """2 to 6 users and roles, each with a managed policy of a few generated statements; each
    role trusted by some principals, the account, or EC2."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=6, unique=True))
    resources = []
    for name in names:
        statements = [_grant(kind, name, draw(st.sampled_from(names)))
                      for kind in draw(st.lists(st.sampled_from(KINDS), max_size=3))]
        resources.append(managed(f"p-{name}", *statements) if statements else managed(f"p-{name}", allow("sqs:GetQueueUrl")))
        if name.startswith("u"):
            resources.append(user(name, policies=[f"p-{name}"]))
            continue
        trusted = draw(st.one_of(
            st.lists(st.sampled_from(names).map(_principal_arn), min_size=1, max_size=2).map(lambda a: {"AWS": a}),
            st.just({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), st.just({"Service": "ec2.amazonaws.com"})))
        resources.append(role(name, trust(trusted), policies=[f"p-{name}"]))
    return index(*resources)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(estates())
def test_who_can_and_privesc_agree_principal_by_principal(ix):
    graph = build_graph(ix)
    report = privesc(ix, graph=graph)
    escalating = {a.arn for a in report.admins} | {p.principal for p in report.paths}
    # Everything, on everything: exactly the admins and those privesc takes to one.
    assert {e.arn for e in who_can(ix, "*", graph=graph).principals} == escalating
    # Any one action an admin may do: every one of them is listed, each path ending at a grantee.
    answer = who_can(ix, "iam:CreateUser", graph=graph)
    listed = {e.arn: e for e in answer.principals}
    assert escalating <= set(listed)
    for entry in listed.values():
        assert entry.how == ("escalation" if entry.path else "direct")
        assert all(a.target == b.source for a, b in zip(entry.path, entry.path[1:]))
        assert not entry.path or entry.path[0].source == entry.arn


def test_the_cli_table_shows_a_self_grant_as_a_step_on_itself(tmp_path, capsys):
    path = write_snapshot(estate(user("self", allow("iam:AttachUserPolicy", arn("user", "self")))), tmp_path / "s.awsx")
    assert main(["who-can", "iam:CreateUser", "--snapshot", str(path)]) == 0
    assert "itself: iam:AttachUserPolicy" in capsys.readouterr().out
    assert main(["who-can", "iam:CreateUser", "--snapshot", str(path), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["principals"]
    assert entry["how"] == "escalation" and entry["path"][0]["from"] == entry["path"][0]["to"] == arn("user", "self")
