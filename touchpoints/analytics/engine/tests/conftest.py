"""Helpers for the engine's tests: tiny logs written to a temporary folder (no database)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from touchpoints.analytics.engine import AnalysisOptions, AnalysisResult, analyze_log, parse_column_map

HEADER = ("customer", "ts", "channel", "converted", "value", "segment")
COLUMNS = "customer=customer,timestamp=ts,touchpoint=channel,conversion=converted,value=value,segment=segment"
Row = Sequence[Any]


def write_csv(path: Path, rows: Sequence[Row], header: Sequence[str] = HEADER) -> Path:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def customer(name: str, *touches: tuple[Any, ...], segment: str = "s") -> list[Row]:
    """A customer's events as log rows, in the order given: each touch is ``(timestamp, channel)``,
    or ``(timestamp, channel, value)`` for a converting one."""
    return [
        (name, ts, channel, 1 if value else 0, value[0] if value else "", segment) for ts, channel, *value in touches
    ]


def analyze_rows(tmp_path: Path, rows: Sequence[Row], **options: Any) -> AnalysisResult:
    path = write_csv(tmp_path / "log.csv", rows)
    return analyze_log(str(path), parse_column_map(COLUMNS), options=AnalysisOptions(**options))


def by_model(result: AnalysisResult, model: str) -> dict[str, float]:
    return {row.channel: row.conversions for row in result.attribution if row.model == model}


def random_log(
    rng: np.random.Generator, customers: int, channels: int, *, max_len: int = 6, p_convert: float = 0.3
) -> list[tuple[Any, ...]]:
    """A log with distinct timestamps per customer and conversions only on a journey's last event."""
    rows: list[tuple[Any, ...]] = []
    names = [f"c{i}" for i in range(channels)]
    for customer in range(customers):
        length = int(rng.integers(1, max_len + 1))
        t = int(rng.integers(0, 10_000_000))
        converts = bool(rng.random() < p_convert)
        for position in range(length):
            t += int(rng.integers(1, 500_000))
            last = position == length - 1
            conv = converts and last
            rows.append(
                (
                    f"u{customer}",
                    t,
                    names[int(rng.integers(0, channels))],
                    int(conv),
                    round(float(rng.uniform(1, 100)), 2) if conv else "",
                    "a" if customer % 2 else "b",
                )
            )
    return rows


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)
