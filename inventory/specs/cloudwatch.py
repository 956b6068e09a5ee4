"""CloudWatch alarms (metric and composite): state and reason, the metric, and the resource
each dimension names, resolved by a declared table (dimension name -> kind, and the part of
the value that is the resource's id). Alarm actions on SNS topics are edges too; actions on
Auto Scaling policies or EC2 (``arn:aws:automate:``) are not crawled kinds and are left out.
Tags (one ListTagsForResource call per alarm) are not read."""

from awsx.core.model import Relation as R

from .base import EdgeRule, ResourceSpec, col, columns

# Dimension name -> (the kind it names, the JMESPath on the dimension giving that kind's id).
# ELBv2 dimensions are ``app/<name>/<id>`` and ``targetgroup/<name>/<id>`` (CloudWatch metrics
# for your Application Load Balancer); awsx's ids for both are the names.
WATCHED_DIMENSIONS: dict[str, tuple[str, str]] = {
    "InstanceId": ("ec2:instance", "Value"),
    "VolumeId": ("ec2:volume", "Value"),
    "NatGatewayId": ("ec2:nat-gateway", "Value"),
    "AutoScalingGroupName": ("autoscaling:group", "Value"),
    "LoadBalancerName": ("elb:load-balancer", "Value"),
    "LoadBalancer": ("elbv2:load-balancer", "split(Value, '/')[1]"),
    "TargetGroup": ("elbv2:target-group", "split(Value, '/')[1]"),
    "DBInstanceIdentifier": ("rds:db-instance", "Value"),
    "DBClusterIdentifier": ("rds:db-cluster", "Value"),
    "FunctionName": ("lambda:function", "Value"),
    "TableName": ("dynamodb:table", "Value"),
    "QueueName": ("sqs:queue", "Value"),
    "TopicName": ("sns:topic", "Value"),
    "BucketName": ("s3:bucket", "Value"),
    "FileSystemId": ("efs:file-system", "Value"),
    "ApiId": ("apigatewayv2:api", "Value"),
    "DistributionId": ("cloudfront:distribution", "Value"),
}

# A metric alarm's own dimensions and those of each metric of a metric-math alarm.
_DIMENSIONS = "[Dimensions, Metrics[].MetricStat.Metric.Dimensions[]][]"

SPECS = (
    ResourceSpec(
        kind="cloudwatch:alarm", service="cloudwatch", operation="DescribeAlarms",
        items="[MetricAlarms, CompositeAlarms][]", params={"AlarmTypes": ["MetricAlarm", "CompositeAlarm"]},
        id="AlarmName", arn="AlarmArn", name="AlarmName", tags=None, title="CloudWatch alarms",
        aliases=("alarm", "alarms", "cw"),
        columns=columns(col("State", "data.StateValue"), col("Namespace", "data.Namespace"),
                        col("Metric", "data.MetricName"), col("Reason", "data.StateReason")),
    ),
)

ENRICHMENTS = ()

EDGES = (
    *(EdgeRule("cloudwatch:alarm", R.ASSOCIATED_WITH, f"Name == '{name}' && {value}", target_kind=kind,
               each=_DIMENSIONS, attrs=("Name",))
      for name, (kind, value) in WATCHED_DIMENSIONS.items()),
    EdgeRule("cloudwatch:alarm", R.ASSOCIATED_WITH,
             "[AlarmActions, OKActions, InsufficientDataActions][] | [?contains(@, ':sns:')]", by="arn"),
)
