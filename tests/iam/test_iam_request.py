"""What a user types as an IAM request is checked by the engine, once, for the CLI and the IAM
screen: an instance asks as its instance profile's role, an action must be ``service:Action``."""

from __future__ import annotations

import json

import pytest
from iam_fixtures import allow, arn, estate, index, instance, instance_profile, managed, role, trust, user

from awsx.cli.main import main
from awsx.core.errors import UserError
from awsx.core.model import Resource
from awsx.iam.attachments import acting_principal
from awsx.iam.request import asking_principal, checked_action
from awsx.store.snapshot import write_snapshot

INSTANCE = "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc"


def bare_instance(instance_id: str) -> Resource:
    """An instance launched without an instance profile."""
    return Resource(arn=f"arn:aws:ec2:us-east-1:111111111111:instance/{instance_id}", kind="ec2:instance",
                    id=instance_id, name="", account="111111111111", region="us-east-1",
                    data={"InstanceId": instance_id, "State": {"Name": "running"}})


def resources() -> list[Resource]:
    return [managed("read-logs", allow("logs:GetLogEvents")),
            role("web", trust({"Service": "ec2.amazonaws.com"}), policies=["read-logs"], profiles=["web"]),
            instance_profile("web", "web"), instance("i-0abc", "web"), bare_instance("i-0bare"),
            user("dev", allow("s3:GetObject"))]


@pytest.fixture
def snapshot(tmp_path):
    return write_snapshot(estate(*resources()), tmp_path / "iam.awsx")


def test_an_instance_and_its_profile_act_as_the_profiles_role_and_a_user_as_itself():
    ix = index(*resources())
    for acting in (INSTANCE, arn("instance-profile", "web")):
        assert acting_principal(ix, ix.estate.resource(acting)) == arn("role", "web")
    assert acting_principal(ix, ix.estate.resource(arn("user", "dev"))) == arn("user", "dev")
    assert acting_principal(ix, ix.estate.find("i-0bare")) is None
    assert acting_principal(ix, ix.estate.resource(arn("policy", "read-logs"))) is None


def test_asking_as_an_instance_names_the_instance_it_acts_for():
    asker = asking_principal(index(*resources()), "i-0abc")
    assert (asker.principal.arn, asker.acting_for) == (arn("role", "web"), "instance/i-0abc")
    assert asking_principal(index(*resources()), "user/dev").acting_for is None


@pytest.mark.parametrize("text", ["s3:GetObject", "s3:Get*", "iam:*Policy", "ec2:Describe?nstances", "*"])
def test_an_action_may_use_wildcards_as_in_policies(text):
    assert checked_action(text) == text


@pytest.mark.parametrize("text", ["foo", "s3:", ":GetObject", "s3:Get Object", "s3:GetObject:x"])
def test_an_action_that_is_not_service_action_is_one_user_error(text):
    with pytest.raises(UserError, match="use service:Action"):
        checked_action(text)


def test_the_cli_asks_as_an_instances_role_and_says_so(snapshot, capsys):
    assert main(["can", "i-0abc", "logs:GetLogEvents", "--snapshot", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert "instance/i-0abc as role/web" in out and "ALLOW" in out
    assert main(["can", "i-0abc", "logs:GetLogEvents", "--snapshot", str(snapshot), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["principal"] == arn("role", "web")


def test_an_instance_without_a_profile_is_one_clear_line(snapshot, capsys):
    assert main(["can", "i-0bare", "s3:GetObject", "--snapshot", str(snapshot)]) == 2
    error = capsys.readouterr().err
    assert error == "awsx: error: instance/i-0bare has no instance profile, so it acts as no IAM principal\n"


def test_a_policy_is_not_someone_who_asks(snapshot, capsys):
    assert main(["can", "policy/read-logs", "s3:GetObject", "--snapshot", str(snapshot)]) == 2
    assert "makes no requests itself" in capsys.readouterr().err
