"""What on call looks at first: alarms firing, load balancer targets failing their health
checks, and accounts no CloudTrail trail records everywhere. Pure predicates over the Estate,
used as pulse fault rules (awsx/pulse/faults.py)."""

from __future__ import annotations

from awsx.core.graph import Estate
from awsx.core.model import Resource


def alarm_in_alarm(alarm: Resource) -> bool:
    """``StateValue`` is ``ALARM``: the metric breached its threshold (or a composite alarm's
    rule holds). ``INSUFFICIENT_DATA`` is not a fault: no data is not a breach."""
    return alarm.data.get("StateValue") == "ALARM"


def target_group_has_unhealthy_targets(group: Resource) -> bool:
    """A registered target whose ``TargetHealth.State`` is ``unhealthy`` (DescribeTargetHealth;
    ``unused``, ``draining`` and ``initial`` are not failures of a health check)."""
    return any((target.get("TargetHealth") or {}).get("State") == "unhealthy"
               for target in group.data.get("TargetHealthDescriptions") or ())


def classic_instances_out_of_service(balancer: Resource) -> bool:
    """A Classic Load Balancer instance whose ``State`` is ``OutOfService`` (DescribeInstanceHealth)."""
    return any(state.get("State") == "OutOfService" for state in balancer.data.get("InstanceStates") or ())


def records_everywhere(trail: Resource) -> bool:
    """A trail that logs every region of its account: ``IsMultiRegionTrail`` and, per
    GetTrailStatus, ``IsLogging`` (CIS AWS Foundations 3.1, "Ensure CloudTrail is enabled in
    all regions")."""
    return bool(trail.data.get("IsMultiRegionTrail")) and bool((trail.data.get("Status") or {}).get("IsLogging"))


def account_unrecorded(estate: Estate, account: str) -> bool:
    """No trail of ``account`` logs every region. An account whose CloudTrail reads failed
    anywhere is not judged (unknown, not a finding). The crawl lists each trail in its home
    region only, so a crawl narrowed with ``--regions`` away from that region, or an
    organization trail owned by the management account, is not seen from here."""
    if estate.read("cloudtrail:trail") is not True:
        return False  # trails were not crawled (an older snapshot): unknown, not a finding
    if any(m.account == account and m.service == "cloudtrail" for m in estate.markers):
        return False
    return not any(t.account == account and records_everywhere(t) for t in estate.resources("cloudtrail:trail"))


def estate_accounts(estate: Estate) -> tuple[str, ...]:
    """The accounts the estate covers: those it was crawled for, else those its records name."""
    return estate.info.accounts or tuple(sorted({r.account for r in estate.resources()}))
