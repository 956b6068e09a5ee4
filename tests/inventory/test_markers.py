"""A denied service becomes a marker: the rest of the estate is intact, and the user is told
"unknown: denied" instead of seeing an empty list."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from session_options import demo_options, offline_env

from awsx.core.model import MarkerStatus
from awsx.inventory.failures import classify
from awsx.load.live import load_live_estate
from awsx.store.snapshot import write_snapshot


def deny(service: str, region: str, code: str = "AccessDeniedException", status: int = 403):
    """A before-call hook answering an error for one (service, region), as AWS would."""

    def handler(model, context, **_):
        if model.service_model.service_name == service and context.get("client_region") == region:
            error = {"Error": {"Code": code, "Message": f"{code} for {service}:{model.name}"},
                     "ResponseMetadata": {"HTTPStatusCode": status}}
            return AWSResponse("https://denied.invalid", status, {}, None), error
        return None

    return handler


@pytest.fixture(scope="module")
def rds_denied_in_eu(moto_server, seeded):
    options = demo_options(moto_server.endpoint, hooks=(("before-call", deny("rds", "eu-west-1")),))
    estate, _ = asyncio.run(load_live_estate(options, cache=None))
    return estate


def test_denied_service_is_a_marker_for_that_region_only(rds_denied_in_eu):
    markers = {(m.region, m.service, m.status) for m in rds_denied_in_eu.markers}
    assert ("eu-west-1", "rds", MarkerStatus.DENIED) in markers
    assert not any(m.service == "rds" and m.region != "eu-west-1" for m in rds_denied_in_eu.markers)


def test_rest_of_the_estate_is_intact(rds_denied_in_eu, demo_estate):
    def without_eu_rds(estate):
        return {r.arn for r in estate.resources() if not (r.kind.startswith("rds:") and r.region == "eu-west-1")}

    # everything the plain crawl found is there (other tests may have seeded more into the shared server since)
    assert without_eu_rds(rds_denied_in_eu) >= without_eu_rds(demo_estate)
    assert not [r for r in rds_denied_in_eu.resources("rds:db-instance") if r.region == "eu-west-1"]
    assert [r for r in rds_denied_in_eu.resources("rds:db-instance") if r.region == "us-east-1"]


def test_the_user_is_told_clearly(rds_denied_in_eu, tmp_path):
    snapshot = write_snapshot(rds_denied_in_eu, tmp_path / "denied.awsx")
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "ls", "rds", "--snapshot", str(snapshot)],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert result.returncode == 0
    assert "unknown" in result.stderr and "eu-west-1 rds: denied (AccessDeniedException)" in result.stderr


def test_organizations_not_in_use_is_unsupported_not_empty(moto_server, seeded):
    not_in_use = deny("organizations", "us-east-1", "AWSOrganizationsNotInUseException", 400)
    options = demo_options(moto_server.endpoint, regions=("us-east-1",), hooks=(("before-call", not_in_use),))
    estate, _ = asyncio.run(load_live_estate(options, cache=None))
    statuses = {(m.region, m.status) for m in estate.markers if m.service == "organizations"}
    assert statuses == {("global", MarkerStatus.UNSUPPORTED)}
    assert list(estate.resources("ec2:vpc"))


def test_an_operation_the_endpoint_does_not_serve_is_unsupported_not_an_error():
    """moto answers what it does not implement (Backup ListProtectedResources) with a bare 404."""
    not_served = ClientError({"Error": {"Code": "404", "Message": "Not yet implemented"},
                              "ResponseMetadata": {"HTTPStatusCode": 404}}, "ListProtectedResources")
    not_found = ClientError({"Error": {"Code": "ResourceNotFoundException", "Message": "no such plan"},
                             "ResponseMetadata": {"HTTPStatusCode": 404}}, "GetBackupPlan")
    assert classify(not_served).status is MarkerStatus.UNSUPPORTED
    assert classify(not_found).status is MarkerStatus.ERROR
