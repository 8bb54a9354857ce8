"""The HTML report: one self-contained page for editors, from a Jinja2 template
with autoescaping, so nothing from a story or catalog can become markup."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2

from storybridge.reports.common import (
    BAND_WORDS,
    band,
    date_only,
    finding_line,
    listed,
    number,
    published_words,
    state_words,
    template_environment,
)
from storybridge.status.coverage import Coverage, LanguageTotals, Status
from storybridge.status.words import WORD_RULE
from storybridge.text.languages import bcp47


@dataclass(frozen=True, slots=True)
class Widths:
    """A bar's three parts in percent of its width."""

    translated: float
    """Share of translated entries."""
    fuzzy: float
    """Share of entries to review."""
    untranslated: float
    """Share of entries not translated yet."""


def widths(item: Coverage | LanguageTotals) -> Widths:
    """How much of a bar each kind of entry takes."""
    if item.total == 0:
        return (
            Widths(100.0, 0.0, 0.0) if item.percent >= 100 else Widths(0.0, 0.0, 100.0)
        )
    translated = round(100 * item.translated / item.total, 2)
    fuzzy = round(100 * item.fuzzy / item.total, 2)
    return Widths(translated, fuzzy, round(100 - translated - fuzzy, 2))


def needs_work(record: Coverage) -> bool:
    """True when an editor has something to follow up in this catalog."""
    return (
        record.stale
        or bool(record.fuzzy_entries or record.untranslated_entries)
        or bool(listed(record))
        or record.state not in ("", "published")
        or record.refused > 0
        or bool(record.blocked)
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = template_environment()
    environment.globals.update(
        band=band,
        band_words=BAND_WORDS,
        bcp47=bcp47,
        date_only=date_only,
        widths=widths,
        state_words=state_words,
        published_words=published_words,
        listed=listed,
        finding_line=finding_line,
    )
    environment.filters["number"] = number
    return environment


def render_html(status: Status) -> str:
    """The status as one HTML page (inline CSS, no scripts, no external files)."""
    slugs = list(dict.fromkeys(record.slug for record in status.coverage))
    stories = [
        [record for record in status.coverage if record.slug == slug] for slug in slugs
    ]
    cells = {(record.slug, record.language): record for record in status.coverage}
    work = [
        records for records in stories if any(needs_work(record) for record in records)
    ]
    return (
        _environment()
        .get_template("status.html.j2")
        .render(
            status=status,
            stories=stories,
            work=work,
            done=[records[0] for records in stories if records not in work],
            cells=cells,
            names={totals.language: totals.name for totals in status.languages},
            word_rule=WORD_RULE,
            reviewing=any(r.reviewed or r.review_required for r in status.coverage),  # issue 17
        )
    )
