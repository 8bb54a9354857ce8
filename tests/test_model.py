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
    if 0 < part < whole and exact > Fraction(999, 10):
        assert percent == 99.9  # never shown as complete while something is left
    elif 0 < part and exact < Fraction(1, 10):
        assert percent == 0.1  # never shown as nothing once something is done
    else:
        assert abs(Fraction(percent) - exact) <= Fraction(1, 20) + Fraction(1, 10**9)
    assert percent == round(percent, 1)


@pytest.mark.parametrize(("part", "whole", "percent"), [(9999, 10000, 99.9), (1999, 2000, 99.9), (1, 2000, 0.1)])
def test_an_incomplete_story_never_shows_100_nor_a_started_one_0(part: int, whole: int, percent: float) -> None:
    assert percent_of(part, whole) == percent
