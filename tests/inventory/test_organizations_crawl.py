"""Organizations: the crawl reads both SCPs and RCPs (one ``ListPolicies`` each, told apart by
their ``Filter``), with their documents and targets, and the IAM engine applies them — except
in the management account, which AWS exempts from both (iam.md §1.3). moto's organization is
process-wide state, so this estate is seeded and crawled in a subprocess of its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from session_options import offline_env

_SCRIPT = r'''
import json, boto3
from awsx.inventory.demo import DEMO_CREDENTIALS, MotoServer
from awsx.inventory.session import SessionOptions
from awsx.load.live import load_live_estate_sync
from awsx.iam.evaluate import evaluate
from awsx.iam.principals import IamIndex

DENY_S3 = {"Version": "2012-10-17", "Statement": [
    {"Sid": "NoS3", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}
DENY_EC2 = {"Version": "2012-10-17", "Statement": [{"Sid": "NoEc2", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}
with MotoServer() as server:
    client = lambda service: boto3.client(service, region_name="us-east-1", endpoint_url=server.endpoint,
                                          **DEMO_CREDENTIALS)
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    for policy_type, name, document in (("RESOURCE_CONTROL_POLICY", "no-s3", DENY_S3),
                                        ("SERVICE_CONTROL_POLICY", "no-ec2", DENY_EC2)):
        org.enable_policy_type(RootId=root, PolicyType=policy_type)
        made = org.create_policy(Name=name, Type=policy_type, Description=name, Content=json.dumps(document))
        org.attach_policy(PolicyId=made["Policy"]["PolicySummary"]["Id"], TargetId=root)
    iam = client("iam")
    iam.create_user(UserName="dev")
    iam.put_user_policy(UserName="dev", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    options = SessionOptions(regions=("us-east-1",), endpoint_url=server.endpoint,
                             credentials=(DEMO_CREDENTIALS["aws_access_key_id"], DEMO_CREDENTIALS["aws_secret_access_key"]))
    estate, _ = load_live_estate_sync(options, cache=None)
index = IamIndex(estate)
dev = index.resolve("user/dev")
print(json.dumps({
    "policies": sorted([r.name, r.data["Type"], [s.get("Sid") for s in r.data["Content"]["Statement"]],
                        [t["TargetId"][:2] for t in r.data["Targets"]], r.data.get("ManagementAccountId") == dev.account]
                       for r in estate.resources("organizations:policy")),
    # Organizations' own reads; services moto does not implement (Backup ListProtectedResources) mark apart.
    "markers": [m.describe() for m in estate.markers if m.service in ("organizations", "iam")],
    "s3": evaluate(index, dev, "s3:GetObject", "arn:aws:s3:::b/k").decision,
    "ec2": evaluate(index, dev, "ec2:RunInstances").decision,
}))
'''


@pytest.fixture(scope="module")
def answer() -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=offline_env(), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_crawl_reads_service_and_resource_control_policies_with_documents_and_targets(answer):
    mine = [p for p in answer["policies"] if p[0] in ("no-s3", "no-ec2")]
    assert mine == [["no-ec2", "SERVICE_CONTROL_POLICY", ["NoEc2"], ["r-"], True],
                    ["no-s3", "RESOURCE_CONTROL_POLICY", ["NoS3"], ["r-"], True]]
    assert {p[1] for p in answer["policies"]} == {"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}
    assert answer["markers"] == []


def test_neither_policy_type_binds_the_management_account(answer):
    # The only account here created the organization: AWS exempts it from SCPs and RCPs alike.
    assert answer["s3"] == "allow"
    assert answer["ec2"] == "allow"
