"""What each catalog offers as memory, kept between runs in ``.storybridge/memory/``.

Reading the memory used to mean parsing every catalog of the archive on
every ``update`` and ``sync``, even when nothing had changed. Most
catalogs do not change between two runs, so each one's units are kept
here, under the digest of their own bytes, and found again by the
catalog's stamp (size, modification and change times in nanoseconds,
inode; the change time, which no tool can set back, as git's index
does). A stamp is a shortcut, never the proof: one that does not match,
or that was taken too close to the file's last change to be trusted (a
second write in the same clock tick keeps size and times), sends the
reader to the catalog's bytes, and only a catalog whose bytes changed is
parsed again.
An index or units file that cannot be read, or whose bytes do not hash
to its name, is ignored: the catalog is read instead (and a units file
so found damaged is written anew by a run that lands). Deleting the
folder is always safe.

A catalog the run itself rewrote is not parsed again to be remembered:
the worker that wrote it gives its units (``Written``), taken from the
catalog in memory as it was written (the same bytes give the same units),
under the digest of those bytes and with no stamp, so the next run still
compares the file's bytes before it trusts them.

A catalog that changed since the last run and belongs to a story the
run merges anyway is not parsed here either: ``survey`` leaves it
*awaited*, the worker that merges the story hands back what it offers
(``scanned``, from the catalog it parsed to merge), and ``receive`` takes
it in. Each catalog is then parsed once per run (see ``project.pipeline``).
Workers leave the units themselves in the run's staging folder
(``memory_units.stage_units``): ``save`` moves those it keeps into the
cache, and the run removes the folder whatever happens. A
staged file is not hashed again when read: this run wrote it, whole,
under the project's lock.

Each story's own ``publish: false`` is kept the same way: a withheld
story's text never serves as memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.story_files import find_stories
from storybridge.project.pool import ordered_map
from storybridge.project.memory_units import (
    CACHE_DIR,
    Known,
    Scanned,
    Source,
    Stamp,
    Written,
    catalog_pairs,
    decode_units,
    encode_units,
    staging_folder,
    units_file,
    units_folder,
)
from storybridge.project.memory_scan import (
    file_stamp,
    made_from_template,
    read_stamp,
    scan_catalog_job,
    scan_story_job,
    stamped,
    story_shown,
    trusted,
    withheld_in,
)
from storybridge.project.paths import catalog_path, catalog_shown, story_path


INDEX_HEADER = "storybridge-memory"
INDEX_VERSION = 4
"""2: each catalog also says whether it has an empty entry; 3: units are
packed (``encode_units``); 4: a story also names the languages it withholds."""

class MemoryCache:
    """One project's memory cache as a run found it, and what the run
    learnt: written by ``save`` only once the run succeeded, so a run that
    fails or only checks leaves the folder as it was."""

    def __init__(self, config: Config) -> None:
        from storybridge.project.commit import workspace_of

        self.folder = config.root / CACHE_DIR
        self.units_folder = units_folder(config)
        # Written there first: a killed run's recovery empties that folder (#13).
        self.staging = workspace_of(config).tmp
        self.known = self._read_index()
        self.surveyed: set[str] = set()
        """The folders this run surveyed ("stories" and languages): their
        index entries are this run's; the others' stay as they were."""
        self.seen: dict[str, Known] = {}
        """What this run found of each of them that exists."""
        self.pending: dict[str, bytes] = {}
        """Units read afresh this run, by digest, until ``save`` stores them."""
        self.staged_units = staging_folder(config)
        """Where the workers staged units this run (``Workspace.staged_units``)."""
        self.staged: set[str] = set()
        """Digests of the units the workers staged (``stage_units``)."""
        self.damaged: set[str] = set()
        """Digests whose file in the cache does not hash to its name."""
        self.observed: dict[str, tuple[Path, str, Stamp]] = {}
        """Each file this run found: its path, as shown, and its stamp then."""
        self.written: dict[str, tuple[Path, Written]] = {}
        """Each catalog this run wrote, by name: its path and what it offers."""
        self.open: set[str] = set()
        """The stories (shown) with a catalog of a surveyed language that has
        an empty entry: an update of one fills from memory."""
        self.missing: dict[str, list[str]] = {}
        """Story (shown) → the surveyed languages it has no catalog of yet."""
        self.awaiting: dict[str, list[str]] = {}
        """Story → the languages of its catalogs that changed since the last
        run, whose units the worker merging it hands back (``receive``)."""
        self.stories: list[str] = []
        """The shown stories surveyed, in slug order."""
        self.languages: tuple[str, ...] = ()
        """The languages surveyed, in order."""

    def _read_index(self) -> dict[str, Known]:
        try:
            data = json.loads((self.folder / "index.json").read_bytes())
            if data.get(INDEX_HEADER) != INDEX_VERSION:
                return {}
            return {
                name: Known(None if stamp is None else read_stamp(stamp), str(content), str(value), empty is True)
                for name, (stamp, content, value, empty) in data["files"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
            return {}  # unreadable: ignored, never trusted

    def refresh(
        self, jobs: list[tuple[str, Path, str]], scan: partial[Scanned] | None, workers: int,
        awaitable: frozenset[str] = frozenset(),
    ) -> dict[str, Known]:
        """What each file of ``jobs`` (name, path, shown) holds now: the
        index's word when its stamp matches or its bytes hash the same,
        else read afresh (in parallel), or, for a story of ``awaitable``,
        left to the worker that merges it (``awaiting``; ``receive``).
        Absent files are left out."""
        found: dict[str, Known] = {}
        stale: list[tuple[str, Path, str, Stamp]] = []
        for name, path, shown in jobs:
            stamp = file_stamp(path)
            if stamp is None:
                continue
            self.observed[name] = (path, shown, stamp)
            known = self.known.get(name)
            if known is not None and known.stamp == stamp:
                found[name] = known
                continue
            if known is not None:
                try:
                    content = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    content = ""
                if content == known.content:
                    found[name] = Known(trusted(stamp), known.content, known.value, known.empty)
                    continue
            folder, slug = name.split("/", 1)
            if slug in awaitable:
                self.awaiting.setdefault(slug, []).append(folder)
                continue  # parsed once, by the worker that merges the story
            stale.append((name, path, shown, stamp))
        scanner = scan or scan_catalog_job
        for (name, _, _, _), scanned in zip(
            stale, ordered_map(scanner, [(path, shown, stamp) for _, path, shown, stamp in stale], workers)
        ):
            if scanned.units is not None:
                self.pending[scanned.known.value] = scanned.units
            found[name] = scanned.known
        self.seen.update(found)
        return found

    def units(self, digest: str) -> bytes | None:
        """The bytes of the units ``digest`` names: read this run (named by
        their digest as they were encoded), or stored, when they hash to it."""
        data = self.pending.get(digest)
        if data is not None:
            return data
        if digest in self.staged:
            try:
                return (self.staged_units / digest).read_bytes()
            except OSError:
                pass
        kept = units_file(self.units_folder, digest)
        try:
            data = kept.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() == digest:
            return data
        self.damaged.add(digest)  # ``save`` writes it anew if ``repair`` finds the right bytes
        return None

    def repair(self, digest: str, pairs: list[tuple[str, str]]) -> None:
        """Keep the units ``digest`` names, read again from their catalog
        because the cache's copy was missing or damaged, when they are
        still those units (``save`` stores them anew)."""
        data = encode_units(pairs)
        if hashlib.sha256(data).hexdigest() == digest:
            self.pending[digest] = data

    def receive(self, slug: str, found: Mapping[str, Scanned]) -> None:
        """Take in what the awaited catalogs of ``slug`` offer, as the worker
        that merged the story read them (by language). One it did not find
        is gone, and serves as no memory."""
        for lang in self.awaiting.pop(slug, ()):
            name = f"{lang}/{slug}"
            scan = found.get(lang)
            if scan is None:
                self.observed.pop(name, None)
                continue
            known = stamped(scan, self.observed[name][2])
            if scan.staged:
                self.staged.add(known.value)
            elif scan.units is not None:
                self.pending[known.value] = scan.units
            self.seen[name] = known

    def sources(self) -> list[Source]:
        """The catalogs that serve as memory, in story slug order then
        language order, once nothing is awaited; ``open`` and ``missing``
        are settled here too, from the same catalogs."""
        assert not self.awaiting, "units still awaited"
        self.open, self.missing = set(), {}
        found = []
        for slug in self.stories:
            story = self.seen.get(f"stories/{slug}")
            withheld = withheld_in(story.value, self.languages) if story is not None else set()
            for lang in self.languages:
                known = self.seen.get(f"{lang}/{slug}")
                if known is None:
                    self.missing.setdefault(slug, []).append(lang)
                    continue
                if known.empty:
                    self.open.add(slug)
                if known.value and lang not in withheld:  # a withheld language's text stays in its story
                    found.append(Source(lang, slug, known.value))
        return found

    def fills_any(self, config: Config, slugs: Iterable[str]) -> bool:
        """Whether an update of one of the stories ``slugs`` surely fills an
        entry from memory: a catalog of it has an empty entry, or is still
        to be made (not the story's own language's, which has none)."""
        chosen = list(slugs)
        if not self.open.isdisjoint(chosen):
            return True
        return any(made_from_template(config, slug, lang) for slug in chosen for lang in self.missing.get(slug, ()))

    def learn(self, slug: str, catalogs: Mapping[str, tuple[Path, Written]]) -> None:
        """Remember what the catalogs of ``slug`` that this run wrote (by
        language) offer, so ``save`` need not parse them again."""
        for lang, found in catalogs.items():
            self.written[f"{lang}/{slug}"] = found

    def forget(self, slugs: Iterable[str]) -> None:
        """Drop what ``learn`` kept of stories set aside (#13): their bytes
        never landed, so ``save`` keeps what the disk holds instead."""
        gone = set(slugs)
        self.written = {name: found for name, found in self.written.items() if name.split("/", 1)[1] not in gone}

    def save(self) -> None:
        """Store the units read afresh and the index, when it changed, and
        remove the units no catalog holds any more. Entries of files this
        run did not survey (languages it did not update) stay. A file that
        changed since the survey is remembered as this run wrote it, under
        the digest of the bytes written and with no stamp (the next run
        compares the bytes); one this run did not write is read again, so
        the next run finds the index as the disk is and, when nothing
        changed, writes none."""
        rewritten = [
            (name, path, shown) for name, (path, shown, stamp) in self.observed.items() if file_stamp(path) != stamp
        ]
        for name, _, _ in rewritten:
            self.seen.pop(name, None)
        for name, (path, found) in self.written.items():
            lang, slug = name.split("/", 1)
            story = self.seen.get(f"stories/{slug}")
            if story is None or not story_shown(story.value) or lang not in self.surveyed:
                continue  # a withheld story's text is never kept
            if lang in withheld_in(story.value, self.languages):
                continue
            if name not in self.observed and file_stamp(path) is None:
                continue  # set aside: nothing landed
            if found.units is None:
                self.staged.add(found.digest)
            else:
                self.pending.setdefault(found.digest, found.units)
            self.seen[name] = Known(None, found.content, found.digest, found.empty)
        rewritten = [job for job in rewritten if job[0] not in self.written]
        self.known, earlier = {**self.known, **self.seen}, self.known
        self.refresh([job for job in rewritten if job[0].startswith("stories/")], partial(scan_story_job), 0)
        self.refresh([job for job in rewritten if not job[0].startswith("stories/")], None, 0)
        self.known = earlier
        index = {name: known for name, known in self.known.items() if name.split("/", 1)[0] not in self.surveyed}
        index.update(self.seen)
        # A run that changed no file writes none, this one included: only a
        # change of what a file holds is written, never a stamp alone (a
        # stamp that could not be kept costs a digest per run, not a parse).
        repaired = self.damaged & self.pending.keys()
        if not repaired and {n: (k.content, k.value, k.empty) for n, k in index.items()} == {
            n: (k.content, k.value, k.empty) for n, k in self.known.items()
        }:
            return
        held = {known.value for known in index.values()}
        to_store = [
            digest for digest in sorted(held & (self.pending.keys() | self.staged))  # not those no catalog holds any more
            if digest in self.damaged or not units_file(self.units_folder, digest).is_file()
        ]
        if to_store:
            self.units_folder.mkdir(parents=True, exist_ok=True)
        if not self.pending.keys().isdisjoint(to_store):
            self.staging.mkdir(parents=True, exist_ok=True)
        for digest in to_store:
            path = units_file(self.units_folder, digest)
            data = self.pending.get(digest)
            if data is None:
                try:
                    os.replace(self.staged_units / digest, path)
                except FileNotFoundError:
                    pass  # a units file gone is read from its catalog next time
                continue
            temporary = self.staging / f"memory-{digest}.{os.getpid()}.tmp"
            temporary.write_bytes(data)
            os.replace(temporary, path)
        files = {
            name: [None if known.stamp is None else list(known.stamp), known.content, known.value, known.empty]
            for name, known in sorted(index.items())
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir(parents=True, exist_ok=True)
        temporary = self.staging / f"memory-index.{os.getpid()}.tmp"
        temporary.write_text(json.dumps({INDEX_HEADER: INDEX_VERSION, "files": files}, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, self.folder / "index.json")
        try:
            for entry in os.scandir(self.units_folder):
                if entry.name.endswith(".json") and entry.name[: -len(".json")] not in held:
                    os.unlink(entry.path)
        except OSError:
            pass  # a cache: what cannot be swept now is swept next time


def survey(
    config: Config, languages: Sequence[str], jobs: int = 0, stories: Sequence[tuple[Path, str]] | None = None,
    awaitable: frozenset[str] = frozenset(),
) -> MemoryCache:
    """Settle what every catalog of ``languages`` offers as memory (see
    ``MemoryCache.sources``): a stamp check per file when nothing changed,
    a parse of only the catalogs that did, except those of the stories
    ``awaitable``, which the workers that merge them read (``awaiting``).
    The cache holds the units read afresh until it is saved. ``stories``
    (path, slug) when the caller has found them already."""
    cache = MemoryCache(config)
    cache.surveyed = {"stories", *languages}
    cache.languages = tuple(languages)
    if stories is None:
        stories = list(find_stories(config.stories_path, config.stories_dir))
    story_jobs = [(f"stories/{slug}", path, story_path(config, slug)) for path, slug in stories]
    shown_stories = cache.refresh(story_jobs, partial(scan_story_job), jobs)
    cache.stories = [
        slug for _, slug in stories
        if story_shown(shown_stories.get(f"stories/{slug}", Known(None, "", "withheld")).value)
    ]
    catalog_jobs = [
        (f"{lang}/{slug}", catalog_path(config, lang, slug), catalog_shown(config, lang, slug))
        for slug in cache.stories
        for lang in languages
    ]
    cache.refresh(catalog_jobs, None, jobs, awaitable)
    return cache


def load_pairs(config: Config, source: Source, cache: MemoryCache) -> list[tuple[str, str]]:
    """The units of ``source``: those ``cache`` read this run or stored;
    from the catalog itself when they are missing or do not hash to their
    name."""
    data = cache.units(source.units)
    if data is not None:
        try:
            return decode_units(data)
        except (ValueError, TypeError):
            pass
    shown = catalog_shown(config, source.lang, source.slug)
    try:
        text = catalog_path(config, source.lang, source.slug).read_text(encoding="utf-8")
        pairs = catalog_pairs(text, shown)
    except (OSError, UnicodeDecodeError, StoryError):
        return []
    cache.repair(source.units, pairs)
    return pairs
