"""CloudTrail trails listed in their home region (``includeShadowTrails=False``, so a
multi-region trail is one resource), whether each is logging (GetTrailStatus), and where it
writes: its S3 bucket, KMS key and SNS topic."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="cloudtrail:trail", service="cloudtrail", operation="DescribeTrails", items="trailList",
        params={"includeShadowTrails": False}, id="Name", arn="TrailARN", name="Name", tags=None,
        title="CloudTrail trails", aliases=("trail", "ct"),
        columns=columns(col("Multi-region", "data.IsMultiRegionTrail"), col("Logging", "data.Status.IsLogging"),
                        col("Organization", "data.IsOrganizationTrail"), col("Bucket", "data.S3BucketName"),
                        col("Log group", "data.CloudWatchLogsLogGroupArn")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="cloudtrail:trail", service="cloudtrail", operation="ListTags",
               params={"ResourceIdList": "[@arn]"}, into="Tags", result="TagsList", tags=True, batch=20,
               batch_items="ResourceTagList", batch_key="ResourceId"),
    Enrichment(kind="cloudtrail:trail", service="cloudtrail", operation="GetTrailStatus", params={"Name": "@arn"},
               into="Status"),
)

EDGES = (
    EdgeRule("cloudtrail:trail", R.ASSOCIATED_WITH, "S3BucketName", target_kind="s3:bucket"),
    EdgeRule("cloudtrail:trail", R.ASSOCIATED_WITH, "KmsKeyId", by="arn"),
    EdgeRule("cloudtrail:trail", R.ASSOCIATED_WITH, "SnsTopicARN", by="arn"),
    # CloudTrail assumes this role to write to its CloudWatch Logs log group.
    EdgeRule("cloudtrail:trail", R.HAS_ROLE, "CloudWatchLogsRoleArn", by="arn"),
)
