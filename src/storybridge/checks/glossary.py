"""The project glossary and its check: agreed translations of names and terms.

``locale/glossary.csv`` is UTF-8 CSV with the header
``source,language,translation,note``, one row per term and language;
``translation`` may list alternatives separated by ``|``. Editors keep it
in a spreadsheet, so it is read leniently (BOM, blank lines, extra spaces)
but a row that cannot mean anything stops the command with its line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache

from storybridge.checks.base import CheckedEntry
from storybridge.errors import StoryError
from storybridge.markdown.inline import prose
from storybridge.text.languages import normalize_language

HEADER = ("source", "language", "translation", "note")

Glossary = Mapping[str, tuple[tuple[str, str], ...]]
"""Language code (``ko``, ``zh_Hans`` …) → its (source term, translation)
pairs, in file order."""


def parse_glossary(text: str, shown: str) -> Glossary:
    """Parse glossary CSV text; errors name ``shown`` and the row's line."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(rows, None)
    if header is None:
        return {}
    names = tuple(cell.strip().lower() for cell in header)
    if names[:3] != HEADER[:3]:
        raise StoryError(
            shown,
            1,
            f"the header must be {','.join(HEADER)!r}, not {','.join(header)!r}",
        )
    terms: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        line = rows.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) < 3 or not all(cells[:3]):
            raise StoryError(
                shown,
                line,
                "each row needs a source term, a language and a translation",
            )
        source, language, translation = cells[:3]
        agreed = "|".join(alternatives(translation))
        if not agreed:
            raise StoryError(shown, line, f"no translation for {source!r}")
        terms.setdefault(normalize_language(language, shown, line), []).append(
            (source, agreed)
        )
    return {language: tuple(pairs) for language, pairs in terms.items()}


def terms_for(glossary: Glossary, language: str) -> tuple[tuple[str, str], ...]:
    """The pairs that apply to a catalog in ``language``: its own, and those
    given for the bare language (``zh`` rows apply to ``zh_Hans``)."""
    base = language.split("_")[0]
    own = glossary.get(language, ())
    return own + (glossary.get(base, ()) if base != language else ())

def check_glossary(entry: CheckedEntry) -> Iterator[str]:
    """A glossary term in the source has one of its agreed translations in
    the msgstr (matched case-insensitively; a Korean particle may follow)."""
    source, target = prose(entry.msgid), prose(entry.msgstr).casefold()
    for term, translation in entry.glossary:
        agreed = alternatives(translation)
        found = next((t for t in alternatives(term) if _term_pattern(t).search(source)), None)
        if found is not None and not any(alt.strip(_QUOTES).casefold() in target for alt in agreed):
            agreed_text = " or ".join(f"'{alt}'" for alt in agreed)
            yield f"write {agreed_text} for '{found}', as the glossary agrees"


_QUOTES = "《》〈〉「」『』‘’“”\"' "
"""Marks around an agreed translation ("《我心灵得安宁》") that the text may
drop where the term is not a title: the check is about the words."""
_ALTERNATIVES = re.compile(r"\||\s+/\s+")


def alternatives(cell: str) -> list[str]:
    """A glossary cell's alternatives: separated by '|' or by ' / ', which
    spreadsheet-minded editors write as well."""
    return [alt.strip() for alt in _ALTERNATIVES.split(cell) if alt.strip()]


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """Whole words for Latin terms (an English plural 's' allowed); CJK
    terms stand inside words, since particles attach to them."""
    pattern = re.escape(term.strip())
    if term[:1].isascii() and term[:1].isalnum():
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if term[-1:].isascii() and term[-1:].isalnum():
        pattern += r"(?:e?s)?(?![A-Za-z0-9])"
    return re.compile(pattern, re.IGNORECASE)


def hints_for(terms: tuple[tuple[str, str], ...]) -> Callable[[str], list[str]]:
    """A function giving the glossary hint lines for a msgid: one per term
    it holds (matched as the ``glossary`` check matches), in file order."""
    from storybridge.po.hints import hint_line

    patterns = [
        ([_term_pattern(alt) for alt in alternatives(term)], hint_line(term, alternatives(translation)))
        for term, translation in terms
    ]

    def hints(msgid: str) -> list[str]:
        if not patterns:
            return []
        text = prose(msgid)
        lines = [line for found, line in patterns if any(p.search(text) for p in found)]
        return list(dict.fromkeys(lines))

    return hints
