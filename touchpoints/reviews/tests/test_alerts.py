"""Members' e-mail alerts on a campaign's answers: an unhappy customer reaches the team the same
day, with their name and address only for those who may see personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from touchpoints.lib.testing_access import EVERYONE, READ, AccessMatrix, Case
from touchpoints.reviews import alerts, services
from touchpoints.reviews.models import Alert, Campaign
from touchpoints.workspaces.models import Membership
from touchpoints.workspaces.services import membership_remove
from touchpoints.workspaces.tests.alert_checks import check_own_alert_api

from .conftest import three_answers

pytestmark = pytest.mark.django_db

PAST = timezone.now() - dt.timedelta(days=1)


def _alert(world: Any, campaign: Campaign, who: str, kind: str = "unhappy") -> None:
    alert = services.alert_set(campaign=campaign, user=world.users[who], kind=kind)
    assert alert is not None
    Alert.objects.filter(pk=alert.pk).update(through=PAST)


def test_a_member_chooses_an_alert_on_the_campaign_page(world: Any, campaign: Campaign) -> None:
    client = world.client("viewer")
    url = f"/w/{world.slug}/reviews/{campaign.pk}/"
    assert "Unhappy answers (would recommend 0–6)" in client.get(url).content.decode()
    body = client.post(f"{url}alert/", {"kind": "unhappy"}, follow=True).content.decode()
    assert "You will be e-mailed: unhappy answers (would recommend 0–6) (at most every 15 min)" in body
    assert Alert.objects.get(campaign=campaign).user == world.users["viewer"]
    client.post(f"{url}alert/", {"kind": ""})
    assert not Alert.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_every_member_may_have_an_alert_nobody_else(
    access: AccessMatrix, world: Any, campaign: Campaign, who: str
) -> None:
    url = f"/w/{world.slug}/reviews/{campaign.pk}/alert/"
    access.check(who, [Case("post", url, READ, {"kind": "words"})], ok=(302,))
    assert Alert.objects.exists() is (who not in ("outsider", "anonymous"))


def test_a_member_removed_from_the_workspace_loses_their_alerts_there(world: Any, campaign: Campaign) -> None:
    _alert(world, campaign, "viewer")
    _alert(world, campaign, "editor", kind="words")
    membership_remove(membership=Membership.objects.get(workspace=world.workspace, user=world.users["editor"]))
    assert list(Alert.objects.values_list("user__username", "kind")) == [("viewer", "unhappy")]


def test_unhappy_answers_reach_the_team_with_names_for_editors_only(world: Any, campaign: Campaign) -> None:
    _alert(world, campaign, "editor")
    _alert(world, campaign, "viewer")
    three_answers(campaign)
    assert alerts.send_alerts(now=timezone.now() + dt.timedelta(minutes=2)) == alerts.Sent(emails=2, answers=4)
    by_person = {email.to[0]: email for email in mail.outbox if email.subject.startswith("[Touchpoints]")}
    editor, viewer = by_person["editor@example.com"], by_person["viewer@example.com"]
    assert editor.subject == "[Touchpoints] 2 unhappy answers: After visits"
    assert "would recommend 3 of 10 · reception DESK" in editor.body and "Ana Pérez ana@example.com" in editor.body
    assert "Would improve: “Esperé 40 minutos”" in editor.body and "would recommend 2 of 10" in editor.body
    assert "Easy to park" not in editor.body  # a happy customer
    assert "Esperé 40 minutos" in viewer.body and "Ana" not in viewer.body and "ana@example.com" not in viewer.body
    assert f"/w/{world.slug}/reviews/{campaign.pk}/answers/?score_max=6" in editor.body


def test_an_alert_on_every_answer_with_words(world: Any, campaign: Campaign) -> None:
    _alert(world, campaign, "owner", kind="words")
    three_answers(campaign)
    alerts.send_alerts(now=timezone.now() + dt.timedelta(minutes=2))
    (email,) = [e for e in mail.outbox if e.subject.startswith("[Touchpoints]")]
    assert email.subject == "[Touchpoints] 2 new answers: After visits"
    assert "Liked: “Easy to park”" in email.body and "Esperé" in email.body
    assert "would recommend 2 of 10" not in email.body  # a score without words


@pytest.mark.parametrize("who", EVERYONE)
def test_the_api_reads_and_sets_ones_own_alert(access: AccessMatrix, world: Any, campaign: Campaign, who: str) -> None:
    url = f"/api/v1/workspaces/{world.slug}/reviews/campaigns/{campaign.pk}/alert"
    check_own_alert_api(access, who, url=url, model=Alert, kind="unhappy", user=world.users.get(who))
