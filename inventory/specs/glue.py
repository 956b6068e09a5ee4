"""Glue: ETL jobs and development endpoints, with the role each runs as. A job's runs and an
endpoint's Spark sessions act with that role, so whoever may create or start them (and pass the
role) acts with its permissions.

Job arguments may hold secrets (``--db-password``): only their keys are kept.
Dev endpoints' public keys are public by nature and are kept.
https://docs.aws.amazon.com/glue/latest/webapi/API_GetJobs.html
https://docs.aws.amazon.com/glue/latest/webapi/API_GetDevEndpoints.html
"""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, arn_or_plain, as_tag_list, col, columns

# The argument names, never their values.
_ARGUMENT_KEYS = ("merge(@, {DefaultArgumentKeys: keys(DefaultArguments || `{}`), "
                  "NonOverridableArgumentKeys: keys(NonOverridableArguments || `{}`)})")

SPECS = (
    ResourceSpec(
        kind="glue:job", service="glue", operation="GetJobs", items=f"Jobs[].{_ARGUMENT_KEYS}", id="Name",
        tags=None, drop=("DefaultArguments", "NonOverridableArguments"),
        arn_template="arn:{partition}:glue:{region}:{account}:job/{id}", title="Glue jobs",
        aliases=("glue", "glue-job", "etl"),
        columns=columns(col("Command", "data.Command.Name"), col("Glue version", "data.GlueVersion"),
                        col("Worker", "data.WorkerType"), col("Role", "data.Role")),
    ),
    ResourceSpec(
        # Arguments here are Spark settings, but the same rule holds: keys only.
        kind="glue:dev-endpoint", service="glue", operation="GetDevEndpoints",
        items="DevEndpoints[].merge(@, {ArgumentKeys: keys(Arguments || `{}`)})", id="EndpointName", tags=None,
        drop=("Arguments",), ips=("PrivateAddress",),
        arn_template="arn:{partition}:glue:{region}:{account}:devEndpoint/{id}", title="Glue dev endpoints",
        aliases=("devendpoint", "glue-dev-endpoint"),
        columns=columns(col("Status", "data.Status"), col("Private", "data.PrivateAddress"),
                        col("Public", "data.PublicAddress"), col("Role", "data.RoleArn")),
    ),
)

# Both answers carry no tags; GetTags does, per resource ARN (as a map: kept as a Key/Value list).
_TAGS = {"operation": "GetTags", "params": {"ResourceArn": "@arn"}, "into": "Tags", "result": "Tags", "tags": True,
         "reshape": as_tag_list}

ENRICHMENTS = (
    Enrichment(kind="glue:job", service="glue", **_TAGS),
    Enrichment(kind="glue:dev-endpoint", service="glue", **_TAGS),
)

# A job's Role is a name or an ARN (the API takes either): each form resolves its own way.
_ROLE_ARN, _ROLE_NAME = arn_or_plain("Role")

EDGES = (
    EdgeRule("glue:job", R.HAS_ROLE, _ROLE_ARN, by="arn"),
    EdgeRule("glue:job", R.HAS_ROLE, _ROLE_NAME, by="name", target_kind="iam:role"),
    EdgeRule("glue:dev-endpoint", R.HAS_ROLE, "RoleArn", by="arn"),
    EdgeRule("glue:dev-endpoint", R.IN_VPC, "VpcId"),
    EdgeRule("glue:dev-endpoint", R.IN_SUBNET, "SubnetId"),
    EdgeRule("glue:dev-endpoint", R.MEMBER_OF_SECURITY_GROUP, "SecurityGroupIds[]"),
)
