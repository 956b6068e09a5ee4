"""A verb that reads only its engine's kinds of a snapshot still answers as the whole estate
would (cli/estate.answer_on): a name the loaded kinds lack, or a resource of a kind left out, is
asked again of the whole estate, so the answer and the error are the same as before."""

from __future__ import annotations

import json

from engine_kinds import DEMO

from awsx.cli.main import main
from awsx.iam.kinds import IAM_KINDS
from awsx.iam.principals import IamIndex
from awsx.iam.whocan import who_can
from awsx.store.snapshot import open_snapshot


def test_reach_naming_what_no_network_kind_holds_says_what_the_whole_estate_says(capsys):
    assert main(["reach", "admin", "prod-use1-app-a", "--port", "443", "--snapshot", str(DEMO)]) == 2
    assert capsys.readouterr().err == ("awsx: error: 'admin' is ambiguous; use an ARN: "
                                       "arn:aws:iam::123456789012:instance-profile/admin, "
                                       "arn:aws:iam::123456789012:role/admin\n")


def _who_can(capsys, resource: str) -> dict:
    assert main(["who-can", "ec2:DeleteVolume", resource, "--snapshot", str(DEMO), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_who_can_on_a_resource_of_a_kind_iam_does_not_read_answers_as_the_whole_estate(capsys, monkeypatch):
    loads = []
    monkeypatch.setattr("awsx.cli.estate.open_snapshot", lambda path, kinds=None: loads.append(kinds) or
                        open_snapshot(path, kinds))
    full = open_snapshot(DEMO)
    volume = next(full.resources("ec2:volume"))
    assert "ec2:volume" not in IAM_KINDS
    expected = who_can(IamIndex(full), "ec2:DeleteVolume", volume.arn).to_json()
    assert _who_can(capsys, volume.arn) == expected
    assert loads == [IAM_KINDS, None]  # the IAM kinds first, then the whole estate, which holds it
    assert _who_can(capsys, volume.id) == expected  # by id: only the whole estate can resolve it
    assert loads == [IAM_KINDS, None, None]


def test_who_can_on_an_object_of_a_loaded_bucket_reads_the_iam_kinds_alone(capsys, monkeypatch):
    loads = []
    monkeypatch.setattr("awsx.cli.estate.open_snapshot", lambda path, kinds=None: loads.append(kinds) or
                        open_snapshot(path, kinds))
    assert main(["who-can", "s3:GetObject", "arn:aws:s3:::acme-public-assets/index.html", "--snapshot", str(DEMO),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["principals"][0]["arn"] == "*"
    assert loads == [IAM_KINDS]
