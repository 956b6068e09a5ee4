"""Graph questions the cost engine asks of an Estate: who owns a public IPv4 (so each address
is billed exactly once), which volumes and addresses an instance holds, which VPC a resource
belongs to (for ``--by vpc``), and which route tables send traffic to a NAT gateway."""

from __future__ import annotations

from functools import cached_property
from typing import Iterator

from awsx.core.graph import Estate
from awsx.core.model import Relation, Resource

NO_VPC = "(no vpc)"


class EstateView:
    """Look-ups over one estate, computed once."""

    def __init__(self, estate: Estate) -> None:
        self.estate = estate

    @cached_property
    def elastic_ips(self) -> frozenset[str]:
        """Public addresses that are Elastic IPs: billed on the ``ec2:elastic-ip`` item."""
        eips = self.estate.resources("ec2:elastic-ip")
        return frozenset(str(r.data["PublicIp"]) for r in eips if r.data.get("PublicIp"))

    def auto_assigned_ipv4s(self, instance: Resource) -> list[str]:
        """Public IPv4s of an instance that are not Elastic IPs (those are billed on the instance)."""
        found: list[str] = []
        for interface in instance.data.get("NetworkInterfaces") or ():
            addresses = [a.get("Association") or {} for a in interface.get("PrivateIpAddresses") or ()]
            addresses.append(interface.get("Association") or {})
            for association in addresses:
                ip = association.get("PublicIp")
                if ip and not association.get("AllocationId") and ip not in self.elastic_ips and ip not in found:
                    found.append(ip)
        public = instance.data.get("PublicIpAddress")
        if public and public not in self.elastic_ips and public not in found:
            found.append(public)
        return found

    def attached_volumes(self, instance: Resource) -> list[Resource]:
        return [self.estate.resource(e.source) for e in self.estate.in_edges(instance.arn, Relation.ATTACHED_TO)
                if self.estate.resource(e.source).kind == "ec2:volume"]

    @cached_property
    def _elastic_ip_index(self) -> tuple[dict[str, list[Resource]], dict[str, Resource]]:
        by_target: dict[str, list[Resource]] = {}
        by_allocation: dict[str, Resource] = {}
        for eip in self.estate.resources("ec2:elastic-ip"):
            for edge in self.estate.out_edges(eip.arn, Relation.ATTACHED_TO):
                by_target.setdefault(edge.target, []).append(eip)
            if eip.data.get("AllocationId"):
                by_allocation[str(eip.data["AllocationId"])] = eip
        return by_target, by_allocation

    def elastic_ips_of(self, resource: Resource) -> list[Resource]:
        """Elastic IPs associated with an instance (directly or through its interfaces) or a NAT gateway."""
        by_target, by_allocation = self._elastic_ip_index
        targets = {resource.arn}
        targets.update(e.source for e in self.estate.in_edges(resource.arn, Relation.ATTACHED_TO))
        targets.update(e.target for e in self.estate.out_edges(resource.arn, Relation.HAS_NETWORK_INTERFACE))
        found: dict[str, Resource] = {}
        for target in targets:
            for eip in by_target.get(target, ()):
                found[eip.arn] = eip
        for address in resource.data.get("NatGatewayAddresses") or ():
            eip = by_allocation.get(str(address.get("AllocationId")))
            if eip is not None:
                found[eip.arn] = eip
        return list(found.values())

    def routes_to(self, arn: str) -> list[Resource]:
        """Route tables with an active route to ``arn`` (a NAT gateway)."""
        return [self.estate.resource(e.source) for e in self.estate.in_edges(arn, Relation.ROUTES_TO)
                if e.attrs.get("State", "active") == "active"]

    def vpc_of(self, resource: Resource) -> str:
        """The VPC id a resource lives in, following attachments for volumes, EIPs and file systems."""
        for candidate in self._vpc_candidates(resource):
            for edge in self.estate.out_edges(candidate.arn, Relation.IN_VPC):
                return self.estate.resource(edge.target).id
            if candidate.data.get("VpcId"):
                return str(candidate.data["VpcId"])
        return NO_VPC

    def _vpc_candidates(self, resource: Resource) -> Iterator[Resource]:
        yield resource
        for edge in self.estate.out_edges(resource.arn, Relation.ATTACHED_TO):
            yield self.estate.resource(edge.target)
        for edge in self.estate.in_edges(resource.arn, Relation.ATTACHED_TO):
            yield self.estate.resource(edge.source)

    def crawl_incomplete(self, resource: Resource, service: str) -> bool:
        """True when a marker says part of ``service`` in the resource's account/region is unknown,
        so an absence (no source volume, no targets) proves nothing."""
        return any(m.service == service and m.account == resource.account and m.region in (resource.region, "global")
                   for m in self.estate.markers)
