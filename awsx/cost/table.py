"""The price table: rows of (service, region, key, unit, USD, verified, source) read from the
packaged JSON (``prices/aws.json``), and the one lookup every estimator uses.

A lookup never invents a number silently: an exact (region, key) row wins; otherwise the
us-east-1 row times the labelled region multiplier, marked approximate ("≈"); otherwise None,
which the estimators report as "unknown". Unverified rows (costs.md "M") are approximate too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

BASE_REGION = "us-east-1"
TABLE_FILE = "aws.json"


@dataclass(frozen=True, slots=True)
class PriceRow:
    service: str
    region: str
    key: str
    unit: str
    usd: float
    verified: bool
    source: str


@dataclass(frozen=True, slots=True)
class Price:
    """A price as used: ``usd`` per ``unit``; ``note`` says how it was derived when not exact."""

    key: str
    usd: float
    unit: str
    approximate: bool
    note: str = ""

    def label(self) -> str:
        """``$0.08`` or ``≈$0.0888``: the figure as the basis text shows it."""
        whole, _, cents = f"{self.usd:.6f}".rstrip("0").partition(".")
        return f"{'≈' if self.approximate else ''}${whole}.{cents.ljust(2, '0')}"

    def scaled(self, factor: float, note: str) -> Price:
        return Price(self.key, self.usd * factor, self.unit, True, "; ".join(n for n in (self.note, note) if n))


class PriceTable:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.as_of = str(document["as_of"])
        self.currency = str(document.get("currency", "USD"))
        self.hours_per_month = float(document.get("hours_per_month", 730))
        self.rows = tuple(PriceRow(**row) for row in document["items"])
        fallback = document.get("region_multipliers") or {}
        self.multipliers: dict[str, float] = {k: float(v) for k, v in (fallback.get("multipliers") or {}).items()}
        self._rows = {(row.region, row.key): row for row in self.rows}

    def row(self, key: str, region: str) -> PriceRow | None:
        return self._rows.get((region, key))

    def has_key(self, key: str) -> bool:
        return (BASE_REGION, key) in self._rows

    def price(self, key: str, region: str) -> Price | None:
        """The price of ``key`` in ``region``, or None when neither a row nor a fallback exists."""
        exact = self._rows.get((region, key))
        if exact is not None:
            note = "" if exact.verified else "includes unverified list prices"
            return Price(key, exact.usd, exact.unit, not exact.verified, note)
        base = self._rows.get((BASE_REGION, key))
        multiplier = self.multipliers.get(region)
        if base is None or multiplier is None:
            return None
        # One note per region (not per price) so a basis states the fallback once.
        note = f"{region} = us-east-1 price × {multiplier:g} (region multiplier)"
        if not base.verified:
            note = f"includes unverified list prices; {note}"
        return Price(key, base.usd * multiplier, base.unit, True, note)


@lru_cache(maxsize=1)
def default_table() -> PriceTable:
    """The table shipped with awsx (package data; no network)."""
    return PriceTable(price_table_document())


def table_path() -> Path:
    """Where the shipped table lives (``awsx prices refresh`` rewrites it in place)."""
    return Path(str(resources.files("awsx.cost").joinpath("prices", TABLE_FILE)))


def price_table_document() -> dict[str, Any]:
    """The shipped table as a plain document, to store inside a snapshot (``info.extra``)."""
    return json.loads(table_path().read_text(encoding="utf-8"))


def table_for(extra: Mapping[str, Any]) -> PriceTable:
    """The table stored with an estate (``EstateInfo.extra["price_table"]``) so a snapshot's
    estimates are reproducible; the shipped table when there is none or it is malformed."""
    stored = extra.get("price_table") if isinstance(extra, Mapping) else None
    if isinstance(stored, Mapping):
        try:
            return PriceTable(stored)
        except (KeyError, TypeError, ValueError):
            pass
    return default_table()
