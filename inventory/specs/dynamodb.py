"""DynamoDB: tables (ListTables answers names only), each described (billing mode, capacity,
size, streams, encryption), its point-in-time recovery status and its tags. Items are never
read: no Scan, Query or GetItem."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="dynamodb:table", service="dynamodb", operation="ListTables", items="TableNames[].{TableName: @}",
        id="TableName", name="TableName", tags=None, arn_template="arn:{partition}:dynamodb:{region}:{account}:table/{id}",
        title="DynamoDB tables", aliases=("dynamodb", "ddb", "table"),
        columns=columns(col("Status", "data.Table.TableStatus"), col("Billing", "data.Table.BillingModeSummary.BillingMode"),
                        col("RCU", "data.Table.ProvisionedThroughput.ReadCapacityUnits"),
                        col("WCU", "data.Table.ProvisionedThroughput.WriteCapacityUnits"),
                        col("Bytes", "data.Table.TableSizeBytes"),
                        col("PITR", "data.ContinuousBackups.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus"),
                        col("Stream", "data.Table.StreamSpecification.StreamViewType"),
                        col("KMS key", "data.Table.SSEDescription.KMSMasterKeyArn")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="dynamodb:table", service="dynamodb", operation="DescribeTable", params={"TableName": "@id"},
               into="Table", result="Table"),
    Enrichment(kind="dynamodb:table", service="dynamodb", operation="DescribeContinuousBackups",
               params={"TableName": "@id"}, into="ContinuousBackups", result="ContinuousBackupsDescription"),
    Enrichment(kind="dynamodb:table", service="dynamodb", operation="ListTagsOfResource",
               params={"ResourceArn": "@arn"}, into="Tags", result="Tags", tags=True),
)

EDGES = (
    EdgeRule("dynamodb:table", R.ASSOCIATED_WITH, "Table.SSEDescription.KMSMasterKeyArn", by="arn"),
)
