"""What the estate says about escalation targets, read once per estate by the edge catalogue
(escalation.py): who each trust policy names, which roles have an instance profile, what runs as
each role, whether an instance is running and managed by SSM, whether an ECS cluster has a
container instance to start a task on, and a user's console password."""

from __future__ import annotations

from awsx.core.graph import Estate
from awsx.core.model import Resource

from .attachments import running_roles
from .catalogue.entries import Entry
from .principals import IamIndex, Principal


def has_instance_profile(index: IamIndex, role_arn: str) -> bool:
    # An empty InstanceProfileList means *no* profile (the reference tool treats it as "has one").
    role = index.estate.resource(role_arn)
    if role.data.get("InstanceProfileList"):
        return True
    return any(role_arn in [r.get("Arn") for r in p.data.get("Roles") or ()]
               for p in index.estate.resources("iam:instance-profile"))


def resources_by_role(estate: Estate, kind: str) -> dict[str, list[str]]:
    """role ARN -> ARNs of the resources of ``kind`` that run as it."""
    out: dict[str, list[str]] = {}
    for resource in estate.resources(kind):
        for role in running_roles(estate, resource):
            out.setdefault(role, []).append(resource.arn)
    return out


def run_state(resource: Resource, entry: Entry, managed: dict[str, dict] | None, estate: Estate) -> tuple[str, ...] | None:
    """The conditions a resource's state adds to an entry (running, managed by SSM); None when
    what awsx crawled says the path cannot work (a stopped instance, one SSM does not manage)."""
    state, running = _state(resource)
    if entry.running and state not in (None, running):
        return None
    conditions = (f"{resource.id} is running",) if entry.running and state is None else ()
    if entry.enabled:
        flag = resource.data.get(entry.enabled)
        if flag is False:
            return None
        if flag is not True:
            conditions += (f"{entry.enabled} is on for {resource.id} (not read)",)
    if not entry.managed:
        return conditions
    if managed is None or _unread_ssm(estate, resource):
        return (*conditions, f"instance {resource.id} is managed by SSM and online (SSM managed instances were not crawled)")
    info = managed.get(resource.id) or {}
    # DescribeInstanceInformation: an agent that answers (PingStatus Online) on an EC2 instance.
    if info.get("PingStatus") == "Online" and info.get("ResourceType", "EC2Instance") == "EC2Instance":
        return conditions
    return None


# kind: the field of its record that says whether it runs, and the value that means it does.
_RUNNING = {
    "ecs:task": ("lastStatus", "RUNNING"),  # DescribeTasks
    "sagemaker:notebook-instance": ("NotebookInstanceStatus", "InService"),  # DescribeNotebookInstance
    "glue:dev-endpoint": ("Status", "READY"),  # GetDevEndpoints
}


def _state(resource: Resource) -> tuple[str | None, str]:
    """A resource's state and the value that means it runs (EC2's State.Name by default)."""
    if resource.kind in _RUNNING:
        field, running = _RUNNING[resource.kind]
        return resource.data.get(field), running
    record = resource.data.get("State")
    return (record.get("Name") if isinstance(record, dict) else None), "running"


def managed_instances(estate: Estate) -> dict[str, dict]:
    """Instance id -> its DescribeInstanceInformation record (``ssm:managed-instance``)."""
    return {str(r.data.get("InstanceId") or r.id): dict(r.data) for r in estate.resources("ssm:managed-instance")}


def _unread_ssm(estate: Estate, resource: Resource) -> bool:
    return resource.region in unread_regions(estate, "ssm:managed-instance", resource.account)


def unread_regions(estate: Estate, kind: str, account: str) -> tuple[str, ...]:
    """The regions of ``account`` where a listing of the kind's service failed (a marker naming
    no records): there, finding no record of ``kind`` does not mean there is none."""
    service = kind.partition(":")[0]
    return tuple(sorted({m.region for m in estate.markers_for(account) if m.service == service and not m.resources}))


def hosts_tasks(estate: Estate, account: str) -> bool | None:
    """Whether an ECS cluster of ``account`` has a container instance registered, for StartTask
    to place a task on (DescribeClusters' ``registeredContainerInstancesCount``); None when a
    cluster's count was not read, so awsx cannot tell."""
    counts = [r.data.get("registeredContainerInstancesCount")
              for r in estate.resources("ecs:cluster") if r.account == account]
    if any(isinstance(count, int) and count > 0 for count in counts):
        return True
    return None if any(not isinstance(count, int) for count in counts) else False


def trust_index(index: IamIndex, roles: list[Principal], problems: dict[str, str]) -> dict[str, list[Principal]]:
    """Who each role's trust policy names: a principal ARN, ``account:ID`` or ``*``."""
    out: dict[str, list[Principal]] = {}
    for role in roles:
        found = index.resource_policy(role.arn)
        if found.error:
            problems.setdefault(found.error.policy, str(found.error))
        policy = found.policy
        for statement in policy.statements if policy else ():
            if statement.effect != "Allow":
                continue
            block = statement.principals
            if block is None or block.anyone:
                out.setdefault("*", []).append(role)
                continue
            for value in block.values("AWS"):
                if value.isdigit() or value.endswith(":root"):
                    value = "account:" + (value if value.isdigit() else value.split(":")[4])
                out.setdefault(value, []).append(role)
    return out


def user_data_login(index: IamIndex, user_arn: str) -> bool | None:
    value = index.estate.resource(user_arn).data.get("LoginProfile")
    return value if isinstance(value, bool) else (True if isinstance(value, dict) else None)
