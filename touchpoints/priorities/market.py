"""How much the competitor comparison matters in this market, as a pure function (no ORM).

The more rivals a customer can choose from, the more of them are new (they compare; returning
customers rely on what they know), the weaker the own brand, the smaller the company and the
less loyal its customers, the more the comparison matters. Each input becomes a value 0–1 and
counts with its weight:

=====================  ======  ==========================================================
input                  weight  value
=====================  ======  ==========================================================
competitors            30      min(number of competitor brands, 5) / 5
new customers          25      share of new customers (segments: new = all, mixed = half)
brand strength         20      newcomer 1, one of many 0.75, challenger 0.4, leader 0.15
loyalty                15      low 1, medium 0.5, high 0.15
company size           10      micro 1, small 0.75, medium 0.5, large 0.25
=====================  ======  ==========================================================

An input that is not known is left out and the other weights are scaled up to 100 (the result
says which inputs were missing); with no input known there is no result. 0–34 is low, 35–64
medium, 65–100 high.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

COMPETITORS, NEW_CUSTOMERS, BRAND, LOYALTY, SIZE = (
    "competitors",
    "new_customers",
    "brand_strength",
    "loyalty",
    "company_size",
)
WEIGHTS: dict[str, int] = {COMPETITORS: 30, NEW_CUSTOMERS: 25, BRAND: 20, LOYALTY: 15, SIZE: 10}
COMPETITORS_FULL = 5
BRAND_VALUES = {"newcomer": 1.0, "follower": 0.75, "challenger": 0.4, "leader": 0.15}
LOYALTY_VALUES = {"low": 1.0, "medium": 0.5, "high": 0.15}
SIZE_VALUES = {"micro": 1.0, "small": 0.75, "medium": 0.5, "large": 0.25}
LOW, MEDIUM, HIGH = "low", "medium", "high"
MEDIUM_FROM, HIGH_FROM = 35.0, 65.0


@dataclass(frozen=True)
class MarketInputs:
    competitors: int | None
    company_size: str | None = None
    brand_strength: str | None = None
    loyalty: str | None = None
    new_share: float | None = None  # 0–1


@dataclass(frozen=True)
class Component:
    name: str
    weight: int  # as written down (out of 100)
    value: float | None  # 0–1, None when the input is missing
    contribution: float  # points of the result, 0 when missing


@dataclass
class MarketWeight:
    score: float | None  # 0–100
    level: str | None
    components: list[Component] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [c.name for c in self.components if c.value is None]


def new_customer_share(
    segments: Sequence[tuple[float, str]], *, new: str = "new", returning: str = "returning"
) -> float | None:
    """(share %, customer type) per segment → the share of new customers 0–1 (mixed counts half)."""
    total = sum(s for s, _t in segments if s > 0)
    if total <= 0:
        return None
    new_part = sum(s if t == new else (0.0 if t == returning else s / 2) for s, t in segments if s > 0)
    return round(new_part / total, 4)


def level(score: float | None) -> str | None:
    if score is None:
        return None
    return HIGH if score >= HIGH_FROM else MEDIUM if score >= MEDIUM_FROM else LOW


def values(inputs: MarketInputs) -> dict[str, float | None]:
    return {
        COMPETITORS: None
        if inputs.competitors is None
        else min(max(inputs.competitors, 0), COMPETITORS_FULL) / COMPETITORS_FULL,
        NEW_CUSTOMERS: None if inputs.new_share is None else max(0.0, min(1.0, inputs.new_share)),
        BRAND: BRAND_VALUES.get(inputs.brand_strength or ""),
        LOYALTY: LOYALTY_VALUES.get(inputs.loyalty or ""),
        SIZE: SIZE_VALUES.get(inputs.company_size or ""),
    }


def market_weight(inputs: MarketInputs) -> MarketWeight:
    vals = values(inputs)
    known = sum(WEIGHTS[k] for k, v in vals.items() if v is not None)
    if not known:
        return MarketWeight(None, None, [Component(k, WEIGHTS[k], None, 0.0) for k in WEIGHTS])
    components = [
        Component(k, WEIGHTS[k], v, 0.0 if v is None else round(100.0 * WEIGHTS[k] * v / known, 1))
        for k, v in vals.items()
    ]
    score = round(100.0 * sum(WEIGHTS[k] * v for k, v in vals.items() if v is not None) / known, 1)
    return MarketWeight(score, level(score), components)
