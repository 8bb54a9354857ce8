"""Archive-wide translation memory: index translated entries once, fill new ones.

GNU msgmerge's ``--compendium`` and every CAT tool's memory, inside plain
catalogs: an entry that is still empty after the merge takes the
translation of the same msgid from another story (fuzzy by default, since
the context differs), or else of the closest msgid above a similarity
threshold (always fuzzy, with the matched msgid as ``#|`` so an editor
shows the difference). Pure: the project layer reads the catalogs and
decides which entries may serve as memory; this module only indexes and
fills.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import polib
from rapidfuzz import fuzz, process

from storybridge.po.memory_words import text_words

MEMORY_COMMENT = "memory: "
"""Prefix of the extracted comment naming where a filled entry came from;
the merge carries comments with this prefix over to the next update."""

EXACT_MODES = ("fuzzy", "translated")
"""How an exact match is filled: ``fuzzy`` (a volunteer confirms it, since
the context differs) or ``translated`` (msgmerge ``--compendium``)."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation that may serve as memory."""

    msgid: str
    """The source text."""
    msgstr: str
    """Its translation: translated, not fuzzy, refused by no error check."""
    origin: str
    """Where it was translated: a story's slug, or a compendium as shown."""
    source_lang: str = ""
    """The language of ``msgid`` when known (the story's), for exports."""


@dataclass(frozen=True, slots=True)
class Translations:
    """The translations of one catalog, as (msgid, msgstr) pairs as read:
    a memory keeps them as they are rather than as one ``Unit`` each (an
    archive holds tens of thousands), and makes a unit of those it offers."""

    origin: str
    """Where they were translated (``Unit.origin``)."""
    pairs: Sequence[tuple[str, str]]
    """Each (msgid, msgstr); one with either empty is left out."""


Usable = Callable[[Unit], bool]
"""Whether a unit may be offered; the project layer refuses those an
error check refuses. Asked only of units about to be used, so the checks
run on a few entries per run rather than on the whole archive."""


def _any(unit: Unit) -> bool:
    del unit
    return True


@dataclass(frozen=True, slots=True)
class MemoryOptions:
    """How memory fills entries."""

    exact: str = "fuzzy"
    """One of ``EXACT_MODES``."""
    threshold: float = 85.0
    """Least rapidfuzz ``ratio`` (0–100) for a similar msgid to be offered."""


SCAN_LIMIT = 2000
"""Up to this many msgids of a fitting length, a lookup compares them all;
beyond, only those sharing one of the query's rarest words (see
``RAREST``). Comparing 500-character paragraphs costs microseconds each,
and a 1,000-story archive holds some 35,000 per language."""

RAREST = 8
"""How many of a query's rarest word pairs (CJK: character triples) pick the
candidates in a large memory: those holding all but ``MAY_MISS`` of them.
A text 85 % like the query shares nearly all its words, so it qualifies;
one edited in three of the eight is not found, which is the price of not
comparing every paragraph (the benchmark's word-like corpus, with a small
vocabulary, would otherwise compare thousands per lookup)."""

MAY_MISS = 2

SHORT = 64
"""A text this short has too few word pairs to index; comparing it with
every msgid of a fitting length is cheap anyway (64 characters fit one
machine word of rapidfuzz's bit-parallel comparison)."""


@dataclass(frozen=True, slots=True)
class Memory:
    """Units by msgid, and the distinct msgids sorted by length so that a
    lookup compares only those whose length can reach the threshold.
    Built once per run and shared by every story (it pickles as it is);
    the word index for large memories is built by ``index_words`` or on
    the first lookup that needs it, in the process that looks up."""

    units: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    """Every unit of each msgid, first seen first, as (msgstr, origin,
    source_lang): a ``Unit`` is made only of one about to be offered."""
    msgids: tuple[str, ...] = ()
    """The msgids, by length then text."""
    lengths: tuple[int, ...] = ()
    """``len`` of each of ``msgids``, for bisecting."""
    words: dict[str, list[int]] = field(default_factory=dict)
    """Word → the indexes of the msgids holding it (filled on first need)."""
    matches: dict[tuple[str, float], list[tuple[float, int]]] = field(default_factory=dict)
    """(msgid, threshold) → its similar msgids, as ``_matches`` found them."""

    def __len__(self) -> int:
        return len(self.units)

    def exact(self, msgid: str, exclude: str, usable: Usable = _any) -> Unit | None:
        """The first usable unit of ``msgid`` not translated in ``exclude``."""
        for msgstr, origin, source_lang in self.units.get(msgid, ()):
            if origin != exclude:
                unit = Unit(msgid, msgstr, origin, source_lang)
                if usable(unit):
                    return unit
        return None

    def closest(
        self, msgid: str, exclude: str, threshold: float, usable: Usable = _any
    ) -> tuple[Unit, float] | None:
        """The unit whose msgid is most like ``msgid`` (ties: shorter, then
        alphabetical), at least ``threshold`` alike; none from ``exclude``."""
        for score, index in self._matches(msgid, threshold):
            candidate = self.msgids[index]
            if candidate == msgid:
                continue  # only this story translated it; not a similar text
            unit = self.exact(candidate, exclude, usable)
            if unit is not None:
                return unit, score
        return None

    def _matches(self, msgid: str, threshold: float) -> list[tuple[float, int]]:
        """The msgids at least ``threshold`` like ``msgid``, best first (ties:
        the lower index), as (score, index). Every language's memory shares
        the msgids, so the comparison is made once per text and run, not
        once per catalog that lacks it."""
        key = (msgid, threshold)
        found = self.matches.get(key)
        if found is not None:
            return found
        low, high = _length_window(len(msgid), threshold)
        start, stop = bisect_left(self.lengths, low), bisect_right(self.lengths, high)
        found = []
        if start < stop:
            if stop - start <= SCAN_LIMIT or len(msgid) <= SHORT:
                indexes: Sequence[int] = range(start, stop)
                texts: Sequence[str] = self.msgids[start:stop]
            else:
                indexes = self._candidates(msgid, start, stop)
                texts = [self.msgids[i] for i in indexes]
            scored = process.extract(msgid, texts, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            found = sorted(((score, indexes[position]) for _, score, position in scored), key=lambda m: (-m[0], m[1]))
        self.matches[key] = found
        return found

    def needs_index(self) -> bool:
        """Whether lookups go through the word index, not built yet."""
        return not self.words and len(self.msgids) > SCAN_LIMIT

    def index_words(self, parts: Sequence[Iterable[tuple[str, list[int]]]] | None = None) -> None:
        """Build the word index now, when the memory is large enough to
        need one: a process that builds it before its workers fork hands
        it to all of them. ``parts``: the index made elsewhere, as the
        postings (``word_postings``) of consecutive runs of the msgids,
        first run first, so that two processes can share the work; the
        index is the same."""
        if not self.needs_index():
            return
        if parts is None:
            parts = [word_postings(self.msgids).items()]
        words = self.words  # the one dict every language's memory shares
        with collector_paused():
            for part in parts:
                if not words:
                    words.update(part)
                    continue
                held_by = words.get
                for word, postings in part:
                    held = held_by(word)
                    if held is None:
                        words[word] = postings
                    else:
                        held.extend(postings)  # a later run's indexes are higher: still ascending

    def _candidates(self, msgid: str, start: int, stop: int) -> list[int]:
        """Indexes (ascending, from ``start`` to before ``stop``) of the
        msgids sharing all but ``MAY_MISS`` of the query's ``RAREST``
        rarest words (rarest in the whole memory)."""
        if not self.words:
            self.index_words()
        rarest = [self.words[w] for _, w in sorted((len(self.words[w]), w) for w in text_words(msgid) if w in self.words)[:RAREST]]
        if not rarest:
            return []
        need = max(1, len(rarest) - MAY_MISS)
        # Postings ascend and the msgids are sorted by length, so the part
        # of each list inside the length window is one slice.
        rarest = [postings[bisect_left(postings, start) : bisect_left(postings, stop)] for postings in rarest]
        # A candidate misses at most MAY_MISS of the lists, so it is in one
        # of the MAY_MISS + 1 shortest: seed from those, and count how many
        # lists hold each seed (set intersections run in C).
        seeds: set[int] = set().union(*rarest[: len(rarest) - need + 1])
        if not seeds:
            return []
        held: Counter[int] = Counter()
        for postings in rarest:
            held.update(seeds.intersection(postings))
        return sorted(index for index, count in held.items() if count >= need)


def word_postings(msgids: Sequence[str], start: int = 0, stop: int | None = None) -> dict[str, list[int]]:
    """Word (``text_words``) → the indexes, ascending, of the msgids from
    ``start`` to before ``stop`` that hold it, numbered as in ``msgids``."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    with collector_paused():
        for index, found in enumerate(map(text_words, msgids[start:stop]), start):
            for word in found:
                postings[word].append(index)
    return postings


def build_memory(units: Iterable[Unit]) -> Memory:
    """Index ``units``; for one msgid, the first unit given is offered first,
    so give them in a fixed order (story slug order) for stable output."""
    return build_memories({"": units})[""]


def build_memories(units: Mapping[str, Iterable[Unit | Translations]]) -> dict[str, Memory]:
    """One memory per language, sharing one list of msgids, one word index
    and the similar texts found: the languages of an archive translate
    mostly the same texts, so the index and each comparison (the costly
    parts) are made once for all of them. For one msgid, the first unit
    given is offered first."""
    by_language: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    with collector_paused():
        for lang, found in units.items():
            by_msgid = by_language.setdefault(lang, {})
            held_by = by_msgid.get
            for item in found:
                if isinstance(item, Unit):
                    pairs: Iterable[tuple[str, str]] = ((item.msgid, item.msgstr),)
                    origin, source_lang = item.origin, item.source_lang
                else:
                    pairs, origin, source_lang = item.pairs, item.origin, ""
                for msgid, msgstr in pairs:
                    if msgid and msgstr:
                        held = held_by(msgid)
                        if held is None:
                            by_msgid[msgid] = [(msgstr, origin, source_lang)]
                        else:
                            held.append((msgstr, origin, source_lang))
        ordered = sorted(set().union(*by_language.values()))
        ordered.sort(key=len)  # stable: by length, then text
    msgids = tuple(ordered)
    lengths = tuple(map(len, msgids))
    words: dict[str, list[int]] = {}
    matches: dict[tuple[str, float], list[tuple[float, int]]] = {}
    return {
        lang: Memory(units=by_msgid, msgids=msgids, lengths=lengths, words=words, matches=matches)
        for lang, by_msgid in by_language.items()
    }


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building the memory: it makes
    hundreds of thousands of lists, tuples and strings, none in a cycle,
    and each collection would walk them all again (a sixth of the index's
    time, more in a process holding much else)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    """The lengths a text can have and still reach ``threshold``: the ratio
    is 2·LCS / (a + b), at most 2·min / (a + b)."""
    share = threshold / 100.0
    if share <= 0:
        return 0, 1 << 62
    low = int(length * share / (2.0 - share))
    high = int(length * (2.0 - share) / share) + 1
    return low, high


def fillable(entry: polib.POEntry) -> bool:
    """An entry the memory would fill: live, singular, with a msgid and no
    translation (the one rule ``fill_from_memory`` and the caches share)."""
    return not entry.obsolete and bool(entry.msgid) and not entry.msgid_plural and not entry.msgstr


def fill_from_memory(
    entries: Sequence[polib.POEntry], memory: Memory, origin: str, options: MemoryOptions,
    usable: Usable = _any,
) -> int:
    """Fill each empty entry of one catalog from ``memory`` (never one from
    ``origin`` itself); a translator's work is never touched. Returns how
    many entries were filled."""
    filled = 0
    for entry in entries:
        if not fillable(entry):
            continue
        unit = memory.exact(entry.msgid, origin, usable)
        if unit is not None:
            entry.msgstr = unit.msgstr
            if options.exact == "fuzzy":
                _mark_fuzzy(entry)
            _add_comment(entry, f"{MEMORY_COMMENT}translated in {unit.origin}")
            filled += 1
            continue
        found = memory.closest(entry.msgid, origin, options.threshold, usable)
        if found is None:
            continue
        unit, score = found
        entry.msgstr = unit.msgstr
        _mark_fuzzy(entry)
        entry.previous_msgid = unit.msgid
        _add_comment(entry, f"{MEMORY_COMMENT}a similar text ({int(score)} %) translated in {unit.origin}")
        filled += 1
    return filled


def _mark_fuzzy(entry: polib.POEntry) -> None:
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")


def _add_comment(entry: polib.POEntry, line: str) -> None:
    """Add the origin ``line``, in place of any the entry kept: refilled
    after a volunteer cleared it, an entry names one origin, not a pile."""
    kept = [kept for kept in entry.comment.split("\n") if kept and not kept.startswith(MEMORY_COMMENT)]
    entry.comment = "\n".join([*kept, line])


def memory_origin(line: str) -> str | None:
    """Where the memory comment ``line`` says its entry came from (None
    when ``line`` is none)."""
    if not line.startswith(MEMORY_COMMENT) or " translated in " not in line:
        return None
    return line.rsplit(" translated in ", 1)[1]
