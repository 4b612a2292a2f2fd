"""Members' e-mail alerts on a study's answers: choosing one on the study's page, what each e-mail
holds and who gets it, at most one per quiet period, never the same answers twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from touchpoints.feedback import alerts, services
from touchpoints.feedback.models import Alert, Study
from touchpoints.feedback.tests.helpers import store_answers
from touchpoints.lib.testing_access import EVERYONE, READ, AccessMatrix, Case
from touchpoints.workspaces import alerts as member_alerts
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.services import membership_remove
from touchpoints.workspaces.tests.alert_checks import check_own_alert_api

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)


def _answer(
    study: Study, positivity: int, comment: str = "", *, own: bool = True, at: dt.datetime, like: int = 5
) -> None:
    brand = study.brands.get(is_own=own) if own else study.brands.filter(is_own=False).first()
    tp = study.study_touchpoints.order_by("position").first().touchpoint_id
    store_answers(study, [(positivity, like)], brand_id=brand.pk, touchpoint_id=tp, comment=comment, created_at=at)


def _alert(world: Any, study: Study, who: str = "viewer", kind: str = "negative") -> Alert:
    alert = services.alert_set(study=study, user=world.users[who], kind=kind)
    assert alert is not None
    Alert.objects.filter(pk=alert.pk).update(through=T0)
    return Alert.objects.get(pk=alert.pk)


def test_a_member_chooses_an_alert_on_the_study_page(world: Any, study: Study) -> None:
    client = world.client("viewer")
    url = f"/w/{world.slug}/feedback/{study.pk}/"
    body = client.get(url).content.decode()
    assert "E-mail alerts" in body and "Negative answers about our brand" in body
    response = client.post(f"{url}alert/", {"kind": "negative"}, follow=True)
    assert "You will be e-mailed: negative answers about our brand (at most every 15 min)" in response.content.decode()
    alert = Alert.objects.get(study=study, user=world.users["viewer"])
    assert alert.kind == "negative" and abs(alert.through - timezone.now()) < dt.timedelta(minutes=1)
    assert 'value="negative" checked' in client.get(url).content.decode().replace(' id="id_kind_1"', "")
    client.post(f"{url}alert/", {"kind": "telepathy"})
    assert Alert.objects.get(pk=alert.pk).kind == "negative"  # refused, nothing changed
    client.post(f"{url}alert/", {"kind": ""})
    assert not Alert.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_every_member_may_have_an_alert_nobody_else(access: AccessMatrix, world: Any, study: Study, who: str) -> None:
    access.check(
        who, [Case("post", f"/w/{world.slug}/feedback/{study.pk}/alert/", READ, {"kind": "comments"})], ok=(302,)
    )
    assert Alert.objects.filter(study=study).exists() is (who not in ("outsider", "anonymous"))


def test_the_email_lists_negative_answers_on_the_own_brand_since_the_last_one(world: Any, study: Study) -> None:
    _alert(world, study)
    now = T0 + dt.timedelta(hours=1)
    _answer(study, -2, 'Nobody answered <script>alert("x")</script>', at=T0 + dt.timedelta(minutes=5), like=1)
    _answer(study, -1, at=T0 + dt.timedelta(minutes=6))
    _answer(study, 2, "Lovely", at=T0 + dt.timedelta(minutes=7))  # positive
    _answer(study, -2, "Rival was rude", own=False, at=T0 + dt.timedelta(minutes=8))  # a competitor
    _answer(study, -2, "Before the alert", at=T0 - dt.timedelta(minutes=1))  # history, not news
    _answer(study, -2, "Still being written", at=now - dt.timedelta(seconds=10))  # not settled yet
    assert alerts.send_alerts(now=now) == alerts.Sent(emails=1, answers=2)
    (email,) = mail.outbox
    assert email.to == ["viewer@example.com"]
    assert email.subject == "[Touchpoints] 2 negative answers: Visit feedback"
    assert "Very bad (-2) · likelihood 1 of 10 · Reception desk · Our clinic" in email.body
    assert '“Nobody answered <script>alert("x")</script>”' in email.body  # plain text, as written
    assert "Bad (-1)" in email.body
    for absent in ("Lovely", "Rival was rude", "Before the alert", "Still being written"):
        assert absent not in email.body
    assert f"/w/{world.slug}/feedback/{study.pk}/comments/?since=" in email.body and "sentiment=negative" in email.body
    assert f"/w/{world.slug}/feedback/{study.pk}/" in email.body.split("Change or stop them")[1]

    # Nothing new: nothing sent. The answer that was being written comes in the next e-mail, after
    # the quiet period, with what arrived meanwhile.
    assert alerts.send_alerts(now=now + dt.timedelta(minutes=1)).emails == 0
    _answer(study, -1, "Waited long", at=now + dt.timedelta(minutes=2))
    assert alerts.send_alerts(now=now + dt.timedelta(minutes=10)).emails == 0  # within 15 minutes
    assert alerts.send_alerts(now=now + dt.timedelta(minutes=16)) == alerts.Sent(emails=1, answers=2)
    assert "Still being written" in mail.outbox[1].body and "Waited long" in mail.outbox[1].body
    assert "Nobody answered" not in mail.outbox[1].body


def test_comments_alert_and_the_list_is_capped(world: Any, study: Study, settings: Any) -> None:
    _alert(world, study, kind="comments")
    for i in range(12):
        _answer(study, 1, f"Comment {i}", at=T0 + dt.timedelta(minutes=i + 1))
    _answer(study, -2, "", at=T0 + dt.timedelta(minutes=20))  # negative without a comment
    assert alerts.send_alerts(now=T0 + dt.timedelta(hours=1)).answers == 12
    (email,) = mail.outbox
    assert email.subject == "[Touchpoints] 12 new comments: Visit feedback"
    assert "Comment 11" in email.body and "Comment 2" in email.body and "Comment 1\n" not in email.body
    assert "…and 2 more." in email.body and "sentiment" not in email.body


def test_in_the_members_language(world: Any, study: Study) -> None:
    from touchpoints.accounts.models import Profile

    Profile.objects.update_or_create(user=world.users["viewer"], defaults={"language": "ru"})
    _alert(world, study)
    _answer(study, -1, "Долго ждали", at=T0 + dt.timedelta(minutes=5), like=4)
    alerts.send_alerts(now=T0 + dt.timedelta(hours=1))
    (email,) = mail.outbox
    assert "1 отрицательный ответ" in email.subject
    assert "Плохо (-1) · вероятность выбора 4 из 10" in email.body


def test_nobody_outside_the_workspace_or_without_an_address_gets_one(world: Any, study: Study) -> None:
    _alert(world, study, "viewer")
    _alert(world, study, "editor")
    Membership.objects.filter(workspace=world.workspace, user=world.users["viewer"]).delete()
    world.users["editor"].email = ""
    world.users["editor"].save()
    _answer(study, -2, "Bad", at=T0 + dt.timedelta(minutes=5))
    assert alerts.send_alerts(now=T0 + dt.timedelta(hours=1)).emails == 0
    assert not mail.outbox


def test_a_member_removed_from_the_workspace_loses_their_alerts_there(world: Any, study: Study) -> None:
    _alert(world, study, "viewer")
    _alert(world, study, "editor", kind="comments")
    viewer = Membership.objects.get(workspace=world.workspace, user=world.users["viewer"])
    membership_remove(membership=viewer)
    assert list(Alert.objects.values_list("user__username", "kind")) == [("editor", "comments")]


def test_a_refused_email_gives_its_answers_to_the_next_round(world: Any, study: Study, monkeypatch: Any) -> None:
    _alert(world, study)
    _answer(study, -2, "Lost?", at=T0 + dt.timedelta(minutes=5))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(member_alerts, "send_mail", refuse)
    assert alerts.send_alerts(now=T0 + dt.timedelta(hours=1)).emails == 0
    monkeypatch.undo()
    assert alerts.send_alerts(now=T0 + dt.timedelta(hours=1, minutes=1)).emails == 1
    assert "Lost?" in mail.outbox[0].body


def test_the_command_and_the_task_send_them(world: Any, study: Study, capsys: Any, settings: Any) -> None:
    from django.core.management import call_command
    from django_tasks import default_task_backend

    from touchpoints.workspaces.tasks import schedule_alerts, send_member_alerts

    _alert(world, study)
    _answer(study, -2, "Bad", at=T0 + dt.timedelta(minutes=5))
    call_command("alerts", "send")
    assert "1 e-mails, 1 answers" in capsys.readouterr().out and len(mail.outbox) == 1

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert schedule_alerts() is True
    assert schedule_alerts() is False  # one deferred run waiting is enough
    results = default_task_backend.results  # type: ignore[attr-defined]  # the tests' dummy backend
    assert len(results) == 1 and results[0].task.run_after is not None
    assert results[0].task.func is send_member_alerts.func


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_reads_and_sets_ones_own_alert(access: AccessMatrix, world: Any, study: Study, who: str) -> None:
    url = f"/api/v1/workspaces/{world.slug}/feedback/studies/{study.pk}/alert"
    check_own_alert_api(access, who, url=url, model=Alert, kind="comments", user=world.users.get(who))
