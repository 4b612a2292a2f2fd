"""How audits plug into the rest: the demo workspace, and audit scores feeding the journey map's
experience curve (when the journeys app offers its hook)."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.audits.demo import demo_audits
from touchpoints.audits.models import Audit
from touchpoints.audits.selectors import latest_brand_scores
from touchpoints.demo.services import EXTENSIONS


@pytest.mark.django_db
def test_the_demo_has_criteria_a_closed_self_audit_a_competitor_walk_and_an_older_audit() -> None:
    from touchpoints.demo.services import DEMO_PASSWORD, demo_load
    from touchpoints.library.loader import library_load

    assert demo_audits in EXTENSIONS
    library_load()
    ws, created = demo_load()
    assert created
    audits = {a.name: a for a in Audit.objects.filter(workspace=ws)}
    spring = audits["Spring self-audit: the patient path"]
    autumn = audits["Autumn self-audit: the patient path"]
    walk = audits["Competitor walk: PhleboExpert"]
    assert (autumn.status, autumn.method, autumn.brand.is_own) == ("closed", "self", True)
    assert (walk.status, walk.method, walk.brand.name, walk.scale) == (
        "closed",
        "competitor_walk",
        "PhleboExpert",
        "words",
    )
    assert spring.audit_date < autumn.audit_date
    assert any(a.status == "in_progress" for a in audits.values())

    from django.test import Client

    client = Client()
    assert client.login(username="demo", password=DEMO_PASSWORD)
    page = client.get(f"/w/{ws.slug}/audits/{autumn.pk}/results/").content.decode()
    assert "Improved:" in page and "Got worse:" in page and "PhleboExpert" in page
    assert "Improved: 0" not in page and "Got worse: 0" not in page
    due = client.get(f"/w/{ws.slug}/audits/due/").content.decode()
    assert "Social network page" in due  # audited in spring only, interval 60 days
    for audit in audits.values():
        assert client.get(f"/w/{ws.slug}/audits/{audit.pk}/results/").status_code == 200
    # The journey map reads the latest own scores.
    tp_ids = list(autumn.items.values_list("touchpoint_id", flat=True))
    scores = latest_brand_scores(brand=autumn.brand, touchpoint_ids=tp_ids)
    assert autumn.summary is not None
    assert set(scores) == set(int(k) for k in autumn.summary["touchpoints"])


def test_audit_scores_feed_the_journey_experience_curve(setup: Any) -> None:
    experience = pytest.importorskip("touchpoints.journeys.experience")
    from touchpoints.audits import services
    from touchpoints.audits.tests.helpers import score_all

    assert latest_brand_scores in experience._PROVIDERS
    score_all(setup.audit, setup.world.users["auditor"], raw="10")
    services.audit_transition(audit=setup.audit, action="submit")
    ids = [tp.pk for tp in setup.touchpoints]
    assert experience.brand_scores(brand=setup.audit.brand, touchpoint_ids=ids) == {i: 100.0 for i in ids}
    rival = setup.workspace.brands.get(is_own=False)
    assert experience.brand_scores(brand=rival, touchpoint_ids=ids) == {}
