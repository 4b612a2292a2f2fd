"""Audits for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``): weighted
criteria, a spring and an autumn self-audit of the own brand (so the comparison shows what
changed), a competitor walk of PhleboExpert on the same touchpoints, and a mystery-shopper audit
in progress. Scores are made up but deterministic, and follow a story: the site and the reception
got better over the summer, the phone line is still the weak link, the competitor answers faster."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, TypedDict

from django.utils import timezone

from touchpoints.audits import choices as c
from touchpoints.audits import scales, services
from touchpoints.audits.models import CUSTOM_KIND, Assessment, Audit, Criterion, Score
from touchpoints.demo.services import demo_content
from touchpoints.demo.services import demo_text as t
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_update
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role

UNLISTED_QUALITY = 60  # what every walk finds at a touchpoint the demo's quality table leaves out


class ClosedWalk(TypedDict):
    name: str
    brand: str  # "own" or "rival"
    method: str
    scale: str
    found: str  # the column of the quality table: spring, autumn or rival
    days_ago: list[int]  # when it started and ended
    seed: int
    skip: list[str]  # the codes left out
    expect: str
    ideal: str


class AuditsDemo(TypedDict):
    quality: dict[str, dict[str, int | None]]  # code → column → quality 0–100 (None: not applicable)
    notes: dict[str, str]  # by code
    closed_walks: list[ClosedWalk]
    review_intervals: dict[str, int]  # code → days
    criterion_weights: dict[str, dict[str, float]]  # kind → code → weight


def audits_content() -> AuditsDemo:
    """The quality each walk found, the auditors' notes, the closed walks, the review intervals and
    the criteria's weights: the demo's ``audits.yaml``."""
    content: AuditsDemo = demo_content("audits")
    return content


def _raw(scale: str, quality: float, rng: random.Random) -> str:
    value = min(100.0, max(0.0, quality + rng.uniform(-16, 16)))
    return scales.nearest_raw(scale, value)


def _impression(quality: float) -> str:
    if quality >= 75:
        return c.Impression.POSITIVE
    return c.Impression.NEUTRAL if quality >= 55 else c.Impression.NEGATIVE


def _walk(
    audit: Audit, user: Any, column: str, *, seed: int, limit: int | None = None, expect: str = "", ideal: str = ""
) -> None:
    """Scores the audit's touchpoints as the demo's quality table says in ``column``, criterion by
    criterion; the auditors' notes go on the own clinic's walks (not the rival's).

    Answers are written in bulk (hundreds of them): each raw answer comes from the scale itself
    and goes through the same normalisation as an auditor's."""
    content = audits_content()
    rng = random.Random(seed)
    scale = audit.scale
    scores, assessments = [], []
    for item in list(audit.items.select_related("touchpoint").order_by("position"))[:limit]:
        code = item.touchpoint.code
        quality = content["quality"].get(code, {}).get(column, UNLISTED_QUALITY)
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
                note=t(content["notes"].get(code, "")) if column != "rival" else "",
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
    content = audits_content()
    services.criteria_sync(workspace=workspace)
    for kind, weights in content["criterion_weights"].items():
        for code, weight in weights.items():
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
    for code, days in content["review_intervals"].items():
        if code in by_code:
            touchpoint_update(touchpoint=by_code[code], review_interval_days=days)

    brands = {b.name: b for b in workspace.brands.all()}
    own = workspace.brands.filter(is_own=True).first()
    rival = brands.get("PhleboExpert")
    women = workspace.segments.filter(name=t("Women 35–55")).first()
    today = timezone.localdate()
    brand_of = {"own": own, "rival": rival}
    for walk in content["closed_walks"]:
        brand = brand_of[walk["brand"]]
        if brand is None:
            continue
        column = walk["found"]
        audit = services.audit_create(
            workspace=workspace,
            name=t(walk["name"]),
            brand=brand,
            method=walk["method"],
            scope=c.ScopeKind.SELECTION,
            scale=walk["scale"],
            segment=women,
            auditors=[user],
            touchpoints=[
                by_code[code].pk
                for code, quality in content["quality"].items()
                if code in by_code and quality[column] is not None and code not in walk["skip"]
            ],
            created_by=user,
        )
        services.audit_transition(audit=audit, action="start")
        _walk(audit, user, column, seed=walk["seed"], expect=walk["expect"], ideal=walk["ideal"])
        services.audit_transition(audit=audit, action="submit")
        services.audit_transition(audit=audit, action="close")
        began, ended = walk["days_ago"]
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
        _walk(audit, user, "autumn", seed=4, limit=3, expect="80", ideal="100")
