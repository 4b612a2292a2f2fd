"""Writes of the feedback app: studies and their touchpoints, diary links, and answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import fields as dataclass_fields
from typing import Any, cast

import psycopg
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.feedback import choices as c
from touchpoints.feedback.answers import Answer, StudySnapshot
from touchpoints.feedback.models import (
    Alert,
    Respondent,
    Response,
    Study,
    StudyTouchpoint,
    new_respondent_token,
)
from touchpoints.feedback.selectors import forget_snapshot
from touchpoints.inventory.models import Touchpoint
from touchpoints.lib import freshness
from touchpoints.lib.records import attributes
from touchpoints.workspaces import alerts
from touchpoints.workspaces.models import Brand, Workspace

STUDY_FIELDS = (
    "name",
    "opens_at",
    "closes_at",
    "languages",
    "consent_text_en",
    "consent_text_ru",
    "consent_text_es",
    "ask_comment",
    "ask_customer_type",
    "ask_segment",
)
MAX_DIARY_LINKS = 500


def _forget(study: Study) -> None:
    """Drop the cached public view now and again after commit (a request in between may re-cache the old one)."""
    forget_snapshot(study.token)
    transaction.on_commit(lambda: forget_snapshot(study.token))


def _check_scope(
    workspace: Workspace, brands: Sequence[Brand] | None, touchpoints: Sequence[Touchpoint] | None
) -> None:
    errors = {}
    if brands is not None:
        if not brands:
            errors["brands"] = _("Choose at least one brand.")
        elif any(b.workspace_id != workspace.pk for b in brands):
            errors["brands"] = _("A brand of another workspace cannot be asked about.")
    if touchpoints is not None:
        if not touchpoints:
            errors["touchpoints"] = _("Choose at least one touchpoint.")
        elif any(t.workspace_id != workspace.pk for t in touchpoints):
            errors["touchpoints"] = _("A touchpoint of another workspace cannot be asked about.")
    if errors:
        raise ValidationError(errors)


def _check_dates(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The study must close after it opens.")})


@transaction.atomic
def study_create(
    *,
    workspace: Workspace,
    name: str,
    brands: Sequence[Brand],
    touchpoints: Sequence[Touchpoint],
    languages: Sequence[str] = ("en", "ru", "es"),
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    status: str = c.StudyStatus.DRAFT,
    **options: object,
) -> Study:
    _check_scope(workspace, brands, touchpoints)
    opens_at = opens_at or timezone.now()
    _check_dates(opens_at, closes_at)
    unknown = set(options) - set(STUDY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown study options: {sorted(unknown)}")
    study = Study(
        workspace=workspace,
        name=name.strip(),
        languages=cast(Any, list(languages) or ["en"]),  # a list field the stubs take for a text field
        opens_at=opens_at,
        closes_at=closes_at,
        status=status,
        **options,
    )
    study.full_clean(exclude=["brands"])
    study.save()
    study.brands.set(brands)
    study_touchpoints_set(study=study, touchpoints=touchpoints)
    return study


@transaction.atomic
def study_update(
    *,
    study: Study,
    brands: Sequence[Brand] | None = None,
    touchpoints: Sequence[Touchpoint] | None = None,
    **fields: object,
) -> Study:
    _check_scope(study.workspace, brands, touchpoints)
    unknown = set(fields) - set(STUDY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown study fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(study, name, value)
    _check_dates(study.opens_at, study.closes_at)
    study.full_clean(exclude=["brands"])
    study.save()
    if brands is not None:
        study.brands.set(brands)
    if touchpoints is not None:
        study_touchpoints_set(study=study, touchpoints=touchpoints)
    _forget(study)
    return study


@transaction.atomic
def study_touchpoints_set(*, study: Study, touchpoints: Sequence[Touchpoint]) -> None:
    """The touchpoints offered, in the given order; labels of ones kept stay as they were."""
    existing = {e.touchpoint_id: e for e in study.study_touchpoints.all()}
    wanted = list(dict.fromkeys(touchpoints))
    wanted_ids = {t.pk for t in wanted}
    study.study_touchpoints.exclude(touchpoint_id__in=wanted_ids).delete()
    for position, tp in enumerate(wanted):
        entry = existing.get(tp.pk)
        if entry is None:
            StudyTouchpoint.objects.create(study=study, touchpoint=tp, position=position)
        elif entry.position != position:
            entry.position = position
            entry.save(update_fields=["position"])
    _forget(study)


@transaction.atomic
def study_labels_update(*, study: Study, labels: dict[int, dict[str, str]]) -> int:
    """Customer-facing labels: {study touchpoint id: {"label_en": …, "label_ru": …, "label_es": …}}."""
    changed = 0
    for entry in study.study_touchpoints.filter(pk__in=list(labels)):
        values = labels[entry.pk]
        for name in ("label_en", "label_ru", "label_es"):
            if name in values:
                setattr(entry, name, (values[name] or "").strip()[:200])
        entry.save(update_fields=["label_en", "label_ru", "label_es"])
        changed += 1
    _forget(study)
    return changed


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    c.StudyStatus.DRAFT: {c.StudyStatus.OPEN, c.StudyStatus.CLOSED},
    c.StudyStatus.OPEN: {c.StudyStatus.PAUSED, c.StudyStatus.CLOSED},
    c.StudyStatus.PAUSED: {c.StudyStatus.OPEN, c.StudyStatus.CLOSED},
    c.StudyStatus.CLOSED: {c.StudyStatus.OPEN},
}


@transaction.atomic
def study_set_status(*, study: Study, status: str) -> Study:
    if status not in ALLOWED_TRANSITIONS.get(study.status, set()):
        raise ValidationError(
            {
                "status": _("A study cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": study.get_status_display(),
                    "new": c.StudyStatus(status).label if status in c.StudyStatus.values else status,
                }
            }
        )
    if status == c.StudyStatus.OPEN:
        if not study.study_touchpoints.exists() or not study.brands.exists():
            raise ValidationError({"status": _("Choose the brands and touchpoints before opening the study.")})
        if study.closes_at is not None and study.closes_at <= timezone.now():
            study.closes_at = None  # reopening a study past its closing date opens it without an end
    study.status = status
    study.save(update_fields=["status", "closes_at", "updated_at"])
    _forget(study)
    return study


@transaction.atomic
def diary_links_create(*, study: Study, count: int, label: str = "") -> list[Respondent]:
    if not 1 <= count <= MAX_DIARY_LINKS:
        raise ValidationError({"count": _("Create between 1 and %(max)d links at a time.") % {"max": MAX_DIARY_LINKS}})
    label = label.strip()[:80]
    rows = [
        Respondent(study=study, is_diary=True, label=f"{label} {i}".strip() if label else "")
        for i in range(1, count + 1)
    ]
    return Respondent.objects.bulk_create(rows)


# The answer's own fields are columns of the same names.
_ANSWER_FIELDS = tuple(f.name for f in dataclass_fields(Answer))


def alert_set(*, study: Study, user: Any, kind: str) -> Alert | None:
    """A member's e-mail alert on the study (``AlertKind``; "" removes it)."""
    return alerts.alert_set(Alert, user=user, kind=kind, kinds=c.AlertKind.values, study=study)


def _response_values(
    study_id: int, answer: Answer, language: str, source: str, idempotency_key: str | None
) -> dict[str, Any]:
    """The columns of a stored answer (``_RESPONSE_COLUMNS``), by name."""
    return {
        "study_id": study_id,
        **attributes(answer, *_ANSWER_FIELDS),
        "language": language,
        "source": source,
        "idempotency_key": idempotency_key or None,
    }


def answer_store(
    *,
    study: StudySnapshot,
    answer: Answer,
    language: str,
    idempotency_key: str | None,
    respondent_id: int | None = None,
    source: str = "web",
) -> bool:
    """Stores one validated answer durably (committed when this returns). A one-off answer gets its
    own anonymous respondent. Returns False when an answer with this key was already stored (a
    double submit): nothing is written then."""
    values = _response_values(study.id, answer, language, source, idempotency_key)
    try:
        if respondent_id is None and connection.vendor == "postgresql" and not connection.in_atomic_block:
            _insert_with_respondent(values)
        else:
            with transaction.atomic():
                if respondent_id is None:
                    respondent_id = Respondent.objects.create(study_id=study.id).pk
                Response.objects.create(respondent_id=respondent_id, **values)
    except IntegrityError:
        if idempotency_key and Response.objects.filter(study_id=study.id, idempotency_key=idempotency_key).exists():
            return False
        raise
    # The home's feedback widgets count it (a public link: no workspace request).
    freshness.bump(study.workspace_id, freshness.HOME)
    return True


_RESPONSE_COLUMNS = (
    "study_id",
    "brand_id",
    "touchpoint_id",
    "positivity",
    "likelihood",
    "comment",
    "customer_type",
    "segment_id",
    "language",
    "source",
    "idempotency_key",
)


def _insert_with_respondent(values: dict) -> None:
    """The respondent and the answer in ONE statement (one round trip, one commit; all or nothing:
    a duplicate key rolls the new respondent back too). PostgreSQL only (data-modifying CTE).
    Sent as a server-side prepared statement (parsed and planned once per connection: the
    database's CPU is shared with the app's on a small server); errors are Django's as usual."""
    now = timezone.now()
    params = [values["study_id"], new_respondent_token(), now, *(values[c] for c in _RESPONSE_COLUMNS), now]
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_INSERT_SQL, params, prepare=True)


_INSERT_SQL = (
    f'WITH r AS (INSERT INTO "{Respondent._meta.db_table}" (study_id, token, is_diary, label, created_at) '
    f"VALUES (%s, %s, false, '', %s) RETURNING id) "
    f'INSERT INTO "{Response._meta.db_table}" ({", ".join(_RESPONSE_COLUMNS)}, respondent_id, created_at) '
    f"SELECT {', '.join(['%s'] * len(_RESPONSE_COLUMNS))}, r.id, %s FROM r"
)


def answers_store_batch(
    *, study: StudySnapshot, items: Iterable[tuple[Answer, str, str | None, dt.datetime | None]], source: str = "api"
) -> tuple[int, int]:
    """Stores many validated answers (answer, language, idempotency key, answered at); each gets its
    own anonymous respondent. Keys already stored are skipped. Returns (created, duplicates)."""
    items = list(items)
    keys = [k for _a, _l, k, _t in items if k]
    seen = (
        set(
            Response.objects.filter(study_id=study.id, idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        if keys
        else set()
    )
    created = duplicates = 0
    now = timezone.now()
    with transaction.atomic():
        fresh = []
        for answer, lang, key, at in items:
            if key and key in seen:
                duplicates += 1
                continue
            if key:
                seen.add(key)
            fresh.append((answer, lang, key, at))
        respondents = Respondent.objects.bulk_create([Respondent(study_id=study.id) for _ in fresh])
        rows = [
            Response(respondent_id=r.pk, created_at=at or now, **_response_values(study.id, a, lang, source, key))
            for r, (a, lang, key, at) in zip(respondents, fresh)
        ]
        Response.objects.bulk_create(rows)
        created = len(rows)
    return created, duplicates
