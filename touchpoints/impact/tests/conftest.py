"""Fixtures: touchpoints, a study with answers, a finished analysis run of a small log."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.utils import timezone

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.engine import AnalysisOptions, analyze_log, parse_column_map
from touchpoints.analytics.models import AnalysisRun
from touchpoints.inventory.services import touchpoint_create
from touchpoints.workspaces.models import Brand

NAMES = ["Reception", "Website", "Parking"]
EFFECTS = {"Reception": 1.0, "Website": 0.5, "Parking": 0.1}


@pytest.fixture
def touchpoints(world: Any) -> dict[str, Any]:
    return {n: touchpoint_create(workspace=world.workspace, name=n) for n in NAMES}


def make_study(world: Any, touchpoints: dict[str, Any], *, respondents: int = 60, name: str = "Spring survey") -> Any:
    from touchpoints.feedback.models import Respondent, Response, Study

    study = Study.objects.create(workspace=world.workspace, name=name)
    brands = list(Brand.objects.filter(workspace=world.workspace).order_by("id"))
    study.brands.set(brands)
    rng = np.random.default_rng(1)
    answers = []
    people = Respondent.objects.bulk_create([Respondent(study=study) for _ in range(respondents)])
    for i, resp in enumerate(people):
        halo = rng.normal()
        for b_i, brand in enumerate(brands):
            xs = {n: int(np.clip(round(halo + rng.normal()), -2, 2)) for n in NAMES}
            y = 5 + b_i + 1.5 * halo + sum(EFFECTS[n] * xs[n] for n in NAMES) + rng.normal(0, 0.3)
            y = int(np.clip(round(y), 0, 10))
            for n in NAMES:
                answers.append(
                    Response(
                        study=study,
                        respondent=resp,
                        brand=brand,
                        touchpoint=touchpoints[n],
                        positivity=xs[n],
                        likelihood=y,
                        customer_type="new" if i % 2 else "returning",
                    )
                )
    Response.objects.bulk_create(answers)
    return study


@pytest.fixture
def study(world: Any, touchpoints: dict[str, Any]) -> Any:
    return make_study(world, touchpoints)


_RESULTS: dict[tuple[Any, ...], dict[str, Any]] = {}


def analysed(tmp_path: Path, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """The engine's result for these rows (computed once per test session)."""
    key = tuple(rows)
    if key not in _RESULTS:
        path = tmp_path / "log.csv"
        path.write_text("customer,ts,channel,converted\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n")
        columns = parse_column_map("customer=customer,timestamp=ts,touchpoint=channel,conversion=converted")
        _RESULTS[key] = analyze_log(str(path), columns, options=AnalysisOptions(markov_orders=(1,))).to_dict()
    return copy.deepcopy(_RESULTS[key])


def make_run(world: Any, tmp_path: Path, rows: list[tuple[Any, ...]], touchpoints: dict[str, Any]) -> AnalysisRun:
    data = analysed(tmp_path, rows)
    data["matching"] = {
        "matched": [
            {"channel": c["channel"], "touchpoint_id": touchpoints[c["channel"]].pk, "by": "name"}
            for c in data["channels"]
            if c["channel"] in touchpoints
        ],
        "candidates": [],
    }
    return AnalysisRun.objects.create(
        workspace=world.workspace,
        name="March log",
        source_name="log.csv",
        status=RunStatus.DONE,
        result=data,
        journeys=data["summary"]["journeys"],
        conversions=data["summary"]["conversions"],
        channel_count=data["summary"]["channels"],
        finished_at=timezone.now(),
    )


def log_rows(seed: int = 2, customers: int = 600) -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(customers):
        chans = sorted(set(rng.choice(["Reception", "Website", "Parking"], size=int(rng.integers(1, 4)))))
        p = 0.05 + 0.4 * ("Reception" in chans) + 0.2 * ("Website" in chans) + 0.02 * ("Parking" in chans)
        conv = int(rng.random() < p)
        for k, ch in enumerate(chans):
            rows.append((f"u{c}", 1000 * c + k, ch, conv if k == len(chans) - 1 else 0))
    return rows


@pytest.fixture
def run(world: Any, tmp_path: Path, touchpoints: dict[str, Any]) -> AnalysisRun:
    return make_run(world, tmp_path, log_rows(), touchpoints)
