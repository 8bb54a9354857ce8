"""The Markdown report, for a pull-request comment: languages, then a story × language table."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from storybridge.reports.common import (
    BAND_WORDS,
    Band,
    band,
    bar_cells,
    finding_line,
    language_label,
    listed,
    number,
    problems,
    state_words,
)
from storybridge.status.coverage import Coverage, LanguageTotals, Status
from storybridge.status.words import WORD_RULE

BAR = 10
"""Squares in a progress bar."""

_SQUARES = ("🟩", "🟨", "⬜")
_MARKS: dict[Band, str] = {
    "complete": "✅",
    "nearly": "🟢",
    "partway": "🟡",
    "started": "🟠",
    "none": "🔴",
}
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def escape(text: str) -> str:
    """Text from a story or catalog, shown as it is (no Markdown, no HTML)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def bar(item: Coverage | LanguageTotals) -> str:
    """🟩 translated, 🟨 needs review, ⬜ not translated."""
    return "".join(
        square * cells for square, cells in zip(_SQUARES, bar_cells(item, BAR))
    )


def _cell(record: Coverage | None) -> str:
    if record is None:
        return "—"
    text = f"{_MARKS[band(record.percent)]} {record.percent:.1f} %"
    if record.state:
        text += f" · **{escape(state_words(record))}**"
    if record.fuzzy:
        text += f" · {record.fuzzy} to review"
    if record.reviewed or record.review_required:  # issue 17
        text += f" · {record.reviewed} reviewed"
    if record.errors or record.warnings:
        text += f" · {problems(record)}"
    if record.blocked:  # sensitive details (#16)
        text += " · blocked"
    if not record.exists:
        text += " · no catalog"
    elif record.stale:
        text += " · stale"
    return text


def render_markdown(status: Status) -> str:
    """The status as GitHub-flavoured Markdown."""
    return "".join(markdown_pieces(status, [status.coverage]))


def markdown_pieces(status: Status, stories: Iterable[Sequence[Coverage]]) -> Iterator[str]:
    """The Markdown in pieces: the tables from ``status`` (whose records
    may lack their findings), the problems from each story's records as
    ``stories`` gives them, so the findings are never held at once."""
    languages = list(status.languages)
    lines = [
        "### Translation coverage",
        "",
        "| language | progress | translated | to review (fuzzy) | not translated | words translated |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    reviewing = any(record.reviewed or record.review_required for record in status.coverage)
    for totals in [*languages, status.overall]:
        name = escape(language_label(totals))
        name = f"**{name}**" if not totals.language else name
        lines.append(
            f"| {name} | {bar(totals)} {totals.percent:.1f} % | {totals.translated} / {totals.total}"
            + (f" ({totals.reviewed} reviewed) " if reviewing else " ")  # issue 17
            + f"| {totals.fuzzy} | {totals.untranslated} | {number(totals.translated_words)} / {number(totals.source_words)} |"
        )
    by_cell = {(record.slug, record.language): record for record in status.coverage}
    titles: dict[str, str] = {}
    for record in status.coverage:
        titles.setdefault(record.slug, record.title)
    slugs = list(titles)
    if slugs:
        lines += [
            "",
            "| story | "
            + " | ".join(escape(totals.name) for totals in languages)
            + " |",
            "| --- |" + " --- |" * len(languages),
        ]
        for slug in slugs:
            title = titles[slug]
            cells = [
                _cell(by_cell.get((slug, totals.language))) for totals in languages
            ]
            lines.append(f"| {escape(title)} (`{slug}`) | " + " | ".join(cells) + " |")
    yield "\n".join(lines)
    opened = False
    for records in stories:
        found = [finding_line(f).replace("```", "`​``") for record in records for f in listed(record)]
        if found and not opened:
            yield "\n\n#### Problems (errors are not published)\n\n```text"
            opened = True
        yield "".join("\n" + line for line in found)
    legend = ", ".join(f"{mark} {BAND_WORDS[name]}" for name, mark in _MARKS.items())
    yield ("\n```" if opened else "") + f"\n\n{legend}. Words: {WORD_RULE}\n"
