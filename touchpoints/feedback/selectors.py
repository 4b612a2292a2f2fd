"""Reads of the feedback app: studies of a workspace, and the cached public view of a study."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import Http404

from touchpoints.feedback.answers import StudySnapshot
from touchpoints.feedback.models import Alert, Respondent, Study, StudyTouchpoint
from touchpoints.lib.i18n import PRODUCT_LANGUAGES
from touchpoints.lib.records import attributes
from touchpoints.workspaces import alerts
from touchpoints.workspaces.access import Access

SNAPSHOT_KEY = "feedback:study:{token}"
# In front of the shared cache, each process keeps a study's public view this long (no unpickling
# on the hot submit path). Edits reach other processes within this plus the cache's time.
LOCAL_SECONDS = 2.0
_local: dict[str, tuple[float, StudySnapshot | None]] = {}


def study_list(*, access: Access) -> QuerySet[Study]:
    return (
        Study.objects.filter(workspace=access.workspace)
        .annotate(n_answers=Count("responses", distinct=False))
        .prefetch_related("brands")
    )


def study_get(*, access: Access, pk: int) -> Study:
    study = Study.objects.filter(workspace=access.workspace, pk=pk).first()
    if study is None:
        raise Http404("No such study.")
    return study


def study_entries(*, study: Study) -> list[StudyTouchpoint]:
    return list(study.study_touchpoints.select_related("touchpoint").order_by("position", "id"))


def diary_respondents(*, study: Study, limit: int = 500) -> list[Respondent]:
    return list(
        study.respondents.filter(is_diary=True)
        .annotate(n_answers=Count("responses"))
        .order_by("created_at", "id")[:limit]
    )


def alert_kind(*, study: Study, user: Any) -> str:
    """What the member is e-mailed about on this study ("" for nothing)."""
    return alerts.alert_kind(Alert, user=user, study=study)


def build_snapshot(study: Study) -> StudySnapshot:
    entries = study_entries(study=study)
    touchpoints = tuple((e.touchpoint_id, {lang: e.label(lang) for lang in PRODUCT_LANGUAGES}) for e in entries)
    brands = tuple(study.brands.order_by("-is_own", "name").values_list("id", "name"))
    segments: tuple[tuple[int, str], ...] = ()
    if study.ask_segment:
        segments = tuple(study.workspace.segments.order_by("name").values_list("id", "name"))
    return StudySnapshot(
        id=study.pk,
        **attributes(study, "token", "workspace_id", "status", "opens_at", "closes_at"),
        languages=tuple(lang for lang in PRODUCT_LANGUAGES if lang in (study.languages or [])) or ("en",),
        **attributes(study, "ask_comment", "ask_customer_type", "ask_segment"),
        brands=brands,
        touchpoints=touchpoints,
        segments=segments,
        consent={lang: study.consent_text(lang) for lang in PRODUCT_LANGUAGES},
    )


def study_snapshot(token: str) -> StudySnapshot | None:
    """The public view of a study, from the cache (a few seconds, see FEEDBACK_STUDY_CACHE_SECONDS)
    or built with a handful of queries. None for an unknown token."""
    if not token or len(token) > 32:
        return None
    now = time.monotonic()
    hit = _local.get(token)
    if hit is not None and hit[0] > now:
        return hit[1]
    snap = _shared_snapshot(token)
    if len(_local) > 1000:
        _local.clear()
    _local[token] = (now + LOCAL_SECONDS, snap)
    return snap


def _shared_snapshot(token: str) -> StudySnapshot | None:
    key = SNAPSHOT_KEY.format(token=token)
    snap = cache.get(key)
    if snap is not None:
        return snap or None  # "" caches an unknown token
    study = Study.objects.select_related("workspace").filter(token=token).first()
    snap = build_snapshot(study) if study is not None else None
    cache.set(key, snap or "", settings.FEEDBACK_STUDY_CACHE_SECONDS)
    return snap


def forget_snapshot(token: str) -> None:
    _local.pop(token, None)
    cache.delete(SNAPSHOT_KEY.format(token=token))
