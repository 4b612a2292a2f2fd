"""Priorities for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS``): market
settings, impact and cost estimates with reasons, and a top ten saved twice (filled from the
computed order, then reordered by the team with a perfect-looking touchpoint kept on the list)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from touchpoints.demo.services import demo_text
from touchpoints.inventory.models import Touchpoint
from touchpoints.priorities import services
from touchpoints.workspaces.models import Workspace

# code: (impact 1–5, reason, effort 1–5, cost)
ESTIMATES: dict[str, tuple[int, str, int, int | None]] = {
    "phone": (5, "Most first visits are booked by phone; a missed call is a lost patient.", 2, 800),
    "phone-hold": (4, "Callers hang up while waiting; the hold music is the first thing they hear.", 1, 100),
    "site-callback": (4, "The callback form promises 15 minutes; a broken promise before the first visit.", 2, 300),
    "site-reviews": (4, "Patients compare clinics by reviews before choosing.", 2, 200),
    "reviews-external": (4, "Ratings on maps decide between us and PhleboExpert.", 3, 500),
    "site-chat": (3, "Chat answers questions in the evening, when the phone is closed.", 2, 400),
    "site-home": (3, "First impression of the clinic online.", 3, 1500),
    "site-prices": (4, "Price transparency is a top question in the comparison stage.", 1, 150),
    "ads-context": (3, "Brings new patients from search.", 2, 1000),
    "search-listing": (3, "Maps listing is how people find the nearest clinic.", 1, 50),
    "reception": (4, "Sets the tone of every visit.", 2, 600),
    "reception-greeting": (3, "Greeting by name is our 'wow'; keep it.", 1, None),
    "patient-card": (2, "Annoying but rarely decisive.", 1, 100),
    "doctor-consultation": (5, "The reason patients come and come back.", 4, 3000),
    "payment": (3, "A failed payment spoils a good visit at the very end.", 2, 700),
    "sms-reminder": (2, "Fewer no-shows.", 1, 100),
    "newsletter": (1, "Few read it.", 2, 300),
    "complaints": (3, "An answered complaint turns a critic into a loyal patient.", 2, 200),
    "social": (2, "Some patients check the clinic's social pages.", 2, 400),
    # Touchpoints we lack while rivals have them.
    "site-booking": (5, "Patients book online at PhleboExpert in a minute; with us they must call.", 3, 2500),
    "phone-answering": (4, "Evening calls go nowhere; PhleboExpert takes a message.", 1, 100),
    "messengers": (3, "Younger patients ask questions in messengers.", 2, 300),
    "followup-call": (3, "A call after the procedure is what patients praise PhleboExpert for.", 1, None),
    "premises-parking": (2, "Only some patients come by car.", 5, 20000),
}
REASONS = {
    "phone": "Every second patient calls first; 40% of calls go unanswered after 19:00.",
    "site-callback": "We promise 15 minutes and call back after two hours.",
    "reviews-external": "PhleboExpert has twice our rating on maps.",
    "site-reviews": "Patients ask for reviews and find none on our site.",
    "site-booking": "The rival has it; we lose patients who will not call.",
    "doctor-consultation": "Looks perfect, but it is why patients come: keep it on the list and protect it.",
}


def demo_priorities(ws: Workspace) -> None:
    services.market_settings_set(workspace=ws, company_size="small", brand_strength="follower", loyalty="medium")
    by_code = dict(Touchpoint.objects.filter(workspace=ws).values_list("code", "pk"))
    user = get_user_model().objects.filter(memberships__workspace=ws).order_by("pk").first()
    for code, (impact, reason, effort, cost) in ESTIMATES.items():
        if code in by_code:
            services.estimate_set(
                workspace=ws,
                touchpoint=by_code[code],
                user=user,
                impact=impact,
                impact_reason=demo_text(reason),
                effort=effort,
                cost=cost,
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
        places=[(tp, demo_text(REASONS.get(code_of.get(tp, ""), ""))) for tp in places],
    )
