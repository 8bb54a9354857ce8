"""The terminal table: progress bars per language and per story, coloured with ANSI
styles that the CLI strips when the output is not a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from storybridge.reports.common import (
    Band,
    band,
    bar_cells,
    date_only,
    finding_line,
    listed,
    number,
    problems,
    state_words,
)
from storybridge.status.coverage import Coverage, LanguageTotals, Status
from storybridge.status.words import WORD_RULE

BAR = 20
"""Cells in a progress bar."""

_COLOURS: dict[Band, str] = {
    "complete": "green",
    "nearly": "green",
    "partway": "yellow",
    "started": "yellow",
    "none": "red",
}


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in "WF"
        else 1
        for char in text
    )


def pad(text: str, columns: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def clip(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` terminal columns, with an ellipsis."""
    if width(text) <= columns:
        return text
    while width(text) > columns - 1:
        text = text[:-1]
    return text + "…"


_COLOUR_CODES = {"red": 31, "green": 32, "yellow": 33, "bright_black": 90}
"""The ANSI (ECMA-48 SGR) foreground colours the table uses."""


def _style(text: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    """``text`` in ANSI styles, as ``click.style`` writes them (a stage
    module never imports click: the CLI prints, and strips them from what
    is not a terminal); empty text stays empty, not a pair of escapes."""
    if not text:
        return ""
    codes = ([_COLOUR_CODES[fg]] if fg is not None else []) + ([1] if bold else []) + ([2] if dim else [])
    return "".join(f"\x1b[{code}m" for code in codes) + text + "\x1b[0m"


def printable(text: str) -> str:
    """Text from a story with control characters replaced, so a title cannot
    move the cursor or recolour the terminal."""
    if text.isprintable():  # nearly always: no need to look at each character
        return text
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def bar(item: Coverage | LanguageTotals) -> str:
    """A coloured bar: █ translated, ▒ needs review, ░ not translated."""
    done, fuzzy, rest = bar_cells(item, BAR)
    return (
        _style("█" * done, fg="green")
        + _style("▒" * fuzzy, fg="yellow")
        + _style("░" * rest, fg="bright_black")
    )


def _row(
    label: str, label_width: int, item: Coverage | LanguageTotals, note: str = "", reviewing: bool = False
) -> str:
    percent = _style(
        pad(f"{item.percent:.1f} %", 7, right=True),
        fg=_COLOURS[band(item.percent)],
        bold=True,
    )
    cells = [
        pad(label, label_width),
        bar(item),
        percent,
        pad(f"{item.translated}/{item.total}", 8, right=True),
        *([pad(f"{item.reviewed}/{item.total}", 8, right=True)] if reviewing else []),  # issue 17
        pad(str(item.fuzzy), 5, right=True),
        pad(str(item.untranslated), 4, right=True),
        pad(
            f"{number(item.translated_words)}/{number(item.source_words)}",
            13,
            right=True,
        ),
    ]
    return "  ".join(cells) + (f"  {note}" if note else "")


def _heading(first: str, label_width: int, extra: str = "", reviewing: bool = False) -> str:
    cells = [
        pad(first, label_width),
        pad("PROGRESS", BAR),
        " " * 7,
        "SEGMENTS",
        *(["REVIEWED"] if reviewing else []),
        "FUZZY",
        "TODO",
        pad("WORDS", 13, right=True),
    ]
    return _style("  ".join(cells) + (f"  {extra}" if extra else ""), bold=True)


def _note(record: Coverage) -> str:
    note = date_only(record.revised)
    if record.state:
        plain = record.state == "published" and not record.refused
        note += "  " + _style(state_words(record), fg=None if plain else "red" if record.state == "blocked" or record.refused else "yellow")
    if record.errors or record.warnings:
        note += "  " + _style(problems(record), fg="red" if record.errors else "yellow")
    if record.stale:
        note += "  " + _style(record.stale_reason, fg="red")
    if record.blocked:  # sensitive details (#16)
        note += "  " + _style(f"blocked: {record.blocked}", fg="red", bold=True)
    return note


def _plural(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"


def render_table(status: Status) -> str:
    """The status as a terminal table (with ANSI styles; the caller decides to keep them)."""
    return "".join(table_lines(status, by_story(status.coverage)))


def by_story(records: Iterable[Coverage]) -> Iterator[list[Coverage]]:
    """Records (in slug order) grouped by story."""
    group: list[Coverage] = []
    for record in records:
        if group and group[0].slug != record.slug:
            yield group
            group = []
        group.append(record)
    if group:
        yield group


def table_lines(summary: Status, stories: Iterable[Sequence[Coverage]]) -> Iterator[str]:
    """The table line by line (each with its newline): the heading and the
    totals from ``summary`` (whose records may lack their findings and
    entry lists), then each story's rows as ``stories`` gives them, so a
    large archive's findings are never held at once."""
    every = (*summary.languages, summary.overall)
    labels = [
        f"{totals.name} ({totals.language})" if totals.language else totals.name
        for totals in every
    ]
    slugs = len({record.slug for record in summary.coverage})
    label_width = max(
        [width(label) for label in labels]
        + [len(totals.language) + 2 for totals in every]
        + [8]
    )
    stories_word = "1 story" if slugs == 1 else f"{slugs} stories"
    # The REVIEWED column (issue 17) shows once anything is approved or required.
    reviewing = any(record.reviewed or record.review_required for record in summary.coverage)
    legend = (
        f"{_style('█', fg='green')} translated   {_style('▒', fg='yellow')} needs review (fuzzy)   "
        f"{_style('░', fg='bright_black')} not translated.  Words: {WORD_RULE}"
    )
    lines = [
        _style("Translation coverage", bold=True)
        + f": {stories_word}, {_plural(len(summary.languages), 'language')}",
        legend,
        "",
        _heading("LANGUAGE", label_width, reviewing=reviewing),
    ]
    for totals, label in zip(every, labels):
        lines.append(
            _row(
                label,
                label_width,
                totals,
                _style(f"{totals.stale} stale" if totals.stale else "", fg="red"),
                reviewing,
            )
        )
    lines += ["", _heading("STORY", label_width, "REVISED", reviewing)]
    yield "".join(line.rstrip() + "\n" for line in lines)
    for records in stories:
        if not records:
            continue
        title = _style(clip(printable(records[0].title), 60), dim=True)
        lines = [_style(printable(records[0].slug), bold=True) + "  " + title]
        for record in records:
            lines.append(_row(f"  {record.language}", label_width, record, _note(record), reviewing))
            lines += [f"    {printable(finding_line(f))}" for f in listed(record)]
        yield "".join(line.rstrip() + "\n" for line in lines)
