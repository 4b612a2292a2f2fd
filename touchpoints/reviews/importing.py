"""Contact lists from CSV/XLSX (or JSON rows from the API): every row checked first, each fault
reported by row and column, nothing written if any row fails.

Columns (header names, any order, case-insensitive): ``name``, ``email``, ``phone``,
``language`` (en/ru/es or the language's name), ``segment``, ``visit`` (a touchpoint or the
visit, free text; ``touchpoint`` is accepted too) and ``visit_date`` (ISO ``2026-11-20`` or
``2026-11-20 14:30``, or ``20.11.2026`` / ``20/11/2026``). A row needs the address the
campaign sends to: an email, a phone, or (for both channels) at least one of them. Phone
numbers are checked and stored in E.164 (``+34911234567``); a number without ``+`` is read in
the region of ``REVIEWS_PHONE_REGION``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.inventory.tabular import Fault, read_rows, too_many_rows
from touchpoints.lib.exporting import Table
from touchpoints.lib.uploads import sniff_table_format

COLUMNS = ["name", "email", "phone", "language", "segment", "visit", "visit_date"]
ALIASES = {
    "touchpoint": "visit",
    "visited_at": "visit_date",
    "date": "visit_date",
    "lang": "language",
    "e-mail": "email",
    "mobile": "phone",
}
LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "английский": "en",
    "inglés": "en",
    "ingles": "en",
    "ru": "ru",
    "russian": "ru",
    "русский": "ru",
    "ruso": "ru",
    "es": "es",
    "spanish": "es",
    "испанский": "es",
    "español": "es",
    "espanol": "es",
}
DATE_FORMATS = ("%d.%m.%Y", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M", "%Y/%m/%d")
MAX_LENGTH = {"name": 200, "segment": 200, "visit": 200, "email": 254}


@dataclass
class ContactRow:
    line: int
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "en"
    segment: str = ""
    visit: str = ""
    visited_at: dt.datetime | None = None


# What a contact keeps of its row, under the same names.
CONTACT_FIELDS = ("name", "email", "phone", "language", "segment", "visit", "visited_at")


@dataclass
class Parsed:
    rows: list[ContactRow] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)


def normalise_phone(value: str, region: str | None = None) -> str:
    """E.164 or ValidationError."""
    region = region if region is not None else (settings.REVIEWS_PHONE_REGION or None)
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Not a phone number. Write it with the country code, e.g. +34 911 234 567.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This phone number does not exist in its country's numbering plan."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_visit_date(value: str) -> dt.datetime:
    value = value.strip()
    parsed: dt.datetime | None = None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        for fmt in DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        raise ValidationError(_("Not a date. Use 2026-11-20 or 20.11.2026 (a time may follow)."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def read_upload(data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an uploaded CSV/XLSX file, judged by content (ValidationError if neither)."""
    return read_rows(data, sniff_table_format(data))


def parse_contacts(header: Sequence[str], rows: Sequence[Sequence[str]], *, uses_email: bool, uses_sms: bool) -> Parsed:
    """Checks every cell; ``header`` as read (lower-cased). No database access."""
    out = Parsed()
    faults = out.faults
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    if not header or not any(header):
        faults.append(Fault(1, "-", _("The file has no header row.")))
        return out
    for col in header:
        if col and col not in COLUMNS:
            faults.append(Fault(1, col, _("Unknown column. Expected: %(cols)s.") % {"cols": ", ".join(COLUMNS)}))
    if uses_email and not uses_sms and "email" not in header:
        faults.append(Fault(1, "email", _("The campaign sends email: the column “email” is missing.")))
    if uses_sms and not uses_email and "phone" not in header:
        faults.append(Fault(1, "phone", _("The campaign sends SMS: the column “phone” is missing.")))
    if uses_sms and uses_email and "email" not in header and "phone" not in header:
        faults.append(Fault(1, "email", _("Give an “email” or a “phone” column.")))
    limit = settings.REVIEWS_MAX_IMPORT_ROWS
    if len(rows) > limit:
        faults.append(Fault(1, "-", too_many_rows(len(rows), limit)))
    if not any(any(r) for r in rows):
        faults.append(Fault(2, "-", _("The file has no data rows.")))
    if faults:
        return out

    seen: dict[str, int] = {}
    for index, raw in enumerate(rows):
        line = index + 2
        if not any(str(v).strip() for v in raw):
            continue
        cells = {
            col: str(raw[i]).strip() if i < len(raw) and raw[i] is not None else ""
            for i, col in enumerate(header)
            if col
        }
        row = ContactRow(
            line=line, name=cells.get("name", ""), segment=cells.get("segment", ""), visit=cells.get("visit", "")
        )
        for col, limit_len in MAX_LENGTH.items():
            if len(cells.get(col, "")) > limit_len:
                faults.append(Fault(line, col, _("Longer than %(n)s characters.") % {"n": limit_len}))
        email = cells.get("email", "")
        if email:
            try:
                validate_email(email)
                row.email = email.lower()
            except ValidationError:
                faults.append(Fault(line, "email", _("“%(v)s” is not an email address.") % {"v": email}))
        phone = cells.get("phone", "")
        if phone:
            try:
                row.phone = normalise_phone(phone)
            except ValidationError as exc:
                faults.append(Fault(line, "phone", exc.messages[0]))
        if uses_email and not uses_sms and not email:
            faults.append(Fault(line, "email", _("The campaign sends email: give an email address.")))
        elif uses_sms and not uses_email and not phone:
            faults.append(Fault(line, "phone", _("The campaign sends SMS: give a phone number.")))
        elif not email and not phone:
            faults.append(Fault(line, "email", _("Give an email address or a phone number.")))
        lang = cells.get("language", "")
        if lang:
            code = LANGUAGE_NAMES.get(lang.lower())
            if code is None:
                faults.append(
                    Fault(line, "language", _("“%(v)s” is not a language of the page. Use en, ru or es.") % {"v": lang})
                )
            else:
                row.language = code
        if cells.get("visit_date"):
            try:
                row.visited_at = parse_visit_date(cells["visit_date"])
            except ValidationError as exc:
                faults.append(Fault(line, "visit_date", exc.messages[0]))
        for col, key in (("email", row.email), ("phone", row.phone)):
            if key:
                if key in seen:
                    faults.append(Fault(line, col, _("The same address as row %(row)s.") % {"row": seen[key]}))
                else:
                    seen[key] = line
        out.rows.append(row)
    return out


def rows_from_dicts(items: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """JSON objects (API) as a header and rows, in the order of COLUMNS, so faults read the same."""
    keys: list[str] = []
    for item in items:
        for key in item:
            if key not in keys:
                keys.append(key)
    return [k.lower() for k in keys], [
        ["" if item.get(k) is None else str(item.get(k)) for k in keys] for item in items
    ]


def template_table() -> Table:
    return Table(
        name="contacts",
        columns=COLUMNS,
        rows=[
            ["Ana García", "ana@example.com", "+34 911 234 567", "es", "Women 35-55", "Blood test", "2026-11-20 10:30"],
            ["Иван Петров", "", "+7 912 345-67-89", "ru", "", "Reception", "20.11.2026"],
            ["John Smith", "john@example.com", "", "en", "", "Doctor", "2026-11-21"],
        ],
    )
