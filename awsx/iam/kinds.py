"""The kinds the IAM engine reads, so that ``can``, ``who-can`` and ``privesc`` on a snapshot
load only those (``SnapshotReader.load(kinds=IAM_KINDS)``) instead of the whole estate.

Read from what the engine's code asks the estate for: the principals and their policies
(principals.py), the organization tree and its SCPs/RCPs (organization.py), the resource
policies who-can and public read (principals.resource_policy, public.PUBLIC_KINDS), what runs
as a role (attachments.running_roles: the sources of HAS_ROLE, HAS_EXECUTION_ROLE and
HAS_INSTANCE_PROFILE edges), the escalation targets' state (targets.py), and every kind an
escalation path of the catalogue needs or targets (catalogue/paths.toml, read here so a new
path cannot be forgotten). tests/iam/test_iam_kinds.py checks the list against the source and the
specs, and that the verbs answer the demo snapshot alike loaded this way and whole."""

from __future__ import annotations

from typing import Iterable

from .catalogue.entries import entries
from .public import PUBLIC_KINDS

_PRINCIPALS_AND_ORGANIZATION = frozenset({
    "iam:user", "iam:role", "iam:group", "iam:policy", "iam:instance-profile",
    "organizations:root", "organizations:ou", "organizations:account", "organizations:policy",
})
# The sources of the role edges (attachments.running_roles), and the escalation targets' state.
_RUNS_AS_A_ROLE = frozenset({
    "ec2:instance", "ec2:launch-template", "lambda:function", "ecs:cluster", "ecs:task", "ecs:task-definition",
    "eks:cluster", "eks:nodegroup", "glue:job", "glue:dev-endpoint", "sagemaker:notebook-instance",
    "cloudformation:stack", "cloudformation:stack-set", "codebuild:project", "apigateway:rest-api",
    "apigatewayv2:api", "cloudtrail:trail", "ssm:managed-instance",
})
_CATALOGUE = frozenset(kind for entry in entries() for kind in (*entry.needs, entry.target) if ":" in kind)

IAM_KINDS = _PRINCIPALS_AND_ORGANIZATION | _RUNS_AS_A_ROLE | frozenset(PUBLIC_KINDS) | _CATALOGUE

# A kind's service as its ARNs spell it where that is not the kind's prefix (the ARN formats of
# AWS's Service Authorization Reference: arn:aws:elasticloadbalancing:..., arn:aws:elasticfilesystem:...).
_ARN_SERVICE = {"elb": "elasticloadbalancing", "elbv2": "elasticloadbalancing", "efs": "elasticfilesystem",
                "apigatewayv2": "apigateway"}


def may_be_of(arn: str, kinds: Iterable[str]) -> bool:
    """Whether a resource with this ARN may be of one of ``kinds`` (its service is theirs): a
    request about it must then be asked of an estate that holds them."""
    service = arn.split(":")[2] if arn.count(":") >= 2 else ""
    return any(_ARN_SERVICE.get(prefix, prefix) == service for prefix in (kind.partition(":")[0] for kind in kinds))
