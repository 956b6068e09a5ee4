"""CodeBuild: projects with their service role and VPC placement. A build runs as its service
role, so whoever may start (or change) a build acts with that role's permissions.

ListProjects returns names only; BatchGetProjects describes up to 100 a call, and its answer
becomes the record. Environment variables may hold secrets (a PLAINTEXT value is the secret
itself): only their names and types are kept. Buildspecs (inline build commands) are dropped.
https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetProjects.html
"""

from __future__ import annotations

from typing import Any

from awsx.core.model import Relation as R

from .base import INTO_RECORD, EdgeRule, Enrichment, ResourceSpec, as_tag_list, col, columns


def without_secrets(project: Any) -> Any:
    """A project as BatchGetProjects describes it, minus variable values and buildspecs (and its
    tags, which the tags enrichment keeps as ``Tags`` in the Key/Value shape)."""
    if not isinstance(project, dict):
        return project
    environment = project.get("environment") or {}
    variables = [{"name": v.get("name"), "type": v.get("type")}
                 for v in environment.get("environmentVariables") or () if isinstance(v, dict)]
    sources = [{k: v for k, v in source.items() if k != "buildspec"}
               for source in [project.get("source") or {}, *(project.get("secondarySources") or ())]]
    kept = {k: v for k, v in project.items() if k != "tags"}
    return {**kept, "environment": {**environment, "environmentVariables": variables},
            "source": sources[0], "secondarySources": sources[1:]}


SPECS = (
    ResourceSpec(
        # ListProjects answers bare names: each becomes a record of its own to describe.
        kind="codebuild:project", service="codebuild", operation="ListProjects", items="projects[].{name: @}",
        id="name", tags=None, arn_template="arn:{partition}:codebuild:{region}:{account}:project/{id}",
        title="CodeBuild projects", aliases=("codebuild", "build", "project"),
        columns=columns(col("Image", "data.environment.image"), col("Compute", "data.environment.computeType"),
                        col("VPC", "data.vpcConfig.vpcId"), col("Role", "data.serviceRole")),
    ),
)

# Both read the same BatchGetProjects answer: the description, then the tags it carries.
_DESCRIBE = {"service": "codebuild", "operation": "BatchGetProjects", "params": {"names": "[@id]"}, "batch": 100,
             "batch_items": "projects", "batch_key": "name"}

ENRICHMENTS = (
    Enrichment(kind="codebuild:project", into=INTO_RECORD, reshape=without_secrets, **_DESCRIBE),
    Enrichment(kind="codebuild:project", into="Tags", result="tags", tags=True, reshape=as_tag_list, **_DESCRIBE),
)

EDGES = (
    EdgeRule("codebuild:project", R.HAS_ROLE, "serviceRole", by="arn"),
    EdgeRule("codebuild:project", R.IN_VPC, "vpcConfig.vpcId"),
    EdgeRule("codebuild:project", R.IN_SUBNET, "vpcConfig.subnets[]"),
    EdgeRule("codebuild:project", R.MEMBER_OF_SECURITY_GROUP, "vpcConfig.securityGroupIds[]"),
)
