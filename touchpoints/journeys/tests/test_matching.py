"""Suggestions of inventory touchpoints for library template steps (pure)."""

from __future__ import annotations

from touchpoints.journeys.matching import Candidate, name_similarity, stems, suggest

INVENTORY = [
    Candidate(1, "Contextual ad", "advertising", ("need",)),
    Candidate(2, "Banner ads", "advertising", ("need",)),
    Candidate(3, "Online chat on the site", "messenger", ("search",)),
    Candidate(4, "Reception desk", "people", ("decision",)),
    Candidate(5, "Регистратура клиники", "people", ("decision",)),
]


def test_stems_ignore_case_digits_and_short_words():
    assert stems("Contextual (search) ADS, 24/7 a glass") == frozenset({"conte", "searc", "ad", "glass"})
    assert name_similarity(["Contextual ad"], stems("contextual ad")) == 1.0
    assert name_similarity(["x"], stems("")) == 0.0


def test_best_match_first_and_confident_only_with_the_same_channel():
    found = suggest(["Contextual (search) ads", "Контекстная реклама"], "advertising", ["need"], INVENTORY)
    assert [s.id for s in found] == [1, 2]
    assert found[0].confident and found[0].same_channel
    chat = suggest(["Online chat on the website"], "website", ["search"], INVENTORY)
    assert chat[0].id == 3 and not chat[0].confident  # a good name, but another channel: only proposed


def test_matches_in_any_product_language_and_nothing_for_strangers():
    found = suggest(["Clinic reception desk", "Регистратура клиники", "Recepción"], "people", ["decision"], INVENTORY)
    assert {s.id for s in found[:2]} == {4, 5}
    assert suggest(["Loyalty programme"], "documents", [], INVENTORY) == []
    assert len(suggest(["ad"], "", [], INVENTORY * 3, limit=2)) == 2
