"""Break one PO string into quoted lines exactly where GNU gettext 0.21 does.

``msgcat``, ``msgmerge`` and ``xgettext`` print every string through
``wrap()`` in gettext's ``write-po.c``, which breaks lines where
libunistring's ``ulc_width_linebreaks`` allows (Unicode line breaking,
UAX #14). Volunteers run those tools on our catalogs, so we break exactly
where they do: any other choice turns each such run into a diff of rewrapped
lines.

The reference is GNU gettext 0.21 with libunistring 1.0 (Unicode 14.0.0, as
in Debian bookworm). Later libunistring releases changed the rules (LB15a-c,
LB19a, LB28a), so a newer gettext may wrap some strings differently.

Not modelled: gettext forbids breaks inside the printf directives of entries
flagged ``*-format``. Directives hardly ever contain a break opportunity
(``%s``, ``%(name)s`` and ``{0}`` have none), so only contrived strings care.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

__all__ = ["PAGE_WIDTH", "escape", "wrap_field"]

PAGE_WIDTH = 79
"""msgcat's default ``--width``."""

# Line-break classes. 0..32 index the pair table; the others are handled by
# the rules around it (UAX #14 LB4-LB10), as libunistring does.
_CLASS_NAMES = (
    *("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS"),
    *("OP1", "OP2", "QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1"),
    *("ID2", "JL", "JV", "JT", "HL", "RI", "ZWJ", "EB", "EM"),
    *("BK", "CR", "LF", "CM", "ZW", "SP"),
)
_C = {name: code for code, name in enumerate(_CLASS_NAMES)}
_BA, _HY, _AL, _H2, _H3, _HL, _RI, _ZWJ = (
    _C[n] for n in ("BA", "HY", "AL", "H2", "H3", "HL", "RI", "ZWJ")
)
_BK, _CR, _LF, _CM, _ZW, _SP = (_C[n] for n in ("BK", "CR", "LF", "CM", "ZW", "SP"))
_HL_BA = len(_CLASS_NAMES)  # exists only at run time: Hebrew letter + hyphen

# libunistring 1.0's pair table (UAX #14 table 7.3 as it adapts it): row is
# the class before, column the class after (order of _CLASS_NAMES).
# D: break; I: break only if spaces come between; P: never.
_PAIR_ROWS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
_DIRECT, _INDIRECT = 1, 2
_PAIR = tuple(tuple("_DIP".index(c) for c in row) for row in _PAIR_ROWS)

# Line-break classes of the blocks stories draw on: Latin, combining marks,
# general punctuation, currency, symbols and dingbats, CJK radicals, symbols
# and ideographs, kana, Hangul jamo, CJK compatibility and fullwidth forms,
# emoji, variation selectors. Taken from libunistring 1.0's table with its
# UTF-8 resolutions applied (AI, SA, XX -> AL; CB -> ID1). Hangul syllables
# are computed; whatever is not listed is AL, libunistring's own fallback.
_RANGES = """
0-8:CM 9:BA A:LF B-C:BK D:CR E-1F:CM 20:SP 21:EX 22:QU 24:PR 25:PO 27:QU
28:OP1 29:CP1 2B:PR 2C:IS 2D:HY 2E:IS 2F:SY 30-39:NU 3A-3B:IS 3F:EX
5B:OP1 5C:PR 5D:CP1 7B:OP1 7C:BA 7D:CL 7F-84:CM 85:BK 86-9F:CM A0:GL
A1:OP1 A2:PO A3-A5:PR AB:QU AD:BA B0:PO B1:PR B4:BB BB:QU BF:OP1 2C8:BB
2CC:BB 2DF:BB 300-34E:CM 34F:GL 350-35B:CM 35C-362:GL 363-36F:CM
1100-115F:JL 1160-11A7:JV 11A8-11FF:JT 2000-2006:BA 2007:GL 2008-200A:BA
200B:ZW 200C:CM 200D:ZWJ 200E-200F:CM 2010:BA 2011:GL 2012-2013:BA
2014:B2 2018-2019:QU 201A:OP1 201B-201D:QU 201E:OP1 201F:QU 2024-2026:IN
2027:BA 2028-2029:BK 202A-202E:CM 202F:GL 2030-2037:PO 2039-203A:QU
203C-203D:NS 2044:IS 2045:OP1 2046:CL 2047-2049:NS 2056:BA 2058-205B:BA
205D-205F:BA 2060:WJ 2066-206F:CM 20A0-20A6:PR 20A7:PO 20A8-20B5:PR
20B6:PO 20B7-20BA:PR 20BB:PO 20BC-20BD:PR 20BE:PO 20BF:PR 20C0:PO
20C1-20CF:PR 2600-2603:ID1 2614-2615:ID1 2618:ID1 261A-261C:ID1 261D:EB
261E-261F:ID1 2639-263B:ID1 2668:ID1 267F:ID1 26BD-26C8:ID1 26CD:ID1
26CF-26D1:ID1 26D3-26D4:ID1 26D8-26D9:ID1 26DC:ID1 26DF-26E1:ID1
26EA:ID1 26F1-26F5:ID1 26F7-26F8:ID1 26F9:EB 26FA:ID1 26FD-2704:ID1
2708-2709:ID1 270A-270D:EB 275B-2760:QU 2762-2763:EX 2764:ID1 2768:OP1
2769:CL 276A:OP1 276B:CL 276C:OP1 276D:CL 276E:OP1 276F:CL 2770:OP1
2771:CL 2772:OP1 2773:CL 2774:OP1 2775:CL 2E80-2E99:ID1 2E9B-2EF3:ID1
2F00-2FD5:ID1 2FF0-2FFB:ID1 3000:BA 3001-3002:CL 3003-3004:ID1 3005:NS
3006-3007:ID1 3008:OP2 3009:CL 300A:OP2 300B:CL 300C:OP2 300D:CL
300E:OP2 300F:CL 3010:OP2 3011:CL 3012-3013:ID1 3014:OP2 3015:CL
3016:OP2 3017:CL 3018:OP2 3019:CL 301A:OP2 301B:CL 301C:NS 301D:OP2
301E-301F:CL 3020-3029:ID1 302A-302F:CM 3030-3034:ID1 3035:CM
3036-303A:ID1 303B-303C:NS 303D-303F:ID1 3041:NS 3042:ID1 3043:NS
3044:ID1 3045:NS 3046:ID1 3047:NS 3048:ID1 3049:NS 304A-3062:ID1 3063:NS
3064-3082:ID1 3083:NS 3084:ID1 3085:NS 3086:ID1 3087:NS 3088-308D:ID1
308E:NS 308F-3094:ID1 3095-3096:NS 3099-309A:CM 309B-309E:NS 309F:ID1
30A0-30A1:NS 30A2:ID1 30A3:NS 30A4:ID1 30A5:NS 30A6:ID1 30A7:NS 30A8:ID1
30A9:NS 30AA-30C2:ID1 30C3:NS 30C4-30E2:ID1 30E3:NS 30E4:ID1 30E5:NS
30E6:ID1 30E7:NS 30E8-30ED:ID1 30EE:NS 30EF-30F4:ID1 30F5-30F6:NS
30F7-30FA:ID1 30FB-30FE:NS 30FF:ID1 3105-312F:ID1 3131-318E:ID1
3190-31E3:ID1 31F0-31FF:NS 3200-321E:ID1 3220-3247:ID1 3250-33FF:ID1
3400-4DBF:ID1 4E00-9FFF:ID1 A960-A97C:JL D7B0-D7C6:JV D7CB-D7FB:JT
F900-FAFF:ID1 FE00-FE0F:CM FE10:IS FE11-FE12:CL FE13-FE14:IS
FE15-FE16:EX FE17:OP2 FE18:CL FE19:IN FE30-FE34:ID1 FE35:OP2 FE36:CL
FE37:OP2 FE38:CL FE39:OP2 FE3A:CL FE3B:OP2 FE3C:CL FE3D:OP2 FE3E:CL
FE3F:OP2 FE40:CL FE41:OP2 FE42:CL FE43:OP2 FE44:CL FE45-FE46:ID1
FE47:OP2 FE48:CL FE49-FE4F:ID1 FE50:CL FE51:ID1 FE52:CL FE54-FE55:NS
FE56-FE57:EX FE58:ID1 FE59:OP2 FE5A:CL FE5B:OP2 FE5C:CL FE5D:OP2 FE5E:CL
FE5F-FE66:ID1 FE68:ID1 FE69:PR FE6A:PO FE6B:ID1 FEFF:WJ FF01:EX
FF02-FF03:ID1 FF04:PR FF05:PO FF06-FF07:ID1 FF08:OP2 FF09:CL
FF0A-FF0B:ID1 FF0C:CL FF0D:ID1 FF0E:CL FF0F-FF19:ID1 FF1A-FF1B:NS
FF1C-FF1E:ID1 FF1F:EX FF20-FF3A:ID1 FF3B:OP2 FF3C:ID1 FF3D:CL
FF3E-FF5A:ID1 FF5B:OP2 FF5C:ID1 FF5D:CL FF5E:ID1 FF5F:OP2 FF60-FF61:CL
FF62:OP2 FF63-FF64:CL FF65:NS FF66:ID1 FF67-FF70:NS FF71-FF9D:ID1
FF9E-FF9F:NS FFA0-FFBE:ID1 FFC2-FFC7:ID1 FFCA-FFCF:ID1 FFD2-FFD7:ID1
FFDA-FFDC:ID1 FFE0:PO FFE1:PR FFE2-FFE4:ID1 FFE5-FFE6:PR 1F000-1F02B:ID1
1F02C-1F02F:ID2 1F030-1F093:ID1 1F094-1F09F:ID2 1F0A0-1F0AE:ID1
1F0AF-1F0B0:ID2 1F0B1-1F0BF:ID1 1F0C0:ID2 1F0C1-1F0CF:ID1 1F0D0:ID2
1F0D1-1F0F5:ID1 1F0F6-1F0FF:ID2 1F10D-1F10F:ID1 1F16D-1F16F:ID1
1F1AD:ID1 1F1AE-1F1E5:ID2 1F1E6-1F1FF:RI 1F200-1F202:ID1 1F203-1F20F:ID2
1F210-1F23B:ID1 1F23C-1F23F:ID2 1F240-1F248:ID1 1F249-1F24F:ID2
1F250-1F251:ID1 1F252-1F25F:ID2 1F260-1F265:ID1 1F266-1F2FF:ID2
1F300-1F384:ID1 1F385:EB 1F386-1F39B:ID1 1F39E-1F3B4:ID1 1F3B7-1F3BB:ID1
1F3BD-1F3C1:ID1 1F3C2-1F3C4:EB 1F3C5-1F3C6:ID1 1F3C7:EB 1F3C8-1F3C9:ID1
1F3CA-1F3CC:EB 1F3CD-1F3FA:ID1 1F3FB-1F3FF:EM 1F400-1F441:ID1
1F442-1F443:EB 1F444-1F445:ID1 1F446-1F450:EB 1F451-1F465:ID1
1F466-1F478:EB 1F479-1F47B:ID1 1F47C:EB 1F47D-1F480:ID1 1F481-1F483:EB
1F484:ID1 1F485-1F487:EB 1F488-1F48E:ID1 1F48F:EB 1F490:ID1 1F491:EB
1F492-1F49F:ID1 1F4A1:ID1 1F4A3:ID1 1F4A5-1F4A9:ID1 1F4AA:EB
1F4AB-1F4AE:ID1 1F4B0:ID1 1F4B3-1F4FF:ID1 1F507-1F516:ID1
1F525-1F531:ID1 1F54A-1F573:ID1 1F574-1F575:EB 1F576-1F579:ID1 1F57A:EB
1F57B-1F58F:ID1 1F590:EB 1F591-1F594:ID1 1F595-1F596:EB 1F597-1F5D3:ID1
1F5DC-1F5F3:ID1 1F5FA-1F644:ID1 1F645-1F647:EB 1F648-1F64A:ID1
1F64B-1F64F:EB 1F676-1F678:QU 1F679-1F67B:NS 1F680-1F6A2:ID1 1F6A3:EB
1F6A4-1F6B3:ID1 1F6B4-1F6B6:EB 1F6B7-1F6BF:ID1 1F6C0:EB 1F6C1-1F6CB:ID1
1F6CC:EB 1F6CD-1F6D7:ID1 1F6D8-1F6DC:ID2 1F6DD-1F6EC:ID1 1F6ED-1F6EF:ID2
1F6F0-1F6FC:ID1 1F6FD-1F6FF:ID2 1F774-1F77F:ID2 1F7D5-1F7D8:ID1
1F7D9-1F7DF:ID2 1F7E0-1F7EB:ID1 1F7EC-1F7EF:ID2 1F7F0:ID1
1F7F1-1F7FF:ID2 1F80C-1F80F:ID2 1F848-1F84F:ID2 1F85A-1F85F:ID2
1F888-1F88F:ID2 1F8AE-1F8AF:ID2 1F8B0-1F8B1:ID1 1F8B2-1F8FF:ID2 1F90C:EB
1F90D-1F90E:ID1 1F90F:EB 1F910-1F917:ID1 1F918-1F91F:EB 1F920-1F925:ID1
1F926:EB 1F927-1F92F:ID1 1F930-1F939:EB 1F93A-1F93B:ID1 1F93C-1F93E:EB
1F93F-1F976:ID1 1F977:EB 1F978-1F9B4:ID1 1F9B5-1F9B6:EB 1F9B7:ID1
1F9B8-1F9B9:EB 1F9BA:ID1 1F9BB:EB 1F9BC-1F9CC:ID1 1F9CD-1F9CF:EB
1F9D0:ID1 1F9D1-1F9DD:EB 1F9DE-1F9FF:ID1 1FA54-1FA5F:ID2 1FA60-1FA6D:ID1
1FA6E-1FA6F:ID2 1FA70-1FA74:ID1 1FA75-1FA77:ID2 1FA78-1FA7C:ID1
1FA7D-1FA7F:ID2 1FA80-1FA86:ID1 1FA87-1FA8F:ID2 1FA90-1FAAC:ID1
1FAAD-1FAAF:ID2 1FAB0-1FABA:ID1 1FABB-1FABF:ID2 1FAC0-1FAC2:ID1
1FAC3-1FAC5:EB 1FAC6-1FACF:ID2 1FAD0-1FAD9:ID1 1FADA-1FADF:ID2
1FAE0-1FAE7:ID1 1FAE8-1FAEF:ID2 1FAF0-1FAF6:EB 1FAF7-1FAFF:ID2
20000-2FFFD:ID1 30000-3FFFD:ID1 E0001:CM E0020-E007F:CM E0100-E01EF:CM
"""


def _parse_ranges(text: str) -> tuple[list[int], list[int], list[int]]:
    """Turn ``FIRST-LAST:CLASS`` tokens into parallel lists for bisect."""
    starts: list[int] = []
    ends: list[int] = []
    classes: list[int] = []
    for token in text.split():
        span, name = token.split(":")
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        classes.append(_C[name])
    return starts, ends, classes


_STARTS, _ENDS, _CLASSES = _parse_ranges(_RANGES)


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
# (tests/test_poformat.py checks it); the other three-byte ones are looked up.
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


def _in_escape(esc: str, i: int) -> bool:
    """Whether ``esc[i]`` is the second character of an escape sequence."""
    j = i - 1
    while j >= 0 and esc[j] == "\\":
        j -= 1
    return (i - 1 - j) % 2 == 1


def _is_break(esc: str, i: int, no_break_at: int) -> bool:
    """Break opportunity before ``esc[i]``, for text the fast path takes."""
    ch = esc[i]
    if ch == " " or i == no_break_at:
        return False
    if esc[i - 1] == "\\" and _in_escape(esc, i):
        return False
    j = i - 1
    while j >= 0 and esc[j] == " ":
        j -= 1
    if j < 0:
        return False
    rule = _PAIR[_CLASS[esc[j]]][_CLASS[ch]]
    return rule == _DIRECT or (rule == _INDIRECT and j < i - 1)


def _ascii_break_after() -> frozenset[str]:
    """Printable ASCII characters a break may follow in ASCII text.

    A space, or a character whose row holds a direct break against some
    ASCII class; after any other, ASCII text cannot break (``,``, ``-``,
    ``/`` qualify, letters and digits do not). Lets the fast path skip
    through words without testing each position.
    """
    printable = [chr(cp) for cp in range(0x20, 0x7F)]
    columns = {_CLASS[ch] for ch in printable} - {_SP}
    return frozenset(
        ch
        for ch in printable
        if ch == " " or any(_PAIR[_CLASS[ch]][col] == _DIRECT for col in columns)
    )


_ASCII_BREAK_AFTER = _ascii_break_after()


def _fast_breaks(
    esc: str, cum: list[int] | None, start: int, width: int, no_break_at: int
) -> list[int]:
    """Greedy line breaks, testing opportunities only near each line end.

    Equivalent to libunistring's piece-by-piece loop: a line takes every
    piece (text up to the next opportunity) that ends within ``width``, and
    always at least one. ``cum[i]`` is the column after ``esc[:i]``; None
    means one column per character.
    """
    n = len(esc)
    total = n if cum is None else cum[n]
    breaks: list[int] = []
    b, column, at_b = 0, start, 0  # line start, its column, columns before it
    while column + total - at_b > width:
        room = width - column + at_b  # last column a break may come after
        limit = room if cum is None else bisect_right(cum, room) - 1
        limit = min(limit, n - 1)
        o = limit
        if cum is None:
            while o > b and (
                esc[o - 1] not in _ASCII_BREAK_AFTER
                or not _is_break(esc, o, no_break_at)
            ):
                o -= 1
        else:
            while o > b and not _is_break(esc, o, no_break_at):
                o -= 1
        if o <= b:  # the first piece overflows: break after it
            o = max(limit, b) + 1
            while o < n and not _is_break(esc, o, no_break_at):
                o += 1
            if o >= n:
                break
        breaks.append(o)
        b, column, at_b = o, 0, (o if cum is None else cum[o])
    return breaks


def _any_break(esc: str, no_break_at: int) -> bool:
    """Whether the fast-path text ``esc`` may break anywhere at all."""
    return any(_is_break(esc, i, no_break_at) for i in range(1, len(esc)))


def _opportunities(esc: str) -> list[int]:
    """UAX #14 as libunistring 1.0 applies it: 0 no, 1 possible, 2 mandatory."""
    result = [0] * len(esc)
    prev = last = _BK  # previous character; last one not a space or mark
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(esc):
        cls = _CLASS[ch]
        if cls == _BK or cls == _LF or cls == _CR:
            result[i] = 2
            prev, last, seen_space = cls, _BK, False
        else:
            if cls == _SP:
                seen_space = True
            elif cls == _ZW:
                last, seen_space = _ZW, False
            elif cls == _CM or cls == _ZWJ:
                # A mark continues its base (LB9), or stands as AL (LB10).
                if last == _BK:
                    last, seen_space = _AL, False
                elif last == _ZW or seen_space:
                    result[i] = 1
                    last, seen_space = _AL, False
            else:
                if last == _BK:
                    pass
                elif last == _ZW:
                    result[i] = 1
                elif prev == _ZWJ:
                    pass
                elif last == _RI and cls == _RI:
                    result[i] = 1 if seen_space or ri_count % 2 == 0 else 0
                elif prev == _HL_BA:
                    pass
                else:
                    rule = _PAIR[last][cls]
                    if rule == _DIRECT or (rule == _INDIRECT and seen_space):
                        result[i] = 1
                last, seen_space = cls, False
            prev = _HL_BA if prev == _HL and (cls == _HY or cls == _BA) else cls
        ri_count = ri_count + 1 if cls == _RI else 0
    return result


def _full_breaks(
    esc: str, start: int, width: int, no_break_at: int, first_only: bool
) -> list[int]:
    """libunistring's width loop, character by character, for any text."""
    kinds = _opportunities(esc)
    for i in range(1, len(esc)):
        if esc[i - 1] == "\\" and _in_escape(esc, i):
            kinds[i] = 0
    if no_break_at >= 0:
        kinds[no_break_at] = 0
    breaks: list[int] = []
    piece_start = -1
    column, piece = start, 0
    for i, ch in enumerate(esc):
        kind = kinds[i]
        if kind and piece_start >= 0 and column + piece > width:
            breaks.append(piece_start)
            if first_only:
                return breaks
            column = 0
        if kind == 2:  # a line separator: the next piece starts at column 0
            piece_start, column, piece = -1, 0, 0
            continue
        if kind == 1:
            piece_start, column, piece = i, column + piece, 0
        piece += _WIDTH[ch]
    if piece_start >= 0 and column + piece > width:
        breaks.append(piece_start)
    return breaks


@lru_cache(maxsize=8192)
def wrap_field(
    keyword: str,
    value: str,
    prefix: str = "",
    *,
    page_width: int = PAGE_WIDTH,
    wrap: bool = True,
) -> str:
    """Render ``keyword "value"`` as msgcat does, each line ending in ``\\n``.

    Memoized: a story's msgids are wrapped once for its template and every
    catalog that repeats them.

    ``prefix`` starts every line (``"#~ "`` for obsolete entries, ``"#| "``
    for previous strings). ``wrap=False`` is the ``no-wrap`` flag: only the
    breaks after embedded newlines remain.
    """
    # Columns for the text of a continuation line: prefix and quotes taken.
    width = (page_width if wrap else 1 << 30) - 1 - (len(prefix) + 1)
    start = len(keyword) + 1  # the same on the first line: keyword and space
    if "\n" not in value:
        portions = [value]
    else:  # each portion but the last keeps its newline, as in write-po.c
        portions = [p + "\n" for p in value.split("\n")]
        tail = portions.pop()
        if tail != "\n":
            portions.append(tail[:-1])
    out: list[str] = []
    last = len(portions) - 1
    for k, portion in enumerate(portions):
        esc = escape(portion)
        no_break_at = len(esc) - 2 if portion[-1:] == "\n" else -1
        if last == 0 and start + 2 * len(esc) <= width:  # fits, however wide
            out.append(f'{prefix}{keyword} "{esc}"\n')
            break
        if esc.isascii() and esc.isprintable():
            cum = None
            total = len(esc)
        else:
            cum = _columns(esc)
            total = cum[-1]
            if total >= _NEEDS_FULL:
                out.append(
                    _full_portion(
                        keyword,
                        esc,
                        prefix,
                        start,
                        width,
                        no_break_at,
                        k == 0,
                        k < last,
                    )
                )
                continue
        breaks = _fast_breaks(esc, cum, 0, width, no_break_at) if total > width else []
        if k == 0:
            # gettext opens with an empty string when the text has a newline
            # inside or would wrap after the keyword.
            if not esc or (
                k == last
                and start <= width
                and (
                    start + total <= width
                    or not (breaks or _any_break(esc, no_break_at))
                )
            ):
                out.append(f'{prefix}{keyword} "{esc}"\n')
                continue
            out.append(f'{prefix}{keyword} ""\n')
        a = 0
        for b in breaks:
            out.append(f'{prefix}"{esc[a:b]}"\n')
            a = b
        out.append(f'{prefix}"{esc[a:]}"\n')
    return "".join(out)


def _full_portion(
    keyword: str,
    esc: str,
    prefix: str,
    start: int,
    width: int,
    no_break_at: int,
    first: bool,
    more: bool,
) -> str:
    """One portion of text that needs the full rules, lines as in wrap_field."""
    out: list[str] = []
    if first:
        if not esc or not (
            more or start > width or _full_breaks(esc, start, width, no_break_at, True)
        ):
            return f'{prefix}{keyword} "{esc}"\n'
        out.append(f'{prefix}{keyword} ""\n')
    a = 0
    for b in _full_breaks(esc, 0, width, no_break_at, False):
        out.append(f'{prefix}"{esc[a:b]}"\n')
        a = b
    out.append(f'{prefix}"{esc[a:]}"\n')
    return "".join(out)
