"""Auto Scaling groups, launch templates, ECS and EKS: each kind's spec and edges on the
smallest moto estate that shows them (issue #16), seeded and crawled in a process of its own
(tests/fixtures/compute_seed.py) and read back from the snapshot it wrote. The ENI edges of an
awsvpc task, which moto cannot run, are proved on a DescribeTasks-shaped record
(test_edges_compute.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from session_options import offline_env

from awsx.core.model import Relation
from awsx.store.data_schema import check_data
from awsx.store.snapshot import open_snapshot

REGION = "ap-south-2"
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    out = tmp_path_factory.mktemp("compute")
    env = offline_env()
    env["PYTHONPATH"] = os.pathsep.join((env["PYTHONPATH"], str(FIXTURES)))
    done = subprocess.run([sys.executable, str(FIXTURES / "compute_seed.py"), str(out)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return open_snapshot(out / "estate.awsx"), json.loads((out / "ids.json").read_text())


def _one(estate, kind, resource_id=None):
    [resource] = [r for r in estate.resources(kind) if r.region == REGION and resource_id in (None, r.id)]
    return resource


def _targets(estate, resource, relation):
    return {estate.resource(e.target).id for e in estate.out_edges(resource.arn, relation)}


def test_an_auto_scaling_group_shows_its_capacity_and_points_at_its_subnets_template_and_target_groups(crawled):
    estate, ids = crawled
    group = _one(estate, "autoscaling:group")
    assert (group.id, group.data["DesiredCapacity"], group.data["MinSize"], group.data["MaxSize"]) == ("web-asg", 2, 1, 3)
    assert _targets(estate, group, Relation.IN_SUBNET) == {ids["subnet"]}
    assert _targets(estate, group, Relation.HAS_LAUNCH_TEMPLATE) == {ids["lt"]}
    assert {e.target for e in estate.out_edges(group.arn, Relation.ASSOCIATED_WITH)} == {ids["tg"]}
    members = {e.source for e in estate.in_edges(group.arn, Relation.MEMBER_AUTO_SCALE_GROUP)}
    assert {estate.resource(arn).id for arn in members} == {i["InstanceId"] for i in group.data["Instances"]}
    assert len(members) == 2


def test_a_launch_template_keeps_its_default_version_without_user_data(crawled):
    estate, ids = crawled
    template = _one(estate, "ec2:launch-template")
    assert (template.id, template.name) == (ids["lt"], "web-lt")
    version = template.data["DefaultVersion"]
    assert version["UserDataSet"] is True and "UserData" not in version["LaunchTemplateData"]
    assert "ZXhwb3J0" not in json.dumps(template.to_json())
    assert _targets(estate, template, Relation.HAS_INSTANCE_PROFILE) == {"compute-kinds-web"}
    assert _targets(estate, template, Relation.MEMBER_OF_SECURITY_GROUP) == {ids["sg"]}


def test_an_ecs_cluster_is_read_from_describe_clusters_with_its_tags(crawled):
    estate, _ = crawled
    cluster = _one(estate, "ecs:cluster", "orders")
    assert (cluster.id, cluster.name, cluster.tags, cluster.data["status"]) == ("orders", "orders", {"team": "orders"},
                                                                                 "ACTIVE")


def test_an_ecs_service_shows_desired_and_running_and_points_at_its_cluster_definition_target_group_and_network(crawled):
    estate, ids = crawled
    service = _one(estate, "ecs:service", "orders-api")
    assert service.data["desiredCount"] == 2
    assert "runningCount" in service.data and service.data["deployments"]
    assert _targets(estate, service, Relation.ATTACHED_TO) == {"orders"}
    assert {e.target for e in estate.out_edges(service.arn, Relation.HAS_TASK_DEFINITION)} == {ids["api"]}
    assert {e.target for e in estate.out_edges(service.arn, Relation.ASSOCIATED_WITH)} == {ids["tg"]}
    assert _targets(estate, service, Relation.IN_SUBNET) == {ids["subnet"]}
    assert _targets(estate, service, Relation.MEMBER_OF_SECURITY_GROUP) == {ids["sg"]}


def test_services_of_two_clusters_are_each_described_with_their_own_cluster(crawled):
    estate, _ = crawled
    described = {r.id: r.data.get("clusterArn", "").rsplit("/", 1)[-1] for r in estate.resources("ecs:service")
                 if r.region == REGION and "desiredCount" in r.data}
    assert described == {"orders-api": "orders", "billing-api": "billing"}


def test_a_task_definition_points_at_its_task_and_execution_roles_and_keeps_no_environment_value(crawled):
    estate, ids = crawled
    definition = next(r for r in estate.resources("ecs:task-definition") if r.arn == ids["api"])
    assert (definition.id, definition.name) == ("orders-api:1", "orders-api")
    [container] = definition.data["containerDefinitions"]
    assert container["environment"] == [{"name": "DB_PASSWORD"}]
    assert container["secrets"][0]["valueFrom"].endswith(":parameter/k")
    assert "hunter2" not in json.dumps(definition.to_json())
    assert _targets(estate, definition, Relation.HAS_ROLE) == {"compute-kinds-task"}
    assert _targets(estate, definition, Relation.HAS_EXECUTION_ROLE) == {"compute-kinds-exec"}


def test_a_task_points_at_its_cluster_definition_and_overridden_role_and_keeps_no_override_value(crawled):
    estate, ids = crawled
    task = _one(estate, "ecs:task")
    assert task.arn == ids["run"] and task.id == ids["run"].rsplit("/", 1)[-1]
    assert _targets(estate, task, Relation.ATTACHED_TO) == {"orders"}
    assert {e.target for e in estate.out_edges(task.arn, Relation.HAS_TASK_DEFINITION)} == {ids["worker"]}
    assert _targets(estate, task, Relation.HAS_ROLE) == {"compute-kinds-task"}
    assert "s3cret" not in json.dumps(task.to_json())


def test_an_eks_cluster_shows_its_endpoint_access_and_points_at_its_network_and_role(crawled):
    estate, ids = crawled
    cluster = _one(estate, "eks:cluster")
    config = cluster.data["resourcesVpcConfig"]
    assert (cluster.id, cluster.tags, config["endpointPublicAccess"], config["publicAccessCidrs"]) == (
        "platform", {"team": "platform"}, True, ["0.0.0.0/0"])
    assert cluster.arn.endswith(":cluster/platform") and "certificateAuthority" not in cluster.data
    assert _targets(estate, cluster, Relation.IN_SUBNET) == {ids["subnet"]}
    assert _targets(estate, cluster, Relation.MEMBER_OF_SECURITY_GROUP) == {ids["sg"]}
    assert _targets(estate, cluster, Relation.HAS_ROLE) == {"compute-kinds-eks"}


def test_an_eks_node_group_has_its_real_arn_scaling_and_points_at_its_cluster_subnets_and_node_role(crawled):
    estate, ids = crawled
    group = _one(estate, "eks:nodegroup")
    assert group.arn == group.data["nodegroupArn"] and group.arn.split("/")[1:3] == ["platform", "general"]
    assert group.data["scalingConfig"] == {"minSize": 1, "maxSize": 3, "desiredSize": 2}
    assert _targets(estate, group, Relation.ATTACHED_TO) == {"platform"}
    assert _targets(estate, group, Relation.IN_SUBNET) == {ids["subnet"]}
    assert _targets(estate, group, Relation.HAS_ROLE) == {"compute-kinds-node"}
    assert group.data["resources"]["autoScalingGroups"]  # moto makes no such group: the edge dangles


def test_the_crawl_of_the_new_kinds_leaves_no_marker(crawled):
    estate, _ = crawled
    assert [m.describe() for m in estate.markers if m.service in {"ecs", "eks", "autoscaling", "ec2"}] == []


def test_every_crawled_record_of_the_new_kinds_passes_the_snapshot_data_schema(crawled):
    estate, _ = crawled
    kinds = ("autoscaling:group", "ec2:launch-template", "ecs:cluster", "ecs:service", "ecs:task",
             "ecs:task-definition", "eks:cluster", "eks:nodegroup")
    checked = [r for r in estate.resources() if r.kind in kinds]
    for resource in checked:
        check_data(resource.kind, resource.data)
    assert {r.kind for r in checked} == set(kinds)
