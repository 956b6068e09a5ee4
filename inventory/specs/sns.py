"""SNS: topics and their access policy (the ``Policy`` attribute of GetTopicAttributes; the
other attributes are counts and settings awsx does not keep)."""

from .base import EdgeRule, Enrichment, ResourceSpec, columns

SPECS = (
    ResourceSpec(
        kind="sns:topic", service="sns", operation="ListTopics", items="Topics", id="last_part(TopicArn, ':')",
        name="last_part(TopicArn, ':')", arn="TopicArn", tags=None, title="SNS topics", aliases=("sns", "topic"),
        columns=columns(),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="sns:topic", service="sns", operation="GetTopicAttributes", params={"TopicArn": "@arn"},
        into="Policy", result="Attributes.Policy", parse_json=True,
    ),
)

EDGES: tuple[EdgeRule, ...] = ()
