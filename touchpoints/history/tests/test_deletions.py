"""What a deletion writes to the history: one line for what was deleted, not one for each part
that went with it (``lib.history``)."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry

from touchpoints.inventory.models import Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.journeys.models import Journey

pytestmark = pytest.mark.django_db


def test_a_deletion_is_one_line_not_one_for_each_part_that_went_with_it(populated: Any) -> None:
    """Deleting a touchpoint wrote a line for each of its presences, audit answers, journey steps
    and estimates (about 150 for one touchpoint of the demo), burying the deletion itself; deleting
    a journey, a line for each step. Removing a step on its own still writes its line."""
    from touchpoints.audits.models import Score
    from touchpoints.inventory.models import Presence
    from touchpoints.inventory.services import touchpoint_descendant_ids
    from touchpoints.journeys.models import JourneyStep

    p = populated
    client = p.world.client("owner")
    journey = Journey.objects.get(pk=p.ids["journey"])
    step = JourneyStep.objects.filter(journey=journey).first()
    assert step is not None and JourneyStep.objects.filter(journey=journey).count() > 1
    since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    step.delete()  # a step removed on its own is a change of the journey
    assert LogEntry.objects.filter(pk__gt=since).count() == 1
    assert client.delete(f"/api/v1/workspaces/{p.slug}/journeys/{journey.pk}").status_code == 204
    assert sorted(LogEntry.objects.filter(pk__gt=since).values_list("content_type__model", flat=True)) == [
        "journey",
        "journeystep",
    ]

    tp = Touchpoint.objects.get(pk=p.ids["touchpoint"])
    touchpoint_create(workspace=p.world.workspace, name="Prices page", parent=tp)
    deleted = sorted(
        str(t) for t in Touchpoint.objects.filter(pk__in=[tp.pk, *touchpoint_descendant_ids(touchpoint=tp)])
    )
    assert len(deleted) >= 2
    parts = {
        "presences": Presence.objects.filter(touchpoint=tp).count(),
        "answers": Score.objects.filter(item__touchpoint=tp).count(),
        "steps": JourneyStep.objects.filter(touchpoint=tp).count(),
    }
    assert all(parts.values()), parts  # the fixture has every kind of part to lose
    since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client.post(f"/w/{p.slug}/touchpoints/{tp.pk}/delete/").status_code == 302
    written = LogEntry.objects.filter(pk__gt=since)
    assert sorted(written.values_list("object_repr", flat=True)) == deleted  # the touchpoint and its nested ones
    assert set(written.values_list("action", flat=True)) == {LogEntry.Action.DELETE}


def test_deleting_a_brand_is_recorded_once_with_what_went_with_it_unlisted(populated: Any) -> None:
    """A brand was not in the history: deleting a competitor left a line for each of its audits,
    answers and presences and none for the brand. Its creation, changes and deletion are recorded
    now, and the audits that went with it are parts of that line."""
    from touchpoints.audits.models import Audit
    from touchpoints.workspaces.models import Brand

    p = populated
    rival = Brand.objects.get(pk=p.ids["rival"])
    assert Audit.objects.filter(brand=rival).exists() or rival.presences.exists()
    client = p.world.client("owner")
    since = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client.delete(f"/api/v1/workspaces/{p.slug}/brands/{rival.pk}").status_code == 204
    written = LogEntry.objects.filter(pk__gt=since)
    assert [(e.content_type.model, e.object_repr) for e in written] == [("brand", "Rival")]
    page = client.get(f"/w/{p.slug}/history/").content.decode()
    assert "<strong>Rival</strong>" in page
