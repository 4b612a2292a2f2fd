"""Bad input is refused with a clear message and nothing is lost: a score outside the scale, a
criterion of another workspace, a file that is not what its name says, a submitted audit edited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from touchpoints.audits import services
from touchpoints.audits.models import Audit, Criterion, CriterionAttachment, Evidence, Score
from touchpoints.audits.tests.helpers import Setup, score, score_all, started_audit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def post_answer(setup: Setup, data: Any, who: str = "auditor", audit: Audit | None = None) -> Any:
    audit = audit or setup.audit
    return setup.world.client(who).post(
        f"/w/{setup.world.slug}/audits/{audit.pk}/answer/", data=json.dumps(data), content_type="application/json"
    )


def stored(setup: Setup, tp: Any, crit: int) -> str | None:
    row = Score.objects.filter(item__audit=setup.audit, item__touchpoint=tp, criterion_id=crit).first()
    return row.raw if row else None


# ---- scores outside the scale --------------------------------------------------------------


@pytest.mark.parametrize("value", ["11", "0", "-3", "7.5", "seven", "1e9", "NaN"])
def test_score_outside_the_scale_is_refused_and_the_saved_one_kept(setup: Setup, value: str) -> None:
    tp = setup.touchpoints[0]
    crit = setup.crit(tp)
    saved = post_answer(setup, {"touchpoint": tp.pk, "criterion": crit, "field": "score", "value": "7"})
    assert saved.status_code == 200
    response = post_answer(setup, {"touchpoint": tp.pk, "criterion": crit, "field": "score", "value": value})
    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["score"])
    assert "not on this audit's scale" in message and "from 1 to 10" in message
    assert stored(setup, tp, crit) == "7"


@pytest.mark.parametrize(
    "scale, bad, good", [("percent", "101", "85"), ("percent", "0", "1"), ("words", "great", "excellent")]
)
def test_each_scale_refuses_its_own_outsiders(setup: Setup, scale: str, bad: str, good: str) -> None:
    audit = started_audit(setup.workspace, scale, setup.touchpoints[:1], scale=scale)
    tp = setup.touchpoints[0]
    crit = audit.items.get().checklist[0][0]
    with pytest.raises(ValidationError) as exc:
        score(audit, setup.world.users["owner"], tp.pk, crit, bad)
    assert "not on this audit's scale" in str(exc.value)
    saved = score(audit, setup.world.users["owner"], tp.pk, crit, good)
    assert saved["raw"] == good and 0 <= saved["value"] <= 100


def test_expectation_and_ideal_are_on_the_scale_too(setup: Setup) -> None:
    tp = setup.touchpoints[0]
    response = post_answer(setup, {"touchpoint": tp.pk, "field": "expectation", "value": "12"})
    assert response.status_code == 400 and "not on this audit's scale" in response.json()["errors"]["expectation"][0]
    response = post_answer(setup, {"touchpoint": tp.pk, "field": "impression", "value": "meh"})
    assert response.status_code == 400 and "positive, neutral or negative" in response.json()["errors"]["impression"][0]


def test_a_batch_saves_the_good_answers_and_explains_the_bad_one(setup: Setup) -> None:
    tp = setup.touchpoints[0]
    c0, c1 = setup.crit(tp, 0), setup.crit(tp, 1)
    response = post_answer(
        setup,
        {
            "answers": [
                {"key": "a", "touchpoint": tp.pk, "criterion": c0, "field": "score", "value": "8"},
                {"key": "b", "touchpoint": tp.pk, "criterion": c1, "field": "score", "value": "15"},
                {"key": "c", "touchpoint": tp.pk, "field": "impression", "value": "positive"},
            ]
        },
    )
    body = response.json()
    assert response.status_code == 200 and body["ok"] is False
    assert [r["ok"] for r in body["results"]] == [True, False, True]
    assert body["results"][1]["key"] == "b" and "not on this audit's scale" in body["results"][1]["errors"][0]
    assert stored(setup, tp, c0) == "8" and stored(setup, tp, c1) is None


def test_malformed_requests(setup: Setup) -> None:
    client = setup.world.client("auditor")
    url = f"/w/{setup.world.slug}/audits/{setup.audit.pk}/answer/"
    response = client.post(url, data=b"{not json", content_type="application/json")
    assert response.status_code == 400 and "not valid JSON" in response.json()["errors"]["__all__"][0]
    response = post_answer(setup, {"touchpoint": setup.touchpoints[0].pk, "field": "colour", "value": "red"})
    assert response.status_code == 400 and "Unknown answer field" in response.json()["errors"]["field"][0]
    response = post_answer(setup, {"touchpoint": 999999, "field": "impression", "value": "positive"})
    assert response.status_code == 400 and "not in this audit" in response.json()["errors"]["touchpoint"][0]


# ---- criteria of another workspace ---------------------------------------------------------


def test_a_criterion_of_another_workspace_is_refused_everywhere(setup: Setup) -> None:
    world = setup.world
    theirs = services.criterion_create(workspace=world.other, kind="general", name="Their criterion")
    tp = setup.touchpoints[0]
    response = post_answer(setup, {"touchpoint": tp.pk, "criterion": theirs.pk, "field": "score", "value": "5"})
    assert response.status_code == 400
    # The very message of a criterion that does not exist: another workspace's is not revealed.
    assert response.json()["errors"]["criterion"][0] == f"There is no criterion {theirs.pk}."
    assert not Score.objects.filter(criterion=theirs).exists()

    mine = setup.crit(tp)
    services.touchpoint_criteria_set(touchpoint=tp, criteria=[mine])
    with pytest.raises(ValidationError) as exc:
        services.touchpoint_criteria_set(touchpoint=tp, criteria=[mine, theirs.pk])
    assert f"There is no criterion {theirs.pk}." in str(exc.value)
    assert list(CriterionAttachment.objects.filter(touchpoint=tp).values_list("criterion_id", flat=True)) == [mine]

    api = world.client("owner").put(
        f"/api/v1/workspaces/{world.slug}/audits/touchpoints/{tp.pk}/criteria",
        data=json.dumps({"criterion_ids": [theirs.pk]}),
        content_type="application/json",
    )
    assert api.status_code == 400 and f"There is no criterion {theirs.pk}." in json.dumps(
        api.json(), ensure_ascii=False
    )
    page = world.client("owner").post(
        f"/w/{world.slug}/audits/touchpoints/{tp.pk}/criteria/", {"criteria": [theirs.pk]}, follow=True
    )
    assert f"There is no criterion {theirs.pk}." in page.content.decode()
    assert list(CriterionAttachment.objects.filter(touchpoint=tp).values_list("criterion_id", flat=True)) == [mine]
    # Nor can it be edited through this workspace.
    assert world.client("owner").get(f"/w/{world.slug}/audits/criteria/{theirs.pk}/").status_code == 404


def test_a_criterion_not_on_the_touchpoints_checklist_is_refused(setup: Setup) -> None:
    website, phone = setup.touchpoints[0], setup.touchpoints[1]
    phone_crit = setup.crit(phone)
    response = post_answer(setup, {"touchpoint": website.pk, "criterion": phone_crit, "field": "score", "value": "5"})
    assert (
        response.status_code == 400
        and "is not on this touchpoint's checklist" in response.json()["errors"]["criterion"][0]
    )


def test_bad_criteria_edits(setup: Setup) -> None:
    crit = Criterion.objects.get(pk=setup.crit(setup.touchpoints[0]))
    for weight in ("0", "-1", "abc", "1001"):
        with pytest.raises(ValidationError):
            services.criterion_update(criterion=crit, weight=weight)
    crit.refresh_from_db()
    assert float(crit.weight) == 1.0
    with pytest.raises(ValidationError, match="switched off, not deleted"):
        services.criterion_delete(criterion=crit)
    custom = services.criterion_create(workspace=setup.workspace, kind="custom", name="Smell of the hall")
    services.touchpoint_criteria_set(touchpoint=setup.touchpoints[2], criteria=[custom])
    audit = started_audit(setup.workspace, "x", [setup.touchpoints[2]])
    score(audit, setup.world.users["owner"], setup.touchpoints[2].pk, custom.pk, "3")
    with pytest.raises(ValidationError, match="switch it off instead"):
        services.criterion_delete(criterion=custom)
    assert Score.objects.filter(criterion=custom).count() == 1


# ---- files that are not what their name says -----------------------------------------------


def upload(setup: Setup, name: str, content: bytes, who: str = "auditor") -> Any:
    return setup.world.client(who).post(
        f"/w/{setup.world.slug}/audits/{setup.audit.pk}/evidence/",
        {"touchpoint": setup.touchpoints[0].pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.jpg", PDF, "is named as JPEG image but its content is PDF document"),
        ("scan.pdf", PNG, "is named as PDF document but its content is PNG image"),
        ("invoice.pdf", b"Just some text pretending", "is not a photo, recording or document"),
        ("evil.png", b"MZ\x90\x00\x03\x00\x00\x00", "is not a photo, recording or document"),
        ("empty.jpg", b"", "is empty"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    setup: Setup, name: str, content: bytes, message: str, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = upload(setup, name, content)
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"]["file"])
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_too_big_a_file_is_refused(setup: Setup, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.AUDIT_EVIDENCE_MAX_BYTES = 1024
    response = upload(setup, "big.png", PNG + b"\x00" * 2048)
    assert response.status_code == 400 and "larger than" in response.json()["errors"]["file"][0]
    assert not Evidence.objects.exists()


def test_a_real_photo_is_accepted(setup: Setup, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = upload(setup, "IMG_0001.JPG", JPEG)
    assert response.status_code == 200
    ev = Evidence.objects.get()
    assert ev.content_type == "image/jpeg" and ev.original_name == "IMG_0001.JPG" and ev.size == len(JPEG)


# ---- a submitted audit ---------------------------------------------------------------------


def test_a_submitted_audit_cannot_be_edited_and_keeps_its_answers(setup: Setup, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    auditor = setup.world.users["auditor"]
    score_all(setup.audit, auditor, raw="6")
    services.audit_transition(audit=setup.audit, action="submit")
    before = list(Score.objects.filter(item__audit=setup.audit).values_list("raw", "value").order_by("pk"))
    summary = Audit.objects.get(pk=setup.audit.pk).summary
    tp = setup.touchpoints[0]

    response = post_answer(setup, {"touchpoint": tp.pk, "criterion": setup.crit(tp), "field": "score", "value": "1"})
    assert response.status_code == 400
    assert "was submitted" in response.json()["errors"]["audit"][0]
    assert "reopen" in response.json()["errors"]["audit"][0]
    assert upload(setup, "late.png", PNG).status_code == 400
    api = setup.world.client("owner").patch(
        f"/api/v1/workspaces/{setup.world.slug}/audits/{setup.audit.pk}",
        data=json.dumps({"scale": "words"}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "stay as they are" in json.dumps(api.json(), ensure_ascii=False)
    with pytest.raises(ValidationError, match="stay as they are"):
        services.audit_update(audit=setup.audit, touchpoints=setup.touchpoints[:1])
    page = setup.world.client("auditor").get(f"/w/{setup.world.slug}/audits/{setup.audit.pk}/score/")
    assert "was submitted" in page.content.decode() and b" disabled" in page.content

    assert list(Score.objects.filter(item__audit=setup.audit).values_list("raw", "value").order_by("pk")) == before
    audit = Audit.objects.get(pk=setup.audit.pk)
    assert audit.summary == summary and audit.scale == "points" and audit.items.count() == 3
    assert not Evidence.objects.exists()

    services.audit_transition(audit=audit, action="close")
    with pytest.raises(ValidationError, match="closed"):
        services.audit_update(audit=audit, name="Renamed")
    with pytest.raises(ValidationError, match="cannot|Only"):
        services.audit_transition(audit=audit, action="reopen")


def test_answers_before_the_start_are_refused(setup: Setup) -> None:
    own = setup.workspace.brands.get(is_own=True)
    draft = services.audit_create(
        workspace=setup.workspace, name="Draft", brand=own, scope="selection", touchpoints=setup.touchpoints[:1]
    )
    with pytest.raises(ValidationError, match="has not started"):
        services.answer_save(
            audit=draft,
            auditor=setup.world.users["owner"],
            touchpoint_id=setup.touchpoints[0].pk,
            field="impression",
            value="positive",
        )


# ---- creating an audit ---------------------------------------------------------------------


def test_bad_audit_setups_create_nothing(setup: Setup) -> None:
    world = setup.world
    ws = world.workspace
    own = ws.brands.get(is_own=True)
    other_tp = world.other.touchpoints.create(name="Not ours")
    count = Audit.objects.count()
    cases = [
        ({"name": "  "}, "name"),
        ({"brand": world.other.brands.get()}, "brand"),
        ({"scope": "selection", "touchpoints": [setup.touchpoints[0].pk, other_tp.pk]}, "touchpoints"),
        ({"scope": "selection", "touchpoints": []}, "touchpoints"),
        ({"auditors": [world.users["viewer"]]}, "auditors"),
        ({"auditors": [world.users["outsider"]]}, "auditors"),
        ({"scale": "stars"}, "scale"),
        ({"starts_on": "2026-05-10", "ends_on": "2026-05-01"}, "ends_on"),
        ({"scope": "journey", "journey_id": 999999}, "journey_id"),
    ]
    import datetime as dt

    for change, field in cases:
        kwargs: dict[str, Any] = {"workspace": ws, "name": "Audit", "brand": own, "scope": "all", **change}
        for key in ("starts_on", "ends_on"):
            if key in kwargs:
                kwargs[key] = dt.date.fromisoformat(kwargs[key])
        with pytest.raises(ValidationError) as exc:
            services.audit_create(**kwargs)
        assert field in exc.value.error_dict, (change, exc.value)
    assert Audit.objects.count() == count

    api = world.client("owner").post(
        f"/api/v1/workspaces/{world.slug}/audits",
        data=json.dumps({"name": "Theirs", "brand_id": world.other.brands.get().pk}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "brand_id" in api.json()["errors"]
    page = world.client("owner").post(
        f"/w/{world.slug}/audits/new/",
        {"name": "Sel", "brand": own.pk, "method": "self", "scale": "points", "scope": "selection"},
    )
    assert page.status_code == 400 and "Pick at least one touchpoint" in page.content.decode()
    assert Audit.objects.count() == count


def test_transitions_out_of_order_are_refused(setup: Setup) -> None:
    with pytest.raises(ValidationError, match="Only a draft can be started"):
        services.audit_transition(audit=setup.audit, action="start")
    with pytest.raises(ValidationError, match="Only a submitted audit can be closed"):
        services.audit_transition(audit=setup.audit, action="close")
    response = setup.world.client("owner").post(
        f"/w/{setup.world.slug}/audits/{setup.audit.pk}/transition/", {"action": "start"}, follow=True
    )
    assert "Only a draft can be started" in response.content.decode()
    setup.audit.refresh_from_db()
    assert setup.audit.status == "in_progress"
