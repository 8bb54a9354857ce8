"""``--fail-under``: coverage limits, overall or per language, on published coverage."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from storybridge.status.coverage import LanguageTotals, Status


@dataclass(frozen=True, slots=True)
class Threshold:
    """A ``--fail-under`` limit: overall, or for one language."""

    percent: float
    """The least acceptable coverage."""
    language: str | None = None
    """The language it applies to; None for the overall coverage."""


def parse_threshold(text: str) -> Threshold:
    """``80`` or ``ko=90`` → a Threshold; ValueError when it is neither."""
    language, _, number = text.rpartition("=")
    percent = float(number)
    if not 0 <= percent <= 100:
        raise ValueError(f"{number} is not a percentage between 0 and 100")
    return Threshold(percent=percent, language=language.strip() or None)


def below(status: Status, thresholds: Iterable[Threshold]) -> list[str]:
    """One line for each threshold the coverage falls short of."""
    by_language: Mapping[str, LanguageTotals] = {
        totals.language: totals for totals in status.languages
    }
    failures = []
    for threshold in thresholds:
        totals = (
            status.overall
            if threshold.language is None
            else by_language.get(threshold.language)
        )
        label = "overall" if threshold.language is None else threshold.language
        if totals is None:
            failures.append(
                f"{label}: no catalogs to measure, so below {threshold.percent:g} %"
            )
        elif totals.published < threshold.percent:
            failures.append(
                f"{label}: {totals.published:.1f} % published, below {threshold.percent:g} %"
            )
    return failures
