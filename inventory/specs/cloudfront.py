"""CloudFront (global): distributions with their aliases, origins, viewer protocol, WAF and
certificate. An origin's domain resolves by DNS name to the bucket or load balancer it names
(``bucket.s3.amazonaws.com``, ``bucket.s3.<region>.amazonaws.com``, an ELB's ``DNSName``)."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

SPECS = (
    ResourceSpec(
        kind="cloudfront:distribution", service="cloudfront", operation="ListDistributions",
        items="DistributionList.Items", id="Id", arn="ARN", name="Aliases.Items[0] || DomainName", tags=None,
        scope="global", dns=("DomainName",), title="CloudFront distributions", aliases=("cf", "cdn", "distribution"),
        columns=columns(col("Status", "data.Status"), col("Enabled", "data.Enabled"),
                        col("Viewer protocol", "data.DefaultCacheBehavior.ViewerProtocolPolicy"),
                        col("Domain", "data.DomainName"), col("Aliases", "data.Aliases.Items"),
                        col("WAF", "data.WebACLId"), col("Certificate", "data.ViewerCertificate.ACMCertificateArn")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="cloudfront:distribution", service="cloudfront", operation="ListTagsForResource",
               params={"Resource": "@arn"}, into="Tags", result="Tags.Items", tags=True),
)

EDGES = (
    EdgeRule("cloudfront:distribution", R.FORWARDS_TO, "DomainName", by="dns", each="Origins.Items", attrs=("Id",)),
    EdgeRule("cloudfront:distribution", R.ASSOCIATED_WITH, "ViewerCertificate.ACMCertificateArn", by="arn"),
)
