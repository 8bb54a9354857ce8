"""Fold text for matching: NFKC, case, full-width forms, Han variants, and
the characters a volunteer types (or pastes) between letters by accident.

Folding is per character, through one table built once per process for the
Basic Multilingual Plane, so the common path is ``str.translate`` at C
speed and each folded character can be traced back to the character it
came from (``fold_mapped``), to mask exactly what matched. Per-character
NFKC differs from whole-string NFKC only for combining sequences, which
names in the three scripts do not use once NFC-composed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SEPARATORS = frozenset("_\u00b7\u2027\u30fb\u318d")
"""Characters dropped like spaces and hyphens: the underscore and the middle
dots that join the parts of East Asian names (``순·미``, ``张・华``)."""


def _folded(char: str) -> str | None:
    """What one character folds to; None when it is dropped."""
    category = unicodedata.category(char)
    # Zero-width and bidi controls (Cf), every dash and hyphen (Pd),
    # spaces of every width (Zs, and line breaks): ignored wherever they stand.
    if category in ("Cf", "Pd", "Zs", "Zl", "Zp") or char.isspace() or char in SEPARATORS:
        return None
    folded = unicodedata.normalize("NFKC", char).casefold()
    if folded != char and all(_folded(part) is None for part in folded):
        return None
    return folded


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str | None]:
    """The translate table: only characters that change are listed."""
    table: dict[int, str | None] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = _folded(char)
        if folded != char:
            table[code] = folded
    return table


@lru_cache(maxsize=1)
def _to_simplified() -> object:
    import opencc

    return opencc.OpenCC("t2s")


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    """True when ``text`` holds a CJK ideograph (the only text OpenCC changes)."""
    return _HAN.search(text) is not None


def simplified(text: str) -> str:
    """Traditional Han characters as simplified ones (OpenCC ``t2s``), one
    character for one, so offsets stay valid; text without Han is returned
    as it is."""
    if not has_han(text):
        return text
    converted: str = _to_simplified().convert(text)  # type: ignore[attr-defined]
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character.
    return "".join(
        piece if len(piece := _to_simplified().convert(char)) == 1 else char  # type: ignore[attr-defined]
        for char in text
    )


def fold(text: str) -> str:
    """``text`` folded for matching (see the module docstring)."""
    return simplified(text.translate(fold_table()))


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the offset in ``text``
    of the character it came from."""
    table = fold_table()
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = table.get(ord(char), char) if ord(char) < 0x10000 else char
        if not folded:
            continue
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return simplified("".join(pieces)), origin
