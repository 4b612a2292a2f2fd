"""The audit results show the brand's customers' figures (feedback studies) beside the auditors'."""

from __future__ import annotations

from typing import Any

from touchpoints.audits.tests.helpers import Setup
from touchpoints.audits.tests.test_pages import _finished
from touchpoints.feedback import services as feedback
from touchpoints.feedback.answers import Answer
from touchpoints.feedback.selectors import build_snapshot


def test_customers_beside_the_auditors(setup: Setup, settings: Any) -> None:
    settings.FEEDBACK_MIN_ANSWERS = 3
    web, phone, reception = setup.touchpoints
    own = setup.workspace.brands.get(is_own=True)
    rival = setup.workspace.brands.get(is_own=False)
    study = feedback.study_create(
        workspace=setup.workspace, name="Visits", brands=[own, rival], touchpoints=[web, phone]
    )
    snap = build_snapshot(study)
    answers = [(phone.pk, own, 2), (phone.pk, own, 1), (phone.pk, own, 1), (web.pk, own, -1), (web.pk, rival, -2)]
    feedback.answers_store_batch(
        study=snap,
        items=[
            (Answer(brand_id=b.pk, touchpoint_id=tp, positivity=p, likelihood=5), "en", None, None)
            for tp, b, p in answers
        ],
    )
    audit = _finished(setup, {web.pk: "7", phone.pk: "2", reception.pk: "6"})
    page = setup.world.client("viewer").get(f"/w/{setup.world.slug}/audits/{audit.pk}/results/").content.decode()
    assert ">Customers</th>" in page
    # Phone: three answers of the own brand, mean +4/3 → 83 on 0–100; the website: one answer, too few
    # for a score; the rival's answer is not the audited brand's.
    phone_row = page[page.index(">Phone line</a>") : page.index("</tr>", page.index(">Phone line</a>"))]
    assert ">83</strong>" in phone_row and "3 answers" in phone_row
    web_row = page[page.index(">Website</a>") : page.index("</tr>", page.index(">Website</a>"))]
    assert "1 answer<" in web_row and "</strong> <span" not in web_row
    reception_row = page[page.index(">Reception</a>") : page.index("</tr>", page.index(">Reception</a>"))]
    assert "answer" not in reception_row


def test_no_customer_column_without_answers(setup: Setup) -> None:
    web, phone, reception = setup.touchpoints
    audit = _finished(setup, {web.pk: "7", phone.pk: "2"})
    page = setup.world.client("viewer").get(f"/w/{setup.world.slug}/audits/{audit.pk}/results/").content.decode()
    assert ">Customers</th>" not in page
