"""The shared data model: the one percentage every report and the manifest show."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storybridge.model import percent_of


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(2, 3, 66.7), (1, 6, 16.7), (5, 6, 83.3), (1, 7, 14.3), (6, 7, 85.7), (199, 200, 99.5), (0, 9, 0.0), (9, 9, 100.0)],
)
def test_percent_is_rounded_to_one_decimal_not_truncated(part: int, whole: int, percent: float) -> None:
    """2/3 is 66.7 %, not 66.6 %: each case's next decimal is 5 or more."""
    assert percent_of(part, whole) == percent


def test_nothing_to_translate_is_complete() -> None:
    assert percent_of(0, 0) == 100.0


@given(st.integers(min_value=1, max_value=10**6).flatmap(lambda whole: st.tuples(st.integers(0, whole), st.just(whole))))
def test_percent_is_the_nearest_tenth(case: tuple[int, int]) -> None:
    """Within half a tenth of the exact share, and a whole number of tenths."""
    part, whole = case
    percent = percent_of(part, whole)
    exact = Fraction(100 * part, whole)
    assert abs(Fraction(percent) - exact) <= Fraction(1, 20) + Fraction(1, 10**9)
    assert percent == round(percent, 1)
