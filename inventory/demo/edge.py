"""The demo's edge and what on call watches, in the home region: a CloudFront distribution in
front of ``acme-public-assets`` and the public ALB, the public zone ``acme.example`` (``shop``
an alias of the ALB, ``cdn`` a CNAME of the distribution), the private zone ``internal.acme`` of
the home VPC, the REST API ``acme-orders-api`` and the HTTP API ``acme-orders-http`` in front of
the orders worker, the Classic Load Balancer ``acme-legacy-web`` with one app server behind it,
two CPU / 5xx alarms (one in ALARM) notifying ``prod-alerts``, and the multi-region trail
``acme-org-trail`` logging to ``acme-prod-logs``."""

from __future__ import annotations

from typing import Any

from .region import RegionSeeder
from .shapes import name_tags

ZONE, PRIVATE_ZONE = "acme.example", "internal.acme"
# The Route 53 zone id of us-east-1 ALBs' alias targets (Elastic Load Balancing endpoints).
ALB_ZONE_ID = "Z35SXDOTRQ7X7K"


def seed_edge(home: RegionSeeder) -> None:
    """Everything above, in order: what each step points at is made before it."""
    alb = home.seeder.client("elbv2", home.name).describe_load_balancers(
        Names=[f"prod-{home.short}-alb"])["LoadBalancers"][0]
    distribution = _distribution(home, alb["DNSName"])
    _zones(home, alb["DNSName"], distribution)
    _apis(home)
    _classic_load_balancer(home)
    _alarms(home, alb["LoadBalancerArn"])
    _trail(home)


def _distribution(home: RegionSeeder, alb_dns: str) -> tuple[str, str]:
    """The distribution's id and domain name."""
    origins = [{"Id": "assets", "DomainName": "acme-public-assets.s3.amazonaws.com",
                "S3OriginConfig": {"OriginAccessIdentity": ""}},
               {"Id": "shop", "DomainName": alb_dns,
                "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"}}]
    created = home.seeder.client("cloudfront", home.name).create_distribution_with_tags(DistributionConfigWithTags={
        "DistributionConfig": {
            "CallerReference": "acme-cdn", "Comment": "acme public assets and shop", "Enabled": True,
            "Aliases": {"Quantity": 1, "Items": [f"cdn.{ZONE}"]},
            "Origins": {"Quantity": len(origins), "Items": origins},
            "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "redirect-to-https",
                                     "MinTTL": 0}},
        "Tags": {"Items": name_tags("acme-cdn", **home.tags)}})["Distribution"]
    distribution = home.seeder.add("cloudfront:distribution", created["Id"], "global")
    home.seeder.edge("cloudfront:distribution", distribution, "FORWARDS_TO", "s3:bucket", "acme-public-assets")
    home.seeder.edge("cloudfront:distribution", distribution, "FORWARDS_TO", "elbv2:load-balancer",
                     f"prod-{home.short}-alb")
    return distribution, created["DomainName"]


def _change(name: str, record_type: str, **fields: Any) -> dict[str, Any]:
    return {"Action": "CREATE", "ResourceRecordSet": {"Name": name, "Type": record_type, **fields}}


def _zones(home: RegionSeeder, alb_dns: str, distribution: tuple[str, str]) -> None:
    route53, seeder = home.seeder.client("route53", home.name), home.seeder
    zone = route53.create_hosted_zone(Name=ZONE, CallerReference="acme-public")["HostedZone"]["Id"].split("/")[-1]
    private = route53.create_hosted_zone(
        Name=PRIVATE_ZONE, CallerReference="acme-internal", HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": home.name, "VPCId": home.vpc})["HostedZone"]["Id"].split("/")[-1]
    for zone_id in (zone, private):
        seeder.add("route53:hosted-zone", zone_id, "global")
        route53.change_tags_for_resource(ResourceType="hostedzone", ResourceId=zone_id,
                                         AddTags=[{"Key": k, "Value": v} for k, v in home.tags.items()])
    seeder.edge("route53:hosted-zone", private, "ASSOCIATED_WITH", "ec2:vpc", home.vpc)
    alias = {"HostedZoneId": ALB_ZONE_ID, "DNSName": f"dualstack.{alb_dns}.", "EvaluateTargetHealth": True}
    records = {("shop", "A"): _change(f"shop.{ZONE}", "A", AliasTarget=alias),
               ("cdn", "CNAME"): _change(f"cdn.{ZONE}", "CNAME", TTL=300,
                                         ResourceRecords=[{"Value": distribution[1]}])}
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": list(records.values())})
    targets = {"shop": ("elbv2:load-balancer", f"prod-{home.short}-alb"),
               "cdn": ("cloudfront:distribution", distribution[0])}
    for (label, record_type) in records:
        record = seeder.add("route53:record", f"{zone}/{label}.{ZONE}/{record_type}", "global")
        seeder.edge("route53:record", record, "MEMBER_OF_DNS_ZONE", "route53:hosted-zone", zone)
        seeder.edge("route53:record", record, "DNS_POINTS_TO", *targets[label])


def rest_api_invoking(rest: Any, name: str, region: str, function_arn: str, credentials: str | None = None,
                      **tags: str) -> str:
    """A regional REST API whose ``POST /orders`` invokes ``function_arn`` (a Lambda proxy
    integration, as the ``credentials`` role when given), deployed to the ``prod`` stage; its id."""
    api = rest.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]}, tags=tags)["id"]
    root = rest.get_resources(restApiId=api)["items"][0]["id"]
    orders = rest.create_resource(restApiId=api, parentId=root, pathPart="orders")["id"]
    rest.put_method(restApiId=api, resourceId=orders, httpMethod="POST", authorizationType="AWS_IAM")
    rest.put_integration(restApiId=api, resourceId=orders, httpMethod="POST", type="AWS_PROXY",
                         integrationHttpMethod="POST",
                         uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations",
                         **({"credentials": credentials} if credentials else {}))
    rest.create_deployment(restApiId=api, stageName="prod")
    return api


def _apis(home: RegionSeeder) -> None:
    account, function = home.seeder.account, f"prod-{home.short}-orders-worker"
    function_arn = f"arn:aws:lambda:{home.name}:{account}:function:{function}"
    api = rest_api_invoking(home.seeder.client("apigateway", home.name), "acme-orders-api", home.name, function_arn,
                            **home.tags)
    home.add("apigateway:rest-api", api)
    home.seeder.edge("apigateway:rest-api", api, "FORWARDS_TO", "lambda:function", function)
    http = home.seeder.client("apigatewayv2", home.name)
    http_api = http.create_api(Name="acme-orders-http", ProtocolType="HTTP", Tags=home.tags)["ApiId"]
    http.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=function_arn,
                            PayloadFormatVersion="2.0")
    http.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True)
    home.add("apigatewayv2:api", http_api)
    home.seeder.edge("apigatewayv2:api", http_api, "FORWARDS_TO", "lambda:function", function)


def _classic_load_balancer(home: RegionSeeder) -> None:
    """The legacy web tier nobody retired: internet-facing, HTTP 80 to one app server's 8080."""
    name, instance, group = "acme-legacy-web", home.app_instances[1], home.groups["alb-sg"]
    elb = home.seeder.client("elb", home.name)
    elb.create_load_balancer(LoadBalancerName=name, Subnets=home.public[:2], SecurityGroups=[group],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
                             Scheme="internet-facing", Tags=name_tags(name, **home.tags))
    elb.register_instances_with_load_balancer(LoadBalancerName=name, Instances=[{"InstanceId": instance}])
    home.add("elb:load-balancer", name)
    for relation, kind, target in (("TARGETS", "ec2:instance", instance), ("IN_VPC", "ec2:vpc", home.vpc),
                                   ("MEMBER_OF_SECURITY_GROUP", "ec2:security-group", group),
                                   *(("IN_SUBNET", "ec2:subnet", subnet) for subnet in home.public[:2])):
        home.seeder.edge("elb:load-balancer", name, relation, kind, target)


def _alarms(home: RegionSeeder, alb_arn: str) -> None:
    """App server a's CPU alarm is firing (set by hand: moto evaluates no metric); the ALB's
    5xx alarm is OK. Both notify the prod-alerts topic."""
    cloudwatch = home.seeder.client("cloudwatch", home.name)
    topic = f"arn:aws:sns:{home.name}:{home.seeder.account}:prod-alerts"
    common = {"Statistic": "Average", "Period": 300, "EvaluationPeriods": 3, "ComparisonOperator": "GreaterThanThreshold",
              "AlarmActions": [topic]}
    instance, balancer = home.app_instances[0], f"prod-{home.short}-alb"
    alarms = (
        (f"prod-{home.short}-app-a-cpu-high", "AWS/EC2", "CPUUtilization", "InstanceId", instance, 80,
         "ALARM", "Threshold Crossed: 3 datapoints were greater than the threshold (80.0)", "ec2:instance", instance),
        (f"prod-{home.short}-alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer",
         f"app/{balancer}/{alb_arn.rsplit('/', 1)[-1]}", 10, "OK", "Threshold Crossed: no datapoint above 10.0",
         "elbv2:load-balancer", balancer),
    )
    for name, namespace, metric, dimension, value, threshold, state, reason, kind, target in alarms:
        cloudwatch.put_metric_alarm(AlarmName=name, Namespace=namespace, MetricName=metric, Threshold=threshold,
                                    Dimensions=[{"Name": dimension, "Value": value}], **common)
        cloudwatch.set_alarm_state(AlarmName=name, StateValue=state, StateReason=reason)
        home.add("cloudwatch:alarm", name)
        home.seeder.edge("cloudwatch:alarm", name, "ASSOCIATED_WITH", kind, target)
        home.seeder.edge("cloudwatch:alarm", name, "ASSOCIATED_WITH", "sns:topic", "prod-alerts")


def _trail(home: RegionSeeder) -> None:
    trail = home.seeder.client("cloudtrail", home.name)
    trail.create_trail(Name="acme-org-trail", S3BucketName="acme-prod-logs", IsMultiRegionTrail=True,
                       EnableLogFileValidation=True, TagsList=[{"Key": k, "Value": v} for k, v in home.tags.items()])
    trail.start_logging(Name="acme-org-trail")
    home.add("cloudtrail:trail", "acme-org-trail")
    home.seeder.edge("cloudtrail:trail", "acme-org-trail", "ASSOCIATED_WITH", "s3:bucket", "acme-prod-logs")
