"""A text as a reader of the page sees it, for the guard's second look (#16).

The guard matches names and detects numbers in the text as written. Some
ways of writing hide a detail from that reading and not from a reader:
an HTML character reference (``&#48320;``, ``&nbsp;``), Markdown emphasis
inside a name (``*변*소라``), an inline tag, a dash other than the hyphen
or an invisible character between the groups of a phone number, an accent
on a Latin letter (``Drévanko``), digits said as words (``공일공…``).
a Markdown backslash escape (``010\\-5555``), an HTML comment inside a
name, percent-encoding in a link (``%EB%B3%80…``). ``as_read`` undoes them; the guard scans
that text when the text as written gave nothing. Its offsets are not the
text's, so what it finds is shown as the whole text masked.
"""

from __future__ import annotations

import html
import re
import unicodedata

_MAY_HIDE = re.compile(r"[&<\\\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]|%[0-9A-Fa-f]{2}|\d[*_`~]|[*_`~]\d|\n[ \t]*>")
_QUOTE_MARKS = re.compile(r"\n[ \t]*(?:>[ \t]?)+")
"""The ``>`` that starts each line of a Markdown quotation: a name broken
across two of its lines (``> 변`` / ``> 소라``) reads whole on the page."""
_MARKED_ADDRESS = re.compile(r"@[^\s@]*[*_`~]|[*_`~][^\s@]*@")
"""Something one of the ways above starts with that the reading as
written does not already see through: it sees through dashes and
invisible characters (the detectors' own reading) and emphasis inside a
name (``fold.SEPARATORS``), not emphasis beside a digit or inside an
address (``*010* 5555``, ``so*ra*@``), so most texts, emphasis and all,
are read once."""
_ACCENTED = re.compile("[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
"""A tag, however long (Word and Google Docs paste long ``style`` attributes)."""
_MARKUP = re.compile(r"[*_`]+|~~")
"""Emphasis and code marks; a single ``~`` stays: ``2015.9~2016.1`` is a
range of dates, not one number."""
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A Markdown backslash escape (``010\\-5555``): the page shows the character alone."""
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_DASH = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\U000e0000-\U000e007f]")


_KOREAN_DIGITS = {"공": "0", "영": "0", "일": "1", "이": "2", "삼": "3", "사": "4", "오": "5", "육": "6", "륙": "6",
                  "칠": "7", "팔": "8", "구": "9"}
_CHINESE_DIGITS = {"〇": "0", "零": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "兩": "2", "三": "3",
                   "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_DIGIT_WORD = "".join(sorted({*_KOREAN_DIGITS, *_CHINESE_DIGITS}))
_DIGIT_WORDS = re.compile(f"[{_DIGIT_WORD}0-9](?:[\\s\\-.*_\u00b7\u318d\u30fb]{{0,3}}[{_DIGIT_WORD}0-9]){{6,24}}")
"""Seven or more digits, some said as words (``공일공 오오오오 …``, ``010
오오오오 …``, ``一三九…``): a phone number that no detector reads as one;
shorter runs are words."""
_AS_DIGITS = str.maketrans({**_KOREAN_DIGITS, **_CHINESE_DIGITS})


def may_hide(text: str) -> bool:
    """Whether ``text`` holds something ``as_read`` would change (digit
    words only in a text that is not ASCII, an address's marks only in one
    with an ``@``: the cheap questions first)."""
    if _MAY_HIDE.search(text) is not None:
        return True
    if "@" in text and _MARKED_ADDRESS.search(text) is not None:
        return True
    return not text.isascii() and any(not run.group().isascii() for run in _DIGIT_WORDS.finditer(text))


def as_read(text: str) -> str:
    """``text`` with character references decoded, runs of digits said as
    words written as digits, tags and emphasis marks left out, every dash
    a hyphen, invisible characters dropped and accents taken off Latin
    letters."""
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = _PERCENT.sub(_decoded, text)
    if "<!--" in text:
        text = _without_comments(text)
    text = _QUOTE_MARKS.sub("\n", text)
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    text = _DIGIT_WORDS.sub(lambda run: run.group().translate(_AS_DIGITS), text)
    text = _DASH.sub("-", text)
    text = _INVISIBLE.sub("", text)
    if _ACCENTED.search(text):
        text = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
        )
    return text


def _decoded(run: re.Match[str]) -> str:
    """A run of percent-encoded bytes (a link's path) as the text it encodes."""
    try:
        return bytes.fromhex(run.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return run.group()


def _without_comments(text: str) -> str:
    """``text`` without its HTML comments, however long; an unclosed one
    and what follows stay (found in one pass: a pattern would start over
    at every ``<!--`` left open)."""
    pieces: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        pieces.append(text[position:start])
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)
