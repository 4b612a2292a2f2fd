from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from touchpoints.actions import services as action_services
from touchpoints.audits import services as audit_services
from touchpoints.audits.tests.helpers import make_setup, score_all
from touchpoints.reports import services
from touchpoints.reports.models import Report


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Filled:
    world: Any
    audit: Any
    touchpoints: list[Any]

    @property
    def workspace(self) -> Any:
        return self.world.workspace


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filled(world: Any) -> Filled:
    """A submitted audit with a failing phone line (a note and a photo), and a plan of two actions."""
    s = make_setup(world)
    owner = world.users["owner"]
    score_all(s.audit, owner, raw="8", impression="positive")
    phone = s.touchpoints[1]
    for item in s.audit.items.filter(touchpoint=phone):
        for cid, _w in item.checklist:
            audit_services.answer_save(
                audit=s.audit, auditor=owner, touchpoint_id=phone.pk, field="score", value="2", criterion_id=cid
            )
    audit_services.answer_save(
        audit=s.audit, auditor=owner, touchpoint_id=phone.pk, field="impression", value="negative"
    )
    audit_services.answer_save(
        audit=s.audit,
        auditor=owner,
        touchpoint_id=phone.pk,
        field="note",
        value="Nobody answered after the sixth ring.",
    )
    audit_services.evidence_add(
        audit=s.audit,
        auditor=owner,
        touchpoint_id=phone.pk,
        upload=SimpleUploadedFile("phone.png", png(), content_type="image/png"),
    )
    audit_services.audit_transition(audit=s.audit, action="submit")
    soon = timezone.localdate() + dt.timedelta(days=10)
    action_services.action_create(
        workspace=world.workspace,
        title="Answer within three rings",
        touchpoint=phone,
        owner_user=world.users["editor"],
        deadline=soon,
    )
    action_services.action_create(
        workspace=world.workspace,
        title='=HYPERLINK("http://evil")',
        touchpoint=s.touchpoints[0],
        owner_unit="Marketing",
        deadline=soon,
    )
    return Filled(world, s.audit, s.touchpoints)


def generate(workspace: Any, language: str = "en", audit: Any = None, capture: Any = None) -> Report:
    with capture(execute=True):
        report = services.report_request(workspace=workspace, language=language, audit=audit)
    report.refresh_from_db()
    assert report.status == "done", report.error
    return report
