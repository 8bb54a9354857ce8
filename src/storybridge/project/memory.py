"""What ``update`` adds to a merged catalog: archive memory, conversion, glossary hints.

Which catalogs serve as memory is settled once per run, before any story
with an entry to fill is merged (the catalogs that changed since the
last run are read by the workers that merge their stories first; see
``project.memory_passes``), from the catalogs on disk (every story's, in slug order) and
any ``--memory`` compendium: each is named by the digest of its units,
kept in ``.storybridge/memory/`` (``memory_cache``), so a run where no
catalog changed parses none. A process reads the units and indexes them
only when one of its catalogs has an entry to fill, once per run, and
every process reads the same units (the digests say which), so the
result never depends on the number of workers or on the order stories
finish in, and a lookup never re-reads a file.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import polib

from storybridge.checks.base import CheckedEntry
from storybridge.checks.glossary import Glossary, hints_for, terms_for
from storybridge.checks.registry import errors_of
from storybridge.checks.sensitive import Guard
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.po.bootstrap import bootstrap_entries
from storybridge.po.hints import set_glossary_hints
from storybridge.po.memory import (
    MEMORY_COMMENT,
    Memory,
    MemoryOptions,
    Translations,
    Unit,
    build_memories,
    collector_paused,
    fill_from_memory,
    fillable,
    memory_origin,
)
from storybridge.project.catalogs import read_catalog
from storybridge.project.glossary import GLOSSARY_FILE, read_glossary
from storybridge.project.memory_cache import MemoryCache, load_pairs, survey
from storybridge.project.memory_index import index_words_shared
from storybridge.project.compendiums import read_compendiums
from storybridge.project.memory_units import Scanned, Source, Written
from storybridge.project.paths import catalog_path, catalog_shown
from storybridge.project.tasks import Steps
from storybridge.text.chinese import converter


@dataclass(frozen=True, slots=True)
class UpdateAids:
    """Everything ``update`` adds besides the merge, settled once per run."""

    sources: tuple[Source, ...] = ()
    """The archive's catalogs that serve as memory (none when memory is
    off), in story slug order; read only when an entry needs them."""
    cache: MemoryCache | None = None
    """Where their units are (those read afresh this run, until saved)."""
    compendium_units: Mapping[str, tuple[Unit, ...]] = field(default_factory=dict)
    """Language → the units of the ``--memory`` compendiums (read up front:
    a missing one is an error before any story is merged)."""
    languages: tuple[str, ...] = ()
    """The languages updated."""
    options: MemoryOptions = MemoryOptions()
    """Exact-match mode and similarity threshold."""
    glossary: Glossary = field(default_factory=dict)
    """The project glossary, for the hints."""
    bootstrap: Mapping[str, str] = field(default_factory=dict)
    """Language → the language it is converted from."""
    conversion: str = "s2twp"
    """The OpenCC configuration of the conversion."""
    guard: Guard | None = None
    """The sensitive-details guard (#16): a unit it refuses is never offered."""
    digest: str = ""
    """Changes whenever anything above does: part of the skip cache's key,
    so a story whose own files did not change still gets new memory."""
    awaiting: bool = False
    """Some catalogs' units are still to come from the workers that merge
    their stories (``memory_cache.survey``): until ``completed``, a story
    with an entry to fill is handed back (``MemoryAwaited``), and
    ``sources`` and ``digest`` are not the run's."""

    @property
    def memory_on(self) -> bool:
        return bool(self.sources or self.compendium_units)


class MemoryAwaited(Exception):
    """A story has an entry the memory may fill, and the memory is not
    settled yet: the run merges it again once it is (``project.pipeline``)."""


_AIDS: UpdateAids | None = None
_MEMORIES: dict[str, Memory] | None = None
"""This process's memories of the installed aids, read on first need."""
_FROZEN = False
"""Whether ``index_before_workers`` froze this process's objects."""


def install_aids(aids: UpdateAids | None) -> None:
    """Make ``aids`` what this process's ``update`` uses (the pool's
    initializer in each worker; the parent for one process). A worker
    forked from a parent that already built the memories of the same aids
    keeps them (``index_before_workers``)."""
    global _AIDS, _MEMORIES, _FROZEN
    if aids is None or _AIDS is None or aids.digest != _AIDS.digest:
        _MEMORIES = None
    _AIDS = aids
    if aids is None and _FROZEN:
        gc.unfreeze()  # the run is over: the collector may walk them again
        _FROZEN = False


def index_before_workers(
    config: Config, aids: UpdateAids | None, slugs: Iterable[str], surely: bool = False, jobs: int = 0
) -> None:
    """Read and index the memory in this process before the workers start,
    when one of the stories ``slugs`` surely needs it (``surely``: the
    first pass handed one back; or the cache knows a catalog of it with
    an empty entry, or missing): forked workers inherit it rather than
    each building its own, so it is indexed once per run. Otherwise a
    worker builds it on first need, as before; either way the memory is
    the same.

    The process's objects, the memory among them, are then frozen out of
    the cycle collector (``gc.freeze``,
    as its documentation advises before a fork), until the aids are
    uninstalled: it makes no cycles, and a collection in a worker would
    walk its hundreds of thousands of objects, writing to (so copying) the
    pages it shares with the parent, in every worker: the workers then
    spent more CPU than the parent saved by pausing the collector."""
    global _FROZEN
    if aids is None or aids.cache is None or not aids.sources:
        return
    if not surely and not aids.cache.fills_any(config, slugs):
        return
    with collector_paused():
        for memory in _memories(config, aids).values():
            index_words_shared(memory, jobs)
        if gc.get_freeze_count() == 0:  # never thaw what someone else froze
            gc.freeze()
            _FROZEN = True


def read_update_aids(
    config: Config, steps: Steps, guard: Guard | None = None, stories: Sequence[tuple[Path, str]] | None = None,
    awaitable: frozenset[str] = frozenset(),
) -> UpdateAids | None:
    """The aids of an ``update`` (None when the steps do not update);
    ``stories`` when the caller has found them already; the changed
    catalogs of the stories ``awaitable`` are left to their workers."""
    if not steps.update:
        return None
    languages = [lang for lang in config.languages if not steps.languages or lang in steps.languages]
    return replace(read_aids(config, languages, steps.compendiums, steps.jobs, stories, awaitable), guard=guard)


def awaited_languages(aids: UpdateAids | None, slug: str) -> tuple[str, ...]:
    """The languages whose catalog of ``slug`` the memory awaits from its worker."""
    if aids is None or aids.cache is None:
        return ()
    return tuple(aids.cache.awaiting.get(slug, ()))


def receive_units(aids: UpdateAids | None, slug: str, found: Mapping[str, Scanned]) -> None:
    """Hand the memory cache what the worker of ``slug`` read of its awaited catalogs."""
    if aids is not None and aids.cache is not None:
        aids.cache.receive(slug, found)


def completed(aids: UpdateAids) -> UpdateAids:
    """``aids`` once every awaited catalog's units came in: the sources
    and their digest, as a survey that parsed them itself would give."""
    if not aids.awaiting or aids.cache is None:
        return aids
    sources = tuple(aids.cache.sources())
    return replace(aids, sources=sources, awaiting=False,
                   digest=_aids_digest(aids.glossary, sources, aids.languages, aids.compendium_units))


@contextmanager
def installed(aids: UpdateAids | None) -> Iterator[Callable[[], None] | None]:
    """Install ``aids`` in this process for the run, and give the worker
    pool's setup that installs them in each worker."""
    if aids is None:
        yield None
        return
    install_aids(aids)
    try:
        yield partial(install_aids, aids)
    finally:
        install_aids(None)


def keep_memory_cache(aids: UpdateAids | None) -> None:
    """Store what this run learnt of the catalogs for the next one: called
    once the run's changes landed (never after a failure, nor by a run
    that only checks)."""
    if aids is not None and aids.cache is not None:
        aids.cache.save()


def learn_units(aids: UpdateAids | None, slug: str, written: Mapping[str, tuple[Path, Written]]) -> None:
    """Hand the memory cache what the catalogs of ``slug`` written this run
    offer (``MemoryCache.learn``)."""
    if aids is not None and aids.cache is not None and written:
        aids.cache.learn(slug, written)


def forget_set_aside(aids: UpdateAids | None, slugs: Iterable[str]) -> None:
    """Tell the memory cache which stories landed nothing this run."""
    if aids is not None and aids.cache is not None:
        aids.cache.forget(slugs)


def read_aids(
    config: Config, languages: Sequence[str], compendiums: Sequence[Path] = (), jobs: int = 0,
    stories: Sequence[tuple[Path, str]] | None = None, awaitable: frozenset[str] = frozenset(),
) -> UpdateAids:
    """Settle which catalogs serve as memory of ``languages`` (when on;
    those of the stories ``awaitable`` that changed are left to their
    workers: see ``awaiting``), and read the glossary and the bootstrap
    settings."""
    glossary = read_glossary(config.locale_path / GLOSSARY_FILE, f"{config.locale_dir}/{GLOSSARY_FILE}")
    sources: tuple[Source, ...] = ()
    cache = None
    if config.memory:
        cache = survey(config, languages, jobs, stories, awaitable)
        if not cache.awaiting:
            sources = tuple(cache.sources())
    extra = read_compendiums(languages, compendiums)
    awaiting = cache is not None and bool(cache.awaiting)
    return UpdateAids(
        sources=sources,
        cache=cache,
        compendium_units=extra,
        languages=tuple(languages),
        options=MemoryOptions(exact=config.memory_exact, threshold=config.memory_threshold),
        glossary=glossary,
        bootstrap=dict(config.bootstrap),
        conversion=config.bootstrap_conversion,
        digest="awaiting" if awaiting else _aids_digest(glossary, sources, languages, extra),
        awaiting=awaiting,
    )


def _aids_digest(
    glossary: Glossary, sources: Sequence[Source], languages: Sequence[str], extra: Mapping[str, Sequence[Unit]]
) -> str:
    """What the aids' memory and glossary hold, in one digest."""
    hasher = hashlib.sha256(repr(sorted((k, v) for k, v in glossary.items())).encode())
    for source in sources:
        hasher.update(f"{source.lang}\0{source.slug}\0{source.units}\0".encode())
    for lang in languages:
        for unit in extra.get(lang, ()):
            hasher.update(f"{lang}\0{unit.msgid}\0{unit.msgstr}\0{unit.origin}\0".encode())
    return hasher.hexdigest()


def collect_memory(config: Config, aids: UpdateAids) -> dict[str, list[Unit | Translations]]:
    """Every unit of the aids' languages: the archive's in slug order (each
    catalog's pairs as read), then each compendium's."""
    units: dict[str, list[Unit | Translations]] = {lang: [] for lang in aids.languages}
    named = identifying_names(aids.guard, {source.slug for source in aids.sources})
    for source in aids.sources:
        assert aids.cache is not None
        if source.slug in named:
            continue  # its name would travel as "memory: translated in <slug>" (#16)
        units[source.lang].append(Translations(source.slug, load_pairs(config, source, aids.cache)))
    for lang, found in aids.compendium_units.items():
        units[lang].extend(found)
    return units


def identifying_names(guard: Guard | None, slugs: Iterable[str]) -> set[str]:
    """The slugs that identify someone (``slug_mask``): their stories are
    blocked, and serve as no memory, whose comments name the story."""
    from storybridge.project.sensitive import slug_mask

    return set() if guard is None else {slug for slug in slugs if slug_mask(guard, slug) is not None}


def _memory_for(config: Config, aids: UpdateAids, lang: str) -> Memory | None:
    """This process's memory of ``lang``, read and indexed on first need."""
    return _memories(config, aids).get(lang)


def _memories(config: Config, aids: UpdateAids) -> dict[str, Memory]:
    global _MEMORIES
    if _MEMORIES is None:
        with collector_paused():  # the units read make no cycles (see collector_paused)
            _MEMORIES = build_memories(collect_memory(config, aids))
    return _MEMORIES


def usable(lang: str, guard: Guard | None, unit: Unit) -> bool:
    """No error check refuses the unit, the sensitive-details guard's
    included: what the build would not publish must not spread to other
    stories. The guard reads the msgid too: a similar text's msgid travels
    as the filled entry's ``#|`` and into exports, so a source paragraph
    holding a private detail serves as no memory at all."""
    if guard is not None and guard.scan(unit.msgid):
        return False
    return not errors_of(CheckedEntry(msgid=unit.msgid, msgstr=unit.msgstr, language=lang, sensitive=guard))


def bootstrap_order(languages: Sequence[str], bootstrap: Mapping[str, str]) -> list[str]:
    """``languages`` with the bootstrapped ones last, so each is converted
    from its source catalog as merged in this run."""
    return [lang for lang in languages if lang not in bootstrap] + [lang for lang in languages if lang in bootstrap]


def aid_catalog(
    config: Config, story: Story, lang: str, catalog: polib.POFile, merged: Mapping[str, polib.POFile]
) -> None:
    """Fill a merged catalog from memory and by conversion, and rewrite its
    glossary hints. Without installed aids (no ``update`` run), nothing."""
    aids = _AIDS
    if aids is None:
        return
    entries = [entry for entry in catalog if not entry.obsolete]
    to_fill = any(map(fillable, entries))
    if aids.awaiting and to_fill:
        raise MemoryAwaited(story.slug)
    if aids.memory_on and to_fill:
        memory = _memory_for(config, aids, lang)
        if memory is not None and len(memory):
            fill_from_memory(entries, memory, story.slug, aids.options, partial(usable, lang, aids.guard))
    source_lang = aids.bootstrap.get(lang)
    if source_lang is not None:
        counterparts = _counterparts(config, story, source_lang, entries, merged)
        how = f"{source_lang} by OpenCC {aids.conversion}"
        bootstrap_entries(entries, counterparts, converter(aids.conversion), how)
    set_glossary_hints(entries, hints_for(terms_for(aids.glossary, lang)))
    if aids.guard is not None:
        drop_identifying_origins(entries, aids.guard)


def drop_identifying_origins(entries: Iterable[polib.POEntry], guard: Guard) -> None:
    """Remove each memory comment whose origin (a story's slug, a
    compendium's file name) the guard finds a private detail in: the
    merge carries those comments from update to update, so a story named
    before its name went on the private list would stay named (#16)."""
    from storybridge.project.sensitive import file_name_hits

    names_someone: dict[str, bool] = {}  # a catalog names the same few origins many times
    for entry in entries:
        if MEMORY_COMMENT not in entry.comment:
            continue
        lines = entry.comment.split("\n")
        kept = []
        for line in lines:
            origin = memory_origin(line)
            if origin is not None and origin not in names_someone:
                names_someone[origin] = bool(file_name_hits(guard, origin))
            if origin is None or not names_someone[origin]:
                kept.append(line)
        if len(kept) != len(lines):
            entry.comment = "\n".join(kept)


def _counterparts(
    config: Config, story: Story, source_lang: str, entries: Sequence[polib.POEntry],
    merged: Mapping[str, polib.POFile],
) -> dict[str, str]:
    """msgid → the source language's translation (not fuzzy); the msgid
    itself when the story is written in that language."""
    if story.lang == source_lang:
        return {entry.msgid: entry.msgid for entry in entries}
    source = merged.get(source_lang)
    if source is None:
        try:
            source = read_catalog(
                catalog_path(config, source_lang, story.slug), catalog_shown(config, source_lang, story.slug))
        except StoryError:
            return {}  # (#14) it blocks only its own story x language, whose step reports it
    if source is None:
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in source
        if not entry.obsolete and entry.msgstr and "fuzzy" not in entry.flags
    }
