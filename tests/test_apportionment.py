"""Largest-remainder apportionment: exact, complete, and the tie rule as documented."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlpuzzel.apportionment import ApportionmentError, apportion, quotas
from xlpuzzel.build import load_dataset
from xlpuzzel.resources import DEFAULT_DATA

totals = st.integers(min_value=0, max_value=200_000)
weights_lists = st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=60).filter(any)


@given(totals, weights_lists)
def test_parts_sum_to_the_total(total: int, weights: list[int]) -> None:
    """Nothing is lost or invented: the parts add up to the total."""
    assert sum(apportion(total, weights)) == total


@given(totals, weights_lists)
def test_each_part_is_less_than_one_from_its_exact_quota(total: int, weights: list[int]) -> None:
    """Each part is its quota rounded down or up: strictly less than 1 away."""
    for part, quota in zip(apportion(total, weights), quotas(total, weights)):
        assert abs(part - quota) < 1
        assert part >= 0


@given(totals, st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=60))
def test_equal_weights_get_parts_that_differ_by_at_most_one(total: int, weight: int, n: int) -> None:
    """Equal populations get equal parts, up to one place; the extra places go to the first listed."""
    parts = apportion(total, [weight] * n)
    assert max(parts) - min(parts) <= 1
    assert parts == sorted(parts, reverse=True)


@given(weights_lists)
def test_zero_total_gives_zero_parts(weights: list[int]) -> None:
    """Nothing to spread: every gemeente gets 0."""
    assert apportion(0, weights) == [0] * len(weights)


@given(totals, st.integers(min_value=1, max_value=10**7))
def test_a_single_gemeente_gets_the_whole_total(total: int, weight: int) -> None:
    """One gemeente carries the whole task."""
    assert apportion(total, [weight]) == [total]


def _assert_tie_rule(total: int, weights: list[int]) -> None:
    parts = apportion(total, weights)
    exact = quotas(total, weights)
    floors = [q.numerator // q.denominator for q in exact]
    extra = [p - f for p, f in zip(parts, floors)]
    assert set(extra) <= {0, 1}

    def rank(i: int) -> tuple[Fraction, int, int]:
        return (exact[i] - floors[i], weights[i], -i)

    winners = [i for i, e in enumerate(extra) if e]
    losers = [i for i, e in enumerate(extra) if not e]
    for i in winners:
        for j in losers:
            assert rank(i) > rank(j), (i, j)


@given(totals, weights_lists)
@example(2, [1, 3])
@example(2, [3, 1])
@example(1, [5, 5])
@example(3, [2, 2, 2, 2])
def test_extra_units_go_to_largest_remainders_then_larger_weight_then_list_order(
    total: int, weights: list[int]
) -> None:
    """Documented tie rule: remainder first, then larger weight, then the one listed first."""
    _assert_tie_rule(total, weights)


@given(
    st.integers(min_value=0, max_value=30),
    st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=8),
)
def test_tie_rule_holds_where_ties_are_common(total: int, weights: list[int]) -> None:
    """Small weights and totals tie on remainders often; the documented order still decides."""
    _assert_tie_rule(total, weights)


def test_tie_rule_examples() -> None:
    """Quotas 0,5 and 1,5 tie on the remainder: the larger weight wins; equal weights: the first listed."""
    assert apportion(2, [1, 3]) == [0, 2]
    assert apportion(2, [3, 1]) == [2, 0]
    assert apportion(1, [5, 5]) == [1, 0]
    assert apportion(3, [2, 2, 2, 2]) == [1, 1, 1, 0]


def test_fractions_as_weights_are_exact() -> None:
    """Weights may be fractions; no floating point decides a tie."""
    assert apportion(3, [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)]) == [1, 1, 1]
    assert apportion(1, [Fraction(1, 10), Fraction(2, 10) - Fraction(1, 10)]) == [1, 0]


def test_negative_weight_is_refused_in_dutch() -> None:
    """A negative population is an input error, told in Dutch."""
    with pytest.raises(ApportionmentError, match="Een gewicht is negatief"):
        apportion(10, [5, -1, 3])


def test_weights_summing_to_zero_are_refused_in_dutch() -> None:
    """With only zero weights there is nothing to spread over."""
    with pytest.raises(ApportionmentError, match="De gewichten tellen op tot 0"):
        apportion(10, [0, 0])
    with pytest.raises(ApportionmentError, match="De gewichten tellen op tot 0"):
        quotas(10, [0])


def test_negative_total_and_no_gemeenten_are_refused_in_dutch() -> None:
    """A negative total, or a total without gemeenten, cannot be spread."""
    with pytest.raises(ApportionmentError, match="Het te verdelen totaal is negatief"):
        apportion(-1, [1, 2])
    with pytest.raises(ApportionmentError, match="Er zijn geen gemeenten"):
        apportion(5, [])
    assert apportion(0, []) == []


def test_apportionment_error_is_a_value_error() -> None:
    """Callers that catch ValueError also catch it."""
    assert issubclass(ApportionmentError, ValueError)


def test_drentse_oek_task_apportioned_by_population() -> None:
    """5.722 over the 12 populations (Emmen 108.765, bijlage 1) sums to 5.722; the printed column sums to 5.720.

    The printed column rounds each quota on its own; Hamilton gives the two missing places to
    the largest remainders that were rounded down: Borger-Odoorn (295,41) and De Wolden (280,40).
    """
    puzzel = load_dataset(DEFAULT_DATA).puzzel
    inwoners = list(puzzel.amounts("inwoners"))
    emmen = puzzel.index_of("Emmen")
    assert inwoners[emmen] == 106_765  # the memo's copy; bijlage 1 prints 108.765
    inwoners[emmen] = 108_765
    assert sum(inwoners) == 502_051 == puzzel.totaal["inwoners"].amount

    printed = list(puzzel.amounts("opgave_oek"))
    parts = apportion(5_722, inwoners)
    assert sum(parts) == 5_722
    assert sum(printed) == 5_720
    differing = {puzzel.gemeenten[i]: (printed[i], parts[i]) for i in range(12) if printed[i] != parts[i]}
    assert differing == {"Borger-Odoorn": (295, 296), "De Wolden": (280, 281)}
    # The printed column is each quota rounded half up.
    assert printed == [int(q + Fraction(1, 2)) for q in quotas(5_722, inwoners)]
