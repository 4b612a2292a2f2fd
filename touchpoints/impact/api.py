"""Impact in the REST API, under ``/api/v1/workspaces/{slug}/impact``: the figures that count,
every source's current estimates, what if, and the writes (compute from a study or an analysis
run, a manual estimate, the source that counts). Viewers read; editors and owners write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, get_type_hints

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Schema, Status
from pydantic import Field, create_model

from touchpoints.analytics.models import AnalysisRun
from touchpoints.api.routers import workspace_router
from touchpoints.api.types import Id
from touchpoints.impact import report, selectors, services
from touchpoints.impact.choices import ImpactSource
from touchpoints.impact.models import ImpactEstimate
from touchpoints.impact.selectors import ImpactFigure
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.records import attributes
from touchpoints.workspaces.access import workspace_access
from touchpoints.workspaces.roles import Capability

router, BASE = workspace_router("impact")


# The figure as the API shows it: the fields of ``selectors.ImpactFigure``, all required, but for the
# estimate's id (``origin`` names it).
FIGURE_OUT_FIELDS: dict[str, Any] = {
    name: (hint, ...) for name, hint in get_type_hints(ImpactFigure).items() if name != "estimate_id"
}
if TYPE_CHECKING:  # built at import time from the figure's fields; to mypy, a schema
    FigureOut = Schema
else:
    FigureOut = create_model("FigureOut", __base__=Schema, **FIGURE_OUT_FIELDS)


class ComputedOut(Schema):
    stored: int
    not_enough: int
    segments: int


class ManualIn(Schema):
    touchpoint_id: Id
    value: float
    low: float | None = None
    high: float | None = None
    unit: str = Field(max_length=ImpactEstimate.UNIT_MAX_LENGTH)
    reason: str = Field(max_length=ImpactEstimate.REASON_MAX_LENGTH)


class SettingsIn(Schema):
    source: str


class SettingsOut(Schema):
    source: str


class WhatIfOut(Schema):
    touchpoint_id: int
    survey_improve: list[float] | None
    survey_remove: list[float] | None
    logs_remove: list[float] | None
    logs_conversions: int | None


def _out(fig: ImpactFigure) -> dict[str, Any]:
    return attributes(fig, *FigureOut.model_fields)


@router.get(BASE, response=list[FigureOut])
def impacts(request: HttpRequest, slug: str) -> Any:
    """The impact that counts per touchpoint (the workspace's chosen source, others filling in)."""
    access = workspace_access(request.user, slug)
    return [_out(f) for f in selectors.touchpoint_impacts(workspace=access.workspace).values()]


@router.get(f"{BASE}/estimates", response=list[FigureOut])
def estimates(request: HttpRequest, slug: str, source: str, segment: str = "") -> Any:
    """The current figures of one source (survey, logs or manual); survey figures per segment."""
    access = workspace_access(request.user, slug)
    if source not in ImpactSource.values:
        raise ValidationError({"source": _("Choose survey, logs or manual.")})
    figs = selectors.figures(selectors.current_estimates(workspace=access.workspace, source=source, segment=segment))
    return [_out(f) for f in figs.get(source, {}).values()]


@router.get(f"{BASE}/what-if/{{int:touchpoint_id}}", response=WhatIfOut)
def what_if(request: HttpRequest, slug: str, touchpoint_id: Id) -> Any:
    """[change, low, high] if the touchpoint's experience were one step better or it were removed."""
    access = workspace_access(request.user, slug)
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=touchpoint_id)
    w = report.what_if(tp.name, selectors.figures(selectors.current_estimates(workspace=access.workspace)), tp.pk)
    return {
        "touchpoint_id": tp.pk,
        "survey_improve": w.survey_improve,
        "survey_remove": w.survey_remove,
        "logs_remove": w.logs_remove,
        "logs_conversions": w.logs_conversions,
    }


@router.post(f"{BASE}/studies/{{int:study_id}}/compute", response={201: ComputedOut})
def from_study(request: HttpRequest, slug: str, study_id: Id) -> Any:
    from touchpoints.feedback.models import Study

    return _computed(request, slug, Study, study_id, services.impact_from_study, "study")


@router.post(f"{BASE}/runs/{{int:run_id}}/compute", response={201: ComputedOut})
def from_run(request: HttpRequest, slug: str, run_id: Id) -> Any:
    return _computed(request, slug, AnalysisRun, run_id, services.impact_from_run, "run")


def _computed(
    request: HttpRequest, slug: str, model: type[Model], pk: int, compute: Callable[..., Any], field: str
) -> Any:
    """Compute the impact from a study or a run of the workspace (passed to ``compute`` as
    ``field``): 201 with what was stored."""
    access = workspace_access(request.user, slug, Capability.EDIT)
    source = get_object_or_404(model, workspace=access.workspace, pk=pk)
    return Status(201, compute(workspace=access.workspace, author=request.user, **{field: source}).__dict__)


@router.post(f"{BASE}/manual", response={201: FigureOut})
def manual(request: HttpRequest, slug: str, payload: ManualIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    tp = get_object_or_404(Touchpoint, workspace=access.workspace, pk=payload.touchpoint_id)
    e = services.impact_record_manual(
        workspace=access.workspace,
        touchpoint=tp,
        **attributes(payload, "value", "low", "high", "unit", "reason"),
        author=request.user,
    )
    return Status(201, _out(selectors.figures([e])[ImpactSource.MANUAL][tp.pk]))


@router.put(f"{BASE}/settings", response=SettingsOut)
def settings_put(request: HttpRequest, slug: str, payload: SettingsIn) -> Any:
    access = workspace_access(request.user, slug, Capability.EDIT)
    return {"source": services.impact_settings_set(workspace=access.workspace, source=payload.source).source}
