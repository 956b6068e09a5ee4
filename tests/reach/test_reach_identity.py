"""Exposure joined with identity (issue 14 item 6): each reachable target's role and what it
can do, from the smallest estates of records (the join asks only the finding's target and
port; which targets are reachable is exposure's business, proven on the demo below)."""

from __future__ import annotations

from pathlib import Path

from iam_fixtures import ACCOUNT, allow, arn, bucket, estate, function, instance, instance_profile, role, trust

from awsx.core.model import Resource
from awsx.reach.exposure import Exposure, PortRange, exposure
from awsx.reach.identity import IdentityJoin, admin_targets, exposed_identities
from awsx.reach.verdict import Verdict
from awsx.store.snapshot import open_snapshot

DEMO = Path(__file__).resolve().parents[2] / "snapshots" / "demo.awsx"
EC2 = trust({"Service": "ec2.amazonaws.com"})


def found(target: str, kind: str = "instance", port: int = 22) -> Exposure:
    verdict = Verdict(True, None, source="internet", destination=target, port=port, sources=("0.0.0.0/0",), world=True)
    return Exposure(target, kind, "tcp", port, verdict, PortRange(port, port))


def instance_as(instance_id: str, role_name: str, *statements: dict, policies: list[str] = ()) -> list[Resource]:
    return [instance(instance_id, role_name), instance_profile(role_name, role_name),
            role(role_name, EC2, *statements, policies=policies, profiles=[role_name])]


def load_balancer(name: str, port: int, targets: list[str]) -> list[Resource]:
    lb_arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/{name}/1"
    tg_arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/{name}-tg/2"
    listener_arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:listener/app/{name}/1/3"
    common = {"account": ACCOUNT, "region": "us-east-1"}
    return [
        Resource(arn=lb_arn, kind="elbv2:load-balancer", id=name, name=name, data={"LoadBalancerArn": lb_arn}, **common),
        Resource(arn=listener_arn, kind="elbv2:listener", id="3", name="", **common,
                 data={"LoadBalancerArn": lb_arn, "Port": port, "Protocol": "HTTP",
                       "DefaultActions": [{"Type": "forward", "TargetGroupArn": tg_arn}]}),
        Resource(arn=tg_arn, kind="elbv2:target-group", id=f"{name}-tg", name=f"{name}-tg", **common,
                 data={"TargetGroupArn": tg_arn, "TargetHealthDescriptions": [{"Target": {"Id": t, "Port": 80}}
                                                                            for t in targets]}),
    ]


def test_an_exposed_instance_with_an_admin_profile_runs_as_admin() -> None:
    world = estate(*instance_as("i-0adm", "admin", allow("*")))
    [joined] = exposed_identities(world, [found("i-0adm")])
    assert joined.identity is not None and joined.identity.arn == arn("role", "admin")
    assert joined.identity.admin and joined.admin and joined.identity.via == "i-0adm"
    assert admin_targets([joined]) == ["i-0adm"]


def test_a_lambda_runs_as_its_execution_role() -> None:
    world = estate(function("worker", "worker-exec"), role("worker-exec", trust({"Service": "lambda.amazonaws.com"})))
    join = IdentityJoin(world)
    assert join.runs_as(world.find("worker")) == arn("role", "worker-exec")
    identity = join.identity(arn("role", "worker-exec"), "worker")
    assert not identity.admin and not identity.escalates_to_admin and identity.data == ()


def test_a_load_balancer_forwards_to_an_instance_whose_role_reads_a_bucket() -> None:
    world = estate(*load_balancer("web", 80, ["i-0app"]), bucket("orders"), bucket("other"),
                   *instance_as("i-0app", "app", allow("s3:GetObject", "arn:aws:s3:::orders/*")))
    [joined] = exposed_identities(world, [found("web", "load-balancer", 80)])
    assert [i.arn for i in joined.identities] == [arn("role", "app")]
    assert joined.identity.via == "i-0app" and joined.identity.data == ("arn:aws:s3:::orders",)
    assert not joined.admin
    # another port of the same load balancer forwards nowhere: nothing runs behind it
    assert exposed_identities(world, [found("web", "load-balancer", 443)])[0].identity is None


def test_a_conditional_grant_is_listed_apart_never_as_data() -> None:
    grant = allow("s3:GetObject", "arn:aws:s3:::orders/*", Condition={"Bool": {"aws:SecureTransport": "true"}})
    world = estate(bucket("orders"), *instance_as("i-0app", "app", grant))
    [joined] = exposed_identities(world, [found("i-0app")])
    assert joined.identity.data == () and joined.identity.conditional == ("arn:aws:s3:::orders",)


def test_a_role_that_can_escalate_names_its_path_to_admin() -> None:
    world = estate(*instance_as("i-0adm", "admin", allow("*")),
                   *instance_as("i-0dev", "dev", allow("iam:PassRole", arn("role", "admin")), allow("ec2:RunInstances")))
    [joined] = exposed_identities(world, [found("i-0dev")])
    identity = joined.identity
    assert not identity.admin and identity.escalates_to_admin
    assert identity.escalation[0].source == arn("role", "dev") and identity.escalation[-1].target == arn("role", "admin")
    shape = joined.to_json()["identity"]
    assert shape["escalates_to_admin"] is True and shape["escalation"][-1]["to"] == arn("role", "admin")


def test_a_target_that_runs_as_nothing_has_identity_null() -> None:
    bare = Resource(arn=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0bare", kind="ec2:instance", id="i-0bare", name="",
                    account=ACCOUNT, region="us-east-1", data={"InstanceId": "i-0bare"})
    [joined] = exposed_identities(estate(bare), [found("i-0bare")])
    assert joined.identity is None and joined.to_json()["identity"] is None and not joined.admin


def test_on_the_demo_the_use1_alb_runs_as_admin_through_app_a() -> None:
    """The demo plants one: at home, app-a runs as the admin role and sits behind the ALB."""
    demo = open_snapshot(DEMO)
    joined = exposed_identities(demo, exposure(demo))
    assert admin_targets(joined) == ["prod-use1-alb"]
    [alb] = [j for j in joined if j.exposure.target == "prod-use1-alb"]
    assert alb.identity.arn.endswith(":role/admin") and demo.find(alb.identity.via).name == "prod-use1-app-a"
    assert all(j.identity is None for j in joined if j.exposure.kind == "instance")  # the bastions have no profile


def test_cli_exposure_with_identity_json_adds_the_identity_to_each_finding(capsys) -> None:
    import json

    from awsx.cli.main import main

    assert main(["exposure", "--with-identity", "--json", "--snapshot", str(DEMO)]) == 0
    exposed = json.loads(capsys.readouterr().out)["exposed"]
    plain = [e.to_json() for e in exposure(open_snapshot(DEMO))]
    assert [{k: v for k, v in e.items() if k not in ("identity", "identities")} for e in exposed] == plain
    by_target = {e["target"]: e for e in exposed}
    admin = by_target["prod-use1-alb"]["identity"]
    assert set(admin) == {"arn", "via", "admin", "escalates_to_admin", "escalation", "data", "conditional"}
    assert admin["admin"] is True and admin["arn"].endswith(":role/admin") and "arn:aws:s3:::acme-data-eu" in admin["data"]
    assert all(e["identity"] is None for e in exposed if e["kind"] == "instance")


def test_cli_exposure_with_identity_table_has_a_runs_as_column(capsys) -> None:
    from awsx.cli.main import main

    assert main(["exposure", "--with-identity", "--snapshot", str(DEMO)]) == 0
    table = capsys.readouterr().out
    assert "Runs as" in table and "role/admin" in table and ": admin" in table
