"""API Gateway v2 (HTTP and WebSocket APIs): stages and integrations, whose URI is a Lambda
function's ARN or an ALB / NLB listener's ARN (private integrations through a VPC link)."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="apigatewayv2:api", service="apigatewayv2", operation="GetApis", items="Items", id="ApiId", name="Name",
        tags="Tags", arn_template="arn:{partition}:apigateway:{region}::/apis/{id}",
        dns=("split(ApiEndpoint, '/')[1]",), title="API Gateway HTTP / WebSocket APIs",
        aliases=("http-api", "apigwv2"),
        columns=columns(col("Protocol", "data.ProtocolType"), col("Stages", "data.Stages[].StageName"),
                        col("Endpoint", "data.ApiEndpoint")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="apigatewayv2:api", service="apigatewayv2", operation="GetStages", params={"ApiId": "@id"},
               into="Stages", result="Items"),
    Enrichment(kind="apigatewayv2:api", service="apigatewayv2", operation="GetIntegrations", params={"ApiId": "@id"},
               into="Integrations", result="Items"),
)

EDGES = (
    EdgeRule("apigatewayv2:api", R.FORWARDS_TO, "Integrations[].inner_arn(IntegrationUri)", by="arn"),
    # API Gateway assumes an integration's credentials role to call it.
    EdgeRule("apigatewayv2:api", R.HAS_ROLE, "Integrations[].CredentialsArn", by="arn"),
)
