"""Priorities for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``): market
settings, impact and cost estimates with reasons, and a top ten saved twice (filled from the
computed order, then reordered by the team with a perfect-looking touchpoint kept on the list)."""

from __future__ import annotations

from typing import TypedDict

from django.contrib.auth import get_user_model

from touchpoints.demo.services import demo_content, demo_text
from touchpoints.inventory.models import Touchpoint
from touchpoints.priorities import services
from touchpoints.workspaces.models import Workspace


class DemoEstimate(TypedDict):
    impact: int  # 1–5
    effort: int  # 1–5
    cost: int | None
    reason: str  # why the impact (English; translated through the demo's translations)


class PrioritiesDemo(TypedDict):
    estimates: dict[str, DemoEstimate]  # by code
    top_ten_reasons: dict[str, str]  # by code


def priorities_content() -> PrioritiesDemo:
    """The team's estimates and the reasons on its top ten: the demo's ``priorities.yaml``."""
    content: PrioritiesDemo = demo_content("priorities")
    return content


def demo_priorities(ws: Workspace) -> None:
    services.market_settings_set(workspace=ws, company_size="small", brand_strength="follower", loyalty="medium")
    by_code = dict(Touchpoint.objects.filter(workspace=ws).values_list("code", "pk"))
    user = get_user_model().objects.filter(memberships__workspace=ws).order_by("pk").first()
    content = priorities_content()
    for code, estimate in content["estimates"].items():
        if code in by_code:
            services.estimate_set(
                workspace=ws,
                touchpoint=by_code[code],
                user=user,
                impact=estimate["impact"],
                impact_reason=demo_text(estimate["reason"]),
                effort=estimate["effort"],
                cost=estimate["cost"],
            )
    first = services.top_ten_fill(workspace=ws, author=user)
    places = list(first.places.order_by("position").values_list("touchpoint_id", flat=True))
    keep = by_code.get("doctor-consultation")
    if keep and keep not in places:
        places = places[:9] + [keep]
    # The team's own judgement: the phone line first, the consultation protected at the end.
    phone = by_code.get("phone")
    if phone in places:
        places.remove(phone)
        places.insert(0, phone)
    code_of = {pk: code for code, pk in by_code.items()}
    services.top_ten_save(
        workspace=ws,
        author=user,
        note=demo_text("Agreed at the team meeting"),
        places=[(tp, demo_text(content["top_ten_reasons"].get(code_of.get(tp, ""), ""))) for tp in places],
    )
