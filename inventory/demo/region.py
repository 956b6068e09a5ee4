"""One region of the prod estate being seeded: its address plan and the ids the seeding
steps leave there for the steps after them."""

from __future__ import annotations

from typing import Any

from .seeder import Seeder
from .shapes import tag_spec

SHORT_REGION = {"us-east-1": "use1", "eu-west-1": "euw1", "ap-southeast-1": "apse1"}


class RegionSeeder:
    """One region of the prod estate: a VPC in three tiers (3 AZs in the home region, 2
    elsewhere) and what runs in it. The steps (network, compute, data) run in order; each uses
    what the previous left here."""

    def __init__(self, seeder: Seeder, region: str, index: int, home: bool) -> None:
        self.seeder, self.name, self.home = seeder, region, home
        self.ec2 = seeder.client("ec2", region)
        parts = region.split("-")
        self.short = SHORT_REGION.get(region) or "".join(p[0] for p in parts[:-1]) + parts[-1]
        octet = 10 * (index + 1) if index < 3 else 10 * (index + 2)  # 10.40 is the shared-services VPC
        self.net, self.cidr = f"10.{octet}", f"10.{octet}.0.0/16"
        self.eip_base = 10 * (index + 1)  # NAT EIPs 198.51.100.<base + AZ>, the spare one <base + 9>
        self.zones = [f"{region}{letter}" for letter in "abc"[: 3 if home else 2]]
        self.tags = {"env": "prod", "team": "platform"}
        self.vpc = ""
        self.public: list[str] = []
        self.app: list[str] = []
        self.data: list[str] = []
        self.private_route_tables: list[str] = []
        self.groups: dict[str, str] = {}
        self.app_instances: list[str] = []

    def add(self, kind: str, resource_id: str) -> str:
        return self.seeder.add(kind, resource_id, self.name)

    def spec(self, resource_type: str, name: str) -> list[dict[str, Any]]:
        return tag_spec(resource_type, name, **self.tags)

    @property
    def bastion_ip(self) -> str:
        return f"{self.net}.0.10"
