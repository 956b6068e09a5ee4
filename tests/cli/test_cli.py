"""The non-interactive verbs, as a user runs them: offline on a snapshot, no credentials."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from session_options import offline_env

from awsx.cli.main import main
from awsx.store.snapshot import open_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"


def awsx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awsx.cli", *args], capture_output=True, text=True,
                          env=offline_env(), timeout=120)


def test_ls_network_interfaces_offline_matches_what_was_seeded(demo_snapshot, seeded):
    result = awsx("ls", "ec2:network-interface", "--snapshot", str(demo_snapshot), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "ec2:network-interface"
    assert document["count"] == len(document["resources"])
    assert seeded.ids("ec2:network-interface") <= {r["id"] for r in document["resources"]}


def test_ls_accepts_aliases_and_prints_a_table(demo_snapshot):
    result = awsx("ls", "sg", "--snapshot", str(demo_snapshot))
    assert result.returncode == 0
    assert "Security groups" in result.stdout and "alb-sg" in result.stdout


def test_ls_without_kind_counts_every_kind(demo_snapshot, demo_estate):
    document = json.loads(awsx("ls", "--snapshot", str(demo_snapshot), "--json").stdout)
    assert document["counts"] == dict(sorted(demo_estate.kind_counts().items()))


def test_show_gives_relations_both_ways(demo_snapshot, demo_estate):
    vpc = next(v for v in demo_estate.resources("ec2:vpc") if v.data.get("CidrBlock") == "10.10.0.0/16")
    document = json.loads(awsx("show", vpc.id, "--snapshot", str(demo_snapshot), "--json").stdout)
    assert document["resource"]["arn"] == vpc.arn
    assert any(edge["relation"] == "IN_VPC" for edge in document["in"])


@pytest.mark.parametrize(("args", "message"), [
    (("ls", "no-such-kind"), "unknown kind"),
    (("ls", ""), "unknown kind ''"),
    (("show", "vpc-doesnotexist"), "no resource matches"),
])
def test_unknown_input_is_one_line_exit_2(demo_snapshot, args, message):
    result = awsx(*args, "--snapshot", str(demo_snapshot))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_no_credentials_is_a_clear_error_not_a_traceback():
    result = awsx("ls", "vpc", "--no-cache", "--quiet")
    assert result.returncode == 1
    assert "no AWS credentials" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("argv", "verb", "what"), [
    (["nope"], "awsx", "invalid choice: 'nope'"),
    (["reach", "internet"], "awsx reach", "the following arguments are required: DST, --port"),
    (["cost", "--top", "many"], "awsx cost", "argument --top: invalid int value: 'many'"),
    (["ls", "--colour"], "awsx ls", "unrecognized arguments: --colour"),
])
def test_a_usage_error_is_exactly_one_line_naming_the_verbs_help(argv, verb, what, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    error = capsys.readouterr().err
    assert exited.value.code == 2
    assert error.count("\n") == 1 and error.startswith("awsx: error: ") and error.endswith(f" ({verb} --help)\n")
    assert what in error


def regions_of(document: dict) -> set[str]:
    return {r["region"] for r in document["resources"]}


def test_regions_narrow_a_snapshot_for_every_verb_and_keep_the_global_resources(capsys):
    def answer(*argv: str) -> dict:
        assert main([*argv, "--snapshot", str(DEMO), "--regions", "eu-west-1", "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    everything = open_snapshot(DEMO)
    assert regions_of(answer("ls", "ec2:instance")) == {"eu-west-1"}
    assert answer("ls", "iam:role")["count"] == sum(1 for _ in everything.resources("iam:role"))
    assert {g["key"] for g in answer("cost", "--by", "region")["groups"]} <= {"eu-west-1", "global"}
    here = {name for r in everything.resources() if r.region == "eu-west-1" for name in (r.id, r.name)}
    exposed = {e["target"] for e in answer("exposure")["exposed"]}
    assert exposed and exposed <= here
    places = {place.split("/", 1)[1] for counts in answer("pulse")["counts"].values() for place in counts}
    assert places == {"eu-west-1", "global"}
    us_instance = next(r for r in everything.resources("ec2:instance") if r.region == "us-east-1")
    assert main(["show", us_instance.id, "--snapshot", str(DEMO), "--regions", "eu-west-1"]) == 2
    assert "no resource matches" in capsys.readouterr().err


def test_the_tui_opens_on_the_snapshot_narrowed_to_the_regions(monkeypatch):
    opened = []
    monkeypatch.setattr("awsx.tui.app.run_tui", lambda estate, **_: opened.append(estate))
    assert main(["--snapshot", str(DEMO), "--regions", "eu-west-1"]) == 0
    [estate] = opened
    assert {r.region for r in estate.resources()} == {"eu-west-1", "global"}
    assert estate.info.regions == ("eu-west-1",)


def test_a_region_the_snapshot_does_not_hold_is_one_line(capsys):
    assert main(["ls", "--snapshot", str(DEMO), "--regions", "eu-west-1,mars-north-1"]) == 2
    assert capsys.readouterr().err == (f"awsx: error: --regions: {DEMO} holds no region mars-north-1 "
                                       "(it holds ap-southeast-1, eu-west-1, us-east-1)\n")


def test_the_verb_table_and_an_offline_verb_load_no_aws_sdk():
    # Only the handlers that ask AWS (a live load, prices refresh, the demo) import boto.
    probe = ("import sys; from awsx.cli.main import main; main(['ls', '--snapshot', sys.argv[1], '--json']); "
             "print(sorted(m for m in ('boto3', 'botocore', 'aioboto3', 'awsx.inventory.crawler') if m in sys.modules),"
             " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(DEMO)], capture_output=True, text=True,
                          env=offline_env(), timeout=120)
    assert done.returncode == 0 and done.stderr == "[]\n", done.stderr


@pytest.mark.parametrize("argv, absent", [
    (["--version"], ("rich", "networkx", "textual", "awsx.reach", "awsx.iam", "awsx.store")),
    (["--help"], ("rich", "networkx", "textual", "awsx.reach", "awsx.iam")),
    (["reach", "prod-use1-alb", "prod-use1-app-a", "--port", "443", "--snapshot", str(DEMO)],
     ("textual", "awsx.iam", "awsx.cost", "awsx.diff", "awsx.pulse")),
], ids=["version", "help", "reach"])
def test_a_verb_imports_only_what_it_needs(argv, absent):
    """The verb table names modules; only the verb that runs is imported (issue 18: a CLI that
    answers at once), so ``awsx --version`` loads no engine and ``reach`` no IAM or Textual."""
    probe = ("import sys\nfrom awsx.cli.main import main\ntry:\n    main(sys.argv[2:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.argv[1].split(',') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, ",".join(absent), *argv], capture_output=True, text=True,
                          env=offline_env(), timeout=120)
    assert done.stderr.splitlines()[-1] == "[]", done.stderr


def _demo_group(name: str, region: str = "us-east-1"):
    return next(r for r in open_snapshot(DEMO).resources("ec2:security-group") if r.name == name and r.region == region)


def test_show_a_security_group_prints_its_rules_with_the_prefix_lists_name(capsys):
    """Issue 14: the rules as a table above the record, the referenced prefix list named."""
    bastion = _demo_group("bastion-sg")
    prefix_list = bastion.data["IpPermissions"][0]["PrefixListIds"][0]["PrefixListId"]
    assert main(["show", bastion.id, "--snapshot", str(DEMO)]) == 0
    out = capsys.readouterr().out
    table = out[out.index("Rules"):out.index("{")]
    assert "peer name" in table and "description" in table
    line = next(row for row in table.splitlines() if prefix_list in row)
    assert line.split() == ["ingress", "tcp", "22", prefix_list, "office-cidrs"]


def test_show_json_carries_the_rules_only_for_kinds_that_have_them(capsys):
    app = _demo_group("app-sg")
    alb = next(p["UserIdGroupPairs"][0]["GroupId"] for p in app.data["IpPermissions"] if p["UserIdGroupPairs"])
    assert main(["show", app.id, "--snapshot", str(DEMO), "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    assert {"direction": "ingress", "protocol": "tcp", "ports": "80", "peer": alb, "peer_name": "alb-sg",
            "description": ""} in rules
    vpc = next(open_snapshot(DEMO).resources("ec2:vpc"))
    assert main(["show", vpc.id, "--snapshot", str(DEMO), "--json"]) == 0
    assert "rules" not in json.loads(capsys.readouterr().out)
