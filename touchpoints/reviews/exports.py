"""Tables for export. Personal data (name, email, phone) only in the editors' and owners' version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from touchpoints.lib.exporting import Table
from touchpoints.reviews.models import Answer, Contact


def answers_table(qs: QuerySet[Answer], *, personal: bool) -> Table:
    columns = ["submitted_at", "language", "segment", "visit", "recommend", "liked", "improve"]
    if personal:
        columns += ["name", "email", "phone"]

    def rows() -> Iterable[list[Any]]:
        source = qs.select_related("contact") if personal else qs
        for a in source.iterator(chunk_size=2000):
            row: list[Any] = [
                a.submitted_at.isoformat(timespec="seconds"),
                a.language,
                a.segment,
                a.visit,
                a.recommend,
                a.liked,
                a.improve,
            ]
            if personal:
                ct = a.contact
                row += [ct.name, ct.email, ct.phone] if ct else ["", "", ""]
            yield row

    return Table(name="answers", columns=columns, rows=rows())


def contacts_table(qs: QuerySet[Contact]) -> Table:
    columns = [
        "name",
        "email",
        "phone",
        "language",
        "segment",
        "visit",
        "visit_date",
        "messages_sent",
        "first_sent_at",
        "delivered_at",
        "opened_at",
        "answered_at",
        "opted_out_at",
        "erased_at",
    ]

    def iso(value: Any) -> str:
        return value.isoformat(timespec="seconds") if value else ""

    def rows() -> Iterable[list[Any]]:
        for ct in qs.iterator(chunk_size=2000):
            yield [
                ct.name,
                ct.email,
                ct.phone,
                ct.language,
                ct.segment,
                ct.visit,
                iso(ct.visited_at),
                ct.messages_sent,
                iso(ct.first_sent_at),
                iso(ct.delivered_at),
                iso(ct.opened_at),
                iso(ct.answered_at),
                iso(ct.opted_out_at),
                iso(ct.erased_at),
            ]

    return Table(name="contacts", columns=columns, rows=rows())
