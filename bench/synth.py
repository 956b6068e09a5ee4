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
from awsx.cost.table import price_table_document
from awsx.inventory.edges import assemble
from awsx.inventory.normalize import to_resource
from awsx.inventory.specs import SPECS
from awsx.store.snapshot import write_snapshot

from .synth_iam import IamSynth
from .synth_network import REGIONS, NetworkSynth, Records

ACCOUNT = "111122223333"
CRAWLED_AT = "2026-11-20T09:00:00+00:00"
SPEC_OF = {spec.kind: spec for spec in SPECS}


@dataclass(frozen=True, slots=True)
class Shape:
    """How big an estate is: workload ENIs, IAM principals and identity-policy statements."""

    name: str
    enis: int
    principals: int
    statements: int
    seed: int = 7


def records_of(shape: Shape) -> Records:
    records = Records(ACCOUNT, CRAWLED_AT)
    rng = random.Random(shape.seed)
    iam = IamSynth(records, rng)
    iam.generate(shape.principals, shape.statements)
    NetworkSynth(records, rng, iam.profiles).generate(shape.enis)
    return records


def build(shape: Shape) -> Estate:
    records = records_of(shape)
    resources = [to_resource(SPEC_OF[kind], record, account=records.account, region=region,
                             crawled_at=records.crawled_at) for kind, region, record in records.items]
    resources, edges, dangling = assemble(resources)
    info = EstateInfo(source=f"synthetic {shape.name}", crawled_at=CRAWLED_AT, accounts=(ACCOUNT,),
                      regions=REGIONS, extra={"price_table": price_table_document(), "synthetic": shape.name})
    return Estate(resources, edges, (), dangling, info)


def write(shape: Shape, path: str | Path) -> Path:
    return write_snapshot(build(shape), path)
