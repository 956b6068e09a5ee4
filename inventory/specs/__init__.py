"""The registry of every declared resource type. Adding a type means adding data to one of
these modules; the crawler, the edge builder and the UI pick it up from here."""

from __future__ import annotations

from awsx.core.model import Kind

from . import (
    acm,
    apigateway,
    apigatewayv2,
    autoscaling,
    backup,
    cloudformation,
    cloudfront,
    cloudtrail,
    cloudwatch,
    codebuild,
    dynamodb,
    ec2,
    ecs,
    efs,
    eks,
    elasticache,
    elb,
    elbv2,
    glue,
    iam,
    kms,
    lambda_,
    organizations,
    rds,
    route53,
    s3,
    sagemaker,
    secretsmanager,
    sns,
    sqs,
    ssm,
)
from .base import BASE_COLUMNS, PLACE_COLUMNS, EdgeRule, Enrichment, ResourceSpec

# Every service's module; SPECS, ENRICHMENTS and EDGE_RULES keep this order.
_MODULES = (ec2, elbv2, rds, lambda_, efs, s3, iam, organizations, kms, sqs, sns,
            dynamodb, elasticache, backup, acm, secretsmanager,
            cloudformation, codebuild, glue, sagemaker, ssm,
            autoscaling, ecs, eks,
            cloudfront, route53, apigateway, apigatewayv2, elb, cloudwatch, cloudtrail)

SPECS: tuple[ResourceSpec, ...] = tuple(spec for module in _MODULES for spec in module.SPECS)
ENRICHMENTS: tuple[Enrichment, ...] = tuple(e for module in _MODULES for e in module.ENRICHMENTS)
EDGE_RULES: tuple[EdgeRule, ...] = tuple(rule for module in _MODULES for rule in module.EDGES)
KINDS: dict[str, Kind] = {spec.kind: spec.kind_info for spec in SPECS}


def kind_info(name: str) -> Kind:
    """The UI description of a kind; a kind from a newer snapshot still gets plain columns."""
    return KINDS.get(name) or Kind(name, name, (), BASE_COLUMNS + PLACE_COLUMNS)


def resolve_kind(word: str) -> str | None:
    """Map what a user typed (``eni``, ``ec2:network-interface``, ``sg``) to a kind name."""
    lowered = word.lower()
    if lowered in KINDS:
        return lowered
    for kind in KINDS.values():
        if lowered in kind.aliases or lowered == kind.name.split(":", 1)[1]:
            return kind.name
    return None
