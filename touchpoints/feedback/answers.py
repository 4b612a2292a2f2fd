"""What a study looks like to a respondent, and the validation of one answer. No ORM here: the
public page and the API both validate through ``validate_answer`` against a ``StudySnapshot``
(plain data, cached), so the submit path needs no query before its INSERT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from touchpoints.feedback import choices as c


def availability(status: str, opens_at: dt.datetime, closes_at: dt.datetime | None, now: dt.datetime) -> str:
    """What a respondent is told of a study: 'open', 'not_yet', 'paused', 'closed' or 'draft'.
    The one rule for a ``Study`` row and its cached ``StudySnapshot``."""
    if status == c.StudyStatus.CLOSED or (closes_at is not None and now >= closes_at):
        return "closed"
    if status == c.StudyStatus.DRAFT:
        return "draft"
    if status == c.StudyStatus.PAUSED:
        return "paused"
    if now < opens_at:
        return "not_yet"
    return "open"


@dataclass(frozen=True)
class StudySnapshot:
    id: int
    token: str
    workspace_id: int
    status: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    languages: tuple[str, ...]
    ask_comment: bool
    ask_customer_type: bool
    ask_segment: bool
    brands: tuple[tuple[int, str], ...]  # (brand id, name), in the study's order
    touchpoints: tuple[tuple[int, Mapping[str, str]], ...]  # (touchpoint id, label per language)
    segments: tuple[tuple[int, str], ...] = ()
    consent: Mapping[str, str] = field(default_factory=dict)

    def availability(self, now: dt.datetime) -> str:
        """'open', 'not_yet', 'paused', 'closed' or 'draft' (the rule of :func:`availability`)."""
        return availability(self.status, self.opens_at, self.closes_at, now)

    def brand_ids(self) -> set[int]:
        return {b for b, _name in self.brands}

    def touchpoint_ids(self) -> set[int]:
        return {t for t, _labels in self.touchpoints}

    def segment_ids(self) -> set[int]:
        return {s for s, _name in self.segments} if self.ask_segment else set()

    def brand_name(self, brand_id: int) -> str:
        return next((name for b, name in self.brands if b == brand_id), "")

    def touchpoint_label(self, touchpoint_id: int, lang: str) -> str:
        for t, labels in self.touchpoints:
            if t == touchpoint_id:
                return labels.get(lang) or labels.get("en") or ""
        return ""

    def consent_text(self, lang: str) -> str:
        return self.consent.get(lang) or self.consent.get("en") or ""

    def pick_language(self, wanted: str | None, accept: str | None) -> str:
        """The respondent's language: the link's (?lang=) if the study offers it, else the first of
        the browser's Accept-Language the study offers, else the study's first language."""
        offered = self.languages or ("en",)
        if wanted and wanted[:2].lower() in offered:
            return wanted[:2].lower()
        for lang in _accept_languages(accept or ""):
            if lang in offered:
                return lang
        return offered[0]


def _accept_languages(header: str) -> list[str]:
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        bits = part.strip().split(";")
        code = bits[0].strip()[:2].lower()
        if not code or code == "*":
            continue
        q = 1.0
        for b in bits[1:]:
            b = b.strip()
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            weighted.append((-q, i, code))
    return [code for _q, _i, code in sorted(weighted)]


@dataclass(frozen=True)
class Answer:
    brand_id: int
    touchpoint_id: int
    positivity: int
    likelihood: int
    comment: str = ""
    customer_type: str = ""
    segment_id: int | None = None


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text or len(text) > 6:
        return None
    try:
        return int(text, 10)
    except ValueError:
        return None


def validate_answer(study: StudySnapshot, data: Mapping[str, Any]) -> tuple[Answer | None, dict[str, str]]:
    """(answer, {}) when every field is valid, else (None, field → message in the active language).
    ``data`` holds brand, touchpoint, positivity, likelihood and, where the study asks, comment,
    customer_type, segment."""
    errors: dict[str, str] = {}
    brand = _int(data.get("brand"))
    if brand is None or brand not in study.brand_ids():
        errors["brand"] = _("Please choose one of the brands listed.")
    touchpoint = _int(data.get("touchpoint"))
    if touchpoint is None or touchpoint not in study.touchpoint_ids():
        errors["touchpoint"] = _("Please choose where you met us from the list.")
    positivity = _int(data.get("positivity"))
    if positivity is None or not c.POSITIVITY_MIN <= positivity <= c.POSITIVITY_MAX:
        errors["positivity"] = _("Please choose one of the five faces.")
    likelihood = _int(data.get("likelihood"))
    if likelihood is None or not c.LIKELIHOOD_MIN <= likelihood <= c.LIKELIHOOD_MAX:
        errors["likelihood"] = _("Please choose a number from 0 to 10.")
    comment = ""
    if study.ask_comment:
        comment = str(data.get("comment") or "").replace("\x00", "").strip()
        if len(comment) > c.COMMENT_MAX_LENGTH:
            errors["comment"] = _("Please keep your comment under %(max)d characters (it has %(n)d).") % {
                "max": c.COMMENT_MAX_LENGTH,
                "n": len(comment),
            }
    customer_type = ""
    if study.ask_customer_type:
        customer_type = str(data.get("customer_type") or "").strip()
        if customer_type not in ("", *c.CustomerType.values):
            errors["customer_type"] = _("Please choose new or returning customer.")
    segment: int | None = None
    if study.ask_segment:
        raw = data.get("segment")
        if raw not in (None, ""):
            segment = _int(raw)
            if segment is None or segment not in study.segment_ids():
                errors["segment"] = _("Please choose one of the groups listed.")
    if errors:
        return None, errors
    assert brand is not None and touchpoint is not None and positivity is not None and likelihood is not None
    return Answer(
        brand_id=brand,
        touchpoint_id=touchpoint,
        positivity=positivity,
        likelihood=likelihood,
        comment=comment,
        customer_type=customer_type,
        segment_id=segment,
    ), {}
