"""What sets negative comments apart from positive ones (lib.words): known answers, stems, symmetry,
and how often a word comes out when both sides draw from the same words."""

from __future__ import annotations

import random

from touchpoints.lib.words import MINIMUM, Z, contrast, stem

NEGATIVE = [
    ("Nobody picked up the phone", "en", -2),
    ("The phone rang and rang", "en", -1),
    ("Phone line was busy all morning", "en", -2),
    ("Nobody answered the phone again", "en", -1),
    ("Waited on the phone for ages", "en", -2),
    ("The phone menu is a maze", "en", -1),
    ("The parking was full", "en", -1),
    ("The doctor was late", "en", -1),
]
POSITIVE = [
    ("The doctor was kind and the staff friendly", "en", 2),
    ("Friendly staff at the desk", "en", 1),
    ("The staff were friendly and quick", "en", 2),
    ("Friendly and quick doctor", "en", 1),
    ("Quick and friendly, thank you", "en", 2),
    ("The staff remembered my name", "en", 1),
    ("The nurse was friendly", "en", 2),
    ("Clean rooms", "en", 1),
    ("It was fine", "en", 0),  # neutral answers are not compared
]


def test_a_word_said_in_negative_comments_only_stands_out_and_a_word_of_both_sides_does_not() -> None:
    found = contrast(NEGATIVE + POSITIVE)
    assert (found.negative_comments, found.positive_comments) == (8, 8)
    assert [w.word for w in found.negative] == ["phone"]
    assert (found.negative[0].negative, found.negative[0].positive) == (6, 0)
    assert [w.word for w in found.positive] == ["friendly"]
    listed = {w.word for w in found.negative + found.positive}
    assert "doctor" not in listed  # in two comments on each side
    assert "the" not in listed and "was" not in listed  # function words are never counted
    assert "parking" not in listed  # in one comment: fewer than MINIMUM


def test_forms_of_one_word_count_as_one_shown_as_written_most_often() -> None:
    said = ["Не работал терминал", "Терминал снова не работал", "Сломан терминал", "У терминала очередь"]
    said.append("Терминала не было")
    comments = [(text, "ru", -1) for text in said] + [("Приветливый персонал", "ru", 2)] * 5
    found = contrast(comments)
    assert stem("терминала", "ru") == stem("Терминал", "ru")
    assert found.negative[0].word == "терминал" and found.negative[0].negative == 5
    assert stem("precios", "es") == stem("precio", "es") and stem("prices", "en") == stem("price", "en")


def test_the_sides_swap_with_the_signs_and_the_order_of_the_comments_does_not_matter() -> None:
    rows = NEGATIVE + POSITIVE
    found = contrast(rows)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    assert contrast(shuffled) == found
    swapped = contrast([(text, lang, -p) for text, lang, p in rows])
    assert [w.word for w in swapped.positive] == [w.word for w in found.negative]
    assert [w.z for w in swapped.positive] == [-w.z for w in found.negative]


def test_without_one_side_nothing_is_compared() -> None:
    found = contrast(NEGATIVE)
    assert (found.negative_comments, found.positive_comments, found.negative, found.positive) == (8, 0, [], [])


def test_when_both_sides_draw_from_the_same_words_few_stand_out() -> None:
    """Under no difference, a 95% test should list about 5% of the words that could be listed."""
    rng = random.Random(11)
    vocabulary = [f"w{a}{b}" for a in "abcdefghij" for b in "klmnopqrst"]  # 100 words of 3 letters
    listed = candidates = 0
    for _ in range(20):
        rows = [(" ".join(rng.choices(vocabulary, k=8)), "xx", rng.choice([-1, 1])) for _ in range(400)]
        found = contrast(rows, top=100)
        listed += len(found.negative) + len(found.positive)
        candidates += len(vocabulary)
    assert listed / candidates < 0.08


def test_listed_words_hold_the_threshold_and_the_minimum() -> None:
    rng = random.Random(5)
    words_ = ["phone", "queue", "parking", "doctor", "smile", "clean", "price", "nurse"]
    rows = [
        (" ".join(rng.sample(words_[:5] if p < 0 else words_[3:], 3)), "en", p)
        for p in (rng.choice([-2, -1, 1, 2]) for _ in range(120))
    ]
    found = contrast(rows)
    assert found.negative and found.positive
    for w in found.negative:
        assert w.z >= Z and w.negative >= MINIMUM
    for w in found.positive:
        assert w.z <= -Z and w.positive >= MINIMUM
    assert {w.word for w in found.negative} <= {"phone", "queue", "parking"}
    assert {w.word for w in found.positive} <= {"clean", "price", "nurse"}
