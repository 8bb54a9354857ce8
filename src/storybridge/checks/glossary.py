"""The project glossary: agreed translations of names and terms.

``locale/glossary.csv`` is UTF-8 CSV with the header
``source,language,translation,note``, one row per term and language;
``translation`` may list alternatives separated by ``|``. Editors keep it
in a spreadsheet, so it is read leniently (BOM, blank lines, extra spaces)
but a row that cannot mean anything stops the command with its line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from storybridge.errors import StoryError
from storybridge.project.files import read_text
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
        alternatives = "|".join(
            part.strip() for part in translation.split("|") if part.strip()
        )
        if not alternatives:
            raise StoryError(shown, line, f"no translation for {source!r}")
        terms.setdefault(normalize_language(language, shown, line), []).append(
            (source, alternatives)
        )
    return {language: tuple(pairs) for language, pairs in terms.items()}


def terms_for(glossary: Glossary, language: str) -> tuple[tuple[str, str], ...]:
    """The pairs that apply to a catalog in ``language``: its own, and those
    given for the bare language (``zh`` rows apply to ``zh_Hans``)."""
    base = language.split("_")[0]
    own = glossary.get(language, ())
    return own + (glossary.get(base, ()) if base != language else ())


def read_glossary(path: Path, shown: str) -> Glossary:
    """The glossary at ``path``; none (empty) when the file does not exist."""
    if not path.is_file():
        return {}
    return parse_glossary(read_text(path, shown), shown)
