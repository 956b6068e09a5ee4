"""A snapshot never holds a secret: an account seeded with a Secrets Manager secret (two
versions; its metadata is crawled), an SSM SecureString, an S3 object, EC2 user data, Lambda
environment values, an IAM secret access key, a CloudFormation NoEcho parameter, a CodeBuild
PLAINTEXT variable and a Glue job argument is crawled and written; none of those values appears
anywhere in the file."""

from __future__ import annotations

import base64
import json
import zipfile

import pytest
from account_estate import OwnAccount

from awsx.inventory.demo import AMI, lambda_zip
from awsx.store.snapshot import write_snapshot

# moto keeps accounts apart: assuming a role into this one gives it its own empty estate.
SECRETS_ACCOUNT = "210987654321"
REGION = "us-east-1"
SECRETS = {
    "secretsmanager": "sm-Vq3LxT8pZ1-correct-horse",
    "ssm": "ssm-Kd92hQw0Xe-battery-staple",
    "s3": "s3-object-body-R7mN2pQs4T",
    "user_data": "#!/bin/sh\nexport DB_PASSWORD=ud-Zx81Wq5Lm3",
    "lambda": "lambda-env-Hj47Ty2Bn9",
    "cloudformation_no_echo": "cfn-noecho-Wq83Ls0Pd4",
    "codebuild_plaintext": "codebuild-env-Mz51Kc7Vt2",
    "glue_argument": "glue-arg-Rb64Nf9Xe8",
    "secretsmanager_new_version": "sm-Np5Wc2Rt7Y-tr0ub4dor",
}


@pytest.fixture(scope="module")
def secret_snapshot(moto_server, tmp_path_factory):
    own = OwnAccount.assume(moto_server.endpoint, SECRETS_ACCOUNT, REGION)
    client = own.client

    client("secretsmanager").create_secret(Name="prod/db", SecretString=SECRETS["secretsmanager"])
    client("secretsmanager").put_secret_value(SecretId="prod/db", SecretString=SECRETS["secretsmanager_new_version"])
    client("ssm").put_parameter(Name="/prod/db/password", Type="SecureString", Value=SECRETS["ssm"])
    client("s3").create_bucket(Bucket="acme-secret-objects")
    client("s3").put_object(Bucket="acme-secret-objects", Key="dump.sql", Body=SECRETS["s3"].encode())
    client("ec2").run_instances(ImageId=AMI, MinCount=1, MaxCount=1, UserData=SECRETS["user_data"])
    iam = client("iam")
    iam.create_role(RoleName="fn", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}')
    client("lambda").create_function(FunctionName="billing", Runtime="python3.12", Handler="handler.handler",
                                     Code={"ZipFile": lambda_zip()}, Role=f"arn:aws:iam::{SECRETS_ACCOUNT}:role/fn",
                                     Environment={"Variables": {"DB_PASSWORD": SECRETS["lambda"]}})
    iam.create_user(UserName="ci")
    access_key = iam.create_access_key(UserName="ci")["AccessKey"]["SecretAccessKey"]
    _seed_escalation_targets(client, SECRETS_ACCOUNT)

    estate = own.crawl()
    path = write_snapshot(estate, tmp_path_factory.mktemp("secrets") / "secrets.awsx")
    return estate, path, {**SECRETS, "iam_secret_access_key": access_key}


def _seed_escalation_targets(client, account: str) -> None:
    """Where CloudFormation, CodeBuild and Glue carry a value that may be a secret."""
    role = f"arn:aws:iam::{account}:role/fn"
    template = {"Parameters": {"DbPassword": {"Type": "String", "NoEcho": True}},
                "Resources": {"Version": {"Type": "AWS::SSM::Parameter",
                                          "Properties": {"Type": "String", "Value": "1", "Name": "/db/version"}}}}
    client("cloudformation").create_stack(StackName="db", TemplateBody=json.dumps(template), RoleARN=role, Parameters=[
        {"ParameterKey": "DbPassword", "ParameterValue": SECRETS["cloudformation_no_echo"]}])
    client("codebuild").create_project(
        name="ci", source={"type": "S3", "location": "bucket/source.zip"}, artifacts={"type": "NO_ARTIFACTS"},
        serviceRole=role, environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                       "computeType": "BUILD_GENERAL1_SMALL", "environmentVariables": [
                                           {"name": "TOKEN", "value": SECRETS["codebuild_plaintext"],
                                            "type": "PLAINTEXT"}]})
    client("glue").create_job(Name="etl", Role=role,
                              Command={"Name": "glueetl", "ScriptLocation": "s3://bucket/etl.py"},
                              DefaultArguments={"--db-password": SECRETS["glue_argument"]})


def test_the_seeded_resources_were_crawled(secret_snapshot):
    estate, _, _ = secret_snapshot
    assert estate.info.accounts == (SECRETS_ACCOUNT,)
    assert [r.id for r in estate.resources("lambda:function")] == ["billing"]
    assert [r.id for r in estate.resources("s3:bucket")] == ["acme-secret-objects"]
    assert len(list(estate.resources("ec2:instance"))) == 1
    assert [r.id for r in estate.resources("iam:user")] == ["ci"]
    for kind, resource_id in (("cloudformation:stack", "db"), ("codebuild:project", "ci"), ("glue:job", "etl")):
        assert [r.id for r in estate.resources(kind)] == [resource_id]
    # Its metadata is crawled (so the value had every chance to leak), its value is not.
    (secret,) = estate.resources("secretsmanager:secret")
    assert secret.id == "prod/db" and "SecretString" not in secret.data


def test_no_secret_value_is_in_the_snapshot(secret_snapshot):
    _, path, secrets = secret_snapshot
    with zipfile.ZipFile(path) as archive:
        content = b"".join(archive.read(name) for name in archive.namelist()) + path.read_bytes()
    for name, value in secrets.items():
        for form in (value, base64.b64encode(value.encode()).decode(), value.split("=")[-1]):
            assert form.encode() not in content, f"{name} value found in the snapshot"
