"""SQS: queues (ListQueues answers URLs only; the name is the URL's last segment) and their
access policy. GetQueueAttributes is asked for ``Policy`` alone: never messages."""

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="sqs:queue", service="sqs", operation="ListQueues", items="QueueUrls[].{QueueUrl: @}",
        id="last_part(QueueUrl, '/')", name="last_part(QueueUrl, '/')", tags=None,
        arn_template="arn:{partition}:sqs:{region}:{account}:{id}", title="SQS queues", aliases=("sqs", "queue"),
        columns=columns(col("URL", "data.QueueUrl")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="sqs:queue", service="sqs", operation="GetQueueAttributes", params={"QueueUrl": "QueueUrl"},
        static_params={"AttributeNames": ["Policy"]}, into="Policy", result="Attributes.Policy", parse_json=True,
    ),
)

EDGES: tuple[EdgeRule, ...] = ()
