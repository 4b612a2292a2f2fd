"""The "what is this step and why" panel of each page of the method: one text per step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

HELP: dict[str, dict[str, object]] = {
    "home": {
        "title": _("What is this page?"),
        "text": _(
            "The home of the workspace: how far you are along the method, and the pictures of where the "
            "business stands. The method goes inventory → classify → chains → audit → competitors → "
            "feedback → impact → top ten → plan → report; the strip shows the next step."
        ),
    },
    "inventory": {
        "title": _("Step 1: inventory — why list every touchpoint?"),
        "text": _(
            "A touchpoint is any place where a customer meets the business: the sign, the phone call, the "
            "invoice, the review site. List all of them, including those that should exist but don't (mark "
            "them missing): an audit usually finds twice as many as a business thinks it has. Touchpoints "
            "nest (website → FAQ, reviews). The list grows over several sittings and by several people."
        ),
    },
    "library": {
        "title": _("The library — why start from it?"),
        "text": _(
            "Nobody remembers every touchpoint. The library holds the known ones by area and purchase stage; "
            "pick those your business has (or should have) and they land in your inventory, already "
            "classified."
        ),
    },
    "classify": {
        "title": _("Step 2: classify — why so many axes?"),
        "text": _(
            "Each axis answers a question: at which purchase stage does the customer meet it, is it a moment "
            "of truth, online or offline, seconds or minutes of attention, one-off or repeating, which senses, "
            "who controls it and who owns it. Gaps show at once: a stage with no touchpoint is a stage where "
            "you lose customers."
        ),
    },
    "chains": {
        "title": _("Step 3: chains — why journeys?"),
        "text": _(
            "Touchpoints work in chains, one per business process and customer segment: ad → chat → phone "
            "booking → reception → doctor → review. A weak link spoils the whole chain, and a chain should end "
            "with a final chord that starts the next one. Keep chains simple: merge or drop touchpoints."
        ),
    },
    "audit": {
        "title": _("Step 4: audit — why score each touchpoint?"),
        "text": _(
            "Walk the customer's path (better: have a third person or a mystery shopper do it) and score each "
            "touchpoint on criteria fit for its kind, on points, percent or words. Say whether the experience "
            "was positive, neutral or negative — neutral is a failure too — and compare it with your own "
            "expectation and with the ideal. Audit from each segment's perspective, and again over time."
        ),
    },
    "analytics": {
        "title": _("Journey analytics — why logs?"),
        "text": _(
            "Interaction logs (CRM, web analytics, calls) show the chains customers really walk, where they "
            "drop out, and which touchpoints earn the conversions (attribution). They measure what the audit "
            "judges by eye."
        ),
    },
    "competitors": {
        "title": _("Step 5: competitors — why compare?"),
        "text": _(
            "The same touchpoints for each competitor: which they have that you lack, which only you have, and "
            "how good each is. How much this matters depends on the number of competitors and on how loyal "
            "your customers are."
        ),
    },
    "feedback": {
        "title": _("Step 6: customer feedback — why ask?"),
        "text": _(
            "Customers report each encounter as it happens: which brand, which touchpoint, how positive, how "
            "likely they now are to choose you. It tells which touchpoints they actually use and how they "
            "feel about them."
        ),
    },
    "impact": {
        "title": _("Step 6: impact — which touchpoints move decisions?"),
        "text": _(
            "Not every touchpoint matters as much: measure which ones actually change the decision to buy, "
            "with how much certainty, per segment."
        ),
    },
    "top_ten": {
        "title": _("Step 7: top ten — why only ten?"),
        "text": _(
            "Pick the ten touchpoints that most affect the decision, even ones that look perfect, and order "
            "them 1 to 10: poor experience × high impact × cheap to fix comes first."
        ),
    },
    "plan": {
        "title": _("Step 8: plan — why owners and deadlines?"),
        "text": _(
            "For each priority touchpoint: what changes, who is responsible, by when, and how the improvement "
            "is measured. Implementation pays, not more study."
        ),
    },
    "report": {
        "title": _("Step 9: report — why failures first?"),
        "text": _(
            "The report opens with the failures, then the plan with owners and deadlines, with pictures where "
            "people would rather look than read. No campaign before the touchpoints are in order."
        ),
    },
}
