"""ACM: certificates of every key type (ListCertificates returns RSA 2048 only unless asked),
each described for its names, status, expiry and what uses it (``InUseBy``: load balancers,
listeners, distributions). Never ExportCertificate or GetCertificate: nothing needs the chain
or a key."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

# Every key type ACM lists (ListCertificates Includes.keyTypes).
KEY_TYPES = ("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1")

SPECS = (
    ResourceSpec(
        kind="acm:certificate", service="acm", operation="ListCertificates",
        params={"Includes": {"keyTypes": list(KEY_TYPES)}}, items="CertificateSummaryList",
        id="last_part(CertificateArn, '/')", arn="CertificateArn", name="DomainName", tags=None,
        title="ACM certificates", aliases=("acm", "cert", "certificate"),
        columns=columns(col("Domain", "data.DomainName"), col("Status", "data.Status"),
                        col("Expires", "data.NotAfter"), col("Type", "data.Type"), col("In use", "data.InUse"),
                        col("Renewal", "data.RenewalEligibility"),
                        col("Names", "data.Certificate.SubjectAlternativeNames")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="acm:certificate", service="acm", operation="DescribeCertificate",
               params={"CertificateArn": "@arn"}, into="Certificate", result="Certificate"),
)

EDGES = (
    EdgeRule("acm:certificate", R.USED_BY, "Certificate.InUseBy[]", by="arn"),
)
