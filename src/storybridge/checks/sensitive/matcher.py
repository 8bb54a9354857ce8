"""Find the private list's entries in a text, however a volunteer spelled them.

Every folded spelling of every entry goes into one Aho-Corasick automaton
(ahocorasick-rs, Rust), run over the folded text: one pass whatever the
size of the list. Hangul and Han spellings match anywhere, particles
attached (``순미가``), since neither script marks word boundaries; Latin
spellings match whole words only, so ``Kim`` does not fire in ``skimmed``.
Latin names of ``FUZZY_MIN`` letters or more also match at an edit
distance of one (rapidfuzz), over runs of one to three capitalized-first
words, so ``Sunmee Kim`` still finds ``sunmikim``: exact spellings are
matched in any case, the near ones where they read as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from storybridge.checks.sensitive.fold import fold, fold_mapped, fold_table
from storybridge.checks.sensitive.terms import Entry, Pattern, patterns

FUZZY_MIN = 5
"""Latin spellings at least this long also match at edit distance 1."""
FUZZY_WORDS = 3
"""A near match spans at most this many words (``Soon Mee Kim``)."""


@dataclass(frozen=True, slots=True, order=True)
class Hit:
    """Something found in a text, located but never quoted."""

    start: int
    """Offset in the text of the first character found."""
    end: int
    """Offset just past the last character found."""
    label: str
    """What was found, in words that do not repeat it: ``matches private
    entry 3``, ``phone number``."""


_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")


class TermMatcher:
    """The private list, compiled for matching (build once, use many times)."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        import ahocorasick_rs

        self._patterns = patterns(entries)
        self._texts = sorted({pattern.text for pattern in self._patterns})
        self._by_text: dict[str, list[Pattern]] = {}
        for pattern in self._patterns:
            self._by_text.setdefault(pattern.text, []).append(pattern)
        self._automaton = ahocorasick_rs.AhoCorasick(self._texts) if self._texts else None
        self._fuzzy = sorted({p.text for p in self._patterns if p.latin and len(p.text) >= FUZZY_MIN})
        self._fuzzy_lengths = (
            (min(map(len, self._fuzzy)) - 1, max(map(len, self._fuzzy)) + 1) if self._fuzzy else (0, -1)
        )

    def __len__(self) -> int:
        return len(self._patterns)

    def find(self, text: str) -> list[Hit]:
        """Every entry found in ``text``, in order of position."""
        hits: list[Hit] = []
        if self._automaton is not None and self._automaton.find_matches_as_indexes(fold(text), overlapping=True):
            hits.extend(self._exact(text))
        if self._fuzzy:
            hits.extend(self._near(text))
        return sorted(set(hits))

    def _exact(self, text: str) -> Iterator[Hit]:
        assert self._automaton is not None
        folded, origin = fold_mapped(text)
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            for pattern in self._by_text[self._texts[index]]:
                if pattern.latin and not (
                    _boundary(text, folded, origin, start) and _boundary(text, folded, origin, end)
                ):
                    continue
                yield Hit(origin[start], origin[end - 1] + 1, f"matches private entry {pattern.entry}")

    def _near(self, text: str) -> Iterator[Hit]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        low, high = self._fuzzy_lengths
        words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
        table = fold_table()
        for first, (start, _, _) in enumerate(words):
            if not text[start].isupper():
                continue
            joined = ""
            for last in range(first, min(first + FUZZY_WORDS, len(words))):
                if last > first and text[words[last - 1][1] : words[last][0]].translate(table):
                    break  # something other than spaces or hyphens between
                joined += words[last][2]
                if len(joined) > high:
                    break
                if len(joined) < low or not _ASCII_WORD.fullmatch(joined):
                    continue
                found = process.extractOne(joined, self._fuzzy, scorer=Levenshtein.distance, score_cutoff=1)
                if found is not None:
                    for pattern in self._by_text[found[0]]:
                        yield Hit(start, words[last][1], f"matches private entry {pattern.entry}")


def _boundary(text: str, folded: str, origin: list[int], index: int) -> bool:
    """True when folded offset ``index`` lies between two words: at an end,
    next to a character that is not a Latin letter or digit, or where a
    space or hyphen was dropped."""
    if index <= 0 or index >= len(folded):
        return True
    if not (folded[index - 1].isascii() and folded[index - 1].isalnum()):
        return True
    if not (folded[index].isascii() and folded[index].isalnum()):
        return True
    return origin[index] - origin[index - 1] > 1 and not text[origin[index - 1] + 1 : origin[index]].isalnum()
