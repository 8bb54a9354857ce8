"""The translation memory's index and lookup as they were before #18's
speed-ups (main at 21f5902), kept as the oracle the property tests compare
the fast one with: every fill must stay byte for byte what this gives.

Only the lookup is here (``Unit`` and the fill are the live module's);
``SCAN_LIMIT``, ``RAREST``, ``MAY_MISS`` and ``SHORT`` are read from the
live module at each call (``SAMPLE`` from ``po.memory_words``), so a test
that patches one patches both.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from storybridge.po import memory as live
from storybridge.po import memory_words as live_words
from storybridge.po.memory import Unit, Usable, _any

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _split(text: str) -> list[str]:
    words = _WORD.findall(text)
    if "_" in text:
        words = [part for word in words for part in word.split("_") if part]
    return words


def reference_words(text: str) -> set[str]:
    """What the index knew a text by: a regular expression split of the
    case-folded text, then the sampled word pairs and CJK triples."""
    found: set[str] = set()
    previous = ""
    words = _split(text.casefold())
    if not _CJK.search(text):
        for word in words:
            if previous and (ord(previous[0]) + ord(word[-1])) % live_words.SAMPLE == 0:
                found.add(f"{previous} {word}")
            previous = word
        return found
    for word in words:
        if _CJK.search(word):
            found.update(word[i : i + 3] for i in range(max(1, len(word) - 2)) if ord(word[i]) % live_words.SAMPLE == 0)
            previous = ""
            continue
        if previous and (ord(previous[0]) + ord(word[-1])) % live_words.SAMPLE == 0:
            found.add(f"{previous} {word}")
        previous = word
    return found


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    share = threshold / 100.0
    if share <= 0:
        return 0, 1 << 62
    low = int(length * share / (2.0 - share))
    high = int(length * (2.0 - share) / share) + 1
    return low, high


@dataclass(frozen=True, slots=True)
class ReferenceMemory:
    units: dict[str, tuple[Unit, ...]] = field(default_factory=dict)
    msgids: tuple[str, ...] = ()
    lengths: tuple[int, ...] = ()
    words: dict[str, list[int]] = field(default_factory=dict)
    matches: dict[tuple[str, float], list[tuple[float, int]]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.units)

    def exact(self, msgid: str, exclude: str, usable: Usable = _any) -> Unit | None:
        return next((u for u in self.units.get(msgid, ()) if u.origin != exclude and usable(u)), None)

    def closest(self, msgid: str, exclude: str, threshold: float, usable: Usable = _any) -> tuple[Unit, float] | None:
        for score, index in self._matches(msgid, threshold):
            candidate = self.msgids[index]
            if candidate == msgid:
                continue
            unit = self.exact(candidate, exclude, usable)
            if unit is not None:
                return unit, score
        return None

    def _matches(self, msgid: str, threshold: float) -> list[tuple[float, int]]:
        key = (msgid, threshold)
        found = self.matches.get(key)
        if found is not None:
            return found
        low, high = _length_window(len(msgid), threshold)
        start, stop = bisect_left(self.lengths, low), bisect_right(self.lengths, high)
        found = []
        if start < stop:
            if stop - start <= live.SCAN_LIMIT or len(msgid) <= live.SHORT:
                indexes: Sequence[int] = range(start, stop)
                texts: Sequence[str] = self.msgids[start:stop]
            else:
                indexes = [i for i in self._candidates(msgid) if start <= i < stop]
                texts = [self.msgids[i] for i in indexes]
            scored = process.extract(msgid, texts, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            found = sorted(((score, indexes[position]) for _, score, position in scored), key=lambda m: (-m[0], m[1]))
        self.matches[key] = found
        return found

    def _index(self) -> None:
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.msgids):
            for word in reference_words(text):
                postings[word].append(index)
        self.words.update(postings)

    def _candidates(self, msgid: str) -> list[int]:
        if not self.words:
            self._index()
        rarest = [
            self.words[w]
            for _, w in sorted((len(self.words[w]), w) for w in reference_words(msgid) if w in self.words)[: live.RAREST]
        ]
        if not rarest:
            return []
        need = max(1, len(rarest) - live.MAY_MISS)
        seeds: set[int] = set().union(*rarest[: len(rarest) - need + 1])
        held: Counter[int] = Counter()
        for postings in rarest:
            held.update(seeds.intersection(postings))
        return sorted(index for index, count in held.items() if count >= need)


def reference_memory(units: Iterable[Unit]) -> ReferenceMemory:
    """``build_memory`` as it was: units by msgid, first given first; the
    distinct msgids by length, then text."""
    by_msgid: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.msgid and unit.msgstr:
            by_msgid.setdefault(unit.msgid, []).append(unit)
    msgids = tuple(sorted(by_msgid, key=lambda m: (len(m), m)))
    return ReferenceMemory(
        units={msgid: tuple(found) for msgid, found in by_msgid.items()},
        msgids=msgids,
        lengths=tuple(len(m) for m in msgids),
    )
