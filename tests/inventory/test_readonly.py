"""awsx is read-only by construction: the guard refuses writes and secret reads before any
request is sent, and everything the crawler declares is on the read allowlist."""

from __future__ import annotations

import pytest
from botocore.session import get_session

from awsx.inventory.readonly import READ_OPERATIONS, SECRET_OPERATIONS, ReadOnlyViolation, is_allowed
from awsx.inventory.session import SessionOptions, guarded_session
from awsx.inventory.specs import ENRICHMENTS, SPECS

# Nothing listens here: if a request were ever sent, the error would be a connection error.
DEAD_ENDPOINT = "http://127.0.0.1:9"


async def _attempt(service: str, method: str, params: dict) -> tuple[ReadOnlyViolation, list[str]]:
    """Call through a guarded session; return the refusal and every request that was sent."""
    sent: list[str] = []
    options = SessionOptions(endpoint_url=DEAD_ENDPOINT, credentials=("testing", "testing"),
                             hooks=(("before-send", lambda request, **_: sent.append(request.url)),))
    session = guarded_session(None, options)
    async with session.client(service, region_name="us-east-1", endpoint_url=DEAD_ENDPOINT, config=options.config) as client:
        with pytest.raises(ReadOnlyViolation) as refusal:
            await getattr(client, method)(**params)
    return refusal.value, sent


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("ec2", "run_instances", {"ImageId": "ami-12345678", "MinCount": 1, "MaxCount": 1}),
        ("ec2", "authorize_security_group_ingress", {"GroupId": "sg-1"}),
        ("iam", "create_user", {"UserName": "mallory"}),
        ("s3", "put_object", {"Bucket": "b-bucket", "Key": "k", "Body": b"x"}),
        ("s3", "delete_bucket", {"Bucket": "b-bucket"}),
        # The compute services awsx reads (issue #16): scaling them or changing them is refused too.
        ("autoscaling", "set_desired_capacity", {"AutoScalingGroupName": "acme-web-asg", "DesiredCapacity": 0}),
        ("ec2", "create_launch_template_version", {"LaunchTemplateId": "lt-1", "LaunchTemplateData": {}}),
        ("ecs", "update_service", {"cluster": "acme-orders", "service": "orders-api", "desiredCount": 0}),
        ("ecs", "execute_command", {"cluster": "acme-orders", "task": "t", "command": "sh", "interactive": True}),
        ("eks", "update_cluster_config", {"name": "acme-platform"}),
    ],
)
async def test_mutating_call_is_refused_before_anything_is_sent(service, method, params):
    refusal, sent = await _attempt(service, method, params)
    assert "not a read-only operation" in str(refusal)
    assert sent == []


@pytest.mark.parametrize(
    ("service", "method", "params"),
    [
        ("secretsmanager", "get_secret_value", {"SecretId": "db-password"}),
        ("secretsmanager", "batch_get_secret_value", {"SecretIdList": ["db-password"]}),
        ("acm", "export_certificate", {"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/x", "Passphrase": b"p"}),
        ("dynamodb", "scan", {"TableName": "orders"}),
        ("dynamodb", "get_item", {"TableName": "orders", "Key": {"id": {"S": "1"}}}),
        ("ssm", "get_parameter", {"Name": "/prod/db/password", "WithDecryption": True}),
        ("ssm", "get_parameters_by_path", {"Path": "/prod"}),
        ("s3", "get_object", {"Bucket": "b-bucket", "Key": "k"}),
        ("kms", "decrypt", {"CiphertextBlob": b"x"}),
        ("ec2", "get_password_data", {"InstanceId": "i-1"}),
    ],
)
async def test_secret_reading_call_is_refused_before_anything_is_sent(service, method, params):
    refusal, sent = await _attempt(service, method, params)
    assert "reads secret values" in str(refusal)
    assert sent == []


async def test_an_allowed_read_is_sent(moto_server):
    sent: list[str] = []

    def record(request, **_):
        sent.append(request.url)

    options = SessionOptions(endpoint_url=moto_server.endpoint, credentials=("testing", "testing"),
                             hooks=(("before-send", record),))
    session = guarded_session(None, options)
    async with session.client("ec2", region_name="us-east-1", endpoint_url=moto_server.endpoint) as ec2:
        answer = await ec2.describe_vpcs()
    assert "Vpcs" in answer
    assert len(sent) == 1


def test_every_declared_operation_is_an_allowed_read():
    declared = {(s.service, s.operation) for s in SPECS} | {(e.service, e.operation) for e in ENRICHMENTS}
    assert declared <= READ_OPERATIONS
    assert all(is_allowed(*op) for op in declared)


def test_the_allowlist_holds_only_reads_that_exist():
    botocore = get_session()
    credential_chain = {"AssumeRole", "AssumeRoleWithWebIdentity", "GetRoleCredentials", "CreateToken"}
    for service, operation in READ_OPERATIONS:
        assert operation in botocore.get_service_model(service).operation_names, (service, operation)
        assert operation.startswith(("Describe", "List", "Get", "Search", "BatchGet")) or operation in credential_chain
    assert not READ_OPERATIONS & SECRET_OPERATIONS


def test_every_action_of_the_minimal_policy_is_one_iam_knows():
    """A misspelt action (an API name IAM spells differently, a service prefix that is not IAM's)
    would be silently useless in the policy a user attaches: the crawl would then be denied."""
    from awsx.iam.reference import action
    from awsx.inventory.readonly import minimal_policy

    assert [name for name in minimal_policy()["Statement"][0]["Action"] if action(name) is None] == []


async def test_a_member_session_entered_by_assume_role_refuses_writes_and_secret_reads(moto_server):
    """--org crawls every member through the credentials AssumeRole returns: the guard is on
    those sessions too, not only on the management account's (inventory/organization.py)."""
    from awsx.inventory.organization import assume_member
    from awsx.inventory.session import open_account

    sent: list[str] = []
    options = SessionOptions(endpoint_url=moto_server.endpoint, credentials=("testing", "testing"), regions=("us-east-1",),
                             hooks=(("before-send", lambda request, **_: sent.append(request.url)),))
    management = await open_account(None, options)
    member = await assume_member(management, "418418418418", "OrganizationAccountAccessRole", options)
    assert member.account == "418418418418" and member.caller_arn.startswith("arn:aws:sts::418418418418:assumed-role/")
    sent.clear()
    for service, method, params, refusal in (
            ("ec2", "run_instances", {"ImageId": "ami-12345678", "MinCount": 1, "MaxCount": 1}, "not a read-only"),
            ("iam", "create_user", {"UserName": "mallory"}, "not a read-only"),
            ("secretsmanager", "get_secret_value", {"SecretId": "db-password"}, "reads secret values")):
        async with member.client(service, "us-east-1") as client:
            with pytest.raises(ReadOnlyViolation, match=refusal):
                await getattr(client, method)(**params)
    assert sent == []
