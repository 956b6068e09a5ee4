"""``awsx prices refresh``, the pure half: which AWS Price List products answer each table key
(costs.md §2 "Refresh design"), how to read a price out of a ``GetProducts`` PriceList item, and
how to fold the answers into a new table document.

The AWS call itself belongs in ``inventory/`` (the only code that talks to AWS, behind the
read-only guard): it is injected here as ``fetch(service_code, filters) -> iterable of PriceList
JSON strings``, i.e. the pages of ``pricing.get_products`` flattened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

Fetch = Callable[[str, list[dict[str, str]]], Iterable[str]]

_EC2_LINUX = {"operatingSystem": "Linux", "tenancy": "Shared", "preInstalledSw": "NA", "capacitystatus": "Used",
              "licenseModel": "No License required"}
_RDS_ENGINES = {"mysql": "MySQL", "postgres": "PostgreSQL"}
_ELB_FAMILIES = {"application": "Load Balancer-Application", "network": "Load Balancer-Network",
                 "gateway": "Load Balancer-Gateway", "classic": "Load Balancer"}


@dataclass(frozen=True, slots=True)
class PriceQuery:
    """Products for one table key: exact attribute filters, plus a usage-type suffix matched
    client-side (outside us-east-1 usage types carry a region prefix, ``EUW1-NatGateway-Hours``)."""

    key: str
    service: str
    filters: Mapping[str, str]
    usage_suffix: str = ""

    def api_filters(self, region: str) -> list[dict[str, str]]:
        fields = {"regionCode": region, **self.filters}
        return [{"Type": "TERM_MATCH", "Field": name, "Value": value} for name, value in fields.items()]


def query_for(key: str) -> PriceQuery | None:
    """The Price List query for a table key, or None for keys the refresh does not cover yet
    (their shipped rows are kept as they are)."""
    parts = key.split("/")
    if parts[:2] == ["ec2", "instance"]:
        return PriceQuery(key, "AmazonEC2", {"instanceType": parts[2], **_EC2_LINUX})
    if parts[0] == "ebs":
        volume, what = parts[1], parts[2]
        if volume == "snapshot":
            return PriceQuery(key, "AmazonEC2", {"productFamily": "Storage Snapshot"},
                              "EBS:SnapshotUsage" if what == "standard" else "EBS:SnapshotArchiveStorage")
        if what == "storage":
            return PriceQuery(key, "AmazonEC2", {"productFamily": "Storage", "volumeApiName": volume})
        if what == "iops" and volume in ("gp3", "io1", "io2"):
            suffix = {"gp3": "VolumeP-IOPS.gp3", "io1": "EBS:VolumeP-IOPS.piops", "io2": "EBS:VolumeP-IOPS.io2"}[volume]
            return PriceQuery(key, "AmazonEC2", {"productFamily": "System Operation"}, suffix)
        if what == "throughput" and volume == "gp3":
            return PriceQuery(key, "AmazonEC2", {"productFamily": "Provisioned Throughput"}, "VolumeP-Throughput.gp3")
        return None
    if parts[0] == "nat":
        suffix = "NatGateway-Hours" if parts[1] == "hour" else "NatGateway-Bytes"
        return PriceQuery(key, "AmazonEC2", {"productFamily": "NAT Gateway"}, suffix)
    if parts[:2] == ["vpc", "public-ipv4"]:
        suffix = "PublicIPv4:InUseAddress" if parts[2] == "in-use" else "PublicIPv4:IdleAddress"
        return PriceQuery(key, "AmazonVPC", {}, suffix)
    if parts[0] == "elb" and parts[1] in _ELB_FAMILIES and parts[2] == "hour":
        return PriceQuery(key, "AWSELB", {"productFamily": _ELB_FAMILIES[parts[1]]}, "LoadBalancerUsage")
    if parts[:2] == ["rds", "instance"] and parts[3] in _RDS_ENGINES:
        return PriceQuery(key, "AmazonRDS", {"productFamily": "Database Instance", "instanceType": parts[2],
                                              "databaseEngine": _RDS_ENGINES[parts[3]],
                                              "deploymentOption": "Single-AZ"})
    return None


def on_demand_usd(item: Mapping[str, Any]) -> float | None:
    """The on-demand USD price of one PriceList product: the first non-zero price dimension
    (tiered products list a $0 free tier first); None when it has none."""
    dimensions = [d for term in (item.get("terms", {}).get("OnDemand") or {}).values()
                  for d in (term.get("priceDimensions") or {}).values()]
    priced = []
    for dimension in dimensions:
        try:
            usd = float((dimension.get("pricePerUnit") or {}).get("USD", "0"))
        except ValueError:
            continue
        if usd > 0:
            priced.append((float(dimension.get("beginRange", "0") or 0), usd))
    return min(priced)[1] if priced else None


def needed_queries(document: Mapping[str, Any], regions: Iterable[str]) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every (ServiceCode, filters) a refresh of ``document`` for ``regions`` will ask, so the
    caller can fetch them all first (concurrently) and answer ``fetch`` from memory."""
    found = []
    for region in regions:
        for key in sorted({row["key"] for row in document["items"]}):
            query = query_for(key)
            if query is not None:
                found.append((query.service, frozen(query.api_filters(region))))
    return found


def frozen(filters: Iterable[Mapping[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((f["Field"], f["Value"]) for f in filters)


def answered(answers: Mapping[tuple[str, tuple[tuple[str, str], ...]], list[str]]) -> Fetch:
    """A ``fetch`` that reads prefetched answers (a query nobody asked answers nothing)."""
    return lambda service, filters: answers.get((service, frozen(filters)), [])


@dataclass
class RefreshReport:
    updated: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    not_covered: list[str] = field(default_factory=list)


def refresh_document(document: Mapping[str, Any], fetch: Fetch, regions: Iterable[str], today: str,
                     ) -> tuple[dict[str, Any], RefreshReport]:
    """A new table: for every key of the current table and every region, the Price List price
    where exactly one distinct price answers; other rows are kept unchanged and reported."""
    report = RefreshReport()
    rows = {(r["region"], r["key"]): dict(r) for r in document["items"]}
    keys = sorted({r["key"]: r for r in document["items"]}.items())
    for region in regions:
        for key, template in keys:
            query = query_for(key)
            label = f"{region} {key}"
            if query is None:
                report.not_covered.append(label)
                continue
            prices = set()
            for text in fetch(query.service, query.api_filters(region)):
                item = json.loads(text) if isinstance(text, str) else text
                usage = str(item.get("product", {}).get("attributes", {}).get("usagetype", ""))
                if query.usage_suffix and not usage.endswith(query.usage_suffix):
                    continue
                usd = on_demand_usd(item)
                if usd is not None:
                    prices.add(round(usd, 10))
            if len(prices) != 1:
                (report.not_found if not prices else report.ambiguous).append(label)
                continue
            rows[(region, key)] = {**template, "region": region, "usd": prices.pop(), "verified": True,
                                   "source": f"AWS Price List Query API (GetProducts {query.service}), {today}"}
            report.updated.append(label)
    new = {**document, "as_of": today, "source": "AWS Price List Query API; rows not refreshed keep their source",
           "items": sorted(rows.values(), key=lambda r: (r["key"], r["region"]))}
    return new, report
