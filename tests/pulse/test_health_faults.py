"""Pulse faults on call looks at first: alarms in ALARM, unhealthy load balancer targets, and
accounts with no multi-region CloudTrail trail that is logging (an account-level finding)."""

from __future__ import annotations

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Marker, MarkerStatus, Resource
from awsx.pulse.faults import pulse_faults
from awsx.pulse.summary import pulse
from awsx.pulse.xray import resource_mark

PROD, STAGING = "111111111111", "222222222222"


def _resource(kind: str, resource_id: str, account: str = PROD, **data) -> Resource:
    return Resource(arn=f"arn:aws:{kind.split(':')[0]}:us-east-1:{account}:{resource_id}", kind=kind, id=resource_id,
                    name=resource_id, account=account, region="us-east-1", data=data)


def _trail(name: str, account: str = PROD, multi_region: bool = True, logging: bool = True) -> Resource:
    return _resource("cloudtrail:trail", name, account, IsMultiRegionTrail=multi_region,
                     Status={"IsLogging": logging})


READ_TRAILS = {"kinds_read": ["cloudtrail:trail"]}  # the crawl asked for trails (and found what it found)


def _faults(*resources: Resource, markers=(), accounts=(PROD,), extra=READ_TRAILS):
    estate = Estate(resources, markers=markers, info=EstateInfo("memory", "", accounts=accounts, extra=extra))
    return {f.name: f for f in pulse_faults(estate)}


def test_only_alarms_in_alarm_are_faults_not_ok_or_insufficient_data():
    faults = _faults(*(_resource("cloudwatch:alarm", state.lower(), StateValue=state)
                       for state in ("ALARM", "OK", "INSUFFICIENT_DATA")))
    assert [arn.rsplit(":", 1)[-1] for arn in faults["alarms-in-alarm"].arns] == ["alarm"]


def test_a_target_group_with_one_unhealthy_target_is_a_fault_draining_is_not():
    def group(name, *states):
        return _resource("elbv2:target-group", name, TargetHealthDescriptions=[
            {"Target": {"Id": f"i-{n}"}, "TargetHealth": {"State": state}} for n, state in enumerate(states)])
    faults = _faults(group("web", "healthy", "unhealthy"), group("api", "healthy", "draining", "unused"))
    assert faults["unhealthy-target-groups"].count == 1 and faults["unhealthy-target-groups"].arns[0].endswith(":web")


def test_a_classic_load_balancer_with_an_instance_out_of_service_is_a_fault():
    faults = _faults(_resource("elb:load-balancer", "legacy", InstanceStates=[{"State": "InService"},
                                                                              {"State": "OutOfService"}]),
                     _resource("elb:load-balancer", "fine", InstanceStates=[{"State": "InService"}]))
    assert [a.rsplit(":", 1)[-1] for a in faults["out-of-service-classic-lbs"].arns] == ["legacy"]


def test_an_account_without_any_trail_is_named_though_no_resource_is():
    fault = _faults(_resource("ec2:vpc", "vpc-1"))["accounts-without-trail"]
    assert (fault.count, fault.accounts, fault.arns) == (1, (PROD,), ())
    assert fault.to_json()["accounts"] == [PROD]


def test_no_trail_in_an_estate_whose_crawl_did_not_ask_for_trails_is_unknown_not_a_finding():
    """A snapshot from before awsx crawled CloudTrail holds no trail because none was asked for."""
    assert "accounts-without-trail" not in _faults(_resource("ec2:vpc", "vpc-1"), extra={})


def test_single_region_or_stopped_trails_do_not_count_and_are_listed_as_the_evidence():
    single, stopped = _trail("single", multi_region=False), _trail("stopped", logging=False)
    fault = _faults(single, stopped)["accounts-without-trail"]
    assert fault.accounts == (PROD,) and fault.arns == (single.arn, stopped.arn)


def test_a_logging_multi_region_trail_covers_its_own_account_only():
    fault = _faults(_trail("org"), _trail("old", STAGING, logging=False), accounts=(PROD, STAGING))[
        "accounts-without-trail"]
    assert fault.accounts == (STAGING,) and fault.count == 1


def test_an_account_whose_cloudtrail_reads_failed_is_unknown_not_a_finding():
    denied = Marker(PROD, "us-east-1", "cloudtrail", "DescribeTrails", MarkerStatus.DENIED, "AccessDenied")
    assert "accounts-without-trail" not in _faults(markers=(denied,))  # nothing found, no trail held: no line


def test_resource_rules_keep_no_accounts_in_their_json():
    assert "accounts" not in _faults(_resource("cloudwatch:alarm", "ok", StateValue="OK"))["alarms-in-alarm"].to_json()


def test_the_dashboard_summary_counts_the_account_finding_like_any_other():
    estate = Estate([_trail("single", multi_region=False)], info=EstateInfo("memory", "", accounts=(PROD,)))
    (line,) = [f for f in pulse(estate).to_json()["faults"] if f["name"] == "accounts-without-trail"]
    assert line["accounts"] == [PROD]
    assert resource_mark(estate, estate.resource(line["arns"][0])) == ("warn", "accounts-without-trail")


def test_the_dashboard_and_the_cli_list_zeros_only_for_kinds_the_estate_holds():
    estate = Estate([_resource("cloudwatch:alarm", "fine", StateValue="OK")],
                    info=EstateInfo("memory", "", accounts=(PROD,), extra=READ_TRAILS))
    listed = {f.name for f in pulse_faults(estate)}
    assert listed == {f["name"] for f in pulse(estate).to_json()["faults"]}  # awsx pulse --json says the same
    assert "alarms-in-alarm" in listed  # a zero about alarms that were read
    assert "unhealthy-target-groups" not in listed  # no target group to check
    assert "accounts-without-trail" in listed  # found something, though no trail is held
