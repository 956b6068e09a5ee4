"""Derive typed edges from resources by the declarative EdgeRules next to the specs, and
assemble the parts of an Estate. Pure: no I/O.

A reference resolves by ARN, by id (preferring the same account and region, then the same
account: ids are unique per account but a peering's accepter VPC lives in another region),
or by name within a kind and account (IAM groups are referenced by name). A reference to
something the crawl did not see becomes a DanglingRef, so the UI can show it as missing.
A DNS name resolves to the resource that answers to it (a spec's ``dns`` paths, compared as
``normalize.dns_name`` does); a name outside AWS's own domains (a CNAME to a SaaS) is not a
missing resource, so it leaves no DanglingRef.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Iterator

from awsx.core.model import DanglingRef, Edge, Resource

from .normalize import dns_name, search, values_at, with_zone_ids
from .specs import EDGE_RULES, SPECS
from .specs.base import EdgeRule

# Route targets that are not resources: the VPC's own CIDR.
NOT_RESOURCES = frozenset({"local"})
# Where AWS names its own endpoints: a name there that resolves to nothing is a resource the
# crawl did not see (another region, another account); elsewhere it is simply not AWS's.
AWS_DOMAINS = (".amazonaws.com", ".cloudfront.net", ".awsglobalaccelerator.com", ".on.aws")
DNS_PATHS: dict[str, tuple[str, ...]] = {spec.kind: spec.dns for spec in SPECS if spec.dns}


class ResourceIndex:
    """Look-ups the edge rules need, built once per estate."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.by_arn: dict[str, Resource] = {}
        self.by_id: dict[str, list[Resource]] = defaultdict(list)
        self.by_name: dict[tuple[str, str, str], Resource] = {}
        self.by_dns: dict[str, Resource] = {}
        for resource in resources:
            self.by_arn.setdefault(resource.arn, resource)
            self.by_id[resource.id].append(resource)
            self.by_name.setdefault((resource.kind, resource.account, resource.id), resource)
            for path in DNS_PATHS.get(resource.kind, ()):
                for name in values_at(path, resource.data):
                    self.by_dns.setdefault(dns_name(name), resource)

    def resolve(self, rule: EdgeRule, ref: str, origin: Resource) -> Resource | None:
        if rule.by == "arn":
            return self.by_arn.get(ref)
        if rule.by == "dns":
            return self.by_dns.get(dns_name(ref))
        if rule.by == "name":
            return self.by_name.get((rule.target_kind or "", origin.account, ref))
        candidates = [r for r in self.by_id.get(ref, ()) if rule.target_kind in (None, r.kind)]
        for preferred in (
            lambda r: r.account == origin.account and r.region == origin.region,
            lambda r: r.account == origin.account,
            lambda r: True,
        ):
            for candidate in candidates:
                if preferred(candidate):
                    return candidate
        return None


def _references(rule: EdgeRule, resource: Resource) -> Iterator[tuple[str, dict]]:
    """(reference, edge attrs) pairs a rule finds in one resource."""
    paths = rule.refs or (rule.ref,)
    if rule.each is None:
        for path in paths:
            for ref in values_at(path, resource.data):
                yield ref, {}
        return
    for item in search(rule.each, resource.data) or ():
        if not isinstance(item, dict):
            continue
        attrs = {name: item[name] for name in rule.attrs if item.get(name) is not None}
        for path in paths:
            for ref in values_at(path, item):
                yield ref, attrs


def derive_edges(resources: list[Resource], rules: Iterable[EdgeRule] = EDGE_RULES) -> tuple[list[Edge], list[DanglingRef]]:
    index = ResourceIndex(resources)
    rules_by_kind: dict[str, list[EdgeRule]] = defaultdict(list)
    for rule in rules:
        rules_by_kind[rule.kind].append(rule)
    edges: dict[tuple, Edge] = {}
    dangling: dict[tuple, DanglingRef] = {}
    for resource in resources:
        for rule in rules_by_kind.get(resource.kind, ()):
            for ref, attrs in _references(rule, resource):
                if ref in NOT_RESOURCES:
                    continue
                target = index.resolve(rule, ref, resource)
                if target is None:
                    if rule.by == "dns" and not dns_name(ref).endswith(AWS_DOMAINS):
                        continue
                    dangling.setdefault((resource.arn, rule.relation, ref), DanglingRef(resource.arn, rule.relation, ref))
                    continue
                source, destination = (target.arn, resource.arn) if rule.reverse else (resource.arn, target.arn)
                key = (source, destination, rule.relation, json.dumps(attrs, sort_keys=True, default=str))
                edges.setdefault(key, Edge(source, destination, rule.relation, attrs))
    return list(edges.values()), list(dangling.values())


def one_per_arn(resources: Iterable[Resource]) -> list[Resource]:
    """One record per ARN: a profile seen by several roles, an AWS managed policy or the
    organization's tree seen from every account. Which copy is kept must not depend on which
    account's crawl finished first (a merge of shards must equal one crawl, awsx/load/merge.py):
    the copy crawled in the account the ARN names, else the lowest account id's; within one
    account the last, as before."""
    kept: dict[str, Resource] = {}
    for resource in resources:
        held = kept.get(resource.arn)
        if held is None or _preference(resource) <= _preference(held):
            kept[resource.arn] = resource
    return list(kept.values())


def _preference(resource: Resource) -> tuple[bool, str]:
    parts = resource.arn.split(":", 5)
    return (len(parts) < 5 or parts[4] != resource.account, resource.account)


def assemble(resources: Iterable[Resource]) -> tuple[list[Resource], list[Edge], list[DanglingRef]]:
    """Deduplicate by ARN (``one_per_arn``), add AZ ids, derive edges."""
    unique = one_per_arn(resources)
    zone_ids = {
        (r.account, r.id): str(r.data["ZoneId"]) for r in unique if r.kind == "ec2:availability-zone" and r.data.get("ZoneId")
    }
    unique = with_zone_ids(unique, zone_ids)
    edges, dangling = derive_edges(unique)
    return unique, edges, dangling
