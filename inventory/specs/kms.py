"""KMS: customer and AWS managed keys with their metadata and the key policy (a key policy
must itself allow a principal, even in the same account: iam.md §1.4). Never a data key,
never a decrypt."""

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="kms:key", service="kms", operation="ListKeys", items="Keys", id="KeyId", arn="KeyArn", tags=None,
        title="KMS keys", aliases=("kms", "key"),
        columns=columns(col("State", "data.KeyMetadata.KeyState"), col("Manager", "data.KeyMetadata.KeyManager"),
                        col("Usage", "data.KeyMetadata.KeyUsage")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="kms:key", service="kms", operation="DescribeKey", params={"KeyId": "@id"},
        into="KeyMetadata", result="KeyMetadata",
    ),
    Enrichment(
        # "default" is the only key policy name KMS has.
        kind="kms:key", service="kms", operation="GetKeyPolicy", params={"KeyId": "@id"},
        static_params={"PolicyName": "default"}, into="Policy", result="Policy", parse_json=True,
    ),
)

EDGES: tuple[EdgeRule, ...] = ()
