"""What seeding made, as records tests compare a crawl with, and the ``Seeder`` every area
seeds through: the clients of one account at the endpoint, and the record it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3


@dataclass(frozen=True)
class SeededResource:
    kind: str
    id: str
    region: str  # "global" for IAM; a bucket's own region for S3
    account: str


@dataclass(frozen=True)
class SeededEdge:
    source_kind: str
    source_id: str
    relation: str
    target_kind: str
    target_id: str


@dataclass
class SeededEstate:
    account: str
    regions: tuple[str, ...]
    resources: list[SeededResource] = field(default_factory=list)
    edges: list[SeededEdge] = field(default_factory=list)

    def ids(self, kind: str) -> set[str]:
        return {r.id for r in self.resources if r.kind == kind}

    def counts(self) -> dict[str, int]:
        """Resources per kind, sorted by kind."""
        counts: dict[str, int] = {}
        for resource in self.resources:
            counts[resource.kind] = counts.get(resource.kind, 0) + 1
        return dict(sorted(counts.items()))


class Seeder:
    """Clients for one account at the endpoint, and the record of what was made."""

    def __init__(self, endpoint: str, credentials: dict[str, str], regions: tuple[str, ...]) -> None:
        self.endpoint = endpoint
        self.session = boto3.session.Session(**credentials)
        self._clients: dict[tuple[str, str], Any] = {}
        self.account = self.client("sts", regions[0] if regions else "us-east-1").get_caller_identity()["Account"]
        self.estate = SeededEstate(account=self.account, regions=tuple(regions))

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self.session.client(service, region_name=region, endpoint_url=self.endpoint)
        return self._clients[key]

    def add(self, kind: str, resource_id: str, region: str) -> str:
        self.estate.resources.append(SeededResource(kind, resource_id, region, self.account))
        return resource_id

    def edge(self, source_kind: str, source_id: str, relation: str, target_kind: str, target_id: str) -> None:
        self.estate.edges.append(SeededEdge(source_kind, source_id, relation, target_kind, target_id))
