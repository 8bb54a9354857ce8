"""Findings located by line, for sources and built files, and the one-line
reason a story × language is blocked. Pure: text in, records out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polib

from storybridge.checks.sensitive.guard import Guard, describe


@dataclass(frozen=True, slots=True)
class Located:
    """One finding in a file, shown without its text."""

    line: int
    """1-based line of the file where the finding starts; 0 when unknown
    (a catalog entry merged in this run, not read from a file)."""
    message: str
    """What was found and its masked context (``phone number: …call ████ …``)."""
    label: str
    """What was found, alone (``phone number``)."""


def locate(guard: Guard, text: str, first_line: int = 1) -> list[Located]:
    """Every finding in ``text``, with the line it starts on (``text``
    starting at line ``first_line``)."""
    hits = guard.scan(text)
    found = [
        Located(first_line + text.count("\n", 0, hit.start), message, hit.label)
        for hit, message in zip(hits, describe(text, hits))
    ]
    if "\n" not in text or not any(hit.start == 0 and hit.end == len(text) for hit in hits):
        return found
    # A finding only the second reading made covers the whole text (``Guard.scan``):
    # name the lines that hold one, so that an editor finds it in a long story.
    by_line = [
        Located(first_line + number, message, hit.label)
        for number, line in enumerate(text.split("\n"))
        for line_hits in [guard.scan(line)] if line_hits
        for hit, message in zip(line_hits, describe(line, line_hits))
    ]
    return by_line or found


def block_reason(where: str, found: Sequence[Located]) -> str:
    """Why a story × language is blocked, naming the file, the first line
    and the kinds of finding, never the text found."""
    kinds = list(dict.fromkeys(item.label for item in found))
    lines = [item.line for item in found if item.line]
    return f"identifying details ({', '.join(kinds)}) at {where}" + (f":{min(lines)}" if lines else "")


def catalog_findings(guard: Guard, entries: Iterable[polib.POEntry]) -> list[Located]:
    """Findings in every msgstr of a catalog that is not obsolete (fuzzy
    ones too: a fuzzy translation is one review away from being
    published), each at the entry's line."""
    found: list[Located] = []
    for entry in entries:
        if entry.obsolete:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()] if entry.msgstr_plural else [entry.msgstr]
        for text in texts:
            found.extend(  # an entry merged this run has no line yet: 0, and none is shown
                Located(entry.linenum or 0, item.message, item.label) for item in locate(guard, text)
            )
    return found
