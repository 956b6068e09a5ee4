"""Costs of the edge and on-call kinds: Classic ELB hours and its public IPv4s, CloudWatch alarms
per alarm metric-month by resolution, composite alarms, hosted zones; CloudFront, API Gateway and
CloudTrail are usage-priced, so unknown, never $0 (costs.md §2; the pricing pages in the table)."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Resource
from awsx.cost.estimators import ESTIMATORS
from awsx.cost.relations import EstateView
from awsx.cost.table import default_table
from awsx.cost.waste import waste_report


def _estimate(kind: str, region: str = "us-east-1", **data):
    resource = Resource(arn=f"arn:aws:x:{region}:1:{kind}", kind=kind, id="r", name="r", account="1", region=region,
                        data=data)
    return ESTIMATORS[kind](resource, EstateView(Estate([resource])), default_table())


def test_an_internal_classic_load_balancer_is_its_hours():
    estimate = _estimate("elb:load-balancer", Scheme="internal", Subnets=["subnet-a", "subnet-b"])
    assert estimate.monthly == pytest.approx(730 * 0.025)
    assert "GB processed" in estimate.basis


def test_an_internet_facing_one_adds_a_public_ipv4_per_zone():
    estimate = _estimate("elb:load-balancer", Scheme="internet-facing", AvailabilityZones=["us-east-1a", "us-east-1b"])
    assert estimate.monthly == pytest.approx(730 * 0.025 + 2 * 730 * 0.005)


def test_a_standard_alarm_is_ten_cents_and_a_high_resolution_one_thirty():
    assert _estimate("cloudwatch:alarm", Period=300).monthly == pytest.approx(0.10)
    assert _estimate("cloudwatch:alarm", Period=10).monthly == pytest.approx(0.30)


def test_a_metric_math_alarm_is_billed_per_metric_it_evaluates():
    metrics = [{"Id": "e", "Expression": "a+b"},
               {"Id": "a", "MetricStat": {"Period": 60}}, {"Id": "b", "MetricStat": {"Period": 60}}]
    estimate = _estimate("cloudwatch:alarm", Metrics=metrics)
    assert estimate.monthly == pytest.approx(0.20) and "2 standard alarm metric-month" in estimate.basis


def test_a_composite_alarm_is_fifty_cents():
    assert _estimate("cloudwatch:alarm", AlarmRule='ALARM("a")').monthly == pytest.approx(0.50)


def test_a_global_hosted_zone_is_priced_at_the_us_east_1_rate_and_says_queries_are_extra():
    estimate = _estimate("route53:hosted-zone", region="global")
    assert estimate.monthly == pytest.approx(0.50) and "queries not crawled" in estimate.basis


@pytest.mark.parametrize("kind", ["cloudfront:distribution", "apigateway:rest-api", "apigatewayv2:api",
                                  "cloudtrail:trail"])
def test_usage_priced_kinds_are_unknown_never_zero(kind):
    estimate = _estimate(kind)
    assert estimate.monthly is None and "usage-priced" in estimate.basis


def _classic(name: str, *instances: str) -> Resource:
    return Resource(arn=f"arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/{name}", kind="elb:load-balancer",
                    id=name, name=name, account="1", region="us-east-1",
                    data={"Scheme": "internal", "Instances": [{"InstanceId": i} for i in instances]})


def test_a_classic_load_balancer_with_no_instance_is_waste_one_with_an_instance_is_not():
    estate = Estate([_classic("forgotten"), _classic("serving", "i-1")],
                    info=EstateInfo("memory", "2025-01-02T03:04:05+00:00"))
    findings = [f for f in waste_report(estate).findings if f.rule == "lb-without-targets"]
    assert [f.arn.rsplit("/", 1)[-1] for f in findings] == ["forgotten"]
    assert findings[0].monthly_savings == pytest.approx(730 * 0.025)
    assert "no registered instances" in findings[0].evidence
