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
from functools import lru_cache

from storybridge.checks.sensitive.fold import fold, fold_mapped
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


_ASCII_WORD = re.compile(r"[a-z]+")
_GAP = re.compile(r"[\s\-\u00ad\u2010-\u2015\u200b-\u200f\u202a-\u202e\u2060\ufeff_\u00b7\u30fb]*")
"""What may stand between the words of one name: what folding drops."""
_NAME_RUN = re.compile(
    r"(?<![^\W\d_])(?=(([A-ZＡ-Ｚ][^\W\d_]*)" + (r"(?:" + _GAP.pattern + r"([^\W\d_]+))?") * (FUZZY_WORDS - 1) + "))"
)
"""Up to ``FUZZY_WORDS`` words, the first capitalized (Latin or full
width), nothing but spaces, hyphens and invisible marks between: where a
near spelling of a name is looked for."""
_fold_word = lru_cache(maxsize=65536)(fold)


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
        self._fuzzy = sorted({  # letters only: ``vale,corwin`` is matched exactly (``terms.surname_first``)
            p.text for p in self._patterns if p.latin and len(p.text) >= FUZZY_MIN and _ASCII_WORD.fullmatch(p.text)
        })
        self._near_cache: dict[str, tuple[str, ...]] = {}
        self._run_cache: dict[str, tuple[tuple[int, int, int], ...]] = {}
        self._neighbours: dict[str, set[str]] = {}
        for text in self._fuzzy:
            for key in _deletions(text):
                self._neighbours.setdefault(key, set()).add(text)
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
                if "," in pattern.text and not _capitalized(text, origin, start, start + pattern.text.index(",") + 1):
                    continue  # "joy, song and dance" is no "Song, Joy"
                yield Hit(origin[start], origin[end - 1] + 1, f"matches private entry {pattern.entry}")

    def _near(self, text: str) -> Iterator[Hit]:
        for run in _NAME_RUN.finditer(text):
            key = run.group(1)  # runs overlap: every capitalized word starts one
            spans = self._run_cache.get(key)
            if spans is None:
                spans = self._near_in_run(run)
                if len(self._run_cache) < 200_000:
                    self._run_cache[key] = spans
            for start, end, entry in spans:
                yield Hit(run.start() + start, run.start() + end, f"matches private entry {entry}")

    def _near_in_run(self, run: re.Match[str]) -> tuple[tuple[int, int, int], ...]:
        """Near matches in one run of up to ``FUZZY_WORDS`` words that starts
        with a capital: (start, end, entry), offsets within the run."""
        low, high = self._fuzzy_lengths
        found: list[tuple[int, int, int]] = []
        joined = ""
        base = run.start()
        for group in range(2, FUZZY_WORDS + 2):
            word = run.group(group)
            if word is None:
                break
            joined += _fold_word(word)
            if len(joined) > high:
                break
            if len(joined) < low:
                continue
            for candidate in self._near_spellings(joined):
                found.extend((0, run.end(group) - base, p.entry) for p in self._by_text[candidate])
        return tuple(found)

    def _near_spellings(self, joined: str) -> tuple[str, ...]:
        """The fuzzy spellings within one edit of ``joined`` (cached: a
        story's words repeat, and so do an archive's)."""
        cached = self._near_cache.get(joined)
        if cached is None:
            from rapidfuzz.distance import Levenshtein

            cached = ()
            if _ASCII_WORD.fullmatch(joined):
                cached = tuple(sorted(
                    candidate for candidate in self._candidates(joined)
                    if Levenshtein.distance(joined, candidate, score_cutoff=1) <= 1
                ))
            if len(self._near_cache) < 200_000:
                self._near_cache[joined] = cached
        return cached

    def _candidates(self, word: str) -> set[str]:
        """Fuzzy spellings within one edit of ``word``, found through their
        shared one-deletion neighbours (SymSpell's index) and verified by
        the caller: a few dictionary look-ups, not one comparison per entry."""
        found: set[str] = set()
        for key in _deletions(word):
            found.update(self._neighbours.get(key, ()))
        return found


def _deletions(word: str) -> set[str]:
    """``word`` and every string one deletion away from it."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _capitalized(text: str, origin: list[int], *starts: int) -> bool:
    """Whether the words starting at folded offsets ``starts`` are written
    with a capital, as names in a list are (``terms.surname_first``)."""
    return all(text[origin[index]].isupper() for index in starts)


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
