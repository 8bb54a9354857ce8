"""What each character of a PO string weighs for line breaking: its UAX #14 class, its
display columns as libunistring counts them (wide = 2), and the C escapes msgcat prints."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from storybridge.po.wrap_tables import (
    _AL,
    _BK,
    _CLASSES,
    _CM,
    _CR,
    _ENDS,
    _H2,
    _H3,
    _HL,
    _LF,
    _RI,
    _STARTS,
    _ZW,
    _ZWJ,
)


def _class_of(cp: int) -> int:
    if 0xAC00 <= cp <= 0xD7A3:  # LV syllables every 28th, LVT between
        return _H2 if (cp - 0xAC00) % 28 == 0 else _H3
    k = bisect_right(_STARTS, cp) - 1
    return _CLASSES[k] if k >= 0 and cp <= _ENDS[k] else _AL


def _width_of(cp: int) -> int:
    """Columns of one character, as libunistring's ``uc_width()`` counts.

    Python 3.11's unicodedata is Unicode 14.0, like libunistring 1.0, and
    this rule agrees with ``uc_width()`` on every assigned code point.
    Controls count 0: ``uc_width()`` says -1 and the wrapper skips them.
    """
    if cp < 0xA0:
        return 1 if 0x20 <= cp < 0x7F else 0
    ch = chr(cp)
    category = unicodedata.category(ch)
    if category == "Cn":
        return 2 if 0x20000 <= cp <= 0x3FFFD else 1
    if (
        category == "Cf"
        or unicodedata.bidirectional(ch) == "NSM"
        or 0x1160 <= cp <= 0x11FF  # conjoining jamo act as combining marks
        or 0xD7B0 <= cp <= 0xD7FF
        or unicodedata.name(ch, "").startswith("ZERO WIDTH")
    ):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class _Memo(dict[str, int]):
    """Character -> value, computed once, so that hits stay in C code."""

    def __init__(self, compute: Callable[[int], int]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, ch: str) -> int:
        value = self[ch] = self._compute(ord(ch))
        return value


_CLASS = _Memo(_class_of)
_WIDTH = _Memo(_width_of)


# Classes whose rules need the whole state machine: mandatory breaks,
# combining marks and joiners, regional indicators, Hebrew. Without them a
# break depends only on the last non-space character, so the fast path can
# test just the few positions near each line end.
_FULL_RULES = frozenset({_BK, _CR, _LF, _CM, _ZW, _ZWJ, _RI, _HL})
_NEEDS_FULL = 1 << 40  # a code no sum of real widths reaches


def _code_of(cp: int) -> int:
    """Columns of a character, or _NEEDS_FULL: one lookup serves both."""
    return _NEEDS_FULL if _class_of(cp) in _FULL_RULES else _width_of(cp)


_CODE = _Memo(_code_of)

# Columns of non-ASCII text without a lookup per character: the UTF-8 lead
# byte guesses each width (one or two bytes: 1, three or four: 2), and a
# regex finds the characters the guess may get wrong, to look those up.
# Every character of these blocks is 2 columns wide and takes the fast path
# (tests/po/test_format.py checks it); the other three-byte ones are looked up.
_WIDE_BLOCKS = (
    (0x1100, 0x115F),  # Hangul choseong
    (0x3000, 0x3029),  # CJK symbols and punctuation, up to the tone marks
    (0x3041, 0x3096),  # hiragana
    (0x30A1, 0x30FA),  # katakana
    (0x3131, 0x318E),  # Hangul compatibility jamo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xF900, 0xFA6D),  # CJK compatibility ideographs
    (0xFF01, 0xFF60),  # fullwidth forms
    (0xFFE0, 0xFFE6),  # fullwidth signs
)
_GUESS = bytes([1] * 0xE0 + [2] * 0x20)  # by UTF-8 lead byte
_CONTINUATION = bytes(range(0x80, 0xC0))


def _unsure_regex() -> re.Pattern[str]:
    """Characters whose width the lead byte may not tell.

    Controls, the soft hyphen, U+0300..U+07FF (combining marks, Hebrew,
    Arabic), three-byte ones outside _WIDE_BLOCKS and all beyond the BMP.
    """
    spans = [r"\x00-\x1f\x7f-\x9f\xad\u0300-\u07ff"]
    after = 0x800
    for first, last in _WIDE_BLOCKS:
        spans.append(rf"\u{after:04x}-\u{first - 1:04x}")
        after = last + 1
    spans.append(rf"\u{after:04x}-\U0010ffff")
    return re.compile("[" + "".join(spans) + "]")


_UNSURE = _unsure_regex()


def _columns(esc: str) -> list[int]:
    """Column before each character of ``esc``, and after the last.

    The total is _NEEDS_FULL or more when a character needs the full rules.
    """
    widths = bytearray(esc.encode("utf-8").translate(_GUESS, _CONTINUATION))
    for unsure in _UNSURE.finditer(esc):
        code = _CODE[unsure.group()]
        if code >= _NEEDS_FULL:
            return [0, _NEEDS_FULL]
        widths[unsure.start()] = code
    return list(accumulate(widths, initial=0))


_ESCAPE_TABLE = str.maketrans(
    {
        "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
        "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"',
    }
)  # fmt: skip
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')


def escape(text: str) -> str:
    """Backslash-escape ``text`` for a PO string as ``write-po.c`` does.

    Only the C escapes, backslash and quote: other control characters and
    all non-ASCII text stay raw, as in files GNU tools write.
    """
    if text.isascii() and text.isprintable():  # the usual case, no regex
        if "\\" in text or '"' in text:
            return text.replace("\\", "\\\\").replace('"', '\\"')
        return text
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return text.translate(_ESCAPE_TABLE)
