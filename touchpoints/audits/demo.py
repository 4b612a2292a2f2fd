"""Audits for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``): weighted
criteria, a spring and an autumn self-audit of the own brand (so the comparison shows what
changed), a competitor walk of PhleboExpert on the same touchpoints, and a mystery-shopper audit
in progress. Scores are made up but deterministic, and follow a story: the site and the reception
got better over the summer, the phone line is still the weak link, the competitor answers faster."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from touchpoints.audits import choices as c
from touchpoints.audits import scales, services
from touchpoints.audits.models import CUSTOM_KIND, Assessment, Audit, Criterion, Score
from touchpoints.demo.services import demo_text as t
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_update
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role

# code: (spring own, autumn own, PhleboExpert autumn) — the quality each walk found, 0–100.
QUALITY: dict[str, tuple[int, int, int | None]] = {
    "ads-context": (55, 62, 70),
    "search-listing": (60, 58, 75),
    "site-home": (50, 72, 78),
    "site-prices": (45, 70, 65),
    "site-doctors": (70, 84, 60),
    "site-reviews": (40, 48, 72),
    "site-chat": (35, 64, 80),
    "site-callback": (52, 44, 85),
    "phone": (40, 50, 82),
    "phone-greeting": (45, 60, 75),
    "phone-hold": (30, 33, None),
    "social": (56, 49, 68),
    "reviews-external": (38, 44, 66),
    "premises-entrance": (65, 66, 55),
    "reception": (70, 78, 62),
    "reception-greeting": (72, 86, 60),
    "premises-waiting": (60, 74, 58),
    "patient-card": (42, 40, 50),
    "doctor-consultation": (80, 88, 76),
    "doctor-scan": (78, 84, 74),
    "procedure": (82, 86, 80),
    "payment": (56, 49, 70),
    "sms-reminder": (60, 76, 72),
    "newsletter": (35, 42, 55),
    "complaints": (45, 58, None),
}
NOTES = {
    "phone": "Picked up on the sixth ring; no answering machine after 19:00.",
    "phone-hold": "Loud radio on hold, cut off twice.",
    "site-callback": "Nobody called back within the promised 15 minutes (called after 2 hours).",
    "patient-card": "Two pages of small print; the same questions as on the booking form.",
    "payment": "Card terminal offline, had to pay cash.",
    "reception-greeting": "Greeted by name, offered water and told the waiting time.",
}
SPRING_ONLY = ("social", "newsletter", "complaints")
# The closed walks: name, brand ("own" or "rival"), method, scale, the QUALITY column they found,
# days ago they started and ended, random seed, codes left out, expected and ideal answers.
# Autumn skipped the social page, the newsletter and complaints: they are now due for review.
CLOSED_WALKS: tuple[tuple[str, str, str, str, int, int, int, int, tuple[str, ...], str, str], ...] = (
    ("Spring self-audit: the patient path", "own", c.Method.SELF, c.Scale.POINTS, 0, 200, 186, 1, (), "8", "10"),
    ("Autumn self-audit: the patient path", "own", c.Method.SELF, c.Scale.POINTS, 1, 24, 10, 2, SPRING_ONLY, "8", "10"),
    ("Competitor walk: PhleboExpert", "rival", c.Method.COMPETITOR_WALK, c.Scale.WORDS, 2, 20, 12, 3, (), "", ""),
)
INTERVALS = {
    "phone": 60,
    "site-chat": 60,
    "reception": 90,
    "site": 90,
    "site-booking": 90,
    "newsletter": 180,
    "reviews-external": 30,
    "social": 60,
    "doctor-consultation": 180,
    "messengers": 90,
}
WEIGHTS = {
    ("call_centre", "answer_speed"): 2,
    ("call_centre", "politeness"): 1.5,
    ("website", "mobile_version"): 2,
    ("website", "load_speed"): 1.5,
    ("general", "care"): 1.5,
}


def _raw(scale: str, quality: float, rng: random.Random) -> str:
    value = min(100.0, max(0.0, quality + rng.uniform(-16, 16)))
    return scales.nearest_raw(scale, value)


def _impression(quality: float) -> str:
    if quality >= 75:
        return c.Impression.POSITIVE
    return c.Impression.NEUTRAL if quality >= 55 else c.Impression.NEGATIVE


def _walk(
    audit: Audit, user: Any, column: int, *, seed: int, limit: int | None = None, expect: str = "", ideal: str = ""
) -> None:
    """Scores the audit's touchpoints as QUALITY[code][column] says, criterion by criterion.

    Answers are written in bulk (hundreds of them): each raw answer comes from the scale itself
    and goes through the same normalisation as an auditor's."""
    rng = random.Random(seed)
    scale = audit.scale
    scores, assessments = [], []
    for item in list(audit.items.select_related("touchpoint").order_by("position"))[:limit]:
        code = item.touchpoint.code
        quality = QUALITY.get(code, (60, 60, 60))[column]
        if quality is None:
            assessments.append(Assessment(item=item, auditor=user, not_applicable=True))
            continue
        for pos, (crit_id, _weight) in enumerate(item.checklist):
            if pos == len(item.checklist) - 1 and rng.random() < 0.25:
                scores.append(Score(item=item, criterion_id=crit_id, auditor=user, not_applicable=True))
            else:
                raw = scales.parse(scale, _raw(scale, quality, rng))
                scores.append(
                    Score(item=item, criterion_id=crit_id, auditor=user, raw=raw, value=scales.normalise(scale, raw))
                )
        assessments.append(
            Assessment(
                item=item,
                auditor=user,
                impression=_impression(quality),
                expectation_raw=expect,
                expectation=scales.normalise(scale, expect) if expect else None,
                ideal_raw=ideal,
                ideal=scales.normalise(scale, ideal) if ideal else None,
                note=t(NOTES.get(code, "")) if column != 2 else "",
            )
        )
    Score.objects.bulk_create(scores)
    Assessment.objects.bulk_create(assessments)


def _backdate(audit: Audit, start: dt.date, end: dt.date, *, close: bool) -> None:
    moment = timezone.make_aware(dt.datetime.combine(end, dt.time(18, 0)))
    Audit.objects.filter(pk=audit.pk).update(
        starts_on=start,
        ends_on=end,
        created_at=moment - dt.timedelta(days=(end - start).days + 1),
        started_at=timezone.make_aware(dt.datetime.combine(start, dt.time(9, 0))),
        submitted_at=moment,
        closed_at=moment + dt.timedelta(days=1) if close else None,
    )


def demo_audits(workspace: Workspace) -> None:
    user = workspace.memberships.filter(role=Role.OWNER).order_by("pk")[0].user
    services.criteria_sync(workspace=workspace)
    for (kind, code), weight in WEIGHTS.items():
        Criterion.objects.filter(workspace=workspace, kind=kind, code=code).update(weight=weight)
    photos = services.criterion_create(
        workspace=workspace,
        kind=CUSTOM_KIND,
        name=t("Before/after photos and doctor videos"),
        description=t("Real patients' results and each doctor explaining the procedure"),
        weight=1.5,
    )
    by_code = {tp.code: tp for tp in Touchpoint.objects.filter(workspace=workspace)}
    doctors = by_code.get("site-doctors")
    if doctors is not None:
        website = list(
            Criterion.objects.filter(workspace=workspace, kind="website", active=True)
            .exclude(pk=photos.pk)
            .values_list("pk", flat=True)
        )
        services.touchpoint_criteria_set(touchpoint=doctors, criteria=[*website, photos.pk])
    for code, days in INTERVALS.items():
        if code in by_code:
            touchpoint_update(touchpoint=by_code[code], review_interval_days=days)

    brands = {b.name: b for b in workspace.brands.all()}
    own = workspace.brands.filter(is_own=True).first()
    rival = brands.get("PhleboExpert")
    women = workspace.segments.filter(name=t("Women 35–55")).first()
    today = timezone.localdate()
    brand_of = {"own": own, "rival": rival}
    for name, brand_key, method, scale, column, began, ended, seed, skip, expect, ideal in CLOSED_WALKS:
        brand = brand_of[brand_key]
        if brand is None:
            continue
        audit = services.audit_create(
            workspace=workspace,
            name=t(name),
            brand=brand,
            method=method,
            scope=c.ScopeKind.SELECTION,
            scale=scale,
            segment=women,
            auditors=[user],
            touchpoints=[
                by_code[code].pk
                for code, quality in QUALITY.items()
                if code in by_code and quality[column] is not None and code not in skip
            ],
            created_by=user,
        )
        services.audit_transition(audit=audit, action="start")
        _walk(audit, user, column, seed=seed, expect=expect, ideal=ideal)
        services.audit_transition(audit=audit, action="submit")
        services.audit_transition(audit=audit, action="close")
        _backdate(audit, today - dt.timedelta(days=began), today - dt.timedelta(days=ended), close=True)

    shop = [
        by_code[code].pk
        for code in (
            "phone",
            "phone-greeting",
            "phone-hold",
            "reception",
            "reception-greeting",
            "premises-waiting",
            "payment",
        )
        if code in by_code
    ]
    if shop:
        audit = services.audit_create(
            workspace=workspace,
            name=t("Mystery shopper: phone and reception"),
            brand=own,
            method=c.Method.MYSTERY_SHOPPER,
            scope=c.ScopeKind.SELECTION,
            scale=c.Scale.PERCENT,
            segment=women,
            auditors=[user],
            touchpoints=shop,
            created_by=user,
            starts_on=today - dt.timedelta(days=2),
            ends_on=today + dt.timedelta(days=5),
            instructions=t(
                "Call as a new patient asking about laser treatment, then visit for a consultation. "
                "Note how long each step takes."
            ),
        )
        services.audit_transition(audit=audit, action="start")
        _walk(audit, user, 1, seed=4, limit=3, expect="80", ideal="100")
