"""Estimators of the compute kinds that run other billed things: the EKS control plane, ECS
tasks on Fargate, and the groups whose capacity is billed elsewhere (costs.md §2).

An Auto Scaling group, an EKS node group and an ECS service cost nothing themselves: their
instances are ``ec2:instance`` items and their Fargate tasks ``ecs:task`` items, so pricing the
group too would count the same capacity twice. A task on EC2 is likewise its container
instance's cost.
"""

from __future__ import annotations

from typing import Callable

from awsx.core.model import Resource

from .bill import Bill, Estimate
from .relations import EstateView
from .table import PriceTable

# Fargate bills every task for 20 GB of ephemeral storage already (https://aws.amazon.com/fargate/pricing/).
FARGATE_INCLUDED_STORAGE_GB = 20
_ARCHITECTURES = {"x86_64": "x86", "arm64": "arm"}


def eks_cluster(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """$0.10 per cluster-hour in standard support, $0.60 once the cluster's Kubernetes version
    is in extended support (https://aws.amazon.com/eks/pricing/). A ``STANDARD`` upgrade policy
    never pays extended support (EKS upgrades the cluster at the end of standard support);
    otherwise (``EXTENDED``, the default) the version's support window decides, and awsx does
    not carry EKS's version calendar: the standard price is then a lower bound, said so."""
    bill = Bill(table, resource.region)
    version = str(resource.data.get("version") or "?")
    policy = str((resource.data.get("upgradePolicy") or {}).get("supportType") or "EXTENDED")
    bill.charge("eks/cluster/standard", bill.hours, f"control plane (Kubernetes {version}) {bill.hours:g} h")
    if policy != "STANDARD":
        bill.note(f"lower bound: $0.60/h instead if Kubernetes {version} is past its end of standard support "
                  "(upgrade policy EXTENDED; EKS's version calendar is not in awsx)", approximate=True)
    return bill.estimate(resource.arn, resource.kind)


def _attribute(resource: Resource, name: str) -> str:
    return next((str(a.get("value")) for a in resource.data.get("attributes") or () if a.get("name") == name), "")


def ecs_task(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """A Fargate task: its vCPU and memory (DescribeTasks ``cpu`` in CPU units, ``memory`` in
    MiB) per hour at the Linux price of its architecture, plus ephemeral storage beyond 20 GB."""
    data = resource.data
    bill = Bill(table, resource.region)
    provider = str(data.get("capacityProviderName") or "")
    if data.get("launchType") != "FARGATE" and not provider.startswith("FARGATE"):
        bill.note("runs on a container instance: billed as that EC2 instance")
        return bill.estimate(resource.arn, resource.kind)
    if data.get("lastStatus") == "STOPPED":
        bill.note("stopped: not billed")
        return bill.estimate(resource.arn, resource.kind)
    if provider == "FARGATE_SPOT":
        bill.unknown("Fargate Spot (its price varies)")
        return bill.estimate(resource.arn, resource.kind)
    family = str(data.get("platformFamily") or "Linux")
    architecture = _ARCHITECTURES.get(_attribute(resource, "ecs.cpu-architecture") or "x86_64")
    if not family.lower().startswith("linux") or architecture is None:
        bill.unknown(f"Fargate {family} {_attribute(resource, 'ecs.cpu-architecture')}".strip())
        return bill.estimate(resource.arn, resource.kind)
    try:
        vcpu, gb = float(data.get("cpu") or "") / 1024, float(data.get("memory") or "") / 1024
    except ValueError:
        bill.unknown("the task's cpu / memory (not in the record)")
        return bill.estimate(resource.arn, resource.kind)
    bill.charge(f"fargate/linux-{architecture}/vcpu", vcpu * bill.hours, f"{vcpu:g} vCPU × {bill.hours:g} h")
    bill.charge(f"fargate/linux-{architecture}/gb", gb * bill.hours, f"{gb:g} GB × {bill.hours:g} h")
    storage = float((data.get("ephemeralStorage") or {}).get("sizeInGiB") or FARGATE_INCLUDED_STORAGE_GB)
    if storage > FARGATE_INCLUDED_STORAGE_GB:
        extra = storage - FARGATE_INCLUDED_STORAGE_GB
        bill.charge("fargate/ephemeral-storage", extra * bill.hours, f"{extra:g} GB storage above 20 × {bill.hours:g} h")
    return bill.estimate(resource.arn, resource.kind)


def billed_elsewhere(what: str) -> Callable[[Resource, EstateView, PriceTable], Estimate]:
    """A kind whose capacity is billed on other items (``what`` says which)."""

    def estimate(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
        bill = Bill(table, resource.region)
        bill.note(f"no charge of its own: {what}")
        return bill.estimate(resource.arn, resource.kind)

    return estimate


CONTAINER_ESTIMATORS = {
    "eks:cluster": eks_cluster,
    "ecs:task": ecs_task,
    "autoscaling:group": billed_elsewhere("its instances are billed as EC2 instances"),
    "eks:nodegroup": billed_elsewhere("its instances are billed as EC2 instances"),
    "ecs:service": billed_elsewhere("its tasks are billed (Fargate) or their container instances (EC2)"),
}
