"""Writes of impact: from a study (key drivers), from an analysis run (counterfactual credits),
by hand (with a reason), and the workspace's choice of the source that counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.engine.keydrivers import (
    MIN_ANSWERS,
    KeyDriverResult,
    key_drivers,
)
from touchpoints.analytics.models import AnalysisRun
from touchpoints.impact.choices import ImpactSource
from touchpoints.impact.models import ImpactEstimate, ImpactSettings
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib.http import int_params
from touchpoints.workspaces.models import Workspace

SURVEY_UNIT = "likelihood_per_step"
LOGS_UNIT = "conversions_lost"
MAX_SEGMENTS = 20


@dataclass(frozen=True)
class ComputeSummary:
    stored: int  # touchpoints with a figure
    not_enough: int  # touchpoints without enough data
    segments: int = 0


def _retire(workspace: Workspace, source: str, **extra: Any) -> None:
    ImpactEstimate.objects.filter(workspace=workspace, source=source, current=True, **extra).update(current=False)


def _survey_rows(result: KeyDriverResult, tp_ids: list[int], **common: Any) -> list[ImpactEstimate]:
    rows = []
    for d in result.drivers:
        details: dict[str, Any] = {
            "answers": d.answers,
            "enough": d.enough,
            "identification": result.identification,
            "level": result.level,
            "r_squared": result.r_squared,
            "respondents": result.respondents,
            "min_answers": MIN_ANSWERS,
        }
        if d.enough:
            details.update(
                {
                    "importance": d.importance,
                    "importance_share": d.importance_share,
                    "shapley_r2": d.shapley_r2,  # exact up to 12 touchpoints, else None
                    "presence_effect": d.presence_effect,
                    "mean_positivity": d.mean_positivity,
                    "improve": [d.improve_change, d.improve_low, d.improve_high],
                    "remove": [d.remove_change, d.remove_low, d.remove_high],
                }
            )
        rows.append(
            ImpactEstimate(
                touchpoint_id=tp_ids[d.index],
                value=d.effect,
                low=d.low,
                high=d.high,
                unit=SURVEY_UNIT,
                details=details,
                **common,
            )
        )
    return rows


@transaction.atomic
def impact_from_study(*, workspace: Workspace, study: Any, author: Any = None) -> ComputeSummary:
    """Key drivers of the study's answers, overall and per segment / customer type."""
    from touchpoints.feedback.models import Response

    if study.workspace_id != workspace.pk:
        raise ValidationError({"study": _("This study belongs to another workspace.")})
    rows = list(
        Response.objects.filter(study=study).values_list(
            "respondent_id", "brand_id", "touchpoint_id", "positivity", "likelihood", "segment__name", "customer_type"
        )
    )
    if not rows:
        raise ValidationError({"study": _("This study has no answers yet: there is nothing to estimate.")})
    resp, brand, tp, pos, like, seg, ctype = (np.array(col, dtype=object) for col in zip(*rows))
    tp_ids = sorted({int(t) for t in tp})
    code = {t: i for i, t in enumerate(tp_ids)}
    tp_codes = np.array([code[int(t)] for t in tp], dtype=np.int64)
    args = (resp.astype(np.int64), brand.astype(np.int64), tp_codes, pos.astype(np.float64), like.astype(np.float64))
    overall = key_drivers(*args, n_touchpoints=len(tp_ids))
    enough = sum(d.enough for d in overall.drivers)
    if enough == 0:
        raise ValidationError(
            {
                "study": _(
                    "No touchpoint has enough answers yet: each needs at least %(n)s answers whose positivity varies "
                    "(from respondents who rated several brands, when most did)."
                )
                % {"n": MIN_ANSWERS}
            }
        )
    _retire(workspace, ImpactSource.SURVEY)
    common = {"workspace": workspace, "source": ImpactSource.SURVEY, "study": study, "author": author}
    out = _survey_rows(overall, tp_ids, **common)
    groups: dict[str, np.ndarray] = {}
    for label, values in ((None, seg), ("type", ctype)):
        for name in sorted({str(v) for v in values if v}):
            shown = name if label is None else str(_customer_type_label(name))
            groups.setdefault(shown, values == name)
    for shown, mask in list(groups.items())[:MAX_SEGMENTS]:
        part = key_drivers(*(a[mask] for a in args), n_touchpoints=len(tp_ids))
        out += [r for r in _survey_rows(part, tp_ids, segment=shown[:200], **common)]
    ImpactEstimate.objects.bulk_create(out, batch_size=500)
    return ComputeSummary(stored=enough, not_enough=len(tp_ids) - enough, segments=min(len(groups), MAX_SEGMENTS))


def _customer_type_label(value: str) -> str:
    from touchpoints.feedback.choices import CustomerType

    try:
        return str(CustomerType(value).label)
    except ValueError:
        return value


@transaction.atomic
def impact_from_run(*, workspace: Workspace, run: AnalysisRun, author: Any = None) -> ComputeSummary:
    """The counterfactual credits of a finished run (conversions lost without each touchpoint);
    channels matched to one touchpoint add up."""
    if run.workspace_id != workspace.pk:
        raise ValidationError({"run": _("This analysis belongs to another workspace.")})
    result = run.result or {}
    if run.status != RunStatus.DONE or not result:
        raise ValidationError({"run": _("This analysis has not finished.")})
    summary = result.get("summary") or {}
    if int(summary.get("channels") or 0) < 2:
        raise ValidationError(
            {
                "run": _(
                    "The log has only one channel: with nothing to compare it with, its impact "
                    "cannot be told apart from the conversions themselves."
                )
            }
        )
    if int(summary.get("conversions") or 0) <= 0:
        raise ValidationError({"run": _("The log has no conversions: no touchpoint can be credited with any.")})
    cf = result.get("counterfactual")
    if not cf:
        raise ValidationError(
            {
                "run": _(
                    "This analysis was made before the counterfactual model existed: "
                    "repeat it to get the impact from the log."
                )
            }
        )
    matched = {m["channel"]: m["touchpoint_id"] for m in (result.get("matching") or {}).get("matched", [])}
    valid = set(
        Touchpoint.objects.filter(workspace=workspace, pk__in=int_params(matched.values())).values_list("pk", flat=True)
    )
    per_tp: dict[int, dict[str, Any]] = defaultdict(lambda: {"lost": 0.0, "var": 0.0, "channels": []})
    level = float(cf.get("level") or 0.95)
    z = float(_z(level))
    for channel, lost in cf["lost"].items():
        tp_id = matched.get(channel)
        if tp_id is None or int(tp_id) not in valid:
            continue
        half = (float(cf["high"][channel]) - float(cf["low"][channel])) / 2.0
        entry = per_tp[int(tp_id)]
        entry["lost"] += float(lost)
        entry["var"] += (half / z) ** 2 if z else 0.0  # channels' errors taken as independent
        entry["channels"].append(channel)
    if not per_tp:
        raise ValidationError({"run": _("No channel of this analysis matches a touchpoint of the inventory.")})
    _retire(workspace, ImpactSource.LOGS)
    rows = []
    for tp_id, e in sorted(per_tp.items()):
        half = z * float(np.sqrt(e["var"]))
        rows.append(
            ImpactEstimate(
                workspace=workspace,
                touchpoint_id=tp_id,
                source=ImpactSource.LOGS,
                value=e["lost"],
                low=e["lost"] - half,
                high=e["lost"] + half,
                unit=LOGS_UNIT,
                run=run,
                author=author,
                details={
                    "channels": e["channels"],
                    "level": level,
                    "conversions": int(summary.get("conversions") or 0),
                    "journeys": int(summary.get("journeys") or 0),
                    "remove": [-e["lost"], -(e["lost"] + half), -(e["lost"] - half)],
                },
            )
        )
    ImpactEstimate.objects.bulk_create(rows)
    return ComputeSummary(stored=len(rows), not_enough=0)


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2.0))


@transaction.atomic
def impact_record_manual(
    *,
    workspace: Workspace,
    touchpoint: Touchpoint,
    value: float,
    low: float | None,
    high: float | None,
    unit: str,
    reason: str,
    author: Any,
) -> ImpactEstimate:
    """A person's estimate, with the reason for it; replaces their touchpoint's previous manual one."""
    errors: dict[str, str] = {}
    if touchpoint.workspace_id != workspace.pk:
        errors["touchpoint"] = _("This touchpoint belongs to another workspace.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why: a manual estimate needs its reason.")
    if not (unit or "").strip():
        errors["unit"] = _("Give the unit of the estimate.")
    for name, number in (("value", value), ("low", low), ("high", high)):
        if number is not None and not np.isfinite(number):
            errors[name] = _("Enter a finite number.")
    if not errors and low is not None and low > value:
        errors["low"] = _("The lower bound cannot exceed the estimate.")
    if not errors and high is not None and high < value:
        errors["high"] = _("The upper bound cannot be below the estimate.")
    if errors:
        raise ValidationError(errors)
    _retire(workspace, ImpactSource.MANUAL, touchpoint=touchpoint)
    return ImpactEstimate.objects.create(
        workspace=workspace,
        touchpoint=touchpoint,
        source=ImpactSource.MANUAL,
        value=value,
        low=low,
        high=high,
        unit=unit.strip()[:60],
        reason=reason.strip(),
        author=author,
    )


@transaction.atomic
def impact_settings_set(*, workspace: Workspace, source: str) -> ImpactSettings:
    if source not in ImpactSource.values:
        raise ValidationError({"source": _("Choose survey, logs or manual.")})
    obj, _created = ImpactSettings.objects.update_or_create(workspace=workspace, defaults={"source": source})
    return obj
