"""The last guard under every merge: a catalog is never written with fewer translations.

Whatever a bug in merging, wrapping or parsing may do, every non-empty
translation read from a catalog must come out of the merge as an active,
fuzzy or obsolete entry. Translations are compared by value (a fuzzy match
moves a msgstr to another msgid, which is fine), so the check is a set
inclusion: linear, and free of false alarms.
"""

from __future__ import annotations

import re

import polib

_MSGID_LINE = re.compile(r"^(?:#~ ?)?msgid[ \"]", re.MULTILINE)


def _translation(entry: polib.POEntry) -> tuple[str, ...] | None:
    """What a volunteer wrote in ``entry``, or None when nothing."""
    if entry.msgid == "" and not entry.msgctxt:
        return None  # the header
    if entry.msgstr_plural:
        values = tuple(entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural))
        return values if any(values) else None
    return (entry.msgstr,) if entry.msgstr else None


def lost_translations(old: polib.POFile, new: polib.POFile) -> list[polib.POEntry]:
    """The entries of ``old`` whose translation ``new`` no longer holds."""
    kept = {value for entry in new if (value := _translation(entry)) is not None}
    return [entry for entry in old if (value := _translation(entry)) is not None and value not in kept]


def read_as_empty(text: str, catalog: polib.POFile) -> bool:
    """True when ``text`` holds entries that the parsed ``catalog`` lacks
    entirely: a file that is not empty must never be read as empty."""
    return len(catalog) == 0 and not catalog.metadata and _MSGID_LINE.search(text) is not None
