"""The weak-link analysis on hand-built chains (plain data, no database)."""

from __future__ import annotations

from touchpoints.journeys.chain import Chain, Step
from touchpoints.journeys.weaklinks import by_severity, by_step, find_weak_links, severity_counts


def step(i: int, **kw: object) -> Step:
    base: dict = {
        "id": i,
        "touchpoint_id": 100 + i,
        "name": f"T{i}",
        "stage": "decision",
        "channel": f"ch{i}",
        "mode": "online",
        "owner": f"Unit {i}",
        "presence": "exists",
        "expected": 1,
    }
    base.update(kw)
    return Step(**base)


def codes(chain: Chain) -> list[tuple[str, int | None, str | None]]:
    return [(link.code, link.step_id, link.stage) for link in find_weak_links(chain)]


def test_the_empty_chain_gets_one_flag_only():
    links = find_weak_links(Chain())
    assert [(link.code, link.severity) for link in links] == [("empty_chain", "high")]
    assert "no steps" in links[0].message


def test_a_single_sound_step_that_is_the_final_chord():
    chain = Chain(steps=(step(1, stage="need", final_chord=True),), brand="Us", has_next=True)
    # Nothing wrong with the step; the chain does not reach the later stages (hints only).
    assert codes(chain) == [("empty_stage", None, s) for s in ("search", "compare", "decision", "after")]
    assert {link.severity for link in find_weak_links(chain)} == {"low"}


def test_a_single_step_with_everything_wrong():
    chain = Chain(steps=(step(1, presence="missing", expected=None, owner=" "),), brand="Us")
    found = codes(chain)
    assert ("no_final_chord", None, None) in found
    assert ("touchpoint_missing", 1, "decision") in found
    assert ("unscored", 1, "decision") in found
    assert ("no_owner", 1, "decision") in found
    missing = next(link for link in find_weak_links(chain) if link.code == "touchpoint_missing")
    assert missing.severity == "high" and missing.touchpoint_id == 101
    assert "Us does not have “T1”" in missing.message


def test_presence_planned_and_unknown():
    chain = Chain(steps=(step(1, presence="planned"), step(2, presence="unknown", final_chord=True)), has_next=True)
    by = {(link.code, link.step_id): link.severity for link in find_weak_links(chain)}
    assert by[("touchpoint_planned", 1)] == "medium"
    assert by[("presence_unknown", 2)] == "low"


def test_negative_neutral_and_positive_experience():
    chain = Chain(
        steps=(
            step(1, expected=-2),
            step(2, expected=-1),
            step(3, expected=0),
            step(4, expected=2),
            step(5, expected=None, score=-0.6),
            step(6, expected=-2, score=0.2, final_chord=True),
        ),
        has_next=True,
    )
    found = {(link.code, link.step_id) for link in find_weak_links(chain)}
    assert {("negative", 1), ("negative", 2), ("negative", 5)} <= found
    assert {("neutral", 3), ("neutral", 6)} <= found  # the audit score (0.2) wins over the expected −2
    assert not {c for c in found if c[1] == 4 and c[0] in ("negative", "neutral", "unscored")}
    # Audited chain: the steps without an audit score say so.
    assert {("not_audited", 1), ("not_audited", 4)} <= found and ("not_audited", 5) not in found


def test_a_negative_message_uses_a_real_minus_sign():
    link = next(link for link in find_weak_links(Chain(steps=(step(1, expected=-1),))) if link.code == "negative")
    assert "(−1)" in link.message


def test_final_chord_not_last_and_without_next_journey():
    chain = Chain(steps=(step(1, final_chord=True), step(2), step(3)))
    found = {(link.code, link.step_id) for link in find_weak_links(chain)}
    assert ("final_chord_not_last", 1) in found and ("final_chord_no_next", 1) in found
    assert ("no_final_chord", None) not in found
    message = next(link.message for link in find_weak_links(chain) if link.code == "final_chord_not_last")
    assert "2 more steps" in message


def test_empty_stages_inside_the_span_are_gaps_outside_are_hints():
    chain = Chain(steps=(step(1, stage="search"), step(2, stage="after", final_chord=True)), has_next=True)
    stages = {link.stage: link.severity for link in find_weak_links(chain) if link.code == "empty_stage"}
    assert stages == {"need": "low", "compare": "medium", "decision": "medium"}


def test_merge_hints_for_consecutive_same_channel_or_owner():
    chain = Chain(
        steps=(
            step(1, channel="phone", owner="Call centre"),
            step(2, channel="phone", owner="call centre "),
            step(3, channel="email", owner="Marketing", final_chord=True),
        ),
        has_next=True,
    )
    found = [
        (link.code, link.step_id, link.related_step_id)
        for link in find_weak_links(chain)
        if link.code.startswith("merge")
    ]
    assert found == [("merge_channel", 2, 1), ("merge_owner", 2, 1)]


def test_returning_to_a_channel_already_used():
    chain = Chain(
        steps=(
            step(1, channel="website"),
            step(2, channel="phone"),
            step(3, channel="website"),
            step(4, channel="website", final_chord=True),
        ),
        has_next=True,
    )
    links = [link for link in find_weak_links(chain) if link.code in ("channel_return", "merge_channel")]
    assert [(link.code, link.step_id, link.related_step_id) for link in links] == [
        ("channel_return", 3, 1),
        ("merge_channel", 4, 3),
    ]
    assert "step 1" in links[0].message


def test_empty_channel_and_owner_never_count_as_the_same():
    chain = Chain(steps=(step(1, channel="", owner=""), step(2, channel="", owner=""), step(3, channel="")))
    assert not [
        link for link in find_weak_links(chain) if link.code in ("merge_channel", "merge_owner", "channel_return")
    ]


def test_a_sound_chain_has_only_what_it_should():
    chain = Chain(
        brand="Us",
        has_next=True,
        steps=(
            step(1, stage="need"),
            step(2, stage="search"),
            step(3, stage="compare"),
            step(4, stage="decision"),
            step(5, stage="after", expected=2, final_chord=True),
        ),
    )
    assert find_weak_links(chain) == []


def test_helpers_sort_and_group():
    chain = Chain(steps=(step(1, expected=0), step(2, presence="missing")))
    links = find_weak_links(chain)
    assert [link.severity for link in by_severity(links)] == sorted(
        (link.severity for link in links), key=["high", "medium", "low"].index
    )
    assert set(by_step(links)) == {1, 2}
    counts = severity_counts(links)
    assert counts["high"] == 1 and sum(counts.values()) == len(links)
    assert all(link.title for link in links)


def test_scores_in_weak_link_texts_and_on_the_map_use_the_language_decimal_separator():
    """A Russian or Spanish reader sees −0,7 and +0,5 (with the sign), an English one −0.7."""
    from django.utils import translation

    from touchpoints.journeys.document import experience_text

    chain = Chain(steps=(step(1, score=-0.7), step(2, score=0.3, final_chord=True)), brand="Us")
    for language, negative, neutral, positive in (
        ("ru", "−0,7", "+0,3", "+0,5"),
        ("es", "−0,7", "+0,3", "+0,5"),
        ("en", "−0.7", "+0.3", "+0.5"),
    ):
        with translation.override(language):
            messages = {link.code: link.message for link in find_weak_links(chain)}
            assert f"({negative})" in messages["negative"], messages["negative"]
            assert f"({neutral})" in messages["neutral"], messages["neutral"]
            assert experience_text(0.5) == positive and experience_text(-0.7) == negative
            assert experience_text(2.0) == "+2" and experience_text(0.0) == "0"
