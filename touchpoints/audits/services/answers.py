"""Writes of answers: one auditor's scores, impressions, expectations and notes on the audit's
scale (one at a time or a batch from a phone back online), and evidence files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from touchpoints.audits import choices as c
from touchpoints.audits import evidence as evidence_rules
from touchpoints.audits import scales
from touchpoints.audits.models import Assessment, Audit, AuditItem, Criterion, Evidence, Score
from touchpoints.audits.services.campaigns import locked_message
from touchpoints.lib.uploads import read_limited

ANSWER_FIELDS = ("score", "criterion_na", "impression", "expectation", "ideal", "note", "touchpoint_na")


def _item(audit: Audit, touchpoint_id: Any) -> AuditItem:
    try:
        tp_id = int(touchpoint_id)
    except (TypeError, ValueError):
        raise ValidationError({"touchpoint": _("Say which touchpoint the answer is for.")}) from None
    # With its touchpoint: the history of changes names an answer by its audit, touchpoint and criterion.
    item = audit.items.select_related("touchpoint").filter(touchpoint_id=tp_id).first()
    if item is None:
        raise ValidationError({"touchpoint": _("Touchpoint %(id)s is not in this audit.") % {"id": tp_id}})
    return item


def _criterion(audit: Audit, item: AuditItem, criterion_id: Any) -> Criterion:
    try:
        cid = int(criterion_id)
    except (TypeError, ValueError):
        raise ValidationError({"criterion": _("Say which criterion the score is for.")}) from None
    crit = Criterion.objects.select_related("from_template").filter(pk=cid).first()
    if crit is None or crit.workspace_id != audit.workspace_id:  # the same words: nothing revealed
        raise ValidationError({"criterion": _("There is no criterion %(id)s.") % {"id": cid}})
    if cid not in item.criterion_ids:
        raise ValidationError(
            {"criterion": _("“%(name)s” is not on this touchpoint's checklist in this audit.") % {"name": crit.label}}
        )
    return crit


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ValidationError({"value": _("Answer yes or no (true / false).")})


def _scaled(audit: Audit, value: Any, field: str) -> tuple[str, float | None]:
    text = "" if value is None else str(value).strip()
    if not text:
        return "", None
    try:
        raw = scales.parse(audit.scale, text)
    except scales.ScaleError as exc:
        raise ValidationError({field: str(exc)}) from None
    return raw, scales.normalise(audit.scale, raw)


@transaction.atomic
def answer_save(
    *, audit: Audit, auditor: Any, touchpoint_id: Any, field: str, value: Any, criterion_id: Any = None
) -> dict[str, Any]:
    """Saves one answer of one auditor and returns it as stored. Fields: ``score`` (the raw answer
    on the audit's scale; empty clears it), ``criterion_na``, ``impression``, ``expectation``,
    ``ideal``, ``note``, ``touchpoint_na``. A refused answer changes nothing."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"audit": locked_message(audit)})
    if field not in ANSWER_FIELDS:
        raise ValidationError({"field": _("Unknown answer field “%(field)s”.") % {"field": field}})
    item = _item(audit, touchpoint_id)
    if field in ("score", "criterion_na"):
        crit = _criterion(audit, item, criterion_id)
        score = item.scores.filter(criterion=crit, auditor=auditor).first() or Score(
            item=item, criterion=crit, auditor=auditor
        )
        score.criterion = crit  # already read: the history of changes names the answer by it
        if field == "score":
            score.raw, value_0_100 = _scaled(audit, value, "score")
            score.value = None if score.not_applicable else value_0_100
        else:
            score.not_applicable = _flag(value)
            score.value = None if score.not_applicable or not score.raw else scales.normalise(audit.scale, score.raw)
        if not score.raw and not score.not_applicable:
            if score.pk:
                score.delete()
        else:
            score.save()
        return {
            "touchpoint": item.touchpoint_id,
            "criterion": crit.pk,
            "raw": score.raw,
            "value": score.value,
            "not_applicable": score.not_applicable,
        }
    assessment = item.assessments.filter(auditor=auditor).first() or Assessment(item=item, auditor=auditor)
    if field == "impression":
        text = str(value or "").strip().lower()
        if text and text not in c.Impression.values:
            raise ValidationError({"impression": _("The impression is positive, neutral or negative.")})
        assessment.impression = text
    elif field in ("expectation", "ideal"):
        raw, normalised = _scaled(audit, value, field)
        setattr(assessment, f"{field}_raw", raw)
        setattr(assessment, field, normalised)
    elif field == "note":
        text = str(value or "")
        if len(text) > 10000:
            raise ValidationError({"note": _("The note is too long (at most 10,000 characters).")})
        assessment.note = text
    else:
        assessment.not_applicable = _flag(value)
    assessment.save()
    return {
        "touchpoint": item.touchpoint_id,
        "impression": assessment.impression,
        "expectation": assessment.expectation_raw,
        "ideal": assessment.ideal_raw,
        "note": assessment.note,
        "not_applicable": assessment.not_applicable,
    }


def answers_save(*, audit: Audit, auditor: Any, answers: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Saves a batch (what a phone sends when it is back online): each answer on its own, so one
    refused answer does not lose the others. Returns one outcome per answer, in order."""
    out = []
    for answer in answers:
        try:
            saved = answer_save(
                audit=audit,
                auditor=auditor,
                touchpoint_id=answer.get("touchpoint"),
                criterion_id=answer.get("criterion"),
                field=str(answer.get("field", "")),
                value=answer.get("value"),
            )
        except ValidationError as exc:
            out.append({"ok": False, "key": answer.get("key"), "errors": _messages(exc)})
        else:
            out.append({"ok": True, "key": answer.get("key"), "saved": saved})
    return out


def _messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


@transaction.atomic
def evidence_add(*, audit: Audit, auditor: Any, touchpoint_id: Any, upload: Any, limit: int | None = None) -> Evidence:
    """Stores a photo, recording or document for a touchpoint, after checking its content."""
    from django.conf import settings

    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"file": locked_message(audit)})
    item = _item(audit, touchpoint_id)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    limit = limit or getattr(settings, "AUDIT_EVIDENCE_MAX_BYTES", settings.MAX_UPLOAD_BYTES)
    try:
        data = read_limited(upload, limit)
        kind = evidence_rules.check(name, data[:64])
    except ValidationError as exc:
        raise ValidationError({"file": _messages(exc)}) from None
    if "." not in name:
        name = f"{name}{kind.extensions[0]}"
    ev = Evidence(item=item, auditor=auditor, original_name=name, content_type=kind.content_type, size=len(data))
    ev.file.save(name, ContentFile(data), save=False)
    try:
        ev.save()
    except IntegrityError:
        ev.file.delete(save=False)
        raise
    return ev


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    audit = evidence.item.audit
    if audit.status != c.Status.IN_PROGRESS:
        raise ValidationError({"file": locked_message(audit)})
    evidence.file.delete(save=False)
    evidence.delete()
