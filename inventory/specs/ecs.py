"""ECS: clusters, services, tasks and task definitions.

The List calls answer ARNs only; the Describe calls (batched where they take a list:
DescribeClusters 100, DescribeServices 10 of one cluster, DescribeTasks 100 of one cluster)
are merged into the records in the shape AWS returns them, so the reach engine reads an awsvpc
task's ENI attachment as DescribeTasks gives it. Container environment *values* are dropped
(they often hold secrets; the names stay); ``secrets[].valueFrom`` is an ARN, not a secret, and
stays. Task definitions are the ACTIVE revisions (ListTaskDefinitions' default filter is all).
"""

from __future__ import annotations

from typing import Any

from awsx.core.model import Relation as R
from awsx.core.model import Resource

from .base import INTO_RECORD, EdgeRule, Enrichment, ResourceSpec, col, columns

_TAGGED = {"include": ["TAGS"]}
def _cluster_arn(cluster: Resource) -> dict[str, Any]:
    """DescribeServices and DescribeTasks take the cluster, which ListServices / ListTasks omit."""
    return {"clusterArn": cluster.arn}


_IN_CLUSTER = {"parent": "ecs:cluster", "parent_params": {"cluster": "@arn"}, "from_parent": _cluster_arn}
# DescribeTasks' awsvpc attachment: details are name/value pairs.
_ENI_DETAIL = "attachments[?type=='ElasticNetworkInterface'].details[] | [?name=='{name}'].value"

SPECS = (
    ResourceSpec(
        kind="ecs:cluster", service="ecs", operation="ListClusters", items="clusterArns[].{clusterArn: @}",
        id="last_part(clusterArn, '/')", arn="clusterArn", name="clusterName", tags="tags", title="ECS clusters",
        aliases=("ecs", "ecs-cluster"),
        columns=columns(col("Status", "data.status"), col("Services", "data.activeServicesCount"),
                        col("Running", "data.runningTasksCount"), col("Pending", "data.pendingTasksCount"),
                        col("Instances", "data.registeredContainerInstancesCount")),
    ),
    ResourceSpec(
        kind="ecs:service", service="ecs", operation="ListServices", items="serviceArns[].{serviceArn: @}",
        id="last_part(serviceArn, '/')", arn="serviceArn", name="serviceName", tags="tags", title="ECS services",
        aliases=("ecs-service", "svc"), **_IN_CLUSTER,
        columns=columns(col("Desired", "data.desiredCount"), col("Running", "data.runningCount"),
                        col("Pending", "data.pendingCount"), col("Launch type", "data.launchType"),
                        col("Status", "data.status"), col("Task definition", "data.taskDefinition")),
    ),
    ResourceSpec(
        kind="ecs:task", service="ecs", operation="ListTasks", items="taskArns[].{taskArn: @}",
        id="last_part(taskArn, '/')", arn="taskArn", tags="tags", title="ECS tasks", aliases=("ecs-task", "task"),
        ips=(_ENI_DETAIL.format(name="privateIPv4Address"), _ENI_DETAIL.format(name="ipv6Address")), **_IN_CLUSTER,
        columns=columns(col("Last status", "data.lastStatus"), col("Desired", "data.desiredStatus"),
                        col("Launch type", "data.launchType"), col("CPU", "data.cpu"), col("Memory", "data.memory"),
                        col("Group", "data.group"), col("Task definition", "data.taskDefinitionArn")),
    ),
    ResourceSpec(
        kind="ecs:task-definition", service="ecs", operation="ListTaskDefinitions",
        items="taskDefinitionArns[].{taskDefinitionArn: @}", params={"status": "ACTIVE"},
        id="last_part(taskDefinitionArn, '/')", arn="taskDefinitionArn", name="family", tags="tags",
        title="ECS task definitions", aliases=("taskdef", "task-def"),
        columns=columns(col("Revision", "data.revision"), col("Network mode", "data.networkMode"),
                        col("CPU", "data.cpu"), col("Memory", "data.memory"),
                        col("Compatibilities", "data.requiresCompatibilities"), col("Task role", "data.taskRoleArn")),
    ),
)


def _without_values(environment: Any) -> Any:
    return [{k: v for k, v in item.items() if k != "value"} if isinstance(item, dict) else item
            for item in environment] if isinstance(environment, list) else environment


def _containers_without_values(containers: Any) -> Any:
    return [{**c, "environment": _without_values(c["environment"])} if isinstance(c, dict) and "environment" in c
            else c for c in containers] if isinstance(containers, list) else containers


def without_environment_values(record: Any) -> Any:
    """A task definition (``containerDefinitions``) or a task (``overrides.containerOverrides``)
    with every container environment variable's value removed and its name kept."""
    if not isinstance(record, dict):
        return record
    cleaned = dict(record)
    if "containerDefinitions" in cleaned:
        cleaned["containerDefinitions"] = _containers_without_values(cleaned["containerDefinitions"])
    overrides = cleaned.get("overrides")
    if isinstance(overrides, dict) and "containerOverrides" in overrides:
        cleaned["overrides"] = {**overrides,
                                "containerOverrides": _containers_without_values(overrides["containerOverrides"])}
    return cleaned


def _described(kind: str, operation: str, plural: str, batch: int, **params: str) -> Enrichment:
    """The batched Describe call whose entries become ``kind``'s records: it takes the ARNs as
    ``plural`` and answers the entries under the same name (``clusters``, ``services``, ``tasks``),
    each keyed by its ``<kind>Arn``. A service's ``events`` (its last 100 messages) are dropped."""
    return Enrichment(kind=kind, service="ecs", operation=operation, params={**params, plural: "[@arn]"}, into=INTO_RECORD,
                      static_params=_TAGGED, batch=batch, batch_items=plural, batch_key=f"{plural[:-1]}Arn",
                      reshape=without_environment_values, drop=("events",))


ENRICHMENTS = (
    _described("ecs:cluster", "DescribeClusters", "clusters", 100),
    _described("ecs:service", "DescribeServices", "services", 10, cluster="clusterArn"),
    _described("ecs:task", "DescribeTasks", "tasks", 100, cluster="clusterArn"),
    Enrichment(kind="ecs:task-definition", service="ecs", operation="DescribeTaskDefinition",
               params={"taskDefinition": "@arn"}, into=INTO_RECORD, static_params=_TAGGED,
               result="merge(taskDefinition, {tags: tags})", reshape=without_environment_values),
)

_AWSVPC = "networkConfiguration.awsvpcConfiguration"

EDGES = (
    EdgeRule("ecs:service", R.ATTACHED_TO, "clusterArn", by="arn"),
    EdgeRule("ecs:service", R.HAS_TASK_DEFINITION, "taskDefinition", by="arn"),
    EdgeRule("ecs:service", R.ASSOCIATED_WITH, "loadBalancers[].targetGroupArn", by="arn"),
    EdgeRule("ecs:service", R.IN_SUBNET, f"{_AWSVPC}.subnets[]"),
    EdgeRule("ecs:service", R.MEMBER_OF_SECURITY_GROUP, f"{_AWSVPC}.securityGroups[]"),
    EdgeRule("ecs:task", R.ATTACHED_TO, "clusterArn", by="arn"),
    EdgeRule("ecs:task", R.HAS_TASK_DEFINITION, "taskDefinitionArn", by="arn"),
    EdgeRule("ecs:task", R.HAS_NETWORK_INTERFACE, _ENI_DETAIL.format(name="networkInterfaceId")),
    EdgeRule("ecs:task", R.IN_SUBNET, _ENI_DETAIL.format(name="subnetId")),
    # RunTask may override the definition's task role for one task.
    EdgeRule("ecs:task", R.HAS_ROLE, "overrides.taskRoleArn", by="arn"),
    EdgeRule("ecs:task-definition", R.HAS_ROLE, "taskRoleArn", by="arn"),
    EdgeRule("ecs:task-definition", R.HAS_EXECUTION_ROLE, "executionRoleArn", by="arn"),
)
