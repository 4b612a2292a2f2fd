"""Priorities in the REST API, under ``/api/v1/workspaces/{slug}/priorities``: the benchmark, the
market settings, the priorities with their factors, the manual estimates and the top ten (with
its versions). Reading needs membership; writing needs the edit role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.lib.records import attributes
from touchpoints.priorities import choices as c
from touchpoints.priorities import selectors, services
from touchpoints.priorities.benchmark import GroupRow
from touchpoints.priorities.models import Estimate
from touchpoints.priorities.topten import TOP_SIZE
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("priorities")


class FactorsOut(Schema):
    experience: float | None = Field(description="Poor experience 0–1 (1 worst); null when missing.")
    impact: float | None = Field(description="Impact 0–1; null when missing.")
    cost: float | None = Field(description="Cost-effectiveness 0–1 (1 cheapest); null when missing.")


class PriorityOut(Schema):
    rank: int
    touchpoint_id: int
    name: str
    stages: list[str]
    area: str
    own_score: float | None
    feedback_n: int | None = Field(None, description="Customers' answers on the own brand.")
    feedback_score: float | None = Field(
        None, description="Customers' mean positivity as 0–100, (mean + 2) × 25; null with too few answers."
    )
    experience_score: float | None = Field(None, description="The mean of the audit score and feedback score known.")
    lacking: bool
    rivals_with_it: list[str]
    impact_source: str
    impact_reason: str
    impact_low: float | None = Field(None, description="The impact's interval on 0–1, when measured.")
    impact_high: float | None = None
    effort: int | None
    cost: float | None
    factors: FactorsOut
    score: float | None = Field(description="100 × the three factors; null when a factor is missing.")
    missing: list[str]
    quadrant: str | None


class EstimateIn(Schema):
    impact: int | None = Field(None, ge=1, le=5)
    impact_reason: str = Field("", max_length=500)
    effort: int | None = Field(None, ge=1, le=5)
    cost: float | None = Field(None, ge=0, lt=1e10)
    cost_note: str = Field("", max_length=300)


class EstimateOut(Schema):
    touchpoint_id: int
    impact: int | None
    impact_reason: str
    effort: int | None
    cost: float | None
    cost_note: str


class MarketIn(Schema):
    company_size: c.CompanySize | None = None
    brand_strength: c.BrandStrength | None = None
    loyalty: c.Loyalty | None = None


class PlaceIn(Schema):
    touchpoint_id: Id
    reason: str = Field("", max_length=500)


class TopTenIn(Schema):
    places: list[PlaceIn] = Field(max_length=TOP_SIZE)
    note: str = Field("", max_length=300)


class MarketComponentOut(Schema):
    name: str
    weight: int = Field(description="Its weight out of 100.")
    value: float | None = Field(description="0–1; null when its input is missing.")
    points: float = Field(description="Its points of the score; 0 when missing.")


class MarketOut(Schema):
    company_size: c.CompanySize | None
    brand_strength: c.BrandStrength | None
    loyalty: c.Loyalty | None
    new_customer_share: float | None = Field(description="From the segments' shares; null when unknown.")
    score: float | None = Field(description="The market's weight, 0–100; null when inputs are missing.")
    level: str | None
    components: list[MarketComponentOut]


class BenchmarkBrandOut(Schema):
    id: int
    name: str
    color: str
    is_own: bool


class BenchmarkCellOut(Schema):
    status: str = Field(description="exists, missing, planned or unknown")
    score: float | None = Field(description="The brand's latest finished audit score, 0–100; null when not scored.")


class BenchmarkRowOut(Schema):
    touchpoint_id: int
    name: str
    stages: list[str]
    area: str
    cells: dict[str, BenchmarkCellOut] = Field(description="By brand id.")
    unique: bool = Field(description="The own brand has it, no rival has it and at least one is known to lack it.")
    missing: bool = Field(description="The own brand lacks it (missing or planned) and a rival has it.")
    gap: float | None = Field(description="How far the own score trails the best rival's (positive: behind).")


class BenchmarkGroupOut(Schema):
    key: str = Field(description="The stage or the area.")
    touchpoints: int = Field(description="Touchpoints of the group.")
    present: dict[str, int] = Field(description="By brand id: the touchpoints of the group it has.")
    scores: dict[str, float | None] = Field(description="By brand id: its mean score over the group's scored ones.")


class BenchmarkOut(Schema):
    brands: list[BenchmarkBrandOut] = Field(description="The own brand first, then the rivals by name.")
    touchpoints: list[BenchmarkRowOut]
    by_stage: list[BenchmarkGroupOut]
    by_area: list[BenchmarkGroupOut]
    market: MarketOut


class TopPlaceOut(Schema):
    position: int
    touchpoint_id: int
    name: str
    reason: str
    priority_rank: int | None
    priority_score: float | None


class TopTenOut(Schema):
    version_id: int | None = Field(description="Null before the first top ten is saved.")
    saved_at: dt.datetime | None
    author: str | None
    places: list[TopPlaceOut]


class VersionPlaceOut(Schema):
    position: int
    name: str
    reason: str


class TopTenChangeOut(Schema):
    kind: str = Field(description="added, removed, up, down or reason")
    touchpoint_id: int
    name: str
    before: int | None = Field(description="The place in the older version.")
    after: int | None = Field(description="The place in this version.")
    reason: str


class TopTenVersionOut(Schema):
    version_id: int
    saved_at: dt.datetime
    author: str | None
    note: str
    places: list[VersionPlaceOut]
    changes: list[TopTenChangeOut] = Field(description="What changed from the version before.")


def _estimate_out(e: Estimate) -> dict[str, Any]:
    return {
        **attributes(e, "touchpoint_id", "impact", "impact_reason", "effort", "cost_note"),
        "cost": None if e.cost is None else float(e.cost),
    }


def _market(workspace: Any) -> dict[str, Any]:
    s = selectors.market_settings(workspace=workspace)
    w = selectors.market_weight(workspace=workspace)
    return {
        "company_size": s.company_size or None,
        "brand_strength": s.brand_strength or None,
        "loyalty": s.loyalty or None,
        "new_customer_share": selectors.new_customer_share(workspace=workspace),
        "score": w.score,
        "level": w.level,
        "components": [
            {"name": x.name, "weight": x.weight, "value": x.value, "points": x.contribution} for x in w.components
        ],
    }


def _top(workspace: Any) -> dict[str, Any]:
    version = selectors.current_version(workspace=workspace)
    return {
        "version_id": version.pk if version else None,
        "saved_at": version.created_at if version else None,
        "author": version.author.username if version and version.author else None,
        "places": [
            {
                "position": e.position,
                "touchpoint_id": e.touchpoint_id,
                "name": e.name,
                "reason": e.reason,
                "priority_rank": e.priority_rank,
                "priority_score": e.priority_score,
            }
            for e in selectors.top_ten(workspace=workspace)
        ],
    }


@router.get(f"{BASE}", response=list[PriorityOut])
def priority_list(request: HttpRequest, slug: str, stage: str | None = None, area: str | None = None) -> Any:
    access = workspace_access(request.user, slug)
    rows = selectors.priority_list(workspace=access.workspace)
    return [r for r in rows if (not stage or stage in r.stages) and (not area or r.area == area)]


def _group(g: GroupRow) -> dict[str, Any]:
    """A stage's or an area's row; its figures by brand id, as JSON names them (a string)."""
    return {
        "key": g.key,
        "touchpoints": g.touchpoints,
        "present": {str(b): n for b, n in g.present.items()},
        "scores": {str(b): score for b, score in g.scores.items()},
    }


@router.get(f"{BASE}/benchmark", response=BenchmarkOut)
def benchmark(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    m = selectors.benchmark_matrix(workspace=access.workspace)
    return {
        "brands": [attributes(b, "id", "name", "color", "is_own") for b in m.brands],
        "touchpoints": [
            {
                **attributes(r, "touchpoint_id", "name", "area", "unique", "missing", "gap"),
                "stages": list(r.stages),
                "cells": {str(b): {"status": cell.status, "score": cell.score} for b, cell in r.cells.items()},
            }
            for r in m.rows
        ],
        "by_stage": [_group(g) for g in m.by_stage],
        "by_area": [_group(g) for g in m.by_area],
        "market": _market(access.workspace),
    }


@router.get(f"{BASE}/market", response=MarketOut)
def market_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    return _market(access.workspace)


@router.put(f"{BASE}/market", response=MarketOut)
def market_set(request: HttpRequest, slug: str, payload: MarketIn) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.market_settings_set(workspace=access.workspace, **{k: v or "" for k, v in payload.dict().items()})
    return _market(access.workspace)


@router.get(f"{BASE}/estimates", response=list[EstimateOut])
def estimate_list(request: HttpRequest, slug: str) -> Any:
    access = workspace_access(request.user, slug)
    return [
        _estimate_out(e)
        for e in Estimate.objects.filter(touchpoint__workspace=access.workspace).order_by("touchpoint_id")
    ]


@router.put(f"{BASE}/estimates/{{int:touchpoint_id}}", response=EstimateOut)
def estimate_set(request: HttpRequest, slug: str, touchpoint_id: Id, payload: EstimateIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    return _estimate_out(
        services.estimate_set(workspace=access.workspace, touchpoint=touchpoint_id, user=request.user, **payload.dict())
    )


@router.get(f"{BASE}/top-ten", response=TopTenOut)
def top_ten_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = workspace_access(request.user, slug)
    return _top(access.workspace)


@router.put(f"{BASE}/top-ten", response=TopTenOut)
def top_ten_set(request: HttpRequest, slug: str, payload: TopTenIn) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.top_ten_save(
        workspace=access.workspace,
        places=[(p.touchpoint_id, p.reason) for p in payload.places],
        author=request.user,
        note=payload.note,
    )
    return _top(access.workspace)


@router.post(f"{BASE}/top-ten/fill", response=TopTenOut)
def top_ten_fill(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = workspace_access(request.user, slug, Capability.EDIT)
    services.top_ten_fill(workspace=access.workspace, author=request.user)
    return _top(access.workspace)


@router.get(f"{BASE}/top-ten/versions", response=list[TopTenVersionOut])
def top_ten_versions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = workspace_access(request.user, slug)
    return [
        {
            "version_id": h["version"].pk,
            "saved_at": h["version"].created_at,
            "author": h["version"].author.username if h["version"].author else None,
            "note": h["version"].note,
            "places": [{"position": p, "name": n, "reason": r} for p, n, r in h["places"]],
            "changes": h["changes"],
        }
        for h in selectors.top_ten_history(workspace=access.workspace)
    ]
