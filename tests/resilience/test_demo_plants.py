"""The demo estate plants one of each single point of failure (issue 17 §4), and the engines
find each on the crawled demo: the batch VPC's one NAT gateway, the unalarmed burstable
workers, the volume whose key is pending deletion, the Single-AZ database."""

from __future__ import annotations

from awsx.pulse.faults import pulse_faults
from awsx.resilience.blast import blast
from awsx.resilience.coverage import coverage
from awsx.resilience.zones import ZoneMap


def _named(estate, kind: str, name: str):
    return next(r for r in estate.resources(kind) if r.name == name)


def test_failing_the_batch_nats_zone_breaks_the_other_zones_egress_with_the_nat_as_blocker(demo_estate):
    nat = _named(demo_estate, "ec2:nat-gateway", "batch-nat-a")
    answer = blast(demo_estate, az=ZoneMap(demo_estate).of(nat))
    workers = {_named(demo_estate, "ec2:instance", f"batch-worker-{z}").id for z in "bc"}
    egress = [b for b in answer.broken if b.flow.what == "egress"
              and demo_estate.resource(b.flow.src).data.get("Attachment", {}).get("InstanceId") in workers]
    assert len(egress) == 2
    assert all((b.blocker["kind"], b.blocker["id"]) == ("nat-gateway", nat.id) for b in egress)


def test_every_plant_is_in_coverage_and_the_pulse(demo_estate):
    found = coverage(demo_estate)
    scratch = _named(demo_estate, "ec2:volume", "batch-scratch")
    assert [k.dependents for k in found.keys if k.state == "PendingDeletion"] == [(scratch.arn,)]
    unwatched = {a.arn for a in found.alarms if not a.watched}
    for zone in "bc":
        assert _named(demo_estate, "ec2:instance", f"batch-worker-{zone}").arn in unwatched
    assert scratch.arn in unwatched  # gp2: a burst bucket nobody watches
    assert any(b.arn == scratch.arn and b.last_backup is None for b in found.backups)
    faults = {f.name: f for f in pulse_faults(demo_estate)}
    assert _named(demo_estate, "ec2:nat-gateway", "batch-nat-a").arn in faults["nat-serving-other-zones"].arns
    assert faults["single-az-databases"].count >= 1
