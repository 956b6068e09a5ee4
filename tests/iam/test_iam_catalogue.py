"""The escalation catalogue as data (issue 15 item 5): every pathfinding.cloud path is an entry,
each has a computed status, and each rule the engine evaluates finds its path on the smallest
estate (one test per catalogue entry, named by the path's source page)."""

from __future__ import annotations

import json
from dataclasses import replace

import iam_fixtures
import pytest
from iam_fixtures import ACCOUNT, allow, arn, index, instance, instance_profile, managed, role, running_as, trust, user

from awsx.cli.main import main
from awsx.core.graph import Estate
from awsx.core.model import Marker, MarkerStatus, Resource
from awsx.iam.catalogue.entries import SOURCE, entries, of
from awsx.iam.catalogue.status import catalogue_report, crawled_kinds, status_of
from awsx.iam.escalation import Catalogue
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import Admin, privesc
from awsx.iam.reference import takes_resources
from awsx.iam.whocan import who_can
from awsx.inventory.specs import KINDS
from awsx.store.snapshot import write_snapshot

CATALOGUED = [e for e in entries() if e.catalogued]


def cite(entry_list):
    """One pytest param per entry, its id the path's source page (the tests cite it)."""
    return [pytest.param(e, id=e.source or e.id) for e in entry_list]


def first_actions(entry) -> list[str]:
    return [group[0] for group in entry.actions]


def steps_to(ix, source: str, target: str, crawled=None):
    catalogue = Catalogue(ix, crawled=crawled)
    return [s for s in catalogue.edges_from(ix.resolve(source)) if s.target == target]


# --- the data --------------------------------------------------------------------------------
def test_every_catalogue_id_is_an_entry_once_with_its_source_page():
    ids = [e.id for e in CATALOGUED]
    assert len(ids) == len(set(ids)) >= 86
    assert all(e.source == SOURCE.format(id=e.id) == f"https://pathfinding.cloud/paths/{e.id}" for e in CATALOGUED)
    assert {e.id.rsplit("-", 1)[0] for e in CATALOGUED} >= {"iam", "sts", "ec2", "lambda", "ecs", "glue", "bedrock"}


@pytest.mark.parametrize("entry", cite(entries()))
def test_each_entry_says_what_it_needs(entry):
    if entry.how in ("self", "principal"):
        assert entry.action.count(":") == 1
    elif entry.how == "modify":
        assert entry.modify and entry.become
    else:
        assert entry.service.endswith(".amazonaws.com") and entry.actions and entry.kind
        assert all(a.count(":") == 1 for group in entry.actions for a in group)
        if entry.how == "run-as":
            assert ":" in entry.target


def test_at_least_ninety_percent_are_detected_or_potential_and_none_is_missing():
    report = catalogue_report()
    assert [p.id for p in report.paths] == [e.id for e in CATALOGUED]
    evaluated = report.count("detected") + report.count("potential")
    assert evaluated / len(report.paths) >= 0.9
    assert all(p.reason for p in report.paths)


def test_status_follows_the_kinds_awsx_crawls():
    # https://pathfinding.cloud/paths/codebuild-002: StartBuild on a project that exists.
    [entry] = [e for e in CATALOGUED if e.id == "codebuild-002"]
    assert status_of(entry, KINDS.keys() - {"codebuild:project"})[0] == "potential"
    assert "codebuild:project" in status_of(entry, KINDS.keys() - {"codebuild:project"})[1]
    assert status_of(entry, {*KINDS, "codebuild:project"})[0] == "detected"
    # https://pathfinding.cloud/paths/ssm-001 needs to know which instances SSM manages.
    [ssm] = [e for e in CATALOGUED if e.id == "ssm-001"]
    assert status_of(ssm, {"ec2:instance"})[0] == "potential"
    assert status_of(ssm, {"ec2:instance", "ssm:managed-instance"})[0] == "detected"


def test_the_kinds_an_estate_holds_count_as_crawled():
    thing, _ = running_as("glue:job", "etl", "r")
    assert "glue:job" in crawled_kinds(index(thing).estate)


# --- pass-role entries -----------------------------------------------------------------------
def pass_role_estate(entry, actions):
    """User u may pass role r, which trusts the entry's service; the estate holds a resource of
    each kind the entry needs that awsx crawls (a path through a crawled kind needs one that
    exists: ecs-003 a cluster to run the service in, glue-005 a job to update)."""
    profile = ["r"] if entry.instance_profile else []
    extra = [*([instance_profile("r", "r")] if entry.instance_profile else []),
             *(iam_fixtures.existing(kind, "t") for kind in entry.needs if kind in KINDS)]
    return index(managed("admin-all", allow("*")), user("u", allow("iam:PassRole", arn("role", "r")), allow(actions or "none:x")),
                 role("r", trust({"Service": entry.service}), policies=["admin-all"], profiles=profile), *extra)


@pytest.mark.parametrize("entry", cite(of("pass-role")))
def test_pass_role_paths_need_every_action_and_a_role_trusting_the_service(entry):
    granted = first_actions(entry)
    steps = [s for s in steps_to(pass_role_estate(entry, granted), "user/u", arn("role", "r")) if s.kind == entry.kind]
    # Every path found uses only what was granted; this entry's unless a less demanding one of
    # the same kind holds (one step per kind and role).
    assert steps and all(set(s.actions) <= {"iam:PassRole", *granted} for s in steps)
    [step] = [s for s in steps if "iam:PassRole" in s.actions]
    assert step.catalogue_id == entry.catalogue_id or len(step.actions) < len(granted) + 1
    # Needed resources of kinds awsx does not crawl make the step conditional, and say so.
    for kind in entry.needs:
        if kind not in KINDS:
            assert any(kind in c for c in step.conditions)
    for missing in granted:
        rest = [a for a in granted if a != missing]
        found = steps_to(pass_role_estate(entry, rest), "user/u", arn("role", "r"))
        assert entry.catalogue_id not in {s.catalogue_id for s in found} or not entry.catalogued


def test_a_needed_resource_of_a_crawled_kind_must_exist():
    # https://pathfinding.cloud/paths/ecs-004: RunTask needs a cluster to run in.
    [entry] = [e for e in of("pass-role") if e.id == "ecs-004"]
    with_cluster = pass_role_estate(entry, first_actions(entry))
    [step] = steps_to(with_cluster, "user/u", arn("role", "r"))
    assert (step.catalogue_id, step.conditions) == ("ecs-004", ())
    others = [r for r in with_cluster.estate.resources() if r.kind != "ecs:cluster"]
    assert [s.catalogue_id for s in steps_to(index(*others), "user/u", arn("role", "r"))] == []
    # A cluster of another account is not one the role's account can run the task in.
    elsewhere = iam_fixtures.existing("ecs:cluster", "apps", account=iam_fixtures.OTHER)
    assert [s.catalogue_id for s in steps_to(index(*others, elsewhere), "user/u", arn("role", "r"))] == []
    # ListClusters failed in a region: no cluster found there is not no cluster (a marker).
    denied = Marker(ACCOUNT, "eu-west-1", "ecs", "ListClusters", MarkerStatus.DENIED, "AccessDenied")
    unread = IamIndex(Estate(others, list(with_cluster.estate.edges()), [denied]))
    [step] = steps_to(unread, "user/u", arn("role", "r"))
    assert step.conditions == ("an existing ecs:cluster (ecs:cluster was not read in eu-west-1)",)


@pytest.mark.parametrize("entry", cite(e for e in of("pass-role") if e.hosted))
def test_start_task_needs_a_cluster_with_a_container_instance(entry):
    # https://pathfinding.cloud/paths/ecs-005 and ecs-009: StartTask places the task on a
    # container instance of the cluster (ECS API Reference, StartTask: containerInstances is
    # required); a Fargate-only cluster has none. DescribeClusters counts them.
    plain = pass_role_estate(entry, first_actions(entry))
    others = [r for r in plain.estate.resources() if r.kind != "ecs:cluster"]

    def ecs_steps(**cluster):
        ix = index(*others, iam_fixtures.existing("ecs:cluster", "t", **cluster))
        return [(s.catalogue_id, s.conditions) for s in steps_to(ix, "user/u", arn("role", "r")) if s.kind == "ecs"]

    assert ecs_steps(registeredContainerInstancesCount=2) == [(entry.id, ())]
    assert ecs_steps(registeredContainerInstancesCount=0) == []
    assert ecs_steps() == [(entry.id, ("an ECS cluster with a container instance registered (not read)",))]
    # ListClusters failed in a region: a cluster there may have one.
    denied = Marker(ACCOUNT, "eu-west-1", "ecs", "ListClusters", MarkerStatus.DENIED, "AccessDenied")
    unread = IamIndex(Estate([*others, iam_fixtures.existing("ecs:cluster", "t", registeredContainerInstancesCount=0)],
                             [], [denied]))
    [step] = [s for s in steps_to(unread, "user/u", arn("role", "r")) if s.kind == "ecs"]
    assert step.conditions == ("an ECS cluster with a container instance registered (not read)",)
    assert "the cluster needs a container instance registered" in status_of(entry, KINDS)[1]


# --- run-as entries --------------------------------------------------------------------------
def grant_on(resource_arn: str, actions: list[str]):
    """``actions`` on the resource; those that take no resource on ``*`` (AWS evaluates them there)."""
    free = [a for a in actions if a == "iam:PassRole" or not takes_resources(a)]
    held = [a for a in actions if a not in free]
    return [*([allow(held, resource_arn)] if held else []), *([allow(free)] if free else [])] or [allow("none:x")]


def run_as_estate(entry, actions, **instance_data):
    admin = managed("admin-all", allow("*"))
    target_role = role("r", trust({"Service": entry.service}), policies=["admin-all"], profiles=["p"])
    if entry.target == "ec2:instance":
        box = instance("i-1", "p")
        box = Resource(**{**{f: getattr(box, f) for f in ("arn", "kind", "id", "name", "account", "region")},
                          "data": {**box.data, **instance_data}})
        return index(admin, user("u", *grant_on(box.arn, actions)), target_role, instance_profile("p", "r"), box), box
    thing, runs = running_as(entry.target, "t", "r")
    return index(admin, user("u", *grant_on(thing.arn, actions)), target_role, thing, edges=(runs,)), thing


@pytest.mark.parametrize("entry", cite(e for e in of("run-as") if not e.managed))
def test_run_as_paths_go_through_an_existing_resource_running_as_the_role(entry):
    granted = first_actions(entry) + (["iam:PassRole"] if entry.pass_role else [])
    ix, thing = run_as_estate(entry, granted)
    [step] = [s for s in steps_to(ix, "user/u", arn("role", "r")) if s.kind == entry.kind]
    assert set(step.actions) <= set(granted)
    if step.catalogue_id == entry.catalogue_id and entry.condition:
        assert step.conditions == (entry.condition.format(id=thing.id),)
    without = [a for a in granted if a != granted[0]]
    ids = {s.catalogue_id for s in steps_to(run_as_estate(entry, without)[0], "user/u", arn("role", "r"))}
    assert entry.catalogue_id not in ids or not entry.catalogued


@pytest.mark.parametrize("entry", cite(e for e in of("run-as") if not e.managed))
def test_run_as_through_a_kind_awsx_does_not_crawl_is_potential_and_says_what_must_exist(entry):
    ix = index(managed("admin-all", allow("*")), user("u", allow(first_actions(entry) + ["iam:PassRole"])),
               role("r", trust({"Service": entry.service}), policies=["admin-all"]))
    crawled = frozenset(KINDS) - {entry.target}
    steps = [s for s in steps_to(ix, "user/u", arn("role", "r"), crawled) if s.catalogue_id == entry.catalogue_id]
    assert all(f"an existing {entry.target}" in " ".join(s.conditions) for s in steps)
    if entry.catalogued and steps:
        assert steps[0].conditions


def test_run_as_through_a_kind_whose_listing_failed_is_conditional_on_one_existing():
    # https://pathfinding.cloud/paths/codebuild-002: ListProjects denied in a region means the
    # projects there are unknown, not absent; where the listing is whole, no project, no path.
    [entry] = [e for e in CATALOGUED if e.id == "codebuild-002"]
    resources = [managed("admin-all", allow("*")), user("u", allow(first_actions(entry))),
                 role("r", trust({"Service": entry.service}), policies=["admin-all"])]
    assert [s for s in steps_to(index(*resources), "user/u", arn("role", "r")) if s.kind == entry.kind] == []
    denied = Marker(ACCOUNT, "eu-west-1", "codebuild", "ListProjects", MarkerStatus.DENIED, "AccessDenied")
    unread = IamIndex(Estate(list(index(*resources).estate.resources()), [], [denied]))
    [step] = [s for s in steps_to(unread, "user/u", arn("role", "r")) if s.kind == entry.kind]
    assert step.catalogue_id == "codebuild-002"
    assert step.conditions == ("an existing codebuild:project that runs as this role "
                               "(codebuild:project was not read in eu-west-1)",)


def run_as_steps(entry, **record):
    """The steps of ``entry``'s kind from u to r through one resource of its target kind with
    ``record`` as its data, u holding the entry's first actions on it."""
    thing, runs = running_as(entry.target, "t", "r", **record)
    ix = index(managed("admin-all", allow("*")), user("u", *grant_on(thing.arn, first_actions(entry))),
               role("r", trust({"Service": entry.service}), policies=["admin-all"]), thing, edges=(runs,))
    return [(s.catalogue_id, s.conditions) for s in steps_to(ix, "user/u", arn("role", "r")) if s.kind == entry.kind]


def test_ecs_exec_reaches_only_a_running_task_run_with_exec_on():
    # https://pathfinding.cloud/paths/ecs-006: ExecuteCommand needs the task running and run with
    # enableExecuteCommand (ECS Developer Guide, ECS Exec); DescribeTasks says both.
    [entry] = [e for e in of("run-as") if e.id == "ecs-006"]
    assert run_as_steps(entry, lastStatus="RUNNING", enableExecuteCommand=True) == [("ecs-006", ())]
    assert run_as_steps(entry, lastStatus="RUNNING", enableExecuteCommand=False) == []
    assert run_as_steps(entry, lastStatus="STOPPED", enableExecuteCommand=True) == []
    assert run_as_steps(entry) == [("ecs-006", ("enableExecuteCommand is on for t (not read)", "t is running"))]


@pytest.mark.parametrize("entry_id, field, running, stopped", [
    # https://pathfinding.cloud/paths/sagemaker-004: Jupyter serves only an InService notebook.
    ("sagemaker-004", "NotebookInstanceStatus", "InService", "Stopped"),
    # awsx's own rule: a new SSH key reaches a shell only on a READY dev endpoint.
    ("glue-update-dev-endpoint", "Status", "READY", "FAILED"),
])
def test_a_session_on_a_resource_needs_it_running(entry_id, field, running, stopped):
    [entry] = [e for e in of("run-as") if e.id == entry_id]
    assert run_as_steps(entry, **{field: running}) == [(entry.catalogue_id, ())]
    assert run_as_steps(entry, **{field: stopped}) == []
    assert run_as_steps(entry) == [(entry.catalogue_id, ("t is running",))]


# --- SSM: only instances SSM manages and that run (ssm-001, ssm-002) ------------------------
def managed_instance(instance_id: str, ping: str = "Online") -> Resource:
    return Resource(arn=f"arn:aws:ssm:us-east-1:{ACCOUNT}:managed-instance/{instance_id}", kind="ssm:managed-instance",
                    id=instance_id, name="", account=ACCOUNT, region="us-east-1",
                    data={"InstanceId": instance_id, "PingStatus": ping, "ResourceType": "EC2Instance"})


@pytest.mark.parametrize("entry", cite(e for e in of("run-as") if e.managed))
def test_ssm_reaches_only_the_role_of_a_running_instance_ssm_manages(entry):
    ix, box = run_as_estate(entry, first_actions(entry))
    # An awsx that does not read DescribeInstanceInformation cannot know: the step says so.
    unread = frozenset(KINDS) - {"ssm:managed-instance"}
    [unknown] = [s for s in steps_to(ix, "user/u", arn("role", "r"), unread) if s.kind == "ssm"]
    assert "not crawled" in unknown.conditions[0]
    # Read, and SSM manages no instance: no agent to start a session on or send a command to.
    assert [s for s in steps_to(ix, "user/u", arn("role", "r")) if s.kind == "ssm"] == []
    online = index(*ix.estate.resources(), managed_instance("i-1"))
    [sure] = [s for s in steps_to(online, "user/u", arn("role", "r")) if s.kind == "ssm"]
    assert (sure.catalogue_id, sure.conditions) == (entry.id, ())
    lost = index(*ix.estate.resources(), managed_instance("i-1", "ConnectionLost"))
    assert [s for s in steps_to(lost, "user/u", arn("role", "r")) if s.kind == "ssm"] == []
    stopped_ix, _ = run_as_estate(entry, first_actions(entry), State={"Name": "stopped"})
    stopped = index(*stopped_ix.estate.resources(), managed_instance("i-1"))
    assert [s for s in steps_to(stopped, "user/u", arn("role", "r")) if s.kind == "ssm"] == []


# --- modify, then become: two steps through a principal that is not admin yet ---------------
def modify_estate(entry, boundary: str | None = None):
    """User u can change t's permissions with ``entry.modify`` and become t with ``entry.become``;
    nobody in the estate is an admin yet."""
    cap = [managed("cap", allow("s3:*"))] if boundary else []
    attached = ["t-policy"] if entry.modify == "iam:CreatePolicyVersion" else []
    if entry.become == "iam:CreateAccessKey":
        target, on = user("t", policies=attached, boundary=boundary), arn("user", "t")
    else:
        admits = trust({"AWS": arn("user", "u")}) if entry.become == "sts:AssumeRole" else trust({"Service": "ec2.amazonaws.com"})
        target, on = role("t", admits, policies=attached, boundary=boundary), arn("role", "t")
    changed = arn("policy", "t-policy") if attached else on
    return index(*cap, managed("t-policy", allow("s3:ListBucket")), target,
                 user("u", allow(entry.modify, changed), allow(entry.become, on))), on


@pytest.mark.parametrize("entry", cite(of("modify")))
def test_changing_a_principal_then_becoming_it_is_a_path_to_admin(entry):
    ix, target = modify_estate(entry)
    report = privesc(ix)
    assert report.admins == ()
    [path] = [p for p in report.paths if p.principal == arn("user", "u")]
    [step] = path.steps
    assert (step.target, step.grants, step.catalogue_id) == (target, True, entry.id)
    assert step.actions[:2] == (entry.modify, entry.become)
    assert step.to_json()["catalogue_id"] == entry.id
    # who-can and privesc agree: u can do what an admin can, by this path.
    [found] = [e for e in who_can(ix, "iam:CreateUser").principals if e.arn == arn("user", "u")]
    assert (found.how, found.path) == ("escalation", (step,))


@pytest.mark.parametrize("entry", cite(of("modify")))
def test_a_boundary_on_the_changed_principal_stops_the_path(entry):
    ix, _ = modify_estate(entry, boundary="cap")
    assert [p for p in privesc(ix).paths if p.principal == arn("user", "u")] == []
    assert arn("user", "u") not in {e.arn for e in who_can(ix, "iam:CreateUser").principals}


# --- self-modification and one-step principal paths carry their ids -------------------------
@pytest.mark.parametrize("entry", cite(e for e in of("self") if e.catalogued))
def test_self_escalation_admins_name_their_catalogue_path(entry):
    assert Admin("arn:x", entry.action).catalogue_id == entry.id
    assert Admin("arn:x", entry.action).self_step().catalogue_id == entry.id


def test_one_step_principal_paths_name_their_catalogue_path():
    # https://pathfinding.cloud/paths/sts-001, iam-002, iam-003, iam-004, iam-006, iam-012
    keys = [{"AccessKeyId": f"AKIA{n}", "Status": "Active"} for n in (1, 2)]
    ix = index(user("u", allow(["iam:CreateAccessKey", "iam:DeleteAccessKey"], arn("user", "full")),
                    allow("iam:CreateAccessKey", arn("user", "v")), allow("iam:CreateLoginProfile", arn("user", "w")),
                    allow("iam:UpdateAssumeRolePolicy", arn("role", "x"))),
               user("full", AccessKeys=keys), user("v"), user("w", allow("iam:CreateAccessKey", arn("user", "y")), login=False),
               user("y", login=True), role("r", trust({"AWS": arn("user", "u")})), role("x", trust({"Service": "ec2.amazonaws.com"})))
    found = {s.target.rsplit("/", 1)[-1]: s.catalogue_id for s in Catalogue(ix).edges_from(ix.resolve("user/u"))}
    assert found == {"r": "sts-001", "x": "iam-012", "full": "iam-003", "v": "iam-002", "w": "iam-004"}
    pw = index(user("u", allow("iam:UpdateLoginProfile", arn("user", "y"))), user("y", login=True))
    assert [s.catalogue_id for s in Catalogue(pw).edges_from(pw.resolve("user/u"))] == ["iam-006"]


# --- awsx privesc --catalogue ----------------------------------------------------------------
def test_the_cli_lists_every_catalogue_path_with_its_status_and_needs_no_estate(capsys):
    assert main(["privesc", "--catalogue", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["paths"]
    assert [p["id"] for p in listed] == [e.id for e in CATALOGUED]
    assert {p["status"] for p in listed} <= {"detected", "potential", "not-applicable"}
    assert all(p["source"] == f"https://pathfinding.cloud/paths/{p['id']}" and p["reason"] for p in listed)
    assert main(["privesc", "--catalogue"]) == 0
    assert "pathfinding.cloud: " in capsys.readouterr().out


def test_the_catalogue_takes_no_principal(capsys):
    assert main(["privesc", "--catalogue", "user/alice"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_privesc_table_names_each_steps_catalogue_path(tmp_path, capsys):
    # https://pathfinding.cloud/paths/iam-015: AttachUserPolicy on another user, then a key for it.
    ix, _ = modify_estate(next(e for e in of("modify") if e.id == "iam-015"))
    path = write_snapshot(ix.estate, tmp_path / "s.awsx")
    assert main(["privesc", "--snapshot", str(path)]) == 0
    out = capsys.readouterr().out
    assert "iam-015" in out and "granted everything first" in out


def test_an_ssm_listing_that_failed_leaves_the_ssm_step_conditional():
    # Records of other regions do not say what SSM manages here: a marker for ssm in the
    # instance's region means DescribeInstanceInformation was not read there.
    entry = next(e for e in of("run-as") if e.id == "ssm-001")
    ix, _ = run_as_estate(entry, first_actions(entry))
    elsewhere = replace(managed_instance("i-9"), region="eu-west-1")
    failed = Marker(ACCOUNT, "us-east-1", "ssm", "DescribeInstanceInformation", MarkerStatus.DENIED, "AccessDenied")
    unread = IamIndex(Estate([*ix.estate.resources(), elsewhere], list(ix.estate.edges()), [failed]))
    [step] = [s for s in steps_to(unread, "user/u", arn("role", "r")) if s.kind == "ssm"]
    assert "not crawled" in step.conditions[0]
