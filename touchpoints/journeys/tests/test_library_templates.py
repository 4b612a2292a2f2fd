"""Every journey template of the built-in library (library/data/journeys.yaml) becomes a journey
on an empty inventory and on the demo clinic's."""

from __future__ import annotations

import pytest

from touchpoints.journeys import services
from touchpoints.library.loader import DATA_DIR, library_load
from touchpoints.library.models import JourneyTemplate
from touchpoints.workspaces.services import workspace_create

pytestmark = pytest.mark.skipif(
    not (DATA_DIR / "journeys.yaml").exists(), reason="the library has no journeys.yaml yet"
)


def test_every_template_makes_a_journey(world):
    library_load()
    templates = list(JourneyTemplate.objects.prefetch_related("steps"))
    assert len(templates) >= 5
    ws = workspace_create(name="Empty shop", owner=world.users["owner"])
    brand = ws.brands.get()
    for template in templates:
        journey = services.journey_create_from_template(
            workspace=ws, template=template, brand=brand, language="es"
        ).journey
        steps = list(journey.steps.order_by("position"))
        assert len(steps) == template.steps.count() > 0, template.code
        assert [s.stage for s in steps] == [s.stage for s in template.steps.order_by("position")]
        assert all(-2 <= s.expected <= 2 for s in steps if s.expected is not None)
        assert any(s.is_final_chord for s in steps) == template.final_chord
        assert journey.name == template.name_es
    # Templates that lead to another are linked, whichever was created first.
    for template in templates:
        if template.next_id:
            journey = ws.journeys.get(template=template)
            assert journey.next_journey is not None and journey.next_journey.template_id == template.next_id


def test_the_clinic_template_on_the_demo_inventory(db):
    from touchpoints.demo.services import demo_load
    from touchpoints.journeys.selectors import template_mapping

    library_load()
    ws, _created = demo_load()
    template = JourneyTemplate.objects.filter(pack__code="clinic").order_by("position").first()
    rows = template_mapping(workspace=ws, template=template)
    proposed = [row.default for row in rows]
    assert sum(1 for p in proposed if p) >= len(rows) // 2  # most steps land on the demo's own touchpoints
