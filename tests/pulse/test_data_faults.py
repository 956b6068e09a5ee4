"""Pulse faults of the data services: each rule on the smallest estate that shows it, with the
time-relative ones measured against a fixed crawl time (so they hold on any day)."""

from __future__ import annotations

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Resource
from awsx.pulse.faults import pulse_faults

CRAWLED = "2026-06-01T12:00:00+00:00"


def resource(kind: str, rid: str, **data) -> Resource:
    return Resource(arn=f"arn:aws:{kind}:us-east-1:1:{rid}", kind=kind, id=rid, name=rid, account="1",
                    region="us-east-1", data=data)


def found(*resources: Resource, crawled_at: str = CRAWLED) -> dict[str, set[str]]:
    estate = Estate(list(resources), [], info=EstateInfo(source="memory", crawled_at=crawled_at))
    return {fault.name: {estate.resource(arn).id for arn in fault.arns} for fault in pulse_faults(estate)}


def pitr(status: str) -> dict:
    return {"PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": status}}


def test_a_table_without_point_in_time_recovery_is_a_fault_and_an_unread_one_is_not():
    faults = found(resource("dynamodb:table", "orders", ContinuousBackups=pitr("ENABLED")),
                   resource("dynamodb:table", "sessions", ContinuousBackups=pitr("DISABLED")),
                   resource("dynamodb:table", "unread"))
    assert faults["tables-without-pitr"] == {"sessions"}


def test_certificates_expiring_within_30_days_of_the_crawl_or_failed_are_faults():
    faults = found(
        resource("acm:certificate", "in-29-days", Status="ISSUED", NotAfter="2026-06-30T12:00:00+00:00"),
        resource("acm:certificate", "in-31-days", Status="ISSUED", NotAfter="2026-07-02T12:00:00+00:00"),
        resource("acm:certificate", "revoked", Status="REVOKED", NotAfter="2027-06-01T00:00:00+00:00"),
        resource("acm:certificate", "timed-out", Status="VALIDATION_TIMED_OUT"),
        resource("acm:certificate", "pending", Status="PENDING_VALIDATION"))
    assert faults["failing-certificates"] == {"in-29-days", "revoked", "timed-out"}


def test_expiry_is_measured_against_the_crawl_not_today():
    soon = resource("acm:certificate", "soon", Status="ISSUED", NotAfter="2026-06-30T12:00:00+00:00")
    assert found(soon, crawled_at="2026-01-01T00:00:00+00:00")["failing-certificates"] == set()
    assert found(soon, crawled_at="")["failing-certificates"] == set()  # no crawl time: cannot know


def test_secrets_never_rotated_or_not_in_90_days_of_the_crawl_are_faults():
    faults = found(
        resource("secretsmanager:secret", "never", RotationEnabled=False),
        resource("secretsmanager:secret", "89-days", RotationEnabled=True, LastRotatedDate="2026-03-04T12:00:00+00:00"),
        resource("secretsmanager:secret", "91-days", RotationEnabled=True, LastRotatedDate="2026-03-02T12:00:00+00:00"))
    assert faults["unrotated-secrets"] == {"never", "91-days"}


def test_a_secret_whose_policy_allows_anyone_is_public():
    open_policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    faults = found(resource("secretsmanager:secret", "open", Policy=open_policy),
                   resource("secretsmanager:secret", "closed", Policy=None))
    assert faults["public-secrets"] == {"open"}


def test_the_demo_shows_its_table_without_pitr_and_its_never_rotated_secret(demo_estate):
    faults = {f.name: {demo_estate.resource(arn).id for arn in f.arns} for f in pulse_faults(demo_estate)}
    assert faults["tables-without-pitr"] == {"sessions"}
    assert faults["unrotated-secrets"] == {"prod/legacy/api-key"}
    assert faults["failing-certificates"] == set() and faults["public-secrets"] == set()
