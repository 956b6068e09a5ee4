"""``--org`` (issue 18): from the management account, every active member is entered by assuming
one role and crawled with the same read-only guard; a member whose role cannot be assumed is one
marker, not a failed crawl; ``--accounts`` / ``--exclude`` choose members. A moto Organization
is process-wide state, so it is made and crawled in a subprocess of its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from session_options import offline_env

_SCRIPT = r'''
import json, boto3
from botocore.exceptions import ClientError
from awsx.inventory.demo import DEMO_CREDENTIALS, MotoServer
from awsx.inventory.session import OrgOptions, SessionOptions
from awsx.load.live import load_live_estate_sync

with MotoServer() as server:
    def client(service, **credentials):
        return boto3.client(service, region_name="us-east-1", endpoint_url=server.endpoint,
                            **(credentials or DEMO_CREDENTIALS))
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = [organizations.create_account(Email=f"m{n}@example.com", AccountName=f"member-{n}")
               ["CreateAccountStatus"]["AccountId"] for n in range(3)]
    for n, account in enumerate(members):  # a VPC in each member, made through the same role
        granted = client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                                            RoleSessionName="seed")["Credentials"]
        client("ec2", aws_access_key_id=granted["AccessKeyId"], aws_secret_access_key=granted["SecretAccessKey"],
               aws_session_token=granted["SessionToken"]).create_vpc(CidrBlock=f"10.{100 + n}.0.0/16")
    refused, sent = members[2], []

    def watch(model, params, **_):
        sent.append(model.name)
        if model.name == "AssumeRole" and refused in str(params.get("body")):  # the request as built
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, "AssumeRole")

    def crawl(**org):
        options = SessionOptions(regions=("us-east-1",), endpoint_url=server.endpoint, hooks=(("before-call", watch),),
                                 credentials=(DEMO_CREDENTIALS["aws_access_key_id"],
                                              DEMO_CREDENTIALS["aws_secret_access_key"]), org=OrgOptions(**org))
        estate, _ = load_live_estate_sync(options, cache=None)
        return {"accounts": list(estate.info.accounts),
                "vpcs": sorted([v.account, v.data["CidrBlock"]] for v in estate.resources("ec2:vpc")
                               if v.data["CidrBlock"].startswith("10.1")),
                "markers": [[m.account, m.operation, m.status, m.message] for m in estate.markers if m.service == "sts"]}

    everyone = crawl()
    some = crawl(exclude=(members[0],))
print(json.dumps({"members": members, "management": "123456789012", "everyone": everyone, "some": some,
                  "writes": sorted({name for name in sent if not name.startswith(("Describe", "List", "Get"))})}))
'''


@pytest.fixture(scope="module")
def crawled() -> dict:
    done = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=600,
                          env=offline_env())
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_every_member_that_can_be_entered_is_crawled_with_its_own_account(crawled):
    first, second, refused = crawled["members"]
    everyone = crawled["everyone"]
    assert everyone["accounts"] == sorted([crawled["management"], first, second])
    assert everyone["vpcs"] == [[first, "10.100.0.0/16"], [second, "10.101.0.0/16"]]


def test_a_member_whose_role_cannot_be_assumed_is_one_marker(crawled):
    refused = crawled["members"][2]
    assert crawled["everyone"]["markers"] == [
        [refused, "AssumeRole", "denied", f"cannot assume OrganizationAccountAccessRole in {refused}: AccessDenied"]]


def test_exclude_leaves_a_member_out(crawled):
    first, second, _ = crawled["members"]
    assert crawled["some"]["accounts"] == sorted([crawled["management"], second])
    assert crawled["some"]["vpcs"] == [[second, "10.101.0.0/16"]]


def test_only_reads_and_the_role_assumption_were_sent(crawled):
    assert crawled["writes"] == ["AssumeRole"]
