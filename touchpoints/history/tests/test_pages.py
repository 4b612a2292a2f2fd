"""The history of changes: who changed what and when, on the object's page and the workspace's
history page (filters, pages, export), for owners and editors only."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from openpyxl import load_workbook

from touchpoints.audits import services as audits
from touchpoints.history.models import HistoryScope
from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create, touchpoint_update
from touchpoints.journeys.models import Journey

pytestmark = pytest.mark.django_db


def _patch(client: Client, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


def test_a_change_through_the_api_names_the_token_owner_and_the_fields(populated: Any) -> None:
    p = populated
    client = Client(HTTP_AUTHORIZATION=f"Bearer {p.token}")
    url = f"/api/v1/workspaces/{p.slug}/touchpoints/{p.ids['touchpoint']}"
    assert _patch(client, url, {"name": "Web site", "notes": "=HYPERLINK(1)"}).status_code == 200
    entry = LogEntry.objects.get_for_object(Touchpoint.objects.get(pk=p.ids["touchpoint"])).first()
    assert entry.actor == p.world.users["owner"]
    assert entry.changes_dict["name"] == ["Website", "Web site"]
    assert HistoryScope.objects.get(entry=entry).workspace_id == p.world.workspace.pk


def test_the_touchpoint_page_shows_its_changes_and_its_presence(populated: Any) -> None:
    p = populated
    client = p.world.client("editor")
    url = f"/api/v1/workspaces/{p.slug}/touchpoints/{p.ids['touchpoint']}"
    assert _patch(client, url, {"name": "Web site", "presence": {str(p.ids["rival"]): "exists"}}).status_code == 200
    page = client.get(f"/w/{p.slug}/touchpoints/{p.ids['touchpoint']}/").content.decode()
    assert 'id="history"' in page and "editor" in page
    assert "Web site" in page and "Website" in page  # before → after
    assert "presence" in page.lower()  # the rival's presence, changed to "exists"


def test_changes_show_names_and_labels_not_stored_ids_and_codes(populated: Any) -> None:
    """A linked object by its name, a list of choices by its labels, a flag as yes or no, in the
    reader's language; an empty list is not listed among what a creation filled in."""
    p = populated
    client = p.world.client("editor")
    page = client.get(f"/w/{p.slug}/touchpoints/{p.ids['child']}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Website" in history  # the parent, not its number
    assert "Purchase decision" in history and "[" not in history
    assert f"→ {p.ids['touchpoint']}</div>" not in history
    client.cookies["django_language"] = "ru"
    page = client.get(f"/w/{p.slug}/journeys/{p.ids['journey']}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Our clinic" in history and "Website" in history  # the brand and the step's touchpoint
    assert "Нет" in history and "False" not in history  # the step is not the final chord
    assert "Поиск информации" in history  # the step's stage, in Russian


def test_viewers_and_auditors_do_not_see_the_history(populated: Any) -> None:
    p = populated
    touchpoint_update(touchpoint=Touchpoint.objects.get(pk=p.ids["touchpoint"]), name="Renamed")
    for role in ("viewer", "auditor"):
        page = p.world.client(role).get(f"/w/{p.slug}/touchpoints/{p.ids['touchpoint']}/")
        assert page.status_code == 200
        assert 'id="history"' not in page.content.decode()


def test_the_journey_and_audit_pages_show_steps_and_answers(populated: Any) -> None:
    p = populated
    client = p.world.client("owner")
    step_url = f"/api/v1/workspaces/{p.slug}/journeys/{p.ids['journey']}/steps/{p.ids['step']}"
    assert _patch(client, step_url, {"note": "Slow answer"}).status_code == 200
    page = client.get(f"/w/{p.slug}/journeys/{p.ids['journey']}/").content.decode()
    assert 'id="history"' in page and "Slow answer" in page
    audit = p.world.workspace.audits.get(pk=p.ids["audit"])
    answers = f"/api/v1/workspaces/{p.slug}/audits/{audit.pk}/answers"
    body = {
        "answers": [
            {"touchpoint": p.ids["touchpoint"], "criterion": p.ids["criterion"], "field": "score", "value": "3"}
        ]
    }
    assert client.post(answers, data=json.dumps(body), content_type="application/json").status_code == 200
    page = client.get(f"/w/{p.slug}/audits/{audit.pk}/").content.decode()
    assert 'id="history"' in page and "owner" in page
    assert "7" in page and "3" in page  # the answer's change 7 → 3


def test_the_workspace_page_filters_and_pages(populated: Any, django_assert_max_num_queries: Any) -> None:
    p = populated
    ws = p.world.workspace
    tp = Touchpoint.objects.get(pk=p.ids["touchpoint"])
    for i in range(60):
        touchpoint_update(touchpoint=tp, notes=f"note {i}")
    touchpoint_create(workspace=p.world.other, name="Their secret")
    client = p.world.client("owner")
    url = f"/w/{p.slug}/history/"
    with django_assert_max_num_queries(16):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Their secret" not in html
    assert "Page 1 of" in html and "note 59" in html and "note 0<" not in html
    older = client.get(url, {"page": 2}).content.decode()
    assert "note 9" in older or "note 5" in older
    journeys_type = __import__(
        "django.contrib.contenttypes.models", fromlist=["ContentType"]
    ).ContentType.objects.get_for_model(Journey)
    only_journeys = client.get(url, {"kind": journeys_type.pk}).content.decode()
    assert "First visit" in only_journeys and "note 59" not in only_journeys
    by_viewer = client.get(url, {"actor": p.world.users["viewer"].pk}).content.decode()
    assert "No changes recorded yet." in by_viewer
    future = client.get(url, {"since": "2999-01-01"}).content.decode()
    assert "No changes recorded yet." in future
    bad = client.get(url, {"since": "2024-02-01", "until": "2024-01-01", "kind": "x"})
    assert bad.status_code == 200 and "The end comes before the start." in bad.content.decode()
    assert ws.pk == HistoryScope.objects.filter(workspace=ws).values_list("workspace", flat=True).first()


def test_export_csv_and_xlsx_neutralise_formulas(populated: Any) -> None:
    p = populated
    tp = Touchpoint.objects.get(pk=p.ids["touchpoint"])
    touchpoint_update(touchpoint=tp, name="=cmd|' /C calc'!A0")
    client = p.world.client("editor")
    response = client.get(f"/w/{p.slug}/history/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["When", "Who", "Action"]
    assert any(r[7] == "'=cmd|' /C calc'!A0" for r in rows[1:])
    response = client.get(f"/w/{p.slug}/history/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0"]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, never a formula
    assert client.get(f"/w/{p.slug}/history/export.pdf").status_code == 404


def test_every_name_the_history_shows_can_be_translated() -> None:
    """The kind filter, a row's kind and its field labels come from the models' verbose names.
    Criterion scores and touchpoint assessments had none (the filter read "Scores" and
    "Assessments", their rows "score", "item", "criterion" and "auditor" in Russian and Spanish
    too), nor had a presence's brand and touchpoint, a step's journey, an estimate's touchpoint, a
    top ten version's author or a touchpoint's library template."""
    from auditlog.registry import auditlog
    from django.utils.functional import Promise

    from touchpoints.lib.history import tracked_models

    untranslated = []
    for model in tracked_models():
        label = model._meta.label
        names = {"the name": model._meta.verbose_name, "the plural": model._meta.verbose_name_plural}
        fields = {f.name: f for f in model._meta.concrete_fields}
        for field in auditlog.get_model_fields(model)["include_fields"]:
            names[field] = fields[field].verbose_name
        untranslated += [f"{label}: {what}" for what, name in names.items() if not isinstance(name, Promise)]
    assert len(tracked_models()) >= 10 and not untranslated


def test_the_kind_filter_names_answers_by_what_they_are(populated: Any) -> None:
    page = populated.world.client("owner").get(f"/w/{populated.slug}/history/").content.decode()
    assert ">Criterion scores<" in page and ">Touchpoint assessments<" in page
    assert ">Scores<" not in page and ">Assessments<" not in page


def _exported(client: Client, slug: str, language: str) -> list[dict[str, str]]:
    response = client.get(f"/w/{slug}/history/export.csv", HTTP_ACCEPT_LANGUAGE=language)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    keys = ["when", "who", "action", "kind", "object", "field", "before", "after"]
    return [dict(zip(keys, row, strict=True)) for row in rows[1:]]


def test_the_exported_action_reads_right_for_every_kind(populated: Any) -> None:
    """The Action column said «создан» (masculine: "created" of a journey) for every kind in Russian,
    a touchpoint («точка контакта») and an action («действие») included. It now holds the action's
    own word, which does not agree with the kind (ru «создание», es «creación»); in English it
    still reads created, changed, deleted."""
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    p = populated
    touchpoint_update(touchpoint=Touchpoint.objects.get(pk=p.ids["touchpoint"]), notes="Checked")
    client = p.world.client("owner")
    english = _exported(client, p.slug, "en")
    assert {r["action"] for r in english} == {"created", "changed"}
    kinds = {r["kind"] for r in english if r["action"] == "created"}
    assert {"touchpoint", "journey", "action", "brand presence"} <= kinds
    nouns = {"ru": {"создание", "изменение"}, "es": {"creación", "modificación"}}
    for language in ("ru", "es"):
        with translation.override(language):
            wanted = {pgettext("history action", "created"), pgettext("history action", "changed")}
            participles = {gettext("created"), gettext("changed")}
        exported = _exported(client, p.slug, language)
        assert {r["action"] for r in exported} == wanted == nouns[language]
        assert not wanted & participles, language


@pytest.mark.parametrize(
    "role, status", [("owner", 200), ("editor", 200), ("auditor", 403), ("viewer", 403), ("outsider", 404)]
)
def test_who_reads_the_history(world: Any, role: str, status: int) -> None:
    for url in (f"/w/{world.slug}/history/", f"/w/{world.slug}/history/export.csv"):
        assert world.client(role).get(url).status_code == status


def test_anonymous_is_sent_to_log_in(world: Any) -> None:
    response = Client().get(f"/w/{world.slug}/history/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_deletions_are_kept_and_scoped(populated: Any) -> None:
    p = populated
    client = p.world.client("owner")
    assert client.delete(f"/api/v1/workspaces/{p.slug}/journeys/{p.ids['other_journey']}").status_code == 204
    scope = HistoryScope.objects.filter(
        workspace=p.world.workspace, entry__action=LogEntry.Action.DELETE, entry__object_repr__contains="Rival visit"
    ).first()
    assert scope is not None and scope.entry.actor == p.world.users["owner"]


def test_changes_outside_a_request_have_no_actor(populated: Any) -> None:
    p = populated
    audit = p.world.workspace.audits.get(pk=p.ids["audit"])
    audits.answer_save(
        audit=audit,
        auditor=p.world.users["owner"],
        touchpoint_id=p.ids["touchpoint"],
        field="note",
        value="From the command line",
    )
    scope = HistoryScope.objects.filter(subject_id=audit.pk).order_by("-timestamp").first()
    assert scope.entry.actor is None
    page = p.world.client("owner").get(f"/w/{p.slug}/history/").content.decode()
    assert "system" in page


def test_answers_and_presences_are_named_by_what_they_are_about(populated: Any) -> None:
    """An object is named by the names of what it is about, which read the same in every
    language: a criterion score had no name («Score object (1)»), nor had a touchpoint assessment;
    an audited touchpoint read «Self-audit · 12» (the touchpoint's number) and a brand's presence
    «Rival: Website = missing» (the stored status code)."""
    from django.utils.html import escape

    from touchpoints.audits.models import Criterion

    p = populated
    criterion = escape(Criterion.objects.get(pk=p.ids["criterion"]).label)
    client = p.world.client("owner")
    client.cookies["django_language"] = "ru"
    page = client.get(f"/w/{p.slug}/history/").content.decode()
    assert f"<strong>Self-audit · Website · {criterion}</strong>" in page  # the score
    assert "<strong>Self-audit · Website</strong>" in page  # the assessment
    assert "→ Self-audit · Website</div>" in page  # the score's audited touchpoint, a linked object
    assert "<strong>Our clinic: Website</strong>" in page and "<strong>Rival: Website</strong>" in page
    assert " object (" not in page and "= missing" not in page and f"· {p.ids['touchpoint']}<" not in page


def test_a_choice_stored_as_a_number_shows_its_label(populated: Any) -> None:
    """A step's expected experience (−2…+2) is kept as a number and was shown as «1», not «+1
    positive» as the journey's page says it."""
    p = populated
    page = p.world.client("owner").get(f"/w/{p.slug}/journeys/{p.ids['journey']}/").content.decode()
    history = page[page.index('id="history"') :]
    expected = '<strong>Expected experience</strong>: <span class="muted">—</span> →'
    assert f"{expected} +1 positive</div>" in history and f"{expected} −1 negative</div>" in history
    assert f"{expected} 1</div>" not in history and f"{expected} -1</div>" not in history


def test_the_page_reads_the_names_of_linked_objects_in_a_bounded_number_of_queries(populated: Any) -> None:
    """A score names its criterion, and a library criterion its name from the library: each was
    read with a query of its own (one more per criterion answered)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from touchpoints.audits.models import AuditItem

    p = populated
    audit = p.world.workspace.audits.get(pk=p.ids["audit"])
    client = p.world.client("owner")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/w/{p.slug}/history/").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    answered = 0
    for item in AuditItem.objects.filter(audit=audit):
        for criterion_id, _weight in item.checklist:
            audits.answer_save(
                audit=audit,
                auditor=p.world.users["auditor"],
                touchpoint_id=item.touchpoint_id,
                field="score",
                value="5",
                criterion_id=criterion_id,
            )
            answered += 1
    assert answered >= 3 and queries() <= few


def test_an_exported_moment_is_local_time_to_the_second_like_its_when_column(populated: Any, settings: Any) -> None:
    """A changed moment (an action's start) was exported as the log keeps it, in UTC with
    microseconds ("2026-11-30 08:01:02.345678"), beside a When column in local time."""
    import re

    from django.utils import timezone

    from touchpoints.actions import services as actions
    from touchpoints.actions.models import Action

    settings.TIME_ZONE = "Asia/Kamchatka"  # UTC+12 all year: local and UTC never share a date
    p = populated
    action = actions.action_set_status(action=Action.objects.get(pk=p.ids["action"]), status="in_progress")
    rows = _exported(p.world.client("owner"), p.slug, "en")
    started = [r for r in rows if r["field"] == "started" and r["kind"] == "action"]
    assert started, [(r["kind"], r["field"], r["after"]) for r in rows]
    moment = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    assert re.fullmatch(moment, started[0]["after"]) and re.fullmatch(moment, started[0]["when"])
    assert started[0]["after"] == timezone.localtime(action.started_at).strftime("%Y-%m-%d %H:%M:%S")


def test_a_steps_position_reads_as_on_the_map_from_one(populated: Any) -> None:
    """A step's place was shown as stored, from 0: the first step, «1.» on the map, was created at
    "position 0"."""
    from touchpoints.history import display, selectors
    from touchpoints.journeys.models import JourneyStep

    p = populated
    steps = JourneyStep.objects.filter(journey__workspace=p.world.workspace).order_by("journey", "position")
    stored = sorted({s.position for s in steps})
    assert stored[0] == 0
    rows = display.rows(list(selectors.history_queryset(workspace=p.world.workspace)))
    created = {c.new for r in rows if r.kind == "journey step" for c in r.changes if c.field == "position"}
    assert created == {str(n + 1) for n in stored}
    for r in rows:  # the row's object names the step as the map does, by the same number
        if r.kind == "journey step":
            assert r.object.split(".")[0] in created


def test_moving_a_step_is_kept_as_one_line_for_the_step_moved(populated: Any) -> None:
    """A new order was written in bulk, so the history did not say who reordered a journey. Now the
    step moved has its line; the steps that only made room for it have none."""
    from touchpoints.history import display, selectors
    from touchpoints.journeys.models import JourneyStep
    from touchpoints.journeys.services import step_add, steps_reorder

    p = populated
    journey = Journey.objects.get(workspace=p.world.workspace, name="First visit")
    for tp in Touchpoint.objects.filter(workspace=p.world.workspace)[:3]:
        step_add(journey=journey, touchpoint=tp)
    ids = list(JourneyStep.objects.filter(journey=journey).order_by("position").values_list("pk", flat=True))
    assert len(ids) >= 4
    before = LogEntry.objects.count()
    steps_reorder(journey=journey, step_ids=[ids[-1], *ids[:-1]])  # the last step to the front
    assert LogEntry.objects.count() == before + 1
    row = display.rows(list(selectors.history_queryset(workspace=p.world.workspace)[:1]))[0]
    assert row.action == "changed" and row.kind == "journey step"
    assert [(c.field, c.old, c.new) for c in row.changes] == [("position", str(len(ids)), "1")]
