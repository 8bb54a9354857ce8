"""What a catalog offers the translation memory, and how the memory cache stores it.

A catalog's *units* are its (msgid, msgstr) pairs that may serve as
memory: translated, not fuzzy, not obsolete, not plural. They are stored
packed and named by the digest of those bytes (``encode_units``), so
equal units hash alike. A worker that reads or writes a catalog anyway
hands the parent what it offers (``scanned``, ``written``), so the
memory cache (``project.memory_cache``) need not parse it again; the
units themselves it writes to the run's staging folder (``stage_units``),
so that the parent holds their digests, not the units of every catalog
changed (some 76 MB per thousand stories after a bulk change).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.po.memory import fillable
from storybridge.project.catalogs import parse_catalog

if TYPE_CHECKING:
    import polib

CACHE_DIR = ".storybridge/memory"
"""The memory cache (``project.memory_cache``), relative to the project
root; safe to delete."""

Stamp = tuple[int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode) of a file."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the index remembers of one file."""

    stamp: Stamp | None
    """Its stamp when that can be trusted, else None."""
    content: str
    """The digest of its bytes."""
    value: str
    """A catalog's units digest ("" when it cannot be read); for a story,
    ``memory_scan.story_visibility``."""
    empty: bool = False
    """A catalog has an entry the memory could fill (see ``fillable``)."""


@dataclass(frozen=True, slots=True)
class Written:
    """What a catalog written this run offers as memory, from the worker
    that wrote it: the cache stores it without parsing the file again."""

    content: str
    """The digest of the bytes written."""
    units: bytes | None
    """Their units, encoded (``encode_units``); None once staged."""
    empty: bool
    """An entry is still empty (the memory had nothing for it)."""
    digest: str
    """The digest of the units: their name in the cache, and in the
    staging folder once staged."""


@dataclass(frozen=True, slots=True)
class Scanned:
    """A file read afresh: what the index will remember, and the bytes of
    a catalog's units to store (none when it cannot be read)."""

    known: Known
    units: bytes | None = None
    read_ns: int | None = None
    """When a worker read it (at the latest): whether its stamp can be
    trusted is decided by then, not when the parent takes it in."""
    staged: bool = False
    """Its units are in the staging folder, named ``known.value`` (and
    ``units`` is None)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One catalog whose units serve as memory."""

    lang: str
    """The catalog's language."""
    slug: str
    """Its story."""
    units: str
    """The digest (and file name) of its units in the cache."""


PACKED = b"\0"
"""The first byte of units packed as NUL-separated UTF-8 (JSON never
starts with it)."""


def encode_units(pairs: Sequence[tuple[str, str]]) -> bytes:
    """Units as stored, so that equal units hash alike: their texts joined
    by NULs behind a NUL (four times faster to make and read than JSON,
    which every update does for every catalog that changed), or canonical
    JSON when a text holds a NUL itself (GNU gettext accepts ``\\0``)."""
    texts = [text for pair in pairs for text in pair]
    packed = "\0".join(texts)
    if packed.count("\0") == max(0, len(texts) - 1):
        return PACKED + packed.encode("utf-8")
    return json.dumps(list(pairs), ensure_ascii=False, separators=(",", ":")).encode("utf-8")  # tuples as arrays


def decode_units(data: bytes) -> list[tuple[str, str]]:
    """What ``encode_units`` encoded (ValueError or TypeError when it did not)."""
    if data.startswith(PACKED):
        texts = data[1:].decode("utf-8").split("\0") if len(data) > 1 else []
        if len(texts) % 2:
            raise ValueError("an odd number of texts")
        return list(zip(texts[::2], texts[1::2]))
    return [(str(msgid), str(msgstr)) for msgid, msgstr in json.loads(data)]


def entry_pairs(entries: Iterable[polib.POEntry]) -> list[tuple[str, str]]:
    """(msgid, msgstr) of the entries that may serve as memory:
    translated, not fuzzy, not obsolete, not plural."""
    return [
        (entry.msgid, entry.msgstr)
        for entry in entries
        if not (entry.obsolete or not entry.msgid or not entry.msgstr or entry.msgid_plural or "fuzzy" in entry.flags)
    ]


def catalog_pairs(text: str, shown: str) -> list[tuple[str, str]]:
    """``entry_pairs`` of a catalog's text."""
    return entry_pairs(parse_catalog(text, shown))


def written(
    content: str, entries: Sequence[polib.POEntry], pairs: Sequence[tuple[str, str]] | None = None,
    as_read: Scanned | None = None,
) -> Written:
    """What the cache keeps of a catalog written from ``entries`` as bytes
    whose digest is ``content``; ``pairs``: their ``entry_pairs`` when the
    caller has them; ``as_read``: what the catalog offered before the
    merge, when the merge left those pairs as they were (their encoding is
    then taken, not made again)."""
    if as_read is not None and as_read.units is not None:
        return Written(content, as_read.units, any(map(fillable, entries)), as_read.known.value)
    found = scanned(content, entries, pairs)
    assert found.units is not None
    return Written(found.known.content, found.units, found.known.empty, found.known.value)


def scanned(
    content: str, entries: Sequence[polib.POEntry] | None, pairs: Sequence[tuple[str, str]] | None = None
) -> Scanned:
    """What a catalog whose bytes have the digest ``content`` offers, from
    its parsed ``entries`` (None: it cannot be read, and serves as no
    memory; ``pairs``: their ``entry_pairs`` when the caller has them).
    The stamp is the reader's to add."""
    if entries is None:
        return Scanned(Known(None, content, ""))
    units = encode_units(entry_pairs(entries) if pairs is None else pairs)
    return Scanned(Known(None, content, hashlib.sha256(units).hexdigest(), any(map(fillable, entries))), units)


def scan_catalog(path: Path, shown: str) -> Scanned | None:
    """Read and parse one catalog for what it offers (None when it is gone)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:  # a folder where the catalog should be: its own step reports it
        return Scanned(Known(None, "", ""))
    try:
        entries = parse_catalog(data.decode("utf-8"), shown)
    except (StoryError, UnicodeDecodeError):
        entries = None  # (#14) it blocks only its own story x language, which reports it.
    return scanned(hashlib.sha256(data).hexdigest(), entries)


def staging_folder(config: Config) -> Path:
    """Where this project's update stages units (``Workspace.staged_units``):
    ``MemoryCache.save`` moves those it keeps into the cache, and the run
    removes the folder whatever happens (a killed run's goes with the next
    run's recovery of the temporary folder)."""
    from storybridge.project.commit import workspace_of

    return workspace_of(config).staged_units


def units_folder(config: Config) -> Path:
    """Where the memory cache keeps units (``units_file``)."""
    return config.root / CACHE_DIR / "units"


def units_file(folder: Path, digest: str) -> Path:
    """The file of ``folder`` (``units_folder``) that keeps the units ``digest`` names."""
    return folder / f"{digest}.json"


def stage_units(
    config: Config, scans: Mapping[str, Scanned], writes: Mapping[str, tuple[Path, Written]]
) -> tuple[dict[str, Scanned], dict[str, tuple[Path, Written]]]:
    """``scans`` and ``writes`` with their units written to the staging
    folder, each file once, by its digest (written whole under another
    name, then renamed: a reader never sees half of one), and held there
    rather than in memory. Units the cache keeps already are not staged
    again: they are read from the cache (which checks their digest)."""
    staging, kept = staging_folder(config), units_folder(config)
    staged_scans = {}
    for lang, scan in scans.items():
        if scan.units is not None:
            _write_once(staging, kept, scan.known.value, scan.units)
            scan = replace(scan, units=None, staged=True)
        staged_scans[lang] = scan
    staged_writes = {}
    for lang, (path, found) in writes.items():
        if found.units is not None:
            _write_once(staging, kept, found.digest, found.units)
            found = replace(found, units=None)
        staged_writes[lang] = (path, found)
    return staged_scans, staged_writes


def _write_once(staging: Path, kept: Path, digest: str, data: bytes) -> None:
    target = staging / digest
    if target.exists() or units_file(kept, digest).exists():
        return  # the same units, by their digest
    temporary = staging / f"{digest}.{os.getpid()}.tmp"
    try:
        temporary.write_bytes(data)
    except FileNotFoundError:  # the first units this run stages: no folder yet (one mkdir per run, not per file)
        staging.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
    try:
        os.replace(temporary, target)
    except OSError:
        if not target.exists():
            raise
        temporary.unlink(missing_ok=True)  # the same bytes, staged meanwhile (Windows refuses to replace a file open elsewhere)
