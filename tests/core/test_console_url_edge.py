"""The console pages of CloudFront, Route 53, API Gateway, Classic ELB, alarms and trails."""

from __future__ import annotations

from records import record

from awsx.core.console_url import console_url


def _resource(kind: str, resource_id: str, region: str = "eu-west-1", arn: str = ""):
    return record(kind, resource_id, region=region, arn=arn or f"arn:aws:x:{region}:1:{resource_id}")


def test_a_global_distribution_opens_in_the_us_east_1_console():
    assert console_url(_resource("cloudfront:distribution", "E2ABC", "global")) == (
        "https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/E2ABC")


def test_a_record_opens_its_zones_record_list():
    zone = "https://us-east-1.console.aws.amazon.com/route53/v2/hostedzones#ListRecordSets/Z0ABC"
    assert console_url(_resource("route53:hosted-zone", "Z0ABC", "global")) == zone
    assert console_url(_resource("route53:record", "Z0ABC/shop.acme.example/A", "global")) == zone


def test_an_alarm_name_and_a_trail_arn_are_escaped_in_the_link():
    alarm = console_url(_resource("cloudwatch:alarm", "cpu high/app"))
    assert alarm == "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/cpu%20high%2Fapp"
    trail = console_url(_resource("cloudtrail:trail", "org", arn="arn:aws:cloudtrail:eu-west-1:1:trail/org"))
    assert trail.endswith("#/trails/arn%3Aaws%3Acloudtrail%3Aeu-west-1%3A1%3Atrail%2Forg")


def test_apis_and_classic_load_balancers_open_their_own_pages():
    assert console_url(_resource("apigateway:rest-api", "a1b2")) == (
        "https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/a1b2/resources?api=a1b2&region=eu-west-1")
    assert console_url(_resource("apigatewayv2:api", "h1")).endswith("api-detail?api=h1&region=eu-west-1")
    assert console_url(_resource("elb:load-balancer", "legacy")).endswith("#LoadBalancers:search=legacy")
