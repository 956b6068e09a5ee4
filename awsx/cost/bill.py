"""One resource's monthly estimate and the arithmetic behind it.

A ``Bill`` collects charges (quantity × price) and turns them into an ``Estimate`` whose
``basis`` is the sum written out, so the user sees exactly what was multiplied. A charge whose
price is missing makes the whole estimate unknown (``monthly`` None): never a silent zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .table import Price, PriceTable

# Within a family each size step doubles the price (costs.md §2), relative to ``large``.
_SIZES = {"nano": 1 / 16, "micro": 1 / 8, "small": 1 / 4, "medium": 1 / 2, "large": 1.0, "xlarge": 2.0}
_MULTI_XLARGE = re.compile(r"^(\d+)xlarge$")


def size_factor(size: str) -> float | None:
    """Price of ``size`` relative to ``large`` (``4xlarge`` → 8), or None for metal and the unknown."""
    if size in _SIZES:
        return _SIZES[size]
    match = _MULTI_XLARGE.match(size)
    return 2.0 * int(match.group(1)) if match else None


def sized_price(table: PriceTable, prefix: str, family: str, size: str, suffix: str, region: str) -> Price | None:
    """``prefix/family.size[/suffix]``, or the family's ``large`` row scaled by size (≈)."""
    tail = f"/{suffix}" if suffix else ""
    exact = table.price(f"{prefix}/{family}.{size}{tail}", region)
    if exact is not None:
        return exact
    factor = size_factor(size)
    base = table.price(f"{prefix}/{family}.large{tail}", region)
    if base is None or factor is None:
        return None
    return base.scaled(factor, f"{family}.large × {factor:g} for size {size}")


def money(value: float | None, approximate: bool = False) -> str:
    """``$1,234.56``, ``≈$3.65`` for an approximate figure, ``unknown`` for a missing price
    (never ``$0.00``): how the CLI and the TUI print every amount."""
    if value is None:
        return "unknown"
    return f"{'≈' if approximate else ''}${value:,.2f}"


@dataclass(frozen=True, slots=True)
class Estimate:
    """Monthly list-price estimate of one resource (``monthly`` None = unknown)."""

    arn: str
    kind: str
    monthly: float | None
    basis: str
    approximate: bool

    def to_json(self) -> dict[str, Any]:
        monthly = None if self.monthly is None else round(self.monthly, 2)
        return {"arn": self.arn, "kind": self.kind, "monthly": monthly, "basis": self.basis,
                "approximate": self.approximate}


@dataclass
class Bill:
    table: PriceTable
    region: str
    terms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    total: float = 0.0
    approximate: bool = False

    @property
    def hours(self) -> float:
        return self.table.hours_per_month

    def charge(self, key: str, quantity: float, what: str, price: Price | None = None) -> float | None:
        """Add ``quantity`` × the price of ``key``; ``what`` describes the quantity (``50 GB``)."""
        price = price or self.table.price(key, self.region)
        if price is None:
            self.missing.append(key)
            return None
        amount = quantity * price.usd
        self.terms.append(f"{what} × {price.label()}/{price.unit} = ${amount:,.2f}")
        self.total += amount
        if price.approximate:
            self.approximate = True
            for part in filter(None, price.note.split("; ")):
                if f"≈ {part}" not in self.notes:
                    self.notes.append(f"≈ {part}")
        return amount

    def note(self, text: str, approximate: bool = False) -> None:
        self.notes.append(text)
        self.approximate = self.approximate or approximate

    def unknown(self, reason: str) -> None:
        self.missing.append(reason)

    def estimate(self, arn: str, kind: str) -> Estimate:
        if self.missing:
            reason = ", ".join(f"{m} in {self.region}" if "/" in m else m for m in self.missing)
            return Estimate(arn, kind, None, f"unknown: no price for {reason}", True)
        if not self.terms:
            return Estimate(arn, kind, 0.0, "; ".join(self.notes) or "no charge", self.approximate)
        sum_text = self.terms[0] if len(self.terms) == 1 else f"{' + '.join(self.terms)} = ${self.total:,.2f}"
        basis = "; ".join([sum_text, *self.notes])
        return Estimate(arn, kind, self.total, basis, self.approximate)
