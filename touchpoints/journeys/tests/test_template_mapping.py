"""A journey made from a library template: the mapping page, which keeps the touchpoints of the
inventory that match and adds the others from the library, and the touchpoints the user picks."""

from __future__ import annotations

from typing import Any

import pytest

from touchpoints.inventory.models import Touchpoint
from touchpoints.journeys import services
from touchpoints.lib.testing import translated
from touchpoints.library.models import JourneyTemplate, JourneyTemplateStep, Pack, TouchpointTemplate


@pytest.fixture
def templates(db: Any) -> JourneyTemplate:
    pack = Pack.objects.create(code="clinic", name_en="Clinic", name_ru="Клиника", name_es="Clínica")

    def tpl(code: str, en: str, ru: str, es: str, stage: str, channel: str) -> TouchpointTemplate:
        return TouchpointTemplate.objects.create(  # stages: a list (MultiChoiceField)
            code=code, pack=pack, name_en=en, name_ru=ru, name_es=es, stages=[stage], channel=channel
        )

    ad = tpl("contextual_ads", "Contextual ad", "Контекстная реклама", "Anuncio contextual", "need", "advertising")
    chat = tpl("chat_widget", "Chat on the site", "Чат на сайте", "Chat en el sitio", "search", "messenger")
    doctor = tpl("doctor_consultation", "Doctor", "Врач", "Médico", "decision", "people")
    repeat = JourneyTemplate.objects.create(
        code="repeat", pack=pack, name_en="Repeat visit", name_ru="Повторный", name_es="Repetición"
    )
    first = JourneyTemplate.objects.create(
        code="first",
        pack=pack,
        final_chord=True,
        next=repeat,
        **translated("name", "Clinic: first visit", "Клиника: первый визит", "Clínica: primera visita"),
        **translated("process", "Book a first appointment", "Записаться", "Pedir cita"),
    )
    for i, (t, stage, expected) in enumerate([(ad, "need", 1), (chat, "search", 1), (doctor, "decision", 2)]):
        JourneyTemplateStep.objects.create(
            journey=first,
            template=t,
            position=i,
            stage=stage,
            expected=expected,
            note_en=f"Note {i}",
            note_ru=f"Заметка {i}",
        )
    JourneyTemplateStep.objects.create(journey=repeat, template=doctor, position=0, stage="decision", expected=5)
    return first


def test_from_template_maps_onto_the_inventory_and_adds_what_is_missing(chainworld, templates):
    ws = chainworld.world.workspace
    before = Touchpoint.objects.filter(workspace=ws).count()  # has "Contextual ad" and "Doctor" by name
    client = chainworld.world.client("editor")
    html = client.get(f"/w/{chainworld.slug}/journeys/from-template/").content.decode()
    assert "Clinic: first visit" in html and "Chat on the site" in html
    preview = client.post(
        f"/w/{chainworld.slug}/journeys/from-template/", {"template": templates.pk, "brand": chainworld.own.pk}
    ).content.decode()
    assert "Contextual ad (already in the inventory)" in preview
    assert "Add “Chat on the site” from the library" in preview
    # "Site chat" looks like the library's "Chat on the site" (same channel): proposed; the user may
    # still add the library's one instead, as here.
    assert f'<option value="{chainworld.tps["chat"].pk}" selected>Use “Site chat”' in preview
    response = client.post(
        f"/w/{chainworld.slug}/journeys/from-template/",
        {
            "template": templates.pk,
            "brand": chainworld.own.pk,
            "confirm": "1",
            "map_0": chainworld.tps["ad"].pk,
            "map_1": "",
            "map_2": chainworld.tps["doctor"].pk,
        },
        follow=True,
    )
    assert "1 touchpoint added to the inventory, 2 found there" in response.content.decode()
    journey = ws.journeys.get(template=templates)
    steps = list(journey.steps.order_by("position").select_related("touchpoint"))
    assert [s.touchpoint.name for s in steps] == ["Contextual ad", "Chat on the site", "Doctor"]
    assert steps[0].touchpoint_id == chainworld.tps["ad"].pk and steps[2].touchpoint_id == chainworld.tps["doctor"].pk
    assert [s.is_final_chord for s in steps] == [False, False, True]
    assert journey.process == "Book a first appointment" and steps[0].note == "Note 0"
    assert journey.owner == chainworld.world.users["editor"]  # the member who made it owns it
    assert Touchpoint.objects.filter(workspace=ws).count() == before + 1
    # The repeat visit made afterwards is linked as the next journey, and its out-of-range expectation clamped.
    repeat = services.journey_create_from_template(
        workspace=ws, template=templates.next, brand=chainworld.own, language="ru"
    ).journey
    journey.refresh_from_db()
    assert journey.next_journey_id == repeat.pk and repeat.name == "Повторный"
    assert repeat.owner is None  # made by nobody (a script): owned by nobody
    assert repeat.steps.get().expected == 2


def test_from_template_takes_the_touchpoints_picked(chainworld, templates):
    ws = chainworld.world.workspace
    client = chainworld.world.client("editor")
    before = Touchpoint.objects.filter(workspace=ws).count()
    data = {
        "template": templates.pk,
        "brand": chainworld.rival.pk,
        "name": "Their first visit",
        "confirm": "1",
        "map_0": chainworld.tps["ad"].pk,
        "map_1": chainworld.tps["chat"].pk,
        "map_2": chainworld.tps["ask"].pk,
    }
    response = client.post(f"/w/{chainworld.slug}/journeys/from-template/", data)
    assert response.status_code == 302
    journey = ws.journeys.get(name="Their first visit")
    assert list(journey.steps.order_by("position").values_list("touchpoint__code", flat=True)) == ["ad", "chat", "ask"]
    assert Touchpoint.objects.filter(workspace=ws).count() == before
    # A touchpoint of another workspace is refused, and nothing is created.
    data.update({"name": "Sneaky", "map_1": chainworld.foreign.pk})
    response = client.post(f"/w/{chainworld.slug}/journeys/from-template/", data)
    assert response.status_code == 400 and "not in this workspace" in response.content.decode()
    assert not ws.journeys.filter(name="Sneaky").exists() and Touchpoint.objects.filter(workspace=ws).count() == before


def test_from_template_offers_every_touchpoint_of_the_inventory(chainworld, templates):
    """The mapping page promises "keep the touchpoint proposed or pick another": each step's list
    offers the other touchpoints of the inventory, even where one was found."""
    client = chainworld.world.client("editor")
    preview = client.post(
        f"/w/{chainworld.slug}/journeys/from-template/", {"template": templates.pk, "brand": chainworld.own.pk}
    ).content.decode()
    first_select = preview[preview.index('name="map_0"') : preview.index("</select>", preview.index('name="map_0"'))]
    assert "Contextual ad (already in the inventory)" in first_select
    assert "<optgroup" in first_select
    assert f'<option value="{chainworld.tps["doctor"].pk}">' in first_select


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mapping_a_template_fits_a_phone(chainworld: Any, templates: JourneyTemplate, live_server: Any, browser: Any):
    """On a 390 px phone the mapping table was wider than the screen, and each step's picker stood
    off to the right of it (as wide as the inventory's longest name). Each step is now a card with
    its picker at the card's full width."""
    from touchpoints.inventory.services import touchpoint_create
    from touchpoints.lib.testing_browser import phone_page, scrolls_sideways

    ws = chainworld.world.workspace
    touchpoint_create(workspace=ws, name="Formulario de solicitud de presupuesto para empresas y particulares")
    page = phone_page(
        browser, live_server.url, "editor", "pw-editoreditor", f"/w/{chainworld.slug}/journeys/from-template/"
    )
    page.check(f"input[name=template][value='{templates.pk}']")
    page.click("main form button.btn")
    picker = page.locator("select[name=map_0]")
    box = picker.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert not scrolls_sideways(page)
    page.close()
