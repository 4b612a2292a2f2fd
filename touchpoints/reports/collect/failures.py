"""The failures section of a report: the worst touchpoints of the audit with their notes and
evidence photos, and the touchpoints the own brand lacks."""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image, UnidentifiedImageError

from touchpoints.audits import choices as ac
from touchpoints.audits.models import Assessment, Evidence
from touchpoints.audits.selectors import audit_results, finished_audits
from touchpoints.inventory import choices as ic
from touchpoints.reports.collect.values import labels, rounded

FAILURES = 15
FAIL_BELOW = 60.0
PHOTOS_PER_TOUCHPOINT = 2
PHOTO_PX = 520


def report_audit(*, workspace: Any, audit: Any = None) -> Any:
    """The audit a report's failures come from: the one asked for, else the latest finished
    audit of the own brand."""
    if audit is not None:
        return audit
    return next((a for a in finished_audits(workspace=workspace) if a.brand.is_own and a.summary), None)


def thumbnail(field: Any) -> str | None:
    """An evidence photo as a small JPEG data URI (the report carries its pictures)."""
    try:
        with field.open("rb") as fh, Image.open(fh) as original:
            img = original.convert("RGB")
            img.thumbnail((PHOTO_PX, PHOTO_PX))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=78)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def failures(*, audit: Any) -> dict[str, Any]:
    if audit is None:
        return {"audit": None, "rows": [], "scored": 0}
    data = audit_results(audit=audit)
    impressions = dict(ac.Impression.choices)
    worst = [
        r
        for r in data.results.worst_first
        if r.score is not None
        and (r.score < FAIL_BELOW or r.impression in (ac.Impression.NEGATIVE, ac.Impression.NEUTRAL))
    ][:FAILURES]
    ids = [r.touchpoint_id for r in worst]
    notes: dict[int, list[str]] = {}
    for tp_id, note in (
        Assessment.objects.filter(item__audit=audit, item__touchpoint_id__in=ids)
        .exclude(note="")
        .values_list("item__touchpoint_id", "note")
    ):
        notes.setdefault(tp_id, []).append(note)
    photos: dict[int, list[str]] = {}
    for ev in Evidence.objects.filter(
        item__audit=audit, item__touchpoint_id__in=ids, content_type__startswith="image/"
    ).select_related("item"):
        tp_id = ev.item.touchpoint_id
        if len(photos.get(tp_id, [])) < PHOTOS_PER_TOUCHPOINT:
            uri = thumbnail(ev.file)
            if uri:
                photos.setdefault(tp_id, []).append(uri)
    rows = [
        {
            "touchpoint_id": r.touchpoint_id,
            "name": r.name,
            "score": rounded(r.score),
            "impression": str(impressions.get(r.impression, "")) if r.impression else "",
            "stages": labels(ic.Stage, r.stages),
            "channel": str(dict(ic.Channel.choices).get(r.channel, r.channel or "")),
            "notes": notes.get(r.touchpoint_id, []),
            "photos": photos.get(r.touchpoint_id, []),
        }
        for r in worst
    ]
    return {
        "audit": {
            "id": audit.pk,
            "name": audit.name,
            "brand": audit.brand.name,
            "date": audit.audit_date.isoformat() if audit.audit_date else None,
            "overall": rounded((audit.summary or {}).get("overall") if audit.summary else data.results.overall),
        },
        "rows": rows,
        "scored": len(data.results.scores()),
        "fail_below": FAIL_BELOW,
    }


def missing_touchpoints(*, matrix: Any) -> list[dict[str, Any]]:
    names = {b.id: b.name for b in matrix.brands}
    status = dict(ic.PresenceStatus.choices)
    return [
        {
            "name": r.name,
            "stages": labels(ic.Stage, r.stages),
            "own_status": str(status.get(r.own.status, "")),
            "rivals": [names[b] for b in r.rivals_with_it],
        }
        for r in matrix.missing
    ]
