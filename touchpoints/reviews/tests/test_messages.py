from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from touchpoints.reviews.messages import (
    VARIABLES,
    Values,
    check_template,
    default_template,
    render_html,
    render_text,
    sms_segments,
)

VALUES = Values(
    name="Ana",
    link="https://x.example/review/TOKEN/",
    business="Clinic & Co",
    opt_out_link="https://x.example/review/TOKEN/opt-out/",
)


@pytest.mark.parametrize(
    "source",
    [
        "{% debug %}",
        "{% load static %}{{ link }}",
        "{% include 'base.html' %}",
        "{{ name.__class__ }}",
        "{{ name|upper }}",
        "{{ settings.SECRET_KEY }}",
        "{% if name %}x{% endif %}",
        "{{ request }}",
    ],
)
def test_anything_but_the_four_variables_is_refused(source: str) -> None:
    with pytest.raises(ValidationError):
        check_template(source)


def test_defaults_exist_for_every_channel_and_language_and_carry_the_three_prompts() -> None:
    prompts = {
        "en": ("like", "improve", "recommend"),
        "ru": ("понравилось", "улучш", "порекомендуете"),
        "es": ("gustó", "mejoraría", "recomendaría"),
    }
    for channel in ("email", "sms"):
        for lang, words in prompts.items():
            subject, body = default_template(channel, lang)
            check_template(subject)
            check_template(body)
            assert "{{ link }}" in body and "{{ opt_out_link }}" in body
            for word in words:
                assert word in body.lower(), (channel, lang, word)


def test_text_rendering_fills_variables_without_escaping() -> None:
    out = render_text("Hi {{ name }} from {{ business }}: {{ link }}", VALUES)
    assert out == "Hi Ana from Clinic & Co: https://x.example/review/TOKEN/"


def test_html_escapes_data_and_template_text_and_links_the_urls() -> None:
    values = Values(
        name="<script>alert(1)</script>", link=VALUES.link, business="A&B", opt_out_link=VALUES.opt_out_link
    )
    html = render_html("Hello <b>{{ name }}</b>\n\n{{ link }} {{ business }}", values, pixel="https://x.example/p.gif")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html  # the template's own text is text, not markup
    assert f'<a href="{VALUES.link}">' in html and "A&amp;B" in html
    assert '<img src="https://x.example/p.gif" width="1" height="1"' in html


@hsettings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_name_renders_escaped_in_html(name: str) -> None:
    html = render_html("{{ name }}", Values(name=name, link="l", business="b", opt_out_link="o"))
    body = html.split("<body", 1)[1].split(">", 1)[1]
    assert "<" not in body.replace("<p>", "").replace("</p>", "").replace("<br>", "").replace("</body></html>", "")


def test_sms_segments() -> None:
    assert sms_segments("a" * 160) == 1
    assert sms_segments("a" * 161) == 2
    assert sms_segments("я" * 70) == 1 and sms_segments("я" * 71) == 2
    assert set(VARIABLES) == {"name", "link", "business", "opt_out_link"}
