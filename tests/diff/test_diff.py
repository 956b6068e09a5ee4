"""`awsx diff OLD NEW`: two crawls of a moto estate changed in between (a rule added, an
instance removed, a tag changed) give exactly the expected document, security first; a
re-crawl of an unchanged estate diffs empty. The estate lives in ca-central-1, which no other
test crawls, in the session's moto server."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import boto3
import pytest
from session_options import demo_options, offline_env

from awsx.core.graph import Estate
from awsx.core.model import Marker, MarkerStatus, Resource
from awsx.diff.changes import ResourceRef, diff_estates, field_changes
from awsx.load.live import load_live_estate
from awsx.store.snapshot import write_snapshot

REGION = "ca-central-1"
AMI = "ami-0c0ffee0c0ffee000"
ACCOUNT = "123456789012"


def _crawl(endpoint: str) -> Estate:
    estate, _ = asyncio.run(load_live_estate(demo_options(endpoint, regions=(REGION,)), cache=None))
    return estate


def _forget_instance(instance_id: str) -> None:
    """AWS stops listing a terminated instance about an hour after termination; moto never
    does, so the test plays that hour by dropping its reservation from moto's in-process store."""
    from moto.ec2.models import ec2_backends

    backend = ec2_backends[ACCOUNT][REGION]
    for reservation_id, reservation in list(backend.reservations.items()):
        if any(i.id == instance_id for i in reservation.instances):
            del backend.reservations[reservation_id]


@pytest.fixture(scope="module")
def crawls(moto_server, tmp_path_factory):
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=moto_server.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    vpc = ec2.create_vpc(CidrBlock="10.91.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.91.0.0/24", AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="diff-web", Description="diff-web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])

    def launch(name: str, ip: str) -> str:
        return ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=subnet, PrivateIpAddress=ip,
                                 SecurityGroupIds=[group], TagSpecifications=[{
                                     "ResourceType": "instance",
                                     "Tags": [{"Key": "Name", "Value": name}, {"Key": "env", "Value": "staging"}]}],
                                 )["Instances"][0]["InstanceId"]

    app, worker = launch("diff-app", "10.91.0.10"), launch("diff-worker", "10.91.0.11")
    old, again = _crawl(moto_server.endpoint), _crawl(moto_server.endpoint)

    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.terminate_instances(InstanceIds=[worker])
    _forget_instance(worker)
    ec2.create_tags(Resources=[app], Tags=[{"Key": "env", "Value": "prod"}])
    new = _crawl(moto_server.endpoint)
    base = tmp_path_factory.mktemp("diff")
    return {
        "old": old, "again": again, "new": new, "app": app, "worker": worker, "group": group,
        "old_file": write_snapshot(old, base / "old.awsx"), "new_file": write_snapshot(new, base / "new.awsx"),
        "again_file": write_snapshot(again, base / "again.awsx"),
    }


def _arn(kind: str, resource_id: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind}/{resource_id}"


def _expected(crawls) -> dict:
    old, new = crawls["old"], crawls["new"]
    group, app, worker = crawls["group"], crawls["app"], crawls["worker"]
    # The root volume goes with the instance (DeleteOnTermination); moto keeps the ENI listed
    # and the subnet's free-address count as it was, so neither changes here.
    root = old.resource(_arn("instance", worker)).data["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    ssh = {"FromPort": 22, "ToPort": 22, "IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
           "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
    return {
        "added": [],
        "removed": [
            {"arn": _arn("instance", worker), "kind": "ec2:instance", "id": worker, "name": "diff-worker"},
            {"arn": _arn("volume", root), "kind": "ec2:volume", "id": root, "name": ""},
        ],
        "changed": [
            {"arn": _arn("security-group", group), "kind": "ec2:security-group", "fields": [
                {"path": "data.IpPermissions[]", "old": None, "new": ssh}]},
            {"arn": _arn("instance", app), "kind": "ec2:instance", "fields": [
                {"path": "data.Tags[]", "old": {"Key": "env", "Value": "staging"}, "new": None},
                {"path": "data.Tags[]", "old": None, "new": {"Key": "env", "Value": "prod"}},
                {"path": "tags.env", "old": "staging", "new": "prod"}]},
        ],
        "summary": {
            "added": 0, "removed": 2, "changed": 2,
            "security": [{"rule": "world-open-rule", "arn": _arn("security-group", group),
                          "kind": "ec2:security-group",
                          "detail": f"{group} (diff-web) now admits tcp 22 from the internet"}],
            "unseen": [],
            "old_crawled_at": old.info.crawled_at, "new_crawled_at": new.info.crawled_at,
        },
    }


def test_rule_added_instance_removed_tag_changed_give_exactly_the_expected_diff(crawls):
    assert diff_estates(crawls["old"], crawls["new"]).to_json() == _expected(crawls)


def test_the_new_open_rule_is_called_out_first(crawls):
    answer = diff_estates(crawls["old"], crawls["new"])
    assert [s.rule for s in answer.security] == ["world-open-rule"]
    assert answer.changed[0].arn == answer.security[0].arn


def test_a_re_crawl_of_an_unchanged_estate_diffs_empty(crawls):
    answer = diff_estates(crawls["old"], crawls["again"])
    assert (answer.added, answer.removed, answer.changed, answer.security) == ((), (), (), ())


def test_awsx_diff_json_offline_is_the_same_document(crawls):
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "diff", str(crawls["old_file"]),
                             str(crawls["new_file"]), "--json"],
                            capture_output=True, text=True, env=offline_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == _expected(crawls)


def test_awsx_diff_table_puts_security_first_and_says_no_changes_when_none(crawls):
    changed = subprocess.run([sys.executable, "-m", "awsx.cli", "diff", str(crawls["old_file"]),
                              str(crawls["new_file"])], capture_output=True, text=True, env=offline_env(), timeout=120)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.index("Security-relevant") < changed.stdout.index("Resources")
    assert "now admits tcp 22 from the internet" in changed.stdout
    same = subprocess.run([sys.executable, "-m", "awsx.cli", "diff", str(crawls["old_file"]),
                           str(crawls["again_file"])], capture_output=True, text=True, env=offline_env(), timeout=120)
    assert "no changes" in same.stdout


def test_a_missing_snapshot_is_one_line_exit_2(tmp_path, crawls):
    result = subprocess.run([sys.executable, "-m", "awsx.cli", "diff", str(tmp_path / "nope.awsx"),
                             str(crawls["new_file"])], capture_output=True, text=True, env=offline_env(), timeout=120)
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "does not exist" in result.stderr


# --- the engine on hand-made estates: what the moto estate cannot show -------------------------

def _resource(kind: str, name: str, **data) -> Resource:
    return Resource(arn=f"arn:aws:test:::{kind}/{name}", kind=kind, id=name, name=name, account=ACCOUNT,
                    region="global", data=data)


def test_lists_are_compared_as_multisets_and_provenance_is_ignored():
    assert field_changes({"a": [1, 2, {"x": 1}]}, {"a": [{"x": 1}, 2, 1]}) == []
    assert [c.to_json() for c in field_changes({"a": [1, 1]}, {"a": [1]})] == [{"path": "a[]", "old": 1, "new": None}]


def _role(trust: list[dict]) -> Resource:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal} for principal in trust]}
    return Resource(arn=f"arn:aws:iam::{ACCOUNT}:role/deployer", kind="iam:role", id="deployer", name="deployer",
                    account=ACCOUNT, region="global", data={"AssumeRolePolicyDocument": document})


def test_a_new_trust_relationship_is_called_out():
    old = Estate([_role([{"Service": "ec2.amazonaws.com"}])])
    new = Estate([_role([{"Service": "ec2.amazonaws.com"}, {"AWS": "arn:aws:iam::999999999999:root"}])])
    found = [s.to_json() for s in diff_estates(old, new).security]
    assert found == [{"rule": "new-trust", "arn": f"arn:aws:iam::{ACCOUNT}:role/deployer", "kind": "iam:role",
                      "detail": "role deployer now trusts AWS arn:aws:iam::999999999999:root"}]


def test_a_newly_public_bucket_is_called_out_and_an_already_public_one_is_not():
    public = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                        "Resource": "arn:aws:s3:::logs/*"}]})
    old = Estate([_resource("s3:bucket", "logs"), _resource("s3:bucket", "site", Policy=public)])
    new = Estate([_resource("s3:bucket", "logs", Policy=public), _resource("s3:bucket", "site", Policy=public)])
    assert [(s.rule, s.arn) for s in diff_estates(old, new).security] == [("public-bucket", "arn:aws:test:::s3:bucket/logs")]


def test_a_new_admin_is_called_out():
    def user(policies: list[dict]) -> Resource:
        return Resource(arn=f"arn:aws:iam::{ACCOUNT}:user/mallory", kind="iam:user", id="mallory", name="mallory",
                        account=ACCOUNT, region="global", data={"UserPolicyList": policies})

    everything = {"PolicyName": "all", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
    found = diff_estates(Estate([user([])]), Estate([user([everything])])).security
    assert [(s.rule, s.detail) for s in found] == [("new-admin", "mallory is now an admin: full access")]


def test_every_list_can_mark_its_rows_from_the_diff(crawls):
    answer = diff_estates(crawls["old"], crawls["new"])
    marks = answer.marks()
    assert marks[_arn("instance", crawls["worker"])] == "removed"
    assert marks[_arn("instance", crawls["app"])] == "changed"
    assert marks[_arn("security-group", crawls["group"])] == "changed"
    assert set(marks.values()) <= {"added", "removed", "changed"}
    assert len(marks) == len(answer.added) + len(answer.removed) + len(answer.changed)


def test_what_a_crawl_could_not_read_is_unseen_not_removed():
    bucket = _resource("s3:bucket", "logs")
    denied = Marker(ACCOUNT, "global", "s3", "ListBuckets", MarkerStatus.DENIED, "AccessDenied")
    answer = diff_estates(Estate([bucket]), Estate([], markers=[denied]))
    assert (answer.removed, answer.added) == ((), ())
    assert [u.to_json() for u in answer.unseen] == [{**ResourceRef.of(bucket).to_json(), "missing_in": "new",
                                                     "reason": "global s3: denied (AccessDenied)"}]


def _database(**data) -> Estate:
    return Estate([Resource(_arn("db", "orders"), "rds:db-instance", "orders", "orders", "111122223333", "us-east-1",
                            data={"DBInstanceClass": "db.t3.medium", **data})])


def test_fields_aws_moves_by_itself_are_noise_not_changes():
    old = _database(LatestRestorableTime="2026-11-27T10:00:00+00:00")
    new = _database(LatestRestorableTime="2026-11-27T10:05:00+00:00")
    assert diff_estates(old, new).empty


def test_a_real_change_beside_a_volatile_field_is_still_reported():
    old = _database(LatestRestorableTime="2026-11-27T10:00:00+00:00")
    new = _database(LatestRestorableTime="2026-11-27T10:05:00+00:00", DBInstanceClass="db.r6g.large")
    [change] = diff_estates(old, new).changed
    assert [(f.path, f.old, f.new) for f in change.fields] == [("data.DBInstanceClass", "db.t3.medium", "db.r6g.large")]
