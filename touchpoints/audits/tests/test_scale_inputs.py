"""The scoring sheet's answer inputs keep any criterion name, word label or step as text: nothing
in them can close an attribute or open an element."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from touchpoints.audits.templatetags.audit_tags import scale_input, scale_select

HOSTILE = "<script>alert(\"x\")</script>' onmouseover='y"
WORDS = SimpleNamespace(code="words", steps=["bad", HOSTILE], is_words=True, lowest=0, highest=1)
PERCENT = SimpleNamespace(code="percent", steps=[], is_words=False, lowest=0, highest=100)


def assert_text_only(html: str) -> None:
    assert "<script" not in html and "onmouseover='" not in html and 'alert("' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27; onmouseover=&#x27;y" in html


@pytest.mark.parametrize("scale", [WORDS, PERCENT], ids=["chips", "percent"])
def test_an_input_shows_a_hostile_label_and_answer_as_text(scale: SimpleNamespace) -> None:
    html = str(scale_input(scale, HOSTILE, HOSTILE, HOSTILE, True, {"bad": HOSTILE}))
    assert_text_only(html)


def test_chips_keep_the_checked_answer_and_the_disabled_state() -> None:
    html = str(scale_input(WORDS, "s-1-2", HOSTILE, "Label", False, {"bad": "Bad"}))
    assert html.count("<input") == 2 and html.count(" checked") == 1 and html.count(" disabled") == 2
    assert html.index(" checked") > html.index('value="&lt;script&gt;')
    assert "<span>Bad</span>" in html


def test_a_select_shows_hostile_steps_and_words_as_text() -> None:
    html = str(scale_select(WORDS, HOSTILE, HOSTILE, True, {"bad": HOSTILE}))
    assert_text_only(html)
    assert html.count("<option") == 3 and html.count(" selected") == 1
