"""A results cell of the feedback page keeps its translated labels as text, whatever a catalogue
puts in them."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.utils import translation

from touchpoints.feedback.templatetags import feedback_tags

HOSTILE = "<script>alert(\"x\")</script>' title='y"


@pytest.fixture
def hostile_translations(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(feedback_tags, "_", lambda text: HOSTILE + text)
    feedback_tags._labels.cache_clear()
    yield
    feedback_tags._labels.cache_clear()


def test_a_cell_shows_hostile_labels_as_text(hostile_translations: None) -> None:
    cell = SimpleNamespace(
        n=3, share_pos=0.5, share_neu=0.25, share_neg=0.25, mean_pos=0.7, mean_like=7.5, n_pos=2, n_neu=1, n_neg=0
    )
    html = str(feedback_tags.fb_cell(cell, 5))
    assert "<script" not in html and "title='y" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27; title=&#x27;y") == 4
    assert html.startswith('<td class="fb-cell few">') and "+0.70" in html and "67%" in html


def test_an_empty_cell_is_a_dash() -> None:
    assert (
        str(feedback_tags.fb_cell(SimpleNamespace(n=0), 5)) == '<td class="fb-cell"><span class="muted">–</span></td>'
    )


@pytest.mark.parametrize(("lang", "positivity", "likelihood"), [("en", "−0.28", "7.5"), ("ru", "−0,28", "7,5")])
def test_a_cell_writes_its_means_in_the_readers_language(lang: str, positivity: str, likelihood: str) -> None:
    cell = SimpleNamespace(
        n=40, share_pos=0.25, share_neu=0.25, share_neg=0.5, mean_pos=-0.28, mean_like=7.5, n_pos=10, n_neu=10, n_neg=20
    )
    with translation.override(lang):
        html = str(feedback_tags.fb_cell(cell, 5))
    assert f">{positivity}</span>" in html and f">{likelihood}</span>" in html
