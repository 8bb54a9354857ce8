"""The private list of sensitive terms, and the spellings each entry is
matched in: as written, in simplified and traditional Han (folding makes
both simplified), and romanized from Hangul and Han.

The list is plain text, one entry a line, ``#`` starting a comment, and
``a | b | c`` giving the variants of one entry. Entries are numbered by
their line in the file, so a finding can say ``matches private entry 3``
and an editor can look it up without the finding repeating the term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storybridge.checks.sensitive.fold import fold
from storybridge.errors import StoryError

ROMANIZED_MIN = 4
"""Romanized spellings shorter than this are not added: ``jo`` or ``li``
would match everyday words and pseudonyms."""

# Surnames as their bearers spell them in Latin letters, beside the Revised
# Romanization the romanizer gives (김 → gim, but everyone writes Kim).
_KOREAN_SURNAMES = {
    "김": ("kim",), "이": ("lee", "yi", "rhee"), "박": ("park", "pak"), "최": ("choi", "choe"),
    "정": ("jung", "chung", "jeong"), "강": ("kang",), "조": ("cho", "jo"), "윤": ("yoon", "yun"),
    "장": ("jang", "chang"), "임": ("lim", "im"), "한": ("han",), "오": ("oh",), "서": ("seo", "suh"),
    "신": ("shin",), "권": ("kwon",), "황": ("hwang",), "안": ("ahn",), "송": ("song",),
    "류": ("ryu", "yoo"), "홍": ("hong",), "리": ("ri", "lee"),
}
# Spellings people use for Revised Romanization's vowels (순미 → sunmi, soonmi).
_VOWEL_SPELLINGS = (("u", "oo"), ("eo", "o"), ("eo", "u"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the private list."""

    number: int
    """The entry's number: its 1-based line in the file."""
    variants: tuple[str, ...]
    """The spellings written on the line (``a | b``), as written."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One folded spelling to look for, and the entry it stands for."""

    text: str
    """Folded (see ``fold``): no spaces, hyphens or case."""
    entry: int
    """The entry's number."""
    latin: bool
    """All ASCII letters (a comma between surname and given name aside):
    matched only as whole words."""
    romanized: bool
    """Made from a Hangul or Han spelling, not written in the list."""


def parse_list(text: str, shown: str) -> tuple[Entry, ...]:
    """The entries of a private list; ``shown`` names it in errors. An entry
    whose every variant folds to nothing is an error (it cannot be matched).
    The message names the line, never the text on it."""
    entries = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        variants = tuple(part.strip() for part in content.split("|") if part.strip())
        if not variants or not all(fold(variant) for variant in variants):
            raise StoryError(shown, number, "an entry of the private list has nothing to match")
        entries.append(Entry(number, variants))
    return tuple(entries)


def patterns(entries: tuple[Entry, ...]) -> tuple[Pattern, ...]:
    """Every folded spelling of every entry, without duplicates."""
    found: dict[tuple[str, int], Pattern] = {}
    for entry in entries:
        for variant in entry.variants:
            folded = fold(variant)
            found.setdefault((folded, entry.number), Pattern(folded, entry.number, _is_latin(folded), False))
            for spelling in romanized(variant):
                if len(spelling) >= ROMANIZED_MIN:
                    found.setdefault((spelling, entry.number), Pattern(spelling, entry.number, True, True))
            for spelling in surname_first(variant):  # whole words, like a Latin spelling
                found.setdefault((spelling, entry.number), Pattern(spelling, entry.number, True, True))
    return tuple(found.values())


def surname_first(variant: str) -> tuple[str, ...]:
    """The entry as lists of names write it, the surname, a comma, then the
    given name (``Vale, Corwin``), folded: from a Latin spelling of two
    words or more, whichever end the surname stands at (``Corwin Vale``,
    ``Kim Soonmee``, ``Soon Mee Kim``), and from the romanized Hangul or Han
    spelling, with the surname spellings people use. Folding keeps the
    comma, so none of the other spellings finds it."""
    words = variant.split()
    if len(words) >= 2 and all(_is_latin(fold(word)) for word in words):
        last, first = f"{words[-1]},{' '.join(words[:-1])}", f"{words[0]},{' '.join(words[1:])}"
        return tuple(sorted({fold(last), fold(first)}))
    parts = _romanized_parts(variant)
    if parts is None:
        return ()
    heads, given, vowels = parts
    if not given:
        return ()
    spellings = _with_vowel_spellings({f"{head},{given}" for head in heads}, vowels)
    return tuple(sorted(spelling for spelling in spellings if len(spelling) - 1 >= ROMANIZED_MIN))  # the comma aside


_LATIN = re.compile(r"[a-z]+")


def _is_latin(folded: str) -> bool:
    return _LATIN.fullmatch(folded) is not None


def romanized(variant: str) -> tuple[str, ...]:
    """Latin spellings of a Hangul or Han name, folded: surname first and
    last, with the surname spellings people use and common vowel spellings."""
    found = _romanized_parts(variant)
    if found is None:
        return ()
    heads, given, vowels = found
    spellings: set[str] = {heads[0] + given}
    for head in heads:
        spellings.update({head + given, given + head})
    spellings = _with_vowel_spellings(spellings, vowels)
    return tuple(sorted(spelling for spelling in spellings if _is_latin(spelling)))


def _with_vowel_spellings(spellings: set[str], vowels: tuple[tuple[str, str], ...]) -> set[str]:
    """``spellings`` and each with a vowel spelled as people also spell it."""
    return spellings | {spelling.replace(plain, common) for spelling in spellings for plain, common in vowels}


def _romanized_parts(variant: str) -> tuple[tuple[str, ...], str, tuple[tuple[str, str], ...]] | None:
    """A Hangul or Han name's romanized surnames (as romanized, then as
    people spell them), its romanized given name, and the vowel spellings
    to try; None for a spelling in neither script (or in both)."""
    syllables = [char for char in fold(variant) if _is_hangul(char) or _is_han(char)]
    if not syllables:
        return None
    if all(_is_hangul(char) for char in syllables):
        parts = [_romanize_hangul(char) for char in syllables]
        surnames = _KOREAN_SURNAMES.get(syllables[0], ()) if len(syllables) >= 3 else ()
        vowels = _VOWEL_SPELLINGS
    elif all(_is_han(char) for char in syllables):
        parts = _pinyin("".join(syllables))
        surnames, vowels = (), ()
    else:
        return None
    return ((parts[0], *surnames) if len(parts) >= 2 else (parts[0],)), "".join(parts[1:]), vowels


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


@lru_cache(maxsize=4096)
def _romanize_hangul(syllable: str) -> str:
    from korean_romanizer.romanizer import Romanizer

    return str(Romanizer(syllable).romanize()).lower()


def _pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [part.lower() for part in lazy_pinyin(text)]
