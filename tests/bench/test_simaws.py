"""simaws behaves like AWS under load: token buckets as EC2 documents them, each service's
real throttling and denial errors (as botocore parses them), faults by rate, and a log."""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from bench.simaws import Faults, Limit, SimAws, SimConfig, TokenBucket

NO_RETRY = Config(retries={"mode": "standard", "total_max_attempts": 1}, read_timeout=60)
UNLIMITED = SimConfig(latency=0.0, jitter=0.0, limits={}, default_limits=None)


def client(sim: SimAws, service: str, region: str = "eu-west-1", config: Config = NO_RETRY):
    return boto3.client(service, region_name=region, endpoint_url=sim.endpoint, aws_access_key_id="testing",
                        aws_secret_access_key="testing", config=config)


@pytest.fixture
def sim(moto_server):
    with SimAws(moto_server.endpoint, UNLIMITED) as running:
        yield running


def error_of(call) -> tuple[str, int]:
    with pytest.raises(ClientError) as raised:
        call()
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_a_bucket_allows_its_burst_then_refills_at_its_rate():
    now = [0.0]
    bucket = TokenBucket(Limit(burst=3, refill=2.0), clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5  # one token back
    assert [bucket.take(), bucket.take()] == [True, False]
    now[0] += 100.0  # never more than the burst
    assert sum(bucket.take() for _ in range(10)) == 3


def test_over_the_limit_ec2_answers_request_limit_exceeded_503(sim):
    sim.reset(SimConfig(latency=0.0, limits={"ec2": {"read": Limit(2, 0.01)}}, default_limits=None))
    ec2 = client(sim, "ec2")
    ec2.describe_vpcs()
    ec2.describe_subnets()
    assert error_of(ec2.describe_vpcs) == ("RequestLimitExceeded", 503)
    # Buckets are per region: another region still has its burst.
    assert "Vpcs" in client(sim, "ec2", "us-east-1").describe_vpcs()
    assert sim.counts()[("ec2", "eu-west-1", "read")] == {"ok": 2, "throttled": 1}


def test_buckets_are_per_account_learnt_from_the_credentials_sts_names(sim):
    """AWS's quotas are per account: a member entered by AssumeRole has buckets of its own."""
    sim.reset(SimConfig(latency=0.0, limits={"ec2": {"read": Limit(2, 0.01)}}, default_limits=None))
    caller = client(sim, "sts").get_caller_identity()["Account"]
    granted = client(sim, "sts").assume_role(RoleArn="arn:aws:iam::418000000018:role/OrganizationAccountAccessRole",
                                             RoleSessionName="member")["Credentials"]
    member = boto3.client("ec2", region_name="eu-west-1", endpoint_url=sim.endpoint, config=NO_RETRY,
                          aws_access_key_id=granted["AccessKeyId"], aws_secret_access_key=granted["SecretAccessKey"],
                          aws_session_token=granted["SessionToken"])
    ec2 = client(sim, "ec2")
    ec2.describe_vpcs()
    ec2.describe_subnets()
    assert error_of(ec2.describe_vpcs) == ("RequestLimitExceeded", 503)
    assert "Vpcs" in member.describe_vpcs()  # the caller's bucket is empty, the member's full
    counts = sim.counts(per_account=True)
    assert counts[(caller, "ec2", "eu-west-1", "read")] == {"ok": 2, "throttled": 1}
    assert counts[("418000000018", "ec2", "eu-west-1", "read")] == {"ok": 1}
    assert sim.counts()[("ec2", "eu-west-1", "read")] == {"ok": 3, "throttled": 1}


def test_replay_answers_each_credential_with_its_own_answer(sim):
    sim.reset(SimConfig(latency=0.0, limits={}, default_limits=None, replay=True))
    granted = client(sim, "sts").assume_role(RoleArn="arn:aws:iam::418000000019:role/OrganizationAccountAccessRole",
                                             RoleSessionName="member")["Credentials"]
    member = boto3.client("sts", region_name="eu-west-1", endpoint_url=sim.endpoint, config=NO_RETRY,
                          aws_access_key_id=granted["AccessKeyId"], aws_secret_access_key=granted["SecretAccessKey"],
                          aws_session_token=granted["SessionToken"])
    caller = client(sim, "sts").get_caller_identity()["Account"]
    assert member.get_caller_identity()["Account"] == "418000000019" != caller  # the same request, another key


def test_replay_tells_apart_json_operations_that_send_the_same_body(sim):
    sim.reset(SimConfig(latency=0.0, limits={}, default_limits=None, replay=True))
    ecs = client(sim, "ecs")
    assert "clusterArns" in ecs.list_clusters()
    assert "taskDefinitionArns" in ecs.list_task_definitions()  # the same "{}", another operation


@pytest.mark.parametrize(("service", "call", "expected"), [
    ("iam", lambda c: c.list_users(), ("Throttling", 400)),
    ("lambda", lambda c: c.list_functions(), ("TooManyRequestsException", 429)),
    ("organizations", lambda c: c.list_policies(Filter="SERVICE_CONTROL_POLICY"), ("ThrottlingException", 400)),
])
def test_other_services_throttle_in_their_own_protocol(sim, service, call, expected):
    sim.reset(SimConfig(latency=0.0, default_limits={"read": Limit(0, 0.01)}))
    assert error_of(lambda: call(client(sim, service, "us-east-1"))) == expected


def test_access_denied_for_one_service_in_one_region(sim):
    sim.reset(SimConfig(latency=0.0, default_limits=None, faults=Faults(denied=frozenset({("ec2", "eu-west-1")}))))
    assert error_of(client(sim, "ec2").describe_vpcs) == ("UnauthorizedOperation", 403)
    assert error_of(client(sim, "ec2", "eu-west-1").describe_vpcs)[0] == "UnauthorizedOperation"
    assert "Vpcs" in client(sim, "ec2", "us-east-1").describe_vpcs()


def test_faults_by_rate_reach_the_client_as_aws_failures_do(sim):
    sim.reset(SimConfig(latency=0.0, default_limits=None, faults=Faults(error_rate=1.0)))
    assert error_of(client(sim, "iam", "us-east-1").list_users) == ("InternalFailure", 500)
    sim.reset(SimConfig(latency=0.0, default_limits=None, faults=Faults(reset_rate=1.0)))
    with pytest.raises(ConnectionClosedError):
        client(sim, "ec2").describe_vpcs()
    sim.reset(SimConfig(latency=0.0, default_limits=None, faults=Faults(timeout_rate=1.0, hang=3.0)))
    with pytest.raises(ReadTimeoutError):
        client(sim, "ec2", config=NO_RETRY.merge(Config(read_timeout=1))).describe_vpcs()


def test_every_request_is_logged_with_its_operation(sim):
    client(sim, "ec2").describe_vpcs()
    client(sim, "iam", "us-east-1").list_users()
    assert [(r.call.service, r.call.region, r.call.operation, r.outcome) for r in sim.log] == [
        ("ec2", "eu-west-1", "DescribeVpcs", "ok"), ("iam", "us-east-1", "ListUsers", "ok")]


def test_latency_is_added_to_every_answer(sim):
    sim.reset(SimConfig(latency=0.2, jitter=0.0, default_limits=None))
    started = time.perf_counter()
    client(sim, "ec2").describe_vpcs()
    assert time.perf_counter() - started >= 0.2
