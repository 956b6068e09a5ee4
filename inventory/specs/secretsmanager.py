"""Secrets Manager: secret metadata only. ListSecrets already carries rotation (enabled,
rules, last rotated), last accessed, the KMS key and tags; GetResourcePolicy adds the resource
policy the IAM engine reads from ``data.Policy``. The value is never read: GetSecretValue and
BatchGetSecretValue are refused by the read-only guard whatever the specs say."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="secretsmanager:secret", service="secretsmanager", operation="ListSecrets", items="SecretList",
        id="Name", arn="ARN", name="Name", title="Secrets Manager secrets", aliases=("secret", "secrets"),
        columns=columns(col("Rotation", "data.RotationEnabled"), col("Last rotated", "data.LastRotatedDate"),
                        col("Last accessed", "data.LastAccessedDate"), col("Every (days)",
                                                                           "data.RotationRules.AutomaticallyAfterDays"),
                        col("KMS key", "data.KmsKeyId")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="secretsmanager:secret", service="secretsmanager", operation="GetResourcePolicy",
               params={"SecretId": "@arn"}, into="Policy", result="ResourcePolicy", parse_json=True),
)

EDGES = (
    EdgeRule("secretsmanager:secret", R.ASSOCIATED_WITH, "KmsKeyId", by="arn"),
    EdgeRule("secretsmanager:secret", R.ASSOCIATED_WITH, "RotationLambdaARN", by="arn"),
)
