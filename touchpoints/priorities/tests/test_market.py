"""How much the comparison matters: hand-worked examples and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from touchpoints.priorities import market as m


def test_hand_worked_example() -> None:
    # 2 competitors → 0.4 × 30 = 12; new share 0.5 × 25 = 12.5; follower 0.75 × 20 = 15;
    # medium loyalty 0.5 × 15 = 7.5; small company 0.75 × 10 = 7.5. Total 54.5 → medium.
    w = m.market_weight(
        m.MarketInputs(competitors=2, company_size="small", brand_strength="follower", loyalty="medium", new_share=0.5)
    )
    assert w.score == 54.5
    assert w.level == m.MEDIUM
    assert [c.contribution for c in w.components] == [12.0, 12.5, 15.0, 7.5, 7.5]
    assert w.missing == []


def test_missing_inputs_are_left_out_and_the_rest_scaled_up() -> None:
    # Only competitors (5 → 1.0, weight 30) and loyalty (high → 0.15, weight 15) known:
    # (30 × 1 + 15 × 0.15) / 45 × 100 = 71.67 → high.
    w = m.market_weight(m.MarketInputs(competitors=5, loyalty="high"))
    assert w.score == 71.7
    assert w.level == m.HIGH
    assert set(w.missing) == {m.NEW_CUSTOMERS, m.BRAND, m.SIZE}
    assert m.market_weight(m.MarketInputs(competitors=None)).score is None


def test_new_customer_share_from_segments() -> None:
    # 62% mixed (half new), 28% new, 10% returning → (31 + 28) / 100.
    assert m.new_customer_share([(62, "mixed"), (28, "new"), (10, "returning")]) == 0.59
    assert m.new_customer_share([]) is None
    assert m.new_customer_share([(0, "new")]) is None


sizes = st.sampled_from([None, *m.SIZE_VALUES])
brands = st.sampled_from([None, *m.BRAND_VALUES])
loyalties = st.sampled_from([None, *m.LOYALTY_VALUES])
shares = st.one_of(st.none(), st.floats(min_value=0, max_value=1, allow_nan=False))


@given(st.integers(0, 20), st.integers(0, 20), sizes, brands, loyalties, shares)
def test_more_competitors_never_lower_it(a: int, b: int, size, brand, loyalty, share) -> None:  # noqa: ANN001
    low, high = sorted((a, b))
    w_low = m.market_weight(m.MarketInputs(low, size, brand, loyalty, share))
    w_high = m.market_weight(m.MarketInputs(high, size, brand, loyalty, share))
    assert w_high.score >= w_low.score
    assert 0 <= w_high.score <= 100


@given(st.integers(0, 20), sizes, brands, loyalties, shares, shares)
def test_more_new_customers_never_lower_it(n: int, size, brand, loyalty, a, b) -> None:  # noqa: ANN001
    if a is None or b is None:
        return
    low, high = sorted((a, b))
    assert (
        m.market_weight(m.MarketInputs(n, size, brand, loyalty, high)).score
        >= m.market_weight(m.MarketInputs(n, size, brand, loyalty, low)).score
    )


def test_weights_add_up_to_100() -> None:
    assert sum(m.WEIGHTS.values()) == 100
