"""Route 53 (global): hosted zones (a private zone's VPCs from GetHostedZone) and their record
sets. An alias target or a CNAME value resolves by DNS name to the load balancer, distribution,
API or record it names (``DNS_POINTS_TO``, as Cartography's ``(:DNSRecord)-[:DNS_POINTS_TO]``);
an alias to an S3 website endpoint names no bucket in its target (the endpoint is the region's,
``s3-website-us-east-1.amazonaws.com``): AWS requires the bucket to be named as the record, so
the record's own name is the bucket's (Route 53 Developer Guide, "Values for alias records").
Records have no ARN: theirs is the zone's with ``/name/type[/set identifier]`` appended."""

from awsx.core.model import Relation as R

from .base import EdgeRule, Enrichment, ResourceSpec, col, columns

ZONE_ARN = "arn:{partition}:route53:::hostedzone/{id}"

SPECS = (
    ResourceSpec(
        kind="route53:hosted-zone", service="route53", operation="ListHostedZones", items="HostedZones",
        id="last_part(Id, '/')", name="dns_name(Name)", arn_template=ZONE_ARN, tags=None, scope="global",
        title="Route 53 hosted zones", aliases=("hz", "hosted-zone", "r53"),
        columns=columns(col("Private", "data.Config.PrivateZone"), col("Records", "data.ResourceRecordSetCount"),
                        col("VPCs", "data.VPCs[].VPCId")),
    ),
    ResourceSpec(
        kind="route53:record", service="route53", operation="ListResourceRecordSets", items="ResourceRecordSets",
        id="join('/', [HostedZoneId, dns_name(Name), Type, SetIdentifier] | [?@])", name="dns_name(Name)",
        arn_template=ZONE_ARN, tags=None, scope="global", parent="route53:hosted-zone",
        parent_params={"HostedZoneId": "@id"}, from_parent=lambda zone: {"HostedZoneId": zone.id}, dns=("Name",),
        title="Route 53 records", aliases=("record", "dns", "rrset"),
        columns=columns(col("Type", "data.Type"), col("TTL", "data.TTL"), col("Alias", "data.AliasTarget.DNSName"),
                        col("Values", "data.ResourceRecords[].Value"), col("Zone", "data.HostedZoneId")),
    ),
)

ENRICHMENTS = (
    Enrichment(kind="route53:hosted-zone", service="route53", operation="ListTagsForResources",
               params={"ResourceIds": "[@id]"}, static_params={"ResourceType": "hostedzone"}, into="Tags",
               result="Tags", tags=True, batch=10, batch_items="ResourceTagSets", batch_key="ResourceId"),
    Enrichment(kind="route53:hosted-zone", service="route53", operation="GetHostedZone", params={"Id": "@id"},
               into="VPCs", result="VPCs", when="Config.PrivateZone"),
)

EDGES = (
    EdgeRule("route53:hosted-zone", R.ASSOCIATED_WITH, "VPCs[].VPCId", target_kind="ec2:vpc"),
    EdgeRule("route53:record", R.MEMBER_OF_DNS_ZONE, "HostedZoneId", target_kind="route53:hosted-zone"),
    EdgeRule("route53:record", R.DNS_POINTS_TO,
             "!contains(AliasTarget.DNSName || '', 's3-website') && AliasTarget.DNSName", by="dns"),
    EdgeRule("route53:record", R.DNS_POINTS_TO, "Type == 'CNAME' && ResourceRecords[].Value", by="dns"),
    EdgeRule("route53:record", R.DNS_POINTS_TO, "contains(AliasTarget.DNSName || '', 's3-website') && dns_name(Name)",
             target_kind="s3:bucket"),
)
