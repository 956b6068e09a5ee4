"""S3: the bucket list (global), then per bucket its region, policy, public access block and
tags. Object listings and object contents are never read."""

from .base import Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="s3:bucket", service="s3", operation="ListBuckets", items="Buckets", id="Name", name="Name",
        arn_template="arn:{partition}:s3:::{id}", tags=None, scope="global", title="S3 buckets",
        aliases=("s3", "bucket"),
        columns=columns(col("Created", "data.CreationDate"), col("Policy status", "data.PolicyStatus.IsPublic")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketLocation", params={"Bucket": "@id"},
        into="LocationConstraint", result="LocationConstraint", sets_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketPolicy", params={"Bucket": "@id"},
        into="Policy", result="Policy", absent=("NoSuchBucketPolicy",), in_record_region=True, parse_json=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketPolicyStatus", params={"Bucket": "@id"},
        into="PolicyStatus", result="PolicyStatus", absent=("NoSuchBucketPolicy",), in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetPublicAccessBlock", params={"Bucket": "@id"},
        into="PublicAccessBlock", result="PublicAccessBlockConfiguration",
        absent=("NoSuchPublicAccessBlockConfiguration",), in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketTagging", params={"Bucket": "@id"},
        into="Tags", result="TagSet", absent=("NoSuchTagSet",), absent_value=[], in_record_region=True, tags=True,
    ),
)

EDGES = ()
