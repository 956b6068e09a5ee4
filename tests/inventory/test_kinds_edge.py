"""CloudFront, Route 53, API Gateway, Classic ELB, CloudWatch alarms and CloudTrail, crawled
from the smallest moto estate that shows each spec and its edges (tests/fixtures/edge_probe.py)."""

from __future__ import annotations

import pytest
from edge_probe import BUCKET, PRIVATE_ZONE, ZONE, probe_elsewhere

from awsx.core.model import Relation
from awsx.inventory.normalize import dns_name, inner_arn
from awsx.inventory.readonly import is_allowed, minimal_policy


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    return probe_elsewhere(tmp_path_factory.mktemp("edge") / "probe.awsx")


def _one(estate, kind, name):
    (found,) = [r for r in estate.resources(kind) if r.name == name or r.id == name]
    return found


def _targets(estate, resource, relation):
    return {(estate.resource(e.target).kind, estate.resource(e.target).id)
            for e in estate.edges() if e.source == resource.arn and e.relation is relation}


def _record(estate, name, record_type):
    return _one(estate, "route53:record", f"{_zone(estate).id}/{name}/{record_type}")


def _zone(estate):
    return _one(estate, "route53:hosted-zone", ZONE)


def test_a_distribution_forwards_to_the_bucket_and_the_load_balancer_its_origins_name(probe):
    estate = probe.estate
    distribution = _one(estate, "cloudfront:distribution", probe.ids["distribution"])
    assert distribution.region == "global" and distribution.name == f"cdn.{ZONE}"
    assert distribution.data["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert _targets(estate, distribution, Relation.FORWARDS_TO) == {("s3:bucket", BUCKET),
                                                                    ("elbv2:load-balancer", "edge-probe-alb")}
    origins = {e.attrs["Id"] for e in estate.edges() if e.source == distribution.arn}
    assert origins == {"assets", "app"}


def test_a_private_zone_is_associated_with_its_vpc_and_a_public_one_with_none(probe):
    estate = probe.estate
    private = _one(estate, "route53:hosted-zone", PRIVATE_ZONE)
    assert private.data["Config"]["PrivateZone"] is True
    assert _targets(estate, private, Relation.ASSOCIATED_WITH) == {("ec2:vpc", probe.ids["vpc"])}
    assert _targets(estate, _zone(estate), Relation.ASSOCIATED_WITH) == set()


def test_records_are_named_by_zone_name_and_type_and_belong_to_their_zone(probe):
    estate = probe.estate
    shop = _record(estate, f"shop.{ZONE}", "A")
    assert shop.name == f"shop.{ZONE}" and shop.region == "global"
    assert _targets(estate, shop, Relation.MEMBER_OF_DNS_ZONE) == {("route53:hosted-zone", probe.ids["zone"])}


def test_an_alias_written_dualstack_upper_case_with_a_dot_points_to_the_load_balancer(probe):
    estate = probe.estate
    shop = _record(estate, f"shop.{ZONE}", "A")
    assert shop.data["AliasTarget"]["DNSName"].startswith("dualstack.")
    assert _targets(estate, shop, Relation.DNS_POINTS_TO) == {("elbv2:load-balancer", "edge-probe-alb")}


def test_cname_values_point_to_the_distribution_and_the_classic_load_balancer(probe):
    estate = probe.estate
    cdn = _record(estate, f"cdn.{ZONE}", "CNAME")
    legacy = _record(estate, f"legacy.{ZONE}", "CNAME")
    assert _targets(estate, cdn, Relation.DNS_POINTS_TO) == {("cloudfront:distribution", probe.ids["distribution"])}
    assert _targets(estate, legacy, Relation.DNS_POINTS_TO) == {("elb:load-balancer", "edge-probe-clb")}


def test_a_cname_to_an_http_apis_endpoint_points_to_the_api(probe):
    estate = probe.estate
    api = _record(estate, f"api.{ZONE}", "CNAME")
    assert _targets(estate, api, Relation.DNS_POINTS_TO) == {("apigatewayv2:api", probe.ids["http_api"])}


def test_an_s3_website_alias_points_to_the_bucket_named_as_the_record(probe):
    estate = probe.estate
    website = _record(estate, BUCKET, "A")
    assert _targets(estate, website, Relation.DNS_POINTS_TO) == {("s3:bucket", BUCKET)}
    assert not [d for d in estate.dangling if d.source == website.arn]


def test_a_cname_outside_aws_points_at_nothing_and_is_not_a_missing_resource(probe):
    estate = probe.estate
    helpdesk = _record(estate, f"help.{ZONE}", "CNAME")
    assert _targets(estate, helpdesk, Relation.DNS_POINTS_TO) == set()
    assert not [d for d in estate.dangling if d.source == helpdesk.arn]


def test_a_rest_api_forwards_to_the_lambda_its_method_integration_invokes(probe):
    estate = probe.estate
    api = _one(estate, "apigateway:rest-api", "edge-probe-rest")
    assert api.data["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert [stage["stageName"] for stage in api.data["Stages"]] == ["prod"]
    assert _targets(estate, api, Relation.FORWARDS_TO) == {("lambda:function", "edge-probe-fn")}
    assert _targets(estate, api, Relation.HAS_ROLE) == {("iam:role", "edge-probe-fn-role")}


def test_an_http_api_forwards_to_its_lambda_and_its_vpc_link_listener(probe):
    estate = probe.estate
    api = _one(estate, "apigatewayv2:api", "edge-probe-http")
    targets = _targets(estate, api, Relation.FORWARDS_TO)
    assert ("lambda:function", "edge-probe-fn") in targets
    assert ("elbv2:listener", probe.ids["listener"]) in targets
    assert _targets(estate, api, Relation.HAS_ROLE) == {("iam:role", "edge-probe-fn-role")}


def test_a_classic_load_balancer_holds_listeners_instances_health_and_placement(probe):
    estate = probe.estate
    clb = _one(estate, "elb:load-balancer", "edge-probe-clb")
    assert clb.data["Scheme"] == "internet-facing" and clb.tags == {"team": "edge"}
    assert clb.data["ListenerDescriptions"][0]["Listener"]["LoadBalancerPort"] == 80
    assert [s["InstanceId"] for s in clb.data["InstanceStates"]] == [probe.ids["instance"]]
    assert _targets(estate, clb, Relation.TARGETS) == {("ec2:instance", probe.ids["instance"])}
    assert _targets(estate, clb, Relation.IN_VPC) == {("ec2:vpc", probe.ids["vpc"])}
    assert _targets(estate, clb, Relation.IN_SUBNET) == {("ec2:subnet", probe.ids["subnets"][0])}
    assert _targets(estate, clb, Relation.MEMBER_OF_SECURITY_GROUP) == {("ec2:security-group", probe.ids["sg"])}


def test_an_alarm_is_associated_with_the_resource_its_dimension_names_and_its_topic(probe):
    estate = probe.estate
    cpu = _one(estate, "cloudwatch:alarm", "edge-probe-cpu")
    assert (cpu.data["StateValue"], cpu.data["StateReason"]) == ("ALARM", "Threshold Crossed")
    assert _targets(estate, cpu, Relation.ASSOCIATED_WITH) == {("ec2:instance", probe.ids["instance"]),
                                                               ("sns:topic", "edge-probe-topic")}
    assert not [d for d in estate.dangling if d.source == cpu.arn]  # the EC2 reboot action is no resource


def test_an_alarm_on_an_alb_dimension_resolves_app_name_id_to_the_load_balancer(probe):
    estate = probe.estate
    errors = _one(estate, "cloudwatch:alarm", "edge-probe-5xx")
    assert _targets(estate, errors, Relation.ASSOCIATED_WITH) == {("elbv2:load-balancer", "edge-probe-alb")}
    (edge,) = [e for e in estate.edges() if e.source == errors.arn]
    assert edge.attrs == {"Name": "LoadBalancer"}


def test_a_trail_says_it_is_multi_region_and_logging_and_where_it_writes(probe):
    estate = probe.estate
    trail = _one(estate, "cloudtrail:trail", "edge-probe-trail")
    assert trail.data["IsMultiRegionTrail"] is True and trail.data["Status"]["IsLogging"] is True
    assert trail.tags == {"team": "edge"}
    assert _targets(estate, trail, Relation.ASSOCIATED_WITH) == {("s3:bucket", BUCKET),
                                                                 ("sns:topic", "edge-probe-topic")}
    assert _targets(estate, trail, Relation.HAS_ROLE) == {("iam:role", "edge-probe-fn-role")}


def test_the_crawl_left_no_marker(probe):
    assert probe.estate.markers == ()


def test_dns_names_compare_without_case_trailing_dot_or_dualstack():
    assert dns_name("dualstack.My-LB-1.us-east-1.ELB.amazonaws.com.") == "my-lb-1.us-east-1.elb.amazonaws.com"


def test_an_integration_uri_names_the_function_it_invokes_and_a_url_names_nothing():
    function = "arn:aws:lambda:us-east-1:123456789012:function:orders"
    assert inner_arn(f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations") == function
    assert inner_arn(function) == function
    assert inner_arn("arn:aws:apigateway:us-east-1:s3:path/bucket/key") is None
    assert inner_arn("https://example.com/orders") is None


@pytest.mark.parametrize("service, operation", [
    ("cloudfront", "ListDistributions"), ("route53", "ListResourceRecordSets"), ("apigateway", "GetResources"),
    ("apigatewayv2", "GetIntegrations"), ("elb", "DescribeInstanceHealth"), ("cloudwatch", "DescribeAlarms"),
    ("cloudtrail", "GetTrailStatus")])
def test_the_new_reads_are_allowed_and_in_the_minimal_policy(service, operation):
    assert is_allowed(service, operation)
    actions = minimal_policy()["Statement"][0]["Action"]
    prefix = {"elb": "elasticloadbalancing", "apigatewayv2": "apigateway"}.get(service, service)
    assert any(action.startswith(f"{prefix}:") for action in actions)


@pytest.mark.parametrize("service, operation", [
    ("cloudfront", "CreateDistribution"), ("route53", "ChangeResourceRecordSets"), ("apigateway", "PutIntegration"),
    ("elb", "RegisterInstancesWithLoadBalancer"), ("cloudwatch", "SetAlarmState"), ("cloudtrail", "StopLogging")])
def test_their_writes_are_refused(service, operation):
    assert not is_allowed(service, operation)


def test_api_gateway_reads_need_only_apigateway_get():
    actions = minimal_policy()["Statement"][0]["Action"]
    assert [a for a in actions if a.startswith("apigateway:")] == ["apigateway:GET"]
