"""What the memory's word index knows a text by: a sample of its pairs of words (#18).

Two texts 85 % alike share nearly all their pairs of adjacent words, and
a pair is much rarer than either word, so a lookup compares a query
only with the msgids that share its rarest pairs (``po.memory``). In
Chinese and Japanese, which do not space their words, runs of three
characters stand for the pairs.
"""

from __future__ import annotations

import re

SAMPLE = 3
"""One word pair in this many is indexed (see ``text_words``)."""


_WORD = re.compile(r"\w+")
r"""Runs of word characters; ``split_words`` cuts them at underscores (a
``[^\W_]+`` pattern finds the same words, a third slower)."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def split_words(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, in order."""
    words = _WORD.findall(text)
    if "_" in text:
        words = [part for word in words for part in word.split("_") if part]
    return words


def text_words(text: str) -> set[str]:
    """What the index knows a text by: a third of its pairs of adjacent
    case-folded words (a pair is much rarer than either word, so the
    rarest pick few candidates), and in Chinese and Japanese, which do not
    space their words, a third of its runs of three characters. Which
    third is decided by the characters themselves, so two texts keep the
    same pairs where they agree, in any process and run; indexing every
    pair took longer than the rest of an update."""
    if text.isascii() or not _NOT_PLAIN.search(text):  # most texts: no search per word
        if not text.isascii():
            for mark in _PUNCTUATION:
                if mark in text:
                    text = text.replace(mark, " ")
        words = text.encode().translate(_PLAIN_WORDS).decode().split()
        return {f"{a} {b}" for a, b in zip(words, words[1:]) if (ord(a[0]) + ord(b[-1])) % SAMPLE == 0}
    words = split_words(text.casefold())
    if not _CJK.search(text):
        return {f"{a} {b}" for a, b in zip(words, words[1:]) if (ord(a[0]) + ord(b[-1])) % SAMPLE == 0}
    found: set[str] = set()
    previous = ""
    for word in words:
        if _CJK.search(word):
            found.update(word[i : i + 3] for i in range(max(1, len(word) - 2)) if ord(word[i]) % SAMPLE == 0)
            previous = ""
            continue
        if previous and (ord(previous[0]) + ord(word[-1])) % SAMPLE == 0:
            found.add(f"{previous} {word}")
        previous = word
    return found


_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7"
"""Typographic quotes, dashes, ellipsis and middle dot: common in Korean
text, never part of a word."""

_NOT_PLAIN = re.compile(f"[^\\x00-\\x7f\\uac00-\\ud7a3{_PUNCTUATION}]")
"""A character other than ASCII, Hangul syllables and ``_PUNCTUATION``:
such a text is split by ``split_words``."""

_PLAIN_WORDS = bytes(
    byte if byte > 0x7F or chr(byte).isdigit() else byte | 0x20 if chr(byte).isalpha() else ord(" ")
    for byte in range(256)
)
"""For a plain text (no ``_NOT_PLAIN`` character, ``_PUNCTUATION`` made
spaces), ``split_words(text.casefold())`` in one C pass over its UTF-8: ASCII
letters lowered, digits and Hangul (bytes above 0x7F) kept, anything else
a space (``\\w`` of ASCII is letters, digits and the underscore, which
``split_words`` cuts at; Hangul syllables are letters without case), then
``split``."""
