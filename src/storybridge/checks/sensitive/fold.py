"""Fold text for matching: NFKC, case, full-width forms, Han variants, and
the characters a volunteer types (or pastes) between letters by accident.

``fold`` works on the whole string with C-speed steps (NFKC, casefold, one
regular expression that drops what is ignored, OpenCC when there is Han);
``fold_mapped`` gives the same text and, for each folded character, the
offset of the character it came from, so a match can be masked exactly.
It folds one base character with the combining marks (or Hangul jamo)
that follow it at a time, which is what NFKC composes, so both agree;
it runs only on the texts where ``fold`` found something.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SEPARATORS = frozenset("_*~`\u00b7\u2027\u30fb\u318d\u119e")
"""Characters dropped like spaces and hyphens: Markdown's emphasis marks
(``*변*소라``), the underscore and the middle
dots that join the parts of East Asian names (``순·미``, ``张・华``; U+119E
is what NFKC makes of the Hangul middle dot U+318D)."""
_DROPPED_CATEGORIES = frozenset({"Cf", "Pd", "Zs", "Zl", "Zp"})
"""Zero-width and bidi controls (Cf), every dash and hyphen (Pd), spaces of
every width: ignored wherever they stand."""


def _dropped(char: str) -> bool:
    return unicodedata.category(char) in _DROPPED_CATEGORIES or char.isspace() or char in SEPARATORS


@lru_cache(maxsize=1)
def _drop_pattern() -> re.Pattern[str]:
    """One character class of every dropped character: those of the Basic
    Multilingual Plane and the invisible tag characters (U+E0000…)."""
    ranges: list[str] = []
    start = None
    codes = [*range(0x10000), *range(0xE0000, 0xE1000), 0xE1000]
    for code in codes:
        inside = code < 0xE1000 and not 0xD800 <= code <= 0xDFFF and _dropped(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            end = code - 1
            ranges.append(re.escape(chr(start)) + ("" if end == start else "-" + re.escape(chr(end))))
            start = None
    return re.compile("[" + "".join(ranges) + "]+")


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


def _plain(text: str) -> str:
    """NFKC, casefolded, ignored characters dropped (no Han conversion)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _drop_pattern().sub("", text.casefold())


def fold(text: str) -> str:
    """``text`` folded for matching (see the module docstring)."""
    return simplified(_plain(text))


_CLUSTER = re.compile(r".[\u0300-\u036f\u1160-\u11ff\u3099\u309a\u302a-\u302f\ufe20-\ufe2f]*", re.DOTALL)
"""A base character with what NFKC composes onto it: combining marks,
Hangul medial and final jamo, kana voicing marks."""


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the offset in ``text``
    of the character it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for cluster in _CLUSTER.finditer(text):
        folded = _plain(cluster.group())
        if folded:
            pieces.append(folded)
            origin.extend([cluster.start()] * len(folded))
    return simplified("".join(pieces)), origin
