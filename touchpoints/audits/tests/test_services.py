"""Criteria, checklists, scopes, the status workflow and the review list, through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from touchpoints.audits import selectors, services
from touchpoints.audits.library import general_criteria
from touchpoints.audits.models import Assessment, Audit, Criterion, Score
from touchpoints.audits.tests.helpers import Setup, score, score_all, started_audit
from touchpoints.inventory.services import touchpoint_create, touchpoint_update
from touchpoints.lib.testing import translated
from touchpoints.library.models import CriterionKind, CriterionTemplate, Pack, TouchpointTemplate


def test_criteria_sync_copies_the_library_and_the_general_set_once(setup: Setup) -> None:
    ws = setup.workspace
    n_library = CriterionTemplate.objects.count()
    assert Criterion.objects.filter(workspace=ws).count() == n_library + len(general_criteria())
    crit = Criterion.objects.get(workspace=ws, kind="website", code="load_speed")
    services.criterion_update(criterion=crit, weight="2.5", active=False)
    assert services.criteria_sync(workspace=ws) == 0
    crit.refresh_from_db()
    assert float(crit.weight) == 2.5 and not crit.active  # the workspace's edits are kept
    kind = CriterionKind.objects.get(code="website")
    CriterionTemplate.objects.create(
        kind=kind,
        code="accessibility",
        position=9,
        **translated("name", "Accessibility", "Доступность", "Accesibilidad"),
    )
    assert services.criteria_sync(workspace=ws) == 1


def test_library_criteria_read_in_the_users_language_until_edited(setup: Setup) -> None:
    from django.utils import translation

    crit = Criterion.objects.get(workspace=setup.workspace, kind="website", code="design")
    with translation.override("ru"):
        assert crit.label == "Design (ru)"
    general = Criterion.objects.get(workspace=setup.workspace, kind="general", code="clarity")
    with translation.override("es"):
        assert general.label == "Mensaje claro"
    services.criterion_update(criterion=crit, name="Looks")
    with translation.override("ru"):
        assert Criterion.objects.get(pk=crit.pk).label == "Looks"


def test_default_checklists_follow_template_kind_then_channel_then_general(setup: Setup) -> None:
    ws = setup.workspace
    pack = Pack.objects.create(code="p", name_en="P", name_ru="P", name_es="P")
    template = TouchpointTemplate.objects.create(
        code="hotline",
        pack=pack,
        kind=CriterionKind.objects.get(code="call_centre"),
        **translated("name", "Hotline", "Линия", "Línea"),
    )
    from_template = touchpoint_create(workspace=ws, name="Hotline", channel="website", template=template)
    by_channel = setup.touchpoints[0]  # website, no template
    plain = touchpoint_create(workspace=ws, name="Coffee", channel="other")
    lists = selectors.checklists(workspace=ws, touchpoint_ids=[from_template.pk, by_channel.pk, plain.pk])
    kinds = {tp: {Criterion.objects.get(pk=c).kind for c, _w in rows} for tp, rows in lists.items()}
    assert kinds == {from_template.pk: {"call_centre"}, by_channel.pk: {"website"}, plain.pk: {"general"}}
    assert len(lists[plain.pk]) == len(general_criteria())

    # Switched-off criteria drop out; custom-kind criteria never join a default list.
    design = Criterion.objects.get(workspace=ws, kind="website", code="design")
    services.criterion_update(criterion=design, active=False)
    services.criterion_create(workspace=ws, kind="custom", name="Smell")
    website = [c for c, _w in selectors.checklists(workspace=ws, touchpoint_ids=[by_channel.pk])[by_channel.pk]]
    assert design.pk not in website and len(website) == 2

    # Attached criteria win, in the given order, with their weights.
    smell = Criterion.objects.get(workspace=ws, name="Smell")
    services.criterion_update(criterion=smell, weight=3)
    services.touchpoint_criteria_set(touchpoint=plain, criteria=[smell, design])
    design.refresh_from_db()
    services.criterion_update(criterion=design, active=True)
    chosen = selectors.checklists(workspace=ws, touchpoint_ids=[plain.pk])[plain.pk]
    assert chosen == [(smell.pk, 3.0), (design.pk, 1.0)]
    services.touchpoint_criteria_set(touchpoint=plain, criteria=[])
    assert len(selectors.checklists(workspace=ws, touchpoint_ids=[plain.pk])[plain.pk]) == len(general_criteria())


def test_scope_all_is_what_the_brand_has_in_walking_order(world: Any) -> None:
    ws = world.workspace
    own = ws.brands.get(is_own=True)
    rival = ws.brands.get(is_own=False)
    after = touchpoint_create(workspace=ws, name="A newsletter", channel="email", stages=["after"])
    need = touchpoint_create(workspace=ws, name="Z banner", channel="advertising", stages=["need"])
    missing = touchpoint_create(
        workspace=ws,
        name="Answering machine",
        channel="phone",
        stages=["decision"],
        presence={own.pk: "missing", rival.pk: "exists"},
    )
    planned = touchpoint_create(
        workspace=ws, name="Chat", channel="messenger", stages=["search"], presence={own.pk: "planned"}
    )
    unstaged = touchpoint_create(workspace=ws, name="B misc", channel="other")
    audit = services.audit_create(workspace=ws, name="All", brand=own, scope="all")
    assert list(audit.items.order_by("position").values_list("touchpoint_id", flat=True)) == [
        need.pk,
        after.pk,
        unstaged.pk,
    ]
    theirs = services.audit_create(workspace=ws, name="Rival", brand=rival, scope="all", method="competitor_walk")
    assert set(theirs.items.values_list("touchpoint_id", flat=True)) == {
        need.pk,
        after.pk,
        unstaged.pk,
        missing.pk,
        planned.pk,
    }


def test_scope_journey_walks_the_steps_in_order(world: Any) -> None:
    from touchpoints.journeys.models import Journey as journey_model
    from touchpoints.journeys.models import JourneyStep as step_model

    ws = world.workspace
    own = ws.brands.get(is_own=True)
    a, b, c_ = (touchpoint_create(workspace=ws, name=n, channel="website") for n in ("Ad", "Site", "Call"))
    journey = journey_model.objects.create(workspace=ws, name="Book a visit", brand=own)
    for pos, tp in ((2, c_), (0, a), (1, b), (3, a)):
        step_model.objects.create(journey=journey, touchpoint=tp, position=pos, stage="search")
    audit = services.audit_create(workspace=ws, name="Walk", brand=own, scope="journey", journey_id=journey.pk)
    assert list(audit.items.order_by("position").values_list("touchpoint_id", flat=True)) == [a.pk, b.pk, c_.pk]
    assert audit.journey_name == "Book a visit"
    other = journey_model.objects.create(workspace=world.other, name="Theirs", brand=world.other.brands.get())
    with pytest.raises(Exception, match="no such journey"):
        services.audit_create(workspace=ws, name="Walk", brand=own, scope="journey", journey_id=other.pk)


def test_checklists_freeze_when_the_audit_starts(setup: Setup) -> None:
    ws = setup.workspace
    own = ws.brands.get(is_own=True)
    draft = services.audit_create(
        workspace=ws, name="D", brand=own, scope="selection", touchpoints=setup.touchpoints[:1]
    )
    design = Criterion.objects.get(workspace=ws, kind="website", code="design")
    services.criterion_update(criterion=design, weight=4)
    services.audit_transition(audit=draft, action="start")
    item = draft.items.get()
    assert [design.pk, 4.0] in item.checklist  # refreshed at the start
    services.criterion_update(criterion=design, weight=1, active=False)
    item.refresh_from_db()
    assert [design.pk, 4.0] in item.checklist  # frozen afterwards


def test_answers_are_kept_per_auditor_and_na_keeps_the_raw_answer(setup: Setup) -> None:
    audit, tp = setup.audit, setup.touchpoints[0]
    crit = setup.crit(tp)
    owner, auditor = setup.world.users["owner"], setup.world.users["auditor"]
    services.answer_save(audit=audit, auditor=owner, touchpoint_id=tp.pk, field="score", value="10", criterion_id=crit)
    services.answer_save(audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="score", value="4", criterion_id=crit)
    saved = services.answer_save(
        audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="criterion_na", value=True, criterion_id=crit
    )
    assert saved == {"touchpoint": tp.pk, "criterion": crit, "raw": "4", "value": None, "not_applicable": True}
    saved = services.answer_save(
        audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="criterion_na", value="false", criterion_id=crit
    )
    assert saved["raw"] == "4" and saved["value"] == pytest.approx(100 * 3 / 9)
    assert Score.objects.filter(item__audit=audit).count() == 2
    services.answer_save(audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="score", value="", criterion_id=crit)
    assert list(Score.objects.filter(item__audit=audit).values_list("auditor__username", "raw")) == [("owner", "10")]
    services.answer_save(audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="note", value="Slow")
    services.answer_save(audit=audit, auditor=auditor, touchpoint_id=tp.pk, field="ideal", value="9")
    a = Assessment.objects.get(item__touchpoint=tp, auditor=auditor)
    assert (a.note, a.ideal_raw, a.ideal) == ("Slow", "9", pytest.approx(100 * 8 / 9))


def test_submit_freezes_the_summary_and_reopen_clears_it(setup: Setup) -> None:
    score_all(setup.audit, setup.world.users["auditor"], raw="10")
    audit = services.audit_transition(audit=setup.audit, action="submit")
    assert audit.summary is not None
    assert audit.summary["overall"] == pytest.approx(100)
    assert set(audit.summary["touchpoints"]) == {str(t.pk) for t in setup.touchpoints}
    assert audit.submitted_at is not None
    audit = services.audit_transition(audit=audit, action="reopen")
    assert audit.status == "in_progress" and audit.summary is None
    score(audit, setup.world.users["auditor"], setup.touchpoints[0].pk, setup.crit(setup.touchpoints[0]), "1")
    audit = services.audit_transition(audit=audit, action="submit")
    audit = services.audit_transition(audit=audit, action="close")
    assert audit.summary is not None
    assert audit.status == "closed" and audit.summary["overall"] < 100 and audit.closed_at is not None


def _finish(audit: Audit, user: Any, raw: str, day: dt.date) -> Audit:
    score_all(audit, user, raw=raw)
    services.audit_transition(audit=audit, action="submit")
    Audit.objects.filter(pk=audit.pk).update(ends_on=day)
    return Audit.objects.get(pk=audit.pk)


def test_review_due_and_the_latest_scores(setup: Setup) -> None:
    ws = setup.workspace
    own = ws.brands.get(is_own=True)
    owner = setup.world.users["owner"]
    today = timezone.localdate()
    web, phone, reception = setup.touchpoints
    for tp, days in ((web, 30), (phone, 90)):
        touchpoint_update(touchpoint=tp, review_interval_days=days)
    _finish(setup.audit, owner, "4", today - dt.timedelta(days=60))
    recent = started_audit(ws, "Recent", [phone], brand=own)
    _finish(recent, owner, "9", today - dt.timedelta(days=5))
    never = touchpoint_create(workspace=ws, name="Never audited", channel="sms")
    touchpoint_update(touchpoint=never, review_interval_days=10)

    rows = selectors.review_due(workspace=ws, today=today)
    assert [(r.touchpoint.name, r.overdue_by) for r in rows] == [("Never audited", None), ("Website", 30)]
    assert rows[0].due and rows[0].last_audited is None
    with_default = selectors.review_due(workspace=ws, today=today, default_days=45)
    assert {r.touchpoint.name for r in with_default} == {"Never audited", "Website", "Reception"}
    everything = selectors.review_due(workspace=ws, today=today, include_all=True)
    assert len(everything) == ws.touchpoints.count()

    # The journey map's provider: the latest finished score of each touchpoint for the brand.
    scores = selectors.latest_brand_scores(brand=own, touchpoint_ids=[web.pk, phone.pk, never.pk])
    assert scores == {web.pk: pytest.approx(100 * 3 / 9), phone.pk: pytest.approx(100 * 8 / 9)}


def test_previous_and_other_brand_audits(setup: Setup) -> None:
    ws = setup.workspace
    own, rival = ws.brands.get(is_own=True), ws.brands.get(is_own=False)
    owner = setup.world.users["owner"]
    today = timezone.localdate()
    first = _finish(setup.audit, owner, "4", today - dt.timedelta(days=100))
    second = started_audit(ws, "Second", setup.touchpoints, brand=own)
    second = _finish(second, owner, "8", today - dt.timedelta(days=3))
    walk = started_audit(ws, "Rival walk", setup.touchpoints[:2], brand=rival, method="competitor_walk")
    walk = _finish(walk, owner, "6", today - dt.timedelta(days=4))
    access = _access(setup.world, "owner")
    assert selectors.previous_audit(access=access, audit=second) == first
    assert selectors.previous_audit(access=access, audit=first) is None
    assert selectors.other_brand_audits(access=access, audit=second) == [walk]
    assert selectors.other_brand_audits(access=access, audit=walk) == [second]
    # An auditor compares only with what they may see.
    assert selectors.previous_audit(access=_access(setup.world, "auditor"), audit=second) == first
    assert selectors.other_brand_audits(access=_access(setup.world, "auditor"), audit=first) == []


def _access(world: Any, role: str) -> Any:
    from touchpoints.workspaces.access import workspace_access

    return workspace_access(world.users[role], world.slug)


def test_deleting_an_audit_or_the_workspace_leaves_nothing_behind(setup: Setup, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    score_all(setup.audit, setup.world.users["auditor"])
    services.evidence_add(
        audit=setup.audit,
        auditor=setup.world.users["auditor"],
        touchpoint_id=setup.touchpoints[0].pk,
        upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8),
    )
    services.audit_delete(audit=setup.audit)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    score_all(setup.unassigned, setup.world.users["owner"])
    setup.workspace.delete()  # criteria with scores go with their workspace
    assert not Criterion.objects.filter(workspace_id=setup.world.workspace.pk).exists()
    assert not Score.objects.exists()


def test_the_library_ships_criteria_for_at_least_15_kinds_in_three_languages(db: Any) -> None:
    """Issue 4: criteria for at least 15 touchpoint kinds, five or more each, in ru/en/es — and a
    workspace gets its own copy of every one of them."""
    from touchpoints.library.loader import library_load
    from touchpoints.library.models import CriterionKind

    library_load()
    kinds = list(CriterionKind.objects.prefetch_related("criteria"))
    assert len(kinds) >= 15
    for kind in kinds:
        criteria = list(kind.criteria.all())
        assert len(criteria) >= 5, kind.code
        named: list[CriterionKind | CriterionTemplate] = [kind, *criteria]
        for crit in named:
            assert crit.name_en and crit.name_ru and crit.name_es, crit.code
    from django.contrib.auth.models import User

    from touchpoints.workspaces.services import workspace_create

    ws = workspace_create(name="Fresh", owner=User.objects.create_user("fresh"))
    services.criteria_sync(workspace=ws)
    copied = Criterion.objects.filter(workspace=ws, from_template__isnull=False).count()
    assert copied == CriterionTemplate.objects.count()


def test_deleting_an_audit_writes_one_history_line_not_one_per_answer(
    setup: Setup, django_assert_max_num_queries: Any
) -> None:
    """Each deleted answer wrote its own "deleted" line (and looked up its audit, touchpoint and
    criterion to name it): an audit of a thousand touchpoints flooded the history and took tens of
    thousands of queries to delete."""
    from auditlog.models import LogEntry

    score_all(setup.audit, setup.world.users["auditor"])
    answers = Score.objects.filter(item__audit=setup.audit).count()
    assert answers >= 4
    name = setup.audit.name
    with django_assert_max_num_queries(30):
        services.audit_delete(audit=setup.audit)
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE)
    assert [e.object_repr for e in deleted] == [name]
    assert not Score.objects.filter(item__audit_id=setup.audit.pk).exists()
