"""Remembered verdicts of the checks, entry by entry, in ``.storybridge/verdicts.jsonl``.

A verdict is what one check found in one catalog entry. Its key is the
entry's digest (msgid, msgstr, flags, language, places: ``entry_key``)
with the check's salt (its name, severity and the settings it reads:
``check_salts``); the file as a whole is keyed by storybridge's version
and code. So a changed translation is checked again, a changed glossary
re-runs the glossary check and nothing else, and a new storybridge
re-runs everything.

One line per story, ``["<slug>",{<language>: <catalog record>}]``; a
catalog record is ``{"checks": [[name, salt], ...], "entries": {key:
mask}}`` or ``{key: [mask, {index: [message, ...]}]}``: bit ``i`` of
``mask`` says check ``i`` ran on the entry, and the messages are those it
gave (none when the index is absent). An unreadable or foreign file, or a
line that does not parse, is ignored: nothing in it is ever trusted
beyond what its keys prove.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from storybridge.checks.base import CheckedEntry

VERDICTS_FILE = ".storybridge/verdicts.jsonl"
"""The verdict store, relative to the project root; safe to delete."""


@dataclass
class Tally:
    """How much work a cache saved: the debug line of ``STORYBRIDGE_CACHE_STATS``
    and what the tests count."""

    stories_reused: int = 0
    """Stories whose whole result came from the results cache."""
    stories_computed: int = 0
    """Stories read and judged again."""
    verdicts_reused: int = 0
    """Check verdicts on single entries taken from the verdict store."""
    verdicts_computed: int = 0
    """Check verdicts computed by running the check."""

    def add(self, other: Tally) -> None:
        self.stories_reused += other.stories_reused
        self.stories_computed += other.stories_computed
        self.verdicts_reused += other.verdicts_reused
        self.verdicts_computed += other.verdicts_computed

    def line(self) -> str:
        return (f"cache: {self.stories_reused} stories reused, {self.stories_computed} computed; "
                f"{self.verdicts_reused} verdicts reused, {self.verdicts_computed} computed")


class _Entry:
    """One entry's verdicts: the valid old ones, and those added now."""

    __slots__ = ("_catalog", "_index", "mask", "found")

    def __init__(self, catalog: CatalogMemo, index: Mapping[str, int], mask: int, found: dict[int, list[str]]) -> None:
        self._catalog, self._index, self.mask, self.found = catalog, index, mask, found

    def recall(self, check: str) -> tuple[str, ...] | None:
        bit = self._index[check]
        if not self.mask >> bit & 1:
            return None
        self._catalog.tally.verdicts_reused += 1
        return tuple(self.found.get(bit, ()))

    def remember(self, check: str, messages: tuple[str, ...]) -> None:
        bit = self._index[check]
        self.mask |= 1 << bit
        if messages:
            self.found[bit] = list(messages)
        self._catalog.tally.verdicts_computed += 1


class CatalogMemo:
    """The verdicts of one catalog (a ``checks.base.CatalogVerdicts``):
    those of its last check whose check salt is unchanged, by entry key."""

    def __init__(self, salts: Mapping[str, str], old: Any, tally: Tally) -> None:
        self.salts = dict(salts)
        self.names = list(salts)
        self.index = {name: bit for bit, name in enumerate(self.names)}
        self.tally = tally
        self.entries: dict[str, _Entry] = {}
        self._old_entries: Mapping[str, Any] = {}
        self._remap: dict[int, int] = {}  # old bit → new bit, for checks whose salt held
        try:
            if isinstance(old, dict) and isinstance(old.get("entries"), dict):
                for old_bit, (name, salt) in enumerate(old["checks"]):
                    if self.salts.get(name) == salt:
                        self._remap[old_bit] = self.index[name]
                self._old_entries = old["entries"]
        except (TypeError, ValueError, KeyError):
            self._remap, self._old_entries = {}, {}

    def entry(self, entry: CheckedEntry) -> _Entry:
        from storybridge.checks.registry import entry_key

        key = entry_key(entry)
        known = self.entries.get(key)
        if known is None:
            mask, found = self._carried(self._old_entries.get(key))
            known = self.entries[key] = _Entry(self, self.index, mask, found)
        return known

    def _carried(self, old: Any) -> tuple[int, dict[int, list[str]]]:
        """An old entry record in the new bit order, keeping only checks
        whose salt is unchanged; anything malformed counts as nothing."""
        if old is None or not self._remap:
            return 0, {}
        try:
            mask, messages = (old, {}) if isinstance(old, int) else (int(old[0]), old[1])
            new_mask, found = 0, {}
            for old_bit, new_bit in self._remap.items():
                if mask >> old_bit & 1:
                    new_mask |= 1 << new_bit
                    said = messages.get(str(old_bit))
                    if said:
                        if not isinstance(said, list) or not all(isinstance(m, str) for m in said):
                            return 0, {}
                        found[new_bit] = said
            return new_mask, found
        except (TypeError, ValueError, IndexError, AttributeError):
            return 0, {}

    def record(self) -> dict[str, Any]:
        """What the store keeps of this catalog: the entries met in this run."""
        entries: dict[str, Any] = {}
        for key, entry in self.entries.items():
            if entry.mask:
                entries[key] = [entry.mask, {str(bit): said for bit, said in sorted(entry.found.items())}] if entry.found else entry.mask
        return {"checks": [[name, self.salts[name]] for name in self.names], "entries": entries}


@dataclass
class StoryVerdicts:
    """One story's verdicts across its catalogs, made from its line of the
    store (or nothing) in a worker, and the line to store after."""

    slug: str
    old: Mapping[str, Any] = field(default_factory=dict)
    tally: Tally = field(default_factory=Tally)
    catalogs: dict[str, CatalogMemo] = field(default_factory=dict)

    @classmethod
    def from_line(cls, slug: str, line: str | None) -> StoryVerdicts:
        """The verdicts in ``line`` when it is this story's; none otherwise."""
        old: Any = {}
        if line:
            try:
                found_slug, old = json.loads(line)
            except (ValueError, TypeError):
                found_slug, old = None, {}
            if found_slug != slug or not isinstance(old, dict):
                old = {}
        return cls(slug, old)

    def catalog(self, language: str, entry: CheckedEntry) -> CatalogMemo:
        """The memo for the story's catalog in ``language``, whose settings
        are those of ``entry`` (any entry of the catalog: they share them)."""
        from storybridge.checks.registry import check_salts

        memo = self.catalogs.get(language)
        if memo is None:
            memo = self.catalogs[language] = CatalogMemo(check_salts(entry), self.old.get(language), self.tally)
        return memo

    def line(self) -> str | None:
        """The story's line for the store, or None when no catalog was checked."""
        if not self.catalogs:
            return None
        record = {language: memo.record() for language, memo in sorted(self.catalogs.items())}
        return json.dumps([self.slug, record], ensure_ascii=False, separators=(",", ":")) + "\n"


class LazyCatalog:
    """A ``CatalogVerdicts`` for ``check_catalog`` that makes its memo on the
    first entry, whose settings it then keys on."""

    def __init__(self, story: StoryVerdicts, language: str) -> None:
        self._story, self._language = story, language
        self._memo: CatalogMemo | None = None

    def entry(self, entry: CheckedEntry) -> _Entry:
        if self._memo is None:
            self._memo = self._story.catalog(self._language, entry)
        return self._memo.entry(entry)


def story_lines(lines: Iterator[bytes]) -> Iterator[tuple[str, bytes]]:
    """(slug, line) of a JSON-lines cache whose lines start ``["<slug>",``;
    the slug is read without parsing the line."""
    for line in lines:
        end = line.find(b'",', 2)
        if line.startswith(b'["') and end > 0 and line.endswith(b"\n"):
            try:
                yield json.loads(line[1:end + 1]), line
            except ValueError:
                continue
