"""A history row says what happened to which object as one sentence per action, so that a language
orders and agrees the words itself: Russian cannot put a participle after the kind of object
("Точка контакта … создан" takes the gender of each kind), it writes "Создано: точка контакта …"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from touchpoints.history import display

pytestmark = pytest.mark.django_db

RUSSIAN = {
    "{kind} {object} created": "Создано: {kind} {object}",
    "{kind} {object} changed": "Изменено: {kind} {object}",
}


def test_the_translation_puts_the_words_in_its_own_order(monkeypatch: Any) -> None:
    monkeypatch.setattr(display, "_", lambda message: RUSSIAN.get(message, message))
    assert display._summary(0, "точка контакта", "Кофейня") == "Создано: точка контакта <strong>Кофейня</strong>"
    assert display._summary(1, "цепочка", "Сайт") == "Изменено: цепочка <strong>Сайт</strong>"


def test_the_sentence_starts_with_a_capital_and_escapes_the_name() -> None:
    assert display._summary(2, "touchpoint", "<b>A & B</b>") == (
        "Touchpoint <strong>&lt;b&gt;A &amp; B&lt;/b&gt;</strong> deleted"
    )


def test_the_page_shows_one_sentence_per_change(populated: Any) -> None:
    p = populated
    client: Client = p.world.client("editor")
    page = client.get(f"/w/{p.slug}/touchpoints/{p.ids['touchpoint']}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Touchpoint <strong>Website</strong> created" in history
    assert '<span class="muted">created</span>' not in history


def test_quotes_and_a_script_in_the_name_and_the_kind_stay_text() -> None:
    summary = display._summary(0, 'kind "<script>alert(1)</script>', '"Chat" <script>alert(2)</script>')
    assert "<script>" not in summary
    assert summary == (
        "Kind &quot;&lt;script&gt;alert(1)&lt;/script&gt; "
        "<strong>&quot;Chat&quot; &lt;script&gt;alert(2)&lt;/script&gt;</strong> created"
    )
