"""An unhappy review is routed to follow-up, not away: an editor turns what the customer wrote
into an action of the plan, on the touchpoint the visit names when the inventory has it. The
action carries what was said and how it was rated, never who said it (a contact can be erased;
the plan keeps no personal data)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from touchpoints.actions.links import follow_up_url
from touchpoints.inventory.selectors import TouchpointLookup, touchpoint_lookup
from touchpoints.reviews.models import Answer
from touchpoints.workspaces.access import Access


def follow_up_rows(answers: list[Answer], *, access: Access) -> list[tuple[Answer, str]]:
    """Each answer with the action form filled in from it ("" for a member who cannot plan, or an
    answer with no words). One query for the whole page."""
    if not access.can_edit:
        return [(a, "") for a in answers]
    lookup = touchpoint_lookup(workspace=access.workspace)
    return [(a, _follow_up(a, lookup, access.workspace.slug)) for a in answers]


def _follow_up(answer: Answer, lookup: TouchpointLookup, slug: str) -> str:
    said = answer.improve or answer.liked  # what to improve first
    if not said.strip():
        return ""
    touchpoint = lookup.find(answer.visit) if answer.visit else None
    about = _("A customer's review (%(visit)s, %(date)s; would recommend %(score)s of 10)") % {
        "visit": answer.visit or _("no visit named"),
        "date": date_format(timezone.localtime(answer.submitted_at), "SHORT_DATE_FORMAT"),
        "score": answer.recommend,
    }
    return follow_up_url(slug, said=said, about=about, touchpoint=touchpoint.pk if touchpoint else None)
