"""One posted answer form, as both ways of receiving it see it: the public view
(``public_views``) and the lean WSGI path in front of Django (``ingest``). The form key, the
honeypot, the rate limits and the validation live here once.

The form carries a per-form key signed for its study: it makes a double submit land once (the key
is unique per study) and a form of one study useless for another. CSRF cookies are not used on
the public pages (no session to protect, and cookies are often blocked inside an iframe); the
signed key does that job.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from touchpoints.feedback.answers import Answer, StudySnapshot, validate_answer
from touchpoints.lib.ratelimits import Limit, over_limit

HONEYPOT = "website"
# Set by the lean path in the WSGI environ when it hands a post on to the view after counting it
# against the rate limits: "limited" or "counted" (the view must not count it twice).
LIMIT_MARK = "touchpoints.feedback.limit"
FIELDS = ("brand", "touchpoint", "positivity", "likelihood", "comment", "customer_type", "segment")


def _signer(snap: StudySnapshot) -> signing.Signer:
    return signing.Signer(salt=f"feedback.form:{snap.token}")


def new_form_key(snap: StudySnapshot) -> str:
    return _signer(snap).sign(uuid.uuid4().hex)


def read_form_key(snap: StudySnapshot, value: str) -> str | None:
    """The idempotency key of a form of this study, or None if it was not issued for it."""
    if not value or len(value) > 120:
        return None
    try:
        return _signer(snap).unsign(value)
    except signing.BadSignature:
        return None


def limited(address: str, link: str) -> bool:
    """Counts one post from this address to this link (the page's path); True when either is over
    its rate (``FEEDBACK_RATE_PER_ADDRESS``, ``FEEDBACK_RATE_PER_LINK``). One cache round trip."""
    return over_limit(
        [
            Limit("feedback.address", address, settings.FEEDBACK_RATE_PER_ADDRESS),
            Limit("feedback.link", link, settings.FEEDBACK_RATE_PER_LINK),
        ]
    )


def is_bot(post: Mapping[str, str]) -> bool:
    """The field people never see was filled: nothing is stored, and it is thanked as anyone."""
    return bool(post.get(HONEYPOT))


@dataclass
class Submission:
    data: dict[str, str]  # the posted values (shown again after an error)
    key: str | None  # the idempotency key, None when the form is not one of this study's
    answer: Answer | None  # None when anything is wrong
    errors: dict[str, str] = field(default_factory=dict)  # field → message in the active language


def read_submission(
    snap: StudySnapshot, post: Mapping[str, str], brand_id: int | None = None, touchpoint_id: int | None = None
) -> Submission:
    """The answer of a posted form, validated against the study. A deep link's brand and
    touchpoint (``brand_id``, ``touchpoint_id``) replace whatever was posted for them."""
    data = {k: post.get(k, "") for k in FIELDS}
    if brand_id is not None:
        data["brand"], data["touchpoint"] = str(brand_id), str(touchpoint_id)
    key = read_form_key(snap, post.get("key", ""))
    answer, errors = validate_answer(snap, data)
    if key is None:
        errors["form"] = _("This form has expired or belongs to another survey. Please answer again.")
    return Submission(data=data, key=key, answer=answer if key is not None else None, errors=errors)


def thanks_location(form_path: str, lang: str) -> str:
    """Where a stored (or bot's) answer is redirected: the thank-you page of the form's link."""
    return f"{form_path}thanks/?lang={lang}"
