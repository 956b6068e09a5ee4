"""Synthetic estates written straight into a ``.awsx`` snapshot.

Records go through the crawler's own normaliser (``to_resource`` with the declared specs) and
edge builder (``assemble``), so a generated estate is shaped exactly like a crawled one: same
ARNs, names, tags, IP index, edges and dangling references. Same seed, same estate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import DanglingRef, Edge, Resource
from awsx.cost.table import price_table_document
from awsx.inventory.edges import assemble
from awsx.inventory.normalize import to_resource
from awsx.inventory.specs import SPECS
from awsx.store.snapshot import write_snapshot, write_snapshot_parts

from .synth_iam import IamSynth
from .synth_network import REGIONS, NetworkSynth, Records

ACCOUNT = "111122223333"
CRAWLED_AT = "2026-11-20T09:00:00+00:00"
SPEC_OF = {spec.kind: spec for spec in SPECS}


@dataclass(frozen=True, slots=True)
class Shape:
    """How big an estate is: per account, workload ENIs, IAM principals and identity-policy
    statements; and how many such accounts (each its own seed, ids and public addresses)."""

    name: str
    enis: int
    principals: int
    statements: int
    seed: int = 7
    accounts: int = 1

    def account_ids(self) -> tuple[str, ...]:
        """The first is ACCOUNT, so a one-account shape is the estate it always was."""
        return tuple(ACCOUNT if serial == 0 else f"{200000000000 + serial:012d}" for serial in range(self.accounts))


def records_of(shape: Shape, serial: int = 0) -> Records:
    records = Records(shape.account_ids()[serial], CRAWLED_AT)
    rng = random.Random(shape.seed + serial)
    iam = IamSynth(records, rng, serial=serial)
    iam.generate(shape.principals, shape.statements)
    NetworkSynth(records, rng, iam.profiles, serial).generate(shape.enis)
    return records


def info_of(shape: Shape) -> EstateInfo:
    return EstateInfo(source=f"synthetic {shape.name}", crawled_at=CRAWLED_AT, accounts=shape.account_ids(),
                      regions=REGIONS, extra={"price_table": price_table_document(), "synthetic": shape.name})


def account_part(shape: Shape, serial: int) -> tuple[list[Resource], list[Edge], list[DanglingRef]]:
    """One account's resources, edges and dangling references. Accounts reference nothing of
    each other here, so edges derived per account are the estate's."""
    records = records_of(shape, serial)
    resources = [to_resource(SPEC_OF[kind], record, account=records.account, region=region,
                             crawled_at=records.crawled_at) for kind, region, record in records.items]
    return assemble(resources)


def build(shape: Shape) -> Estate:
    resources: list[Resource] = []
    edges: list[Edge] = []
    dangling: list[DanglingRef] = []
    for serial in range(shape.accounts):
        part = account_part(shape, serial)
        resources += part[0]
        edges += part[1]
        dangling += part[2]
    return Estate(resources, edges, (), dangling, info_of(shape))


def write(shape: Shape, path: str | Path) -> Path:
    """The estate as a snapshot; one account at a time when there are several, so a
    million-resource estate is written holding one account's 5k."""
    if shape.accounts == 1:
        return write_snapshot(build(shape), path)
    parts = (account_part(shape, serial) for serial in range(shape.accounts))
    return write_snapshot_parts(parts, info_of(shape), (), path)
