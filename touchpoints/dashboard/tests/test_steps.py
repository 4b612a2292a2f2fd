"""The later steps of the method (competitors → report) follow the workspace's data."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from touchpoints.dashboard import steps
from touchpoints.workspaces.models import Workspace


def _strip(workspace: Workspace, lang: str = "en") -> dict[str, steps.StepView]:
    with translation.override(lang):
        return {s.key: s for s in steps.strip(Workspace.objects.get(pk=workspace.pk))}


def test_new_workspace_has_started_none_of_the_later_steps(world: Any) -> None:
    strip = _strip(world.workspace)
    for key in ("feedback", "impact", "top_ten", "plan", "report"):
        assert strip[key].state == steps.TODO, key
    assert strip["competitors"].url == f"/w/{world.slug}/priorities/benchmark/"


def test_later_steps_follow_the_data(filled: Any) -> None:
    strip = _strip(filled.workspace)
    assert strip["competitors"].state == steps.PARTIAL  # a competitor is named but not audited
    assert strip["feedback"].state == steps.DONE
    assert strip["feedback"].summary == "1 study · 24 answers"  # rolled-up and fresh answers both count
    assert strip["impact"].state == steps.DONE and strip["impact"].summary == "2 touchpoints with an impact"
    assert strip["top_ten"].state == steps.DONE and strip["top_ten"].summary == "2 places chosen"
    assert strip["plan"].state == steps.DONE
    assert strip["plan"].summary == "2 actions · 1 done · 1 overdue"
    assert strip["report"].state == steps.DONE and strip["report"].summary == "1 report ready"
    assert strip["plan"].url == f"/w/{filled.world.slug}/actions/"


def test_plan_is_under_way_while_a_top_ten_place_has_no_action(filled: Any) -> None:
    from touchpoints.priorities.models import TopTenPlace

    place = TopTenPlace.objects.filter(version__workspace=filled.workspace).first()
    assert place is not None
    version = place.version
    TopTenPlace.objects.create(version=version, position=3, touchpoint=filled.touchpoints[2])
    assert _strip(filled.workspace)["plan"].state == steps.PARTIAL


def test_summaries_use_plural_forms(filled: Any) -> None:
    strip = _strip(filled.workspace, "ru")
    assert strip["feedback"].summary == "1 исследование · 24 ответа"
    assert strip["report"].summary == "1 отчёт готов"
    strip = _strip(filled.workspace, "es")
    assert strip["impact"].summary == "2 puntos de contacto con impacto"
