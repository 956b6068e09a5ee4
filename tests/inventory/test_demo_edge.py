"""The demo's edge, as crawled: names lead to what answers them, one alarm fires, one trail logs.
Resources are picked by their demo names: other tests seed the same moto server."""

from __future__ import annotations

from awsx.core.model import Relation


def _pointed_at(estate, record_name):
    (record,) = [r for r in estate.resources("route53:record") if r.name == record_name]
    return {(estate.resource(e.target).kind, estate.resource(e.target).id)
            for e in estate.edges() if e.source == record.arn and e.relation is Relation.DNS_POINTS_TO}


def test_shop_is_the_public_alb_and_cdn_is_the_distribution_in_front_of_the_assets(demo_estate):
    (distribution,) = [d for d in demo_estate.resources("cloudfront:distribution") if d.name == "acme-cdn"]
    assert _pointed_at(demo_estate, "shop.acme.example") == {("elbv2:load-balancer", "prod-use1-alb")}
    assert _pointed_at(demo_estate, "cdn.acme.example") == {("cloudfront:distribution", distribution.id)}
    origins = {demo_estate.resource(e.target).id for e in demo_estate.edges() if e.source == distribution.arn}
    assert origins == {"acme-public-assets", "prod-use1-alb"}


def test_the_private_zone_belongs_to_the_home_vpc(demo_estate):
    (private,) = [z for z in demo_estate.resources("route53:hosted-zone") if z.name == "internal.acme"]
    (vpc,) = [demo_estate.resource(e.target) for e in demo_estate.edges() if e.source == private.arn]
    assert vpc.kind == "ec2:vpc" and vpc.region == "us-east-1" and vpc.data["CidrBlock"] == "10.10.0.0/16"


def test_one_alarm_fires_on_an_app_server_and_one_is_ok(demo_estate):
    states = {a.id: a.data["StateValue"] for a in demo_estate.resources("cloudwatch:alarm")
              if a.id.startswith("prod-use1-")}
    assert states == {"prod-use1-app-a-cpu-high": "ALARM", "prod-use1-alb-5xx": "OK"}


def test_the_trail_is_multi_region_logging_to_the_logs_bucket(demo_estate):
    (trail,) = [t for t in demo_estate.resources("cloudtrail:trail") if t.id == "acme-org-trail"]
    assert trail.data["IsMultiRegionTrail"] and trail.data["Status"]["IsLogging"]
    assert trail.data["S3BucketName"] == "acme-prod-logs"
