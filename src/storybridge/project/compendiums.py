"""What outside catalogs offer the memory: ``update --memory`` compendiums (#18).

A compendium serves the languages its ``Language`` header names, however
that is written, or every language updated when it names none; its units
carry the file's name alone, since a path can name the volunteer whose
folder holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import polib

from storybridge.errors import StoryError
from storybridge.po.memory import Unit
from storybridge.project.catalogs import read_catalog
from storybridge.project.memory_units import entry_pairs
from storybridge.text.languages import covered_languages, normalize_language


def read_compendiums(languages: Sequence[str], compendiums: Sequence[Path]) -> dict[str, tuple[Unit, ...]]:
    """The units of each ``--memory`` compendium, by the language they serve."""
    units: dict[str, list[Unit]] = {}
    for path in compendiums:
        catalog = read_catalog(path, str(path))
        if catalog is None:
            raise StoryError(path, None, "no such compendium")
        declared = catalog.metadata.get("Language", "").strip()
        served = list(languages)
        if declared:
            # A compendium that says its language serves that language only,
            # however it is written (ko_KR serves ko; zh_CN, zh_Hans; zh_TW, zh_Hant).
            normalize_language(declared, str(path))
            served = covered_languages(declared, tuple(languages))
            if not served:
                raise StoryError(path, None, f"its Language is {declared!r}, none of the languages updated ({', '.join(languages)})")
        for lang in served:
            units.setdefault(lang, []).extend(memory_units(catalog, lang, path.name))
    return {lang: tuple(found) for lang, found in units.items()}


def memory_units(entries: Iterable[polib.POEntry], lang: str, origin: str, source_lang: str = "") -> list[Unit]:
    """The entries that may serve as memory: translated, not fuzzy, not
    obsolete. Whether an error check refuses one is asked by ``usable``
    when it is about to be used (or exported): checking the whole archive
    costs more than the rest of an update."""
    return [Unit(msgid, msgstr, origin, source_lang) for msgid, msgstr in entry_pairs(entries)]
