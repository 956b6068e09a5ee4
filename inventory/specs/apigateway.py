"""API Gateway REST APIs: endpoint type, stages, and the integrations of every method (one
GetResources call per API with ``embed=methods``), whose Lambda function ARN is wrapped in the
integration URI (``.../functions/{function ARN}/invocations``)."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="apigateway:rest-api", service="apigateway", operation="GetRestApis", items="items", id="id",
        name="name", tags="tags", arn_template="arn:{partition}:apigateway:{region}::/restapis/{id}",
        title="API Gateway REST APIs", aliases=("rest-api", "apigw"),
        columns=columns(col("Endpoint", "data.endpointConfiguration.types"), col("Stages", "data.Stages[].stageName"),
                        col("Created", "data.createdDate")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="apigateway:rest-api", service="apigateway", operation="GetStages", params={"restApiId": "@id"},
               into="Stages", result="item"),
    Enrichment(kind="apigateway:rest-api", service="apigateway", operation="GetResources",
               params={"restApiId": "@id"}, static_params={"embed": ["methods"]}, into="Resources", result="items"),
)

EDGES = (
    EdgeRule("apigateway:rest-api", R.FORWARDS_TO, "Resources[].resourceMethods.*[].methodIntegration.inner_arn(uri)",
             by="arn"),
    # API Gateway assumes an integration's credentials role to call it.
    EdgeRule("apigateway:rest-api", R.HAS_ROLE, "Resources[].resourceMethods.*[].methodIntegration.credentials",
             by="arn"),
)
