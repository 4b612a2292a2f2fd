"""Demo data: the method's clinic chain for the demo workspace's own brand, the chain its final
chord starts, and the same process walked on a competitor's path (the two clinic sites).
Appended to touchpoints.demo.services.EXTENSIONS by the app config."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model

from touchpoints.demo.services import demo_text as t
from touchpoints.inventory.selectors import TouchpointLookup, touchpoint_lookup
from touchpoints.journeys import services
from touchpoints.workspaces.models import Workspace
from touchpoints.workspaces.roles import Role

# (touchpoint code, stage, expected experience, note, final chord)
FIRST_VISIT = [
    ("ads-context", "need", 1, "Ad for laser treatment of varicose veins, leading to the prices page", False),
    ("site-chat", "search", 1, "A question to the consultant in the site chat", False),
    ("phone", "decision", -1, "Booking by phone: answered at the third ring; no answering machine after hours", False),
    ("sms-reminder", "decision", 1, "Reminder the day before the visit", False),
    ("reception", "decision", 0, "Talk with the receptionist", False),
    ("patient-card", "decision", -1, "Card and questionnaire: four pages filled in by hand while waiting", False),
    ("doctor-consultation", "decision", 2, "The phlebologist explains the treatment with the scan on screen", False),
    ("review-request", "after", None, "Ask every patient for a review by SMS/email — planned", False),
    ("reviews-external", "after", 1, "A positive review on a third-party site", False),
    ("newsletter", "after", 0, "Newsletter with advice and offers: should bring the patient back", True),
]
RETURN_VISIT = [
    ("newsletter", "need", 0, "The newsletter reminds about the yearly check-up", False),
    ("phone", "decision", -1, "Booking by phone again", False),
    ("sms-reminder", "decision", 1, "", False),
    ("reception", "decision", 1, "The receptionist greets returning patients by name", False),
    ("doctor-consultation", "decision", 2, "Check-up with the same doctor", False),
    ("followup-call", "after", None, "A call after the procedure — the competitor has it, we don't", False),
    ("loyalty-card", "after", None, "Discount card for the next procedure", True),
]
RIVAL_FIRST_VISIT = [
    ("ads-context", "need", 1, "A similar ad next to ours in the search results", False),
    ("site-ask-doctor", "search", 2, "A doctor answers the question on the site", False),
    (
        "site-booking",
        "decision",
        1,
        "Online booking with a promotion: free consultation and scan with the treatment",
        False,
    ),
    ("phone", "decision", 1, "Picks up at the first ring", False),
    ("reception", "decision", 0, "", False),
    ("patient-card", "decision", 0, "A short questionnaire, filled in on a tablet", False),
    ("doctor-consultation", "decision", 1, "", False),
    ("followup-call", "after", 1, "Calls the day after the procedure", False),
    ("newsletter", "after", 0, "", True),
]


def _build(journey: Any, steps: Sequence[tuple[str, str, int | None, str, bool]], lookup: TouchpointLookup) -> None:
    for code, stage, expected, note, final in steps:
        touchpoint = lookup.by_code(code)
        if touchpoint is not None:  # the demo inventory may change; a missing code is skipped, not fatal
            services.step_add(
                journey=journey,
                touchpoint=touchpoint,
                stage=stage,
                expected=expected,
                note=t(note),
                final_chord=final,
            )


def demo_journeys(workspace: Workspace) -> None:
    own = workspace.brands.filter(is_own=True).order_by("pk").first()
    rival = workspace.brands.filter(is_own=False).order_by("name").first()
    rival = workspace.brands.filter(name="PhleboExpert").first() or rival
    if own is None:
        return
    owner_user = (
        get_user_model()
        .objects.filter(memberships__workspace=workspace, memberships__role=Role.OWNER)
        .order_by("memberships__pk")
        .first()
    )
    inventory = touchpoint_lookup(workspace=workspace, fields=None)
    segments = {s.name: s for s in workspace.segments.all()}
    women = [s for name, s in segments.items() if name == t("Women 35–55")]
    returning = [s for name, s in segments.items() if name == t("Returning patients")]
    process = t("Book a first consultation")
    returning_journey = services.journey_create(
        workspace=workspace,
        name=t("Return for a check-up"),
        process=t("Come back for a check-up or a repeat procedure"),
        brand=own,
        segments=returning,
        owner=owner_user,
        description=t(
            "Started by the newsletter at the end of the first visit: the chain the final chord should open."
        ),
    )
    _build(returning_journey, RETURN_VISIT, inventory)
    first = services.journey_create(
        workspace=workspace,
        name=t("First visit: from the ad to the doctor"),
        process=process,
        brand=own,
        segments=women,
        next_journey=returning_journey,
        owner=owner_user,
        description=t(
            "The clinic chain of the method: contextual ad → site chat → booking by phone → reception → "
            "card and questionnaire → doctor → review → newsletter/SMS."
        ),
    )
    _build(first, FIRST_VISIT, inventory)
    if rival is not None:
        rival_journey = services.journey_create(
            workspace=workspace,
            name=t("First visit at {name}").format(name=rival.name),
            process=process,
            brand=rival,
            segments=women,
            description=t("The same process walked as a patient of the competitor (mystery shopping)."),
        )
        _build(rival_journey, RIVAL_FIRST_VISIT, inventory)
