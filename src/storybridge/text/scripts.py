"""Writing systems of a text: which script its letters are in, and the words
left once names of things that are not language (URLs, handles, numbers)
are taken out.

The language and punctuation checks measure with these. They count
letters by Unicode script rather than trusting langdetect alone, because
langdetect calls a Korean sentence English as soon as it carries an English
name ("Crossing Borders는 …"), which is how correct Korean often looks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

Script = str
"""``hangul``, ``han``, ``kana``, ``latin`` or ``other``."""

_SCRIPT_OF_LANGUAGE: dict[str, Script] = {
    "ko": "hangul",
    "zh": "han",
    "en": "latin",
}

LATIN_WEIGHT = 1 / 3
"""A Latin letter carries about a third of what a Hangul syllable or a Han
character does, so counts are weighted before they are compared: an English
name in a Korean sentence must not outweigh the Korean around it."""

_URL = re.compile(r"\b(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Only an ASCII letter before '@' or '#' makes an e-mail address or "C#":
# Chinese and Japanese put a tag right after a character ("新项目#Pray40NK").
_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"
)
_HASHTAG = re.compile(r"(?<![A-Za-z0-9_&#/\\])#(\w*[^\W\d_]\w*)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
"""Hangul syllables, jamo and compatibility jamo, as a character-class body:
the one definition every module that tells Korean apart uses."""
_HANGUL_LETTER = re.compile(f"[{HANGUL}]")


def is_hangul(char: str) -> bool:
    """True for a Hangul syllable or jamo."""
    return _HANGUL_LETTER.match(char) is not None


def is_wide(char: str) -> bool:
    """True for CJK characters other than Hangul, which are written without
    spaces between them (Korean is written with spaces)."""
    return char >= "\u1100" and unicodedata.east_asian_width(char) in ("W", "F") and not is_hangul(char)


def script_of(char: str) -> Script | None:
    """The script of one letter, or None for anything that is not a letter."""
    if is_hangul(char):
        return "hangul"
    if "\u3040" <= char <= "\u30ff" or "\u31f0" <= char <= "\u31ff":
        return "kana"
    if (
        "\u4e00" <= char <= "\u9fff"
        or "\u3400" <= char <= "\u4dbf"
        or "\uf900" <= char <= "\ufaff"
    ):
        return "han"
    if not char.isalpha():
        return None
    if char.isascii() or unicodedata.name(char, "").startswith("LATIN"):
        return "latin"
    return "other"


def expected_script(language: str) -> Script | None:
    """The script a catalog's text should be in (``zh_Hans`` → ``han``), or
    None for a language these checks do not know."""
    return _SCRIPT_OF_LANGUAGE.get(language.split("_")[0].split("-")[0])


@lru_cache(maxsize=4096)
def without_non_words(text: str, numbers: bool = True) -> str:
    """``text`` with URLs, e-mail addresses, @handles, #hashtags and (unless
    ``numbers`` is False) numbers blanked out: names of things, which every
    language writes the same."""
    if ":" in text or "." in text:  # every URL has one
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _HANDLE.sub(" ", _EMAIL.sub(" ", text))
    if "#" in text:
        text = _HASHTAG.sub(" ", text)
    return _NUMBER.sub(" ", text) if numbers else text


def handles(text: str) -> list[str]:
    """The @handles in ``text``, ``@`` included; an e-mail address is not one."""
    return ["@" + match.group(1) for match in _HANDLE.finditer(_URL.sub(" ", text))]


def hashtags(text: str) -> list[str]:
    """The #hashtags in ``text``, ``#`` included; ``#1`` and ``C#`` are not."""
    return ["#" + match.group(1) for match in _HASHTAG.finditer(_URL.sub(" ", text))]


@dataclass(frozen=True, slots=True)
class ScriptCounts:
    """Letters of a text by script, names of things left out."""

    letters: dict[Script, int]
    """How many letters of each script."""
    latin_words: tuple[str, ...]
    """The Latin-script words, to tell a name (all capitalized) from prose."""
    sentences: bool = False
    """True when a word ends a sentence ("Abuse."): capitalized words that
    do are prose, not a name ("Mrs. Jo" is a name)."""

    def weight(self, script: Script) -> float:
        return self.letters.get(script, 0) * (
            LATIN_WEIGHT if script == "latin" else 1.0
        )

    @property
    def total(self) -> float:
        return sum(self.weight(script) for script in self.letters)

    def share(self, script: Script) -> float:
        """The weighted share of ``script`` among all letters (0 when none)."""
        total = self.total
        return self.weight(script) / total if total else 0.0

    def dominant(self) -> Script | None:
        """The script with the largest weighted share."""
        if not self.letters:
            return None
        return max(sorted(self.letters), key=self.weight)

    @property
    def only_names(self) -> bool:
        """True when every letter is in capitalized Latin words: "Soon Me",
        "Crossing Borders" are the same in every language."""
        if set(self.letters) != {"latin"} or self.sentences:
            return False
        return all(word[0].isupper() for word in self.latin_words)


_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def count_scripts(text: str) -> ScriptCounts:
    """Count the letters of ``text`` by script, after ``without_non_words``.

    Letters of the common ranges are counted by pattern, in C; only the
    rare ones outside them are looked at one by one (``script_of``)."""
    words = without_non_words(text)
    letters: Counter[Script] = Counter()
    ranges = _SCRIPT_RANGES if _EAST_ASIAN.search(words) else _SCRIPT_RANGES[-1:]
    for script, pattern in ranges:
        found = pattern.subn("", words)[1]
        if found:
            letters[script] += found
    for char in _RARE_LETTER.findall(words):
        rare = script_of(char)
        if rare is not None:
            letters[rare] += 1
    # A Latin word is letters only (script_of names no mark or apostrophe);
    # ASCII ones need no closer look.
    alphabetic = list(filter(str.isalpha, _LATIN_WORD.findall(words)))
    if "".join(alphabetic).isascii():
        latin = tuple(alphabetic)
    else:
        latin = tuple(
            w for w in alphabetic if w.isascii() or all(script_of(c) == "latin" for c in w)
        )
    ends = any(m.group(1) not in _ABBREVIATIONS for m in _SENTENCE_END.finditer(words))
    return ScriptCounts(letters=dict(letters), latin_words=latin, sentences=ends)


_SCRIPT_RANGES: tuple[tuple[Script, re.Pattern[str]], ...] = (
    ("hangul", re.compile(f"[{HANGUL}]")),
    ("kana", re.compile("[\u3040-\u30ff\u31f0-\u31ff]")),
    ("han", re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")),
    ("latin", re.compile("[A-Za-z]")),
)
"""The ranges ``script_of`` names first, and ASCII letters."""
_EAST_ASIAN = re.compile(f"[{HANGUL}\u3040-\u30ff\u31f0-\u31ff\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
"""Any letter of the first three ranges: without one, only ASCII letters are counted by pattern."""
_RARE_LETTER = re.compile(
    f"[^\x00-\x7f{HANGUL}\u3040-\u30ff"
    "\u31f0-\u31ff\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"
)
"""Non-ASCII characters outside those ranges (letters or not: ``script_of``
decides). ASCII needs no look: its letters are counted above."""


_SENTENCE_END = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[.!?]+(?=\s|$)")  # from a word's start only: linear
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Rev", "Prof"}


SCRIPT_NAMES: dict[Script, str] = {
    "hangul": "Korean",
    "han": "Chinese",
    "kana": "Japanese",
    "latin": "English",
    "other": "another script",
}
"""How a script is named in messages: the language a volunteer most likely
left in by mistake."""
