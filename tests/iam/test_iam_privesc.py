"""Admin detection and the escalation edge catalogue (iam.md §2), one smallest estate per kind,
including the reference tool's mistakes (iam.md §3)."""

from __future__ import annotations

import pytest
from iam_fixtures import (
    allow,
    arn,
    doc,
    existing,
    function,
    group,
    index,
    instance,
    instance_profile,
    managed,
    role,
    running_as,
    trust,
    user,
)

from awsx.iam.escalation import Catalogue, Checker
from awsx.iam.privesc import admin_check, build_graph, privesc
from awsx.inventory.specs import KINDS

ADMIN_POLICY = managed("admin-all", allow("*"))


def service_role(name: str, service: str, **kwargs):
    return role(name, trust({"Service": service}), policies=["admin-all"], **kwargs)


def edges(ix, source: str):
    return list(Catalogue(ix).edges_from(ix.resolve(source)))


def kinds_to(ix, source: str, target: str) -> dict[str, tuple[str, ...]]:
    return {e.kind: e.actions for e in edges(ix, source) if e.target == target}


# --- admins ----------------------------------------------------------------------------------
def is_admin(ix, ref: str):
    return admin_check(ix, Checker(ix), ix.resolve(ref))


def test_star_on_star_is_admin_and_a_read_only_user_is_not():
    ix = index(ADMIN_POLICY, user("root-ish", policies=["admin-all"]), user("reader", allow("s3:Get*")))
    assert is_admin(ix, "user/root-ish").how == "full"
    assert is_admin(ix, "user/reader") is None


@pytest.mark.parametrize("statement, how", [
    (allow("iam:PutUserPolicy", arn("user", "u")), "iam:PutUserPolicy"),
    (allow("iam:AttachUserPolicy", arn("user", "u")), "iam:AttachUserPolicy"),
    (allow("iam:CreatePolicyVersion", arn("policy", "mine")), "iam:CreatePolicyVersion"),
    (allow("iam:PutGroupPolicy", arn("group", "g")), "iam:PutGroupPolicy"),
    (allow("iam:AttachGroupPolicy", arn("group", "g")), "iam:AttachGroupPolicy"),
    # PMapper's admin test misses these (iam.md §3):
    (allow("iam:AddUserToGroup", arn("group", "admins")), "iam:AddUserToGroup"),
])
def test_a_user_that_can_grant_itself_everything_is_admin(statement, how):
    ix = index(ADMIN_POLICY, managed("mine", allow("s3:List*")), group("admins", policies=["admin-all"]), group("g"),
               user("u", statement, groups=["g"], policies=["mine"]))
    assert is_admin(ix, "user/u").how == how


def test_set_default_policy_version_is_admin_only_when_another_version_grants_everything():
    versions = [{"Document": doc(allow("s3:List*")), "IsDefaultVersion": True, "VersionId": "v2"},
                {"Document": doc(allow("*")), "IsDefaultVersion": False, "VersionId": "v1"}]
    ix = index(managed("mine", versions=versions), user("u", allow("iam:SetDefaultPolicyVersion"), policies=["mine"]))
    assert is_admin(ix, "user/u").how == "iam:SetDefaultPolicyVersion"
    plain = index(managed("mine", allow("s3:List*")), user("u", allow("iam:SetDefaultPolicyVersion", arn("policy", "mine")),
                                                           policies=["mine"]))
    assert is_admin(plain, "user/u") is None


@pytest.mark.parametrize("action", ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"])
def test_a_role_that_can_grant_itself_everything_is_admin(action):
    ix = index(role("r", trust({"Service": "ec2.amazonaws.com"}), allow(action, arn("role", "r"))))
    assert is_admin(ix, "role/r").how == action
    on_another = index(role("r", trust({"Service": "ec2.amazonaws.com"}), allow(action, arn("role", "other"))))
    assert is_admin(on_another, "role/r") is None


def test_a_boundary_caps_self_escalation():
    ix = index(managed("b", allow(["iam:*", "s3:*"])), user("u", allow("iam:PutUserPolicy", arn("user", "u")), boundary="b"))
    assert is_admin(ix, "user/u") is None


def test_an_mfa_conditional_admin_says_so():
    ix = index(user("u", allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    admin = is_admin(ix, "user/u")
    assert admin.conditions == ("aws:MultiFactorAuthPresent",)


# --- edges -----------------------------------------------------------------------------------
def test_sts_edge_when_the_trust_policy_names_the_source():
    ix = index(ADMIN_POLICY, user("u"), role("r", trust({"AWS": arn("user", "u")}), policies=["admin-all"]))
    assert kinds_to(ix, "user/u", arn("role", "r")) == {"sts": ("sts:AssumeRole",)}


def test_sts_edge_with_mfa_condition_records_it():
    ix = index(user("u"), role("r", trust({"AWS": arn("user", "u")},
                                          Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    [edge] = edges(ix, "user/u")
    assert (edge.kind, edge.conditions) == ("sts", ("aws:MultiFactorAuthPresent",))


def test_iam_edges_to_users_use_access_keys_or_the_right_login_profile_call():
    ix = index(user("keys", allow("iam:CreateAccessKey", arn("user", "v"))), user("v", login=True),
               user("pw", allow("iam:UpdateLoginProfile")), user("new", allow("iam:CreateLoginProfile")))
    assert kinds_to(ix, "user/keys", arn("user", "v")) == {"iam": ("iam:CreateAccessKey",)}
    assert kinds_to(ix, "user/pw", arn("user", "v")) == {"iam": ("iam:UpdateLoginProfile",)}
    # v has a password already: CreateLoginProfile would fail.
    assert kinds_to(ix, "user/new", arn("user", "v")) == {}
    assert kinds_to(ix, "user/new", arn("user", "pw")) == {"iam": ("iam:CreateLoginProfile",)}


def test_iam_edge_to_a_role_by_updating_its_trust_policy():
    ix = index(user("u", allow("iam:UpdateAssumeRolePolicy")), role("r", trust({"Service": "ec2.amazonaws.com"})))
    assert kinds_to(ix, "user/u", arn("role", "r"))["iam"] == ("iam:UpdateAssumeRolePolicy",)


def test_ec2_edge_needs_pass_role_to_ec2_run_instances_and_an_instance_profile():
    launch = [allow("iam:PassRole", arn("role", "r"), Condition={"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}),
              allow("ec2:RunInstances")]
    with_profile = index(ADMIN_POLICY, user("u", *launch), service_role("r", "ec2.amazonaws.com", profiles=["r"]),
                         instance_profile("r", "r"))
    assert kinds_to(with_profile, "user/u", arn("role", "r"))["ec2"] == ("iam:PassRole", "ec2:RunInstances")
    # PMapper stores "no instance profile" as [] and then skips this check (iam.md §3).
    without = index(ADMIN_POLICY, user("u", *launch), service_role("r", "ec2.amazonaws.com"))
    assert "ec2" not in kinds_to(without, "user/u", arn("role", "r"))
    creator = index(ADMIN_POLICY, user("u", *launch, allow(["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile"])),
                    service_role("r", "ec2.amazonaws.com"))
    assert kinds_to(creator, "user/u", arn("role", "r"))["ec2"] == (
        "iam:PassRole", "ec2:RunInstances", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile")


def test_pass_role_to_another_service_does_not_make_an_ec2_edge():
    ix = index(ADMIN_POLICY, user("u", allow("iam:PassRole", Condition={"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}}),
                                  allow("ec2:RunInstances")),
               service_role("r", "ec2.amazonaws.com", profiles=["r"]), instance_profile("r", "r"))
    assert kinds_to(ix, "user/u", arn("role", "r")) == {}


# RunTask overrides the task role of a task definition in a cluster, both existing and crawled
# (https://pathfinding.cloud/paths/ecs-008).
ECS_CLUSTER_AND_TASK_DEFINITION = (existing("ecs:cluster", "apps"), existing("ecs:task-definition", "web:1"))


@pytest.mark.parametrize("kind, service, actions, needed", [
    ("lambda", "lambda.amazonaws.com", ["lambda:CreateFunction", "lambda:InvokeFunction"], ()),
    ("cloudformation", "cloudformation.amazonaws.com", ["cloudformation:CreateStack"], ()),
    ("codebuild", "codebuild.amazonaws.com", ["codebuild:CreateProject", "codebuild:StartBuild"], ()),
    ("autoscaling", "ec2.amazonaws.com",
     ["autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], ()),
    ("sagemaker", "sagemaker.amazonaws.com", ["sagemaker:CreateTrainingJob"], ()),
    ("glue", "glue.amazonaws.com", ["glue:CreateDevEndpoint"], ()),
    ("datapipeline", "datapipeline.amazonaws.com", ["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition",
                                                    "datapipeline:ActivatePipeline"], ()),
    ("ecs", "ecs-tasks.amazonaws.com", ["ecs:RunTask"], ECS_CLUSTER_AND_TASK_DEFINITION),
])
def test_pass_role_edges_per_service(kind, service, actions, needed):
    ix = index(ADMIN_POLICY, user("u", allow("iam:PassRole", arn("role", "r")), allow(actions)),
               service_role("r", service, profiles=["r"]), instance_profile("r", "r"), *needed)
    found = kinds_to(ix, "user/u", arn("role", "r"))
    assert found[kind] == ("iam:PassRole", *actions)
    missing_one = index(ADMIN_POLICY, user("u", allow("iam:PassRole", arn("role", "r")), allow(actions[:-1] or "none:x")),
                        service_role("r", service, profiles=["r"]), instance_profile("r", "r"), *needed)
    assert kind not in kinds_to(missing_one, "user/u", arn("role", "r"))


def test_run_task_needs_an_existing_cluster_and_task_definition():
    # https://pathfinding.cloud/paths/ecs-008: without either, RunTask has nothing to override.
    for needed in ECS_CLUSTER_AND_TASK_DEFINITION:
        ix = index(ADMIN_POLICY, user("u", allow("iam:PassRole", arn("role", "r")), allow("ecs:RunTask")),
                   service_role("r", "ecs-tasks.amazonaws.com"), needed)
        assert "ecs" not in kinds_to(ix, "user/u", arn("role", "r"))


def test_lambda_edge_by_updating_code_of_a_function_running_as_the_role():
    ix = index(ADMIN_POLICY, user("u", allow("lambda:UpdateFunctionCode")), service_role("r", "lambda.amazonaws.com"),
               function("fn", "r"))
    assert kinds_to(ix, "user/u", arn("role", "r")) == {"lambda": ("lambda:UpdateFunctionCode",)}


@pytest.mark.parametrize("kind, resource_kind, service, field, action", [
    # https://pathfinding.cloud/paths/cloudformation-002, .../cloudformation-005, .../codebuild-002
    ("cloudformation", "cloudformation:stack", "cloudformation.amazonaws.com", "RoleARN", "cloudformation:UpdateStack"),
    ("cloudformation", "cloudformation:stack", "cloudformation.amazonaws.com", "RoleARN", "cloudformation:CreateChangeSet"),
    ("codebuild", "codebuild:project", "codebuild.amazonaws.com", "serviceRole", "codebuild:StartBuild"),
])
def test_using_a_stack_or_project_that_runs_as_the_role_needs_no_pass_role(kind, resource_kind, service, field, action):
    thing, runs = running_as(resource_kind, "t", "r", **{field: arn("role", "r")})
    also = ["cloudformation:ExecuteChangeSet"] if action == "cloudformation:CreateChangeSet" else []
    ix = index(ADMIN_POLICY, user("u", allow([action, *also], thing.arn)), service_role("r", service), thing, edges=(runs,))
    assert kinds_to(ix, "user/u", arn("role", "r")) == {kind: (action, *also)}
    elsewhere = index(ADMIN_POLICY, user("u", allow([action, *also], thing.arn + "-other")), service_role("r", service), thing,
                      edges=(runs,))
    assert kinds_to(elsewhere, "user/u", arn("role", "r")) == {}


def test_ssm_edge_to_the_role_of_an_instance_is_conditional_on_the_instance():
    # https://pathfinding.cloud/paths/ssm-001: StartSession needs the instance's SSM agent online.
    ix = index(ADMIN_POLICY, user("u", allow("ssm:StartSession")), service_role("r", "ec2.amazonaws.com", profiles=["p"]),
               instance_profile("p", "r"), instance("i-1", "p"))
    unread = frozenset(KINDS) - {"ssm:managed-instance"}
    [edge] = [e for e in Catalogue(ix, crawled=unread).edges_from(ix.resolve("user/u")) if e.kind == "ssm"]
    assert edge.actions == ("ssm:StartSession",)
    # ssm:managed-instance was not crawled: the edge says what it depends on.
    assert edge.conditions == ("instance i-1 is managed by SSM and online (SSM managed instances were not crawled)",)
    # Crawled: SSM manages no instance here, so there is no session to start.
    assert [e for e in edges(ix, "user/u") if e.kind == "ssm"] == []
    agent = existing("ssm:managed-instance", "i-1", InstanceId="i-1", PingStatus="Online", ResourceType="EC2Instance")
    online = index(*ix.estate.resources(), agent)
    [sure] = [e for e in edges(online, "user/u") if e.kind == "ssm"]
    assert (sure.actions, sure.conditions) == (("ssm:StartSession",), ())


def test_role_boundary_limits_the_edges_a_role_has():
    # PMapper never reads role boundaries (iam.md §3): this role's PassRole is outside its boundary.
    ix = index(ADMIN_POLICY, managed("b", allow("ec2:*")),
               role("ci", trust({"Service": "codebuild.amazonaws.com"}), allow(["iam:PassRole", "ec2:RunInstances"]),
                    boundary="b"),
               service_role("r", "ec2.amazonaws.com", profiles=["r"]), instance_profile("r", "r"))
    assert kinds_to(ix, "role/ci", arn("role", "r")) == {}


# --- paths -----------------------------------------------------------------------------------
def test_privesc_finds_the_shortest_path_to_an_admin_through_several_steps():
    ix = index(ADMIN_POLICY, user("dev"), role("hop", trust({"AWS": arn("user", "dev")}), allow("iam:CreateAccessKey")),
               user("boss", policies=["admin-all"]))
    report = privesc(ix)
    assert [a.arn for a in report.admins] == [arn("user", "boss")]
    [path] = [p for p in report.paths if p.principal == arn("user", "dev")]
    assert [(s.kind, s.target) for s in path.steps] == [("sts", arn("role", "hop")), ("iam", arn("user", "boss"))]
    assert privesc(ix, ix.resolve("user/boss")).paths == ()


def test_a_principal_with_a_malformed_policy_is_skipped_and_named():
    from dataclasses import replace

    broken = user("broken")
    broken = replace(broken, data={**broken.data, "UserPolicyList": [{"PolicyName": "x", "PolicyDocument": "{"}]})
    ix = index(ADMIN_POLICY, broken, user("boss", policies=["admin-all"]))
    graph = build_graph(ix)
    assert arn("user", "boss") in graph.admins
    assert any("user/broken" in p for p in graph.problems)


def test_no_ssm_edge_to_a_role_without_an_instance_profile_on_an_instance():
    ix = index(ADMIN_POLICY, user("u", allow("ssm:*")), service_role("r", "ec2.amazonaws.com"))
    assert [e for e in edges(ix, "user/u") if e.kind == "ssm"] == []


def test_a_malformed_trust_policy_is_named_and_the_other_edges_survive():
    ix = index(ADMIN_POLICY, user("u"), role("broken", "{not json"), role("r", trust({"AWS": arn("user", "u")}),
                                                                          policies=["admin-all"]))
    graph = build_graph(ix)
    assert [s.target for s in graph.edges[arn("user", "u")]] == [arn("role", "r")]
    assert any("role/broken" in p for p in graph.problems)
