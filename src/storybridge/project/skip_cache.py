"""Skipping unchanged stories: what each story's inputs and outputs held at the last run.

A story is skipped only when the settings, storybridge's own code, its
text, template, catalogs and review records, and every file it published
hold what they held when it was last built. Like git's index, each file
is first compared by its stamp (size, mtime, ctime, inode): a stamp that
matches the recorded one means the same bytes, without reading them. A
stamp is recorded only when the file's last change (mtime and ctime) is
older than the run that recorded it, measured on the file system's own
clock: a file changed during that run, within the same clock tick as a
read (git's "racy" case), gets no stamp, and the next run compares its
digest instead. ctime cannot be set back (``os.utime`` sets only atime
and mtime), so a file rewritten in place with its old size and mtime
still shows as changed.

Each story's line opens with a probe: its languages, published files,
memory digest and every stamp as one string. The parent reads only the
probe to tell an unchanged story (at 10,000 stories, parsing whole lines
cost more than the stamps); the rest of the line (digests, the manifest
record) is parsed only for a story that is looked at or lands. A story
blocked by identifying details or an unreadable catalog keeps its
findings and errors in its line, so an unchanged blocked story is
skipped too and prints what the run that found them printed.

An unreadable or foreign cache means no skipping, never a wrong skip.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from storybridge.config import Config
from storybridge.project.cache_file import cached_line
from storybridge.project.disk import file_digest
from storybridge.project.files import Changes
from storybridge.project.stamps import Clock, stamp_of, trusted_stamp
from storybridge.project.story_inputs import input_paths, story_images
from storybridge.project.tasks import StoryResult, StoryTask


def stat_or_none(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


def _holds(path: Path | str, recorded: Any, reference: Clock, verify: bool) -> tuple[bool | None, list[Any]]:
    """Whether ``path`` holds what ``recorded`` ([digest or None when
    absent, stamp or None]) says, and the record to keep. None: the stamp
    cannot tell and ``verify`` is off (the bytes must be read to know)."""
    if not isinstance(recorded, list) or len(recorded) != 2:
        return False, [None, None]
    digest, stamp = recorded
    stat = stat_or_none(path)
    if stat is None:
        return digest is None, [None, None]
    if digest is None:
        return False, [None, None]
    if stamp is not None and stamp == stamp_of(stat):
        return True, recorded
    if not verify:
        return None, recorded
    if file_digest(path) != digest:
        return False, recorded
    return True, [digest, trusted_stamp(stat, reference)]


# --- one story ----------------------------------------------------------------


def parse_line(line: str | None, slug: str) -> dict[str, Any] | None:
    """A line's entry, its probe spread back into languages, files and memory."""
    try:
        found, stored = json.loads(line or "")
    except (ValueError, TypeError):
        return None
    if found != slug or not isinstance(stored, dict):
        return None
    probe = stored.pop("probe", None)
    if not isinstance(probe, list) or len(probe) != 5:
        return None
    languages, files, memory, _, images = probe
    return {"languages": languages, "files": files, "memory": memory, "images": images, **stored}


LINE_DECODER = json.JSONDecoder()


def _slug_json(slug: str) -> str:
    """``json.dumps(slug, ensure_ascii=False)``, without building an
    encoder for each of 10,000 stories: a printable slug (every slug is,
    ``story_files.find_stories`` refuses the rest) escapes only its quotes and
    backslashes."""
    if not slug.isprintable():
        return json.dumps(slug, ensure_ascii=False)
    return '"' + slug.replace("\\", "\\\\").replace('"', '\\"') + '"'


Listing = dict[str, frozenset[str] | None]
"""Folder → the lower-cased ASCII names in it, listed once per run: most
absent files (reviews not made, catalogs in a story's own language) are
told absent by the listing, without a failing ``stat`` each."""


def probe_story(
    config: Config, path: Path, slug: str, line: str | None, memory: str | None, listing: Listing | None = None,
) -> tuple[bool, bool]:
    """Whether the story is surely unchanged by its files' stamps alone,
    and whether its line says a change to the translation memory could
    change it. Fast: only the line's probe is parsed (its first part),
    and the stamps taken now are compared as one string with the one
    recorded. A stamp that cannot tell (none recorded) never matches:
    the worker looks closer (``check_story`` with ``verify``)."""
    prefix = f'[{_slug_json(slug)},{{"probe":'
    if line is None or not line.startswith(prefix):
        return False, True
    try:
        probe, _ = LINE_DECODER.raw_decode(line, len(prefix))
        languages, files, recorded_memory, key, images = probe
    except (ValueError, TypeError):
        return False, True
    depends = recorded_memory is not None
    if depends and (memory is None or recorded_memory != memory):
        return False, depends
    site = _site_prefix(config)
    paths = [*input_paths(config, path, slug, languages, images), *(site + name for name in files)]
    return _stamps_now(paths, key, {} if listing is None else listing), depends


_LAST_SITE: list[Any] = [None, ""]


def _site_prefix(config: Config) -> str:
    """Where the story's published files are named from (``config.site_path``
    makes a new ``Path`` on each call: once per run, not per story)."""
    if _LAST_SITE[0] is not config:
        _LAST_SITE[:] = [config, f"{config.site_path}/"]
    return str(_LAST_SITE[1])


def _listed(folder: str) -> frozenset[str] | None:
    """The lower-cased ASCII names in ``folder`` (None when it cannot be
    listed: each file is then asked for by name)."""
    try:
        with os.scandir(folder or ".") as entries:
            return frozenset(entry.name.lower() for entry in entries if entry.name.isascii())
    except OSError:
        return None


def _stamps_now(paths: list[str], key: str, listing: Listing) -> bool:
    """Whether ``paths`` hold the stamps ``key`` records, one by one, up to
    the first that differs. A file recorded absent is looked up in the
    listing of its folder (no failing ``stat``); the test is on ASCII
    names folded to lower case, so a case-insensitive disk (where another
    spelling would be the same file) never makes a present file absent."""
    recorded = key.split(",")
    if len(recorded) != len(paths):
        return False
    for name, stamp in zip(paths, recorded):
        if stamp == "-":
            folder, base = os.path.split(name)  # either separator on Windows
            if folder not in listing:
                listing[folder] = _listed(folder)
            names = listing[folder]
            if names is not None and base.isascii() and base.lower() not in names:
                continue
            try:
                os.stat(name)
            except (OSError, ValueError):
                continue
            return False
        try:
            stat = os.stat(name)
        except (OSError, ValueError):
            return False
        if stamp != f"{stat.st_size}.{stat.st_mtime_ns}.{stat.st_ctime_ns}.{stat.st_ino}":
            return False  # a "?" (no trusted stamp) never matches
    return True


def _stamps_key(records: Any) -> str:
    """The recorded stamps of a story's files as one string: "-" for a
    file recorded absent, "?" for one with no trusted stamp (it never
    matches, so the bytes are compared), else size.mtime.ctime.inode."""
    if not isinstance(records, list):
        return "?"
    parts = []
    for record in records:
        if not isinstance(record, list) or len(record) != 2:
            parts.append("?")
        elif record[0] is None:
            parts.append("-")
        elif isinstance(record[1], list) and len(record[1]) == 4:
            parts.append(".".join(str(number) for number in record[1]))
        else:
            parts.append("?")
    return ",".join(parts)


def check_story(
    config: Config, path: Path, slug: str, line: str | None, reference: Clock, memory: str | None, verify: bool,
) -> tuple[bool | None, str | None]:
    """Whether the story is unchanged since the line was written, and its
    line as this run would write it (refreshed stamps). ``memory`` is the
    translation memory's digest (None: not known yet; a story whose
    catalogs had no empty entry does not depend on it). None: cannot tell
    without reading bytes (``verify`` off) or the memory."""
    entry = parse_line(line, slug)
    if entry is None or not isinstance(entry.get("inputs"), list):
        return False, None  # never built, unreadable, or set aside
    languages, files = entry.get("languages", []), entry.get("files", [])
    inputs, outputs = entry["inputs"], entry.get("outputs", [])
    paths = input_paths(config, path, slug, languages, entry.get("images", []))
    if len(paths) != len(inputs) or len(files) != len(outputs) or "manifest" not in entry:
        return False, None
    unknown = False
    if entry.get("memory") is not None:  # its catalogs kept an empty entry the memory could fill
        if memory is None:
            unknown = True
        elif entry["memory"] != memory:
            return False, None
    refreshed = []
    site = str(config.site_path)
    for each, recorded in zip([*paths, *(f"{site}/{name}" for name in files)], [*inputs, *outputs]):
        same, record = _holds(each, recorded, reference, verify)
        if same is False:
            return False, None
        unknown = unknown or same is None
        refreshed.append(record)
    if unknown:
        return None, None
    if refreshed == [*inputs, *outputs]:
        return True, line
    entry = {**entry, "inputs": refreshed[: len(inputs)], "outputs": refreshed[len(inputs):]}
    return True, render_line(slug, entry)


def fresh_result(task: StoryTask) -> StoryResult | None:
    """The cached result when neither the story, its catalogs nor its
    published files changed since the last run (bytes read where stamps
    cannot tell); else None."""
    if task.cached_at is None or not task.steps.build:
        return None
    fresh, line = check_story(task.config, task.path, task.slug, cached_line(task.config, task.cached_at),
                              task.reference, task.memory, verify=True)
    if not fresh or line is None:
        return None
    return cached_result(task.slug, line)


def cached_result(slug: str, line: str) -> StoryResult | None:
    """The result a fresh story's line stands for: a blocked story's
    findings and errors too, as the run that computed them printed them."""
    if '"blocked":{' not in line:  # the common case: only the probe and the manifest record are parsed
        prefix = f'[{_slug_json(slug)},{{"probe":'
        try:
            probe, end = LINE_DECODER.raw_decode(line, len(prefix)) if line.startswith(prefix) else (None, 0)
            at = line.find(',"manifest":', end)
            if probe is not None and at > 0:
                manifest, _ = LINE_DECODER.raw_decode(line, at + len(',"manifest":'))
                return StoryResult(manifest=manifest, files=[str(name) for name in probe[1]], cache=line)
        except (ValueError, TypeError, IndexError):
            pass
    entry = parse_line(line, slug)
    if entry is None:
        return None
    notes, errors, kept = blocked_messages(entry)
    return StoryResult(manifest=entry["manifest"], files=list(entry.get("files", [])), cache=line,
                       notes=notes, errors=errors, kept=kept, blocked=bool(notes or errors or kept))


def blocked_messages(entry: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """A story's notes, errors and kept files from its cache entry (empty
    for a story that printed nothing: neither blocked nor refused)."""
    blocked = entry.get("blocked")
    if not isinstance(blocked, dict):
        return [], [], []
    return ([str(note) for note in blocked.get("notes", [])], [str(error) for error in blocked.get("errors", [])],
            [str(name) for name in blocked.get("kept", [])])


def replayed_messages(line: str | None, slug: str) -> tuple[list[str], list[str]]:
    """What a skipped story prints: the notes and errors of a story that
    was blocked or had a translation refused (a line without
    ``"blocked"`` is not parsed)."""
    if line is None or '"blocked":{' not in line:
        return [], []
    entry = parse_line(line, slug)
    if entry is None:
        return [], []
    notes, errors, _ = blocked_messages(entry)
    return notes, errors


def cache_line(
    task: StoryTask, text: str, text_digest: str, changes: Changes, result: StoryResult, memory: bool,
) -> str:
    """What the next run compares against: inputs as they are once this
    run's writes land, and what every published file holds. A file this
    run writes gets no stamp (it changes during the run: the next run
    reads its bytes once and records one). ``memory``: some catalog kept
    an empty entry, which a change to the translation memory could fill."""
    config = task.config
    staged = {target for _, target in changes.staged.files}

    def record(path: Path, known: str | None = None) -> list[Any]:
        if path in staged:
            return [changes.digests[path], None]
        stat = stat_or_none(path)
        if stat is None:
            return [None, None]
        digest = known or changes.digests.get(path) or file_digest(path)
        return [digest, trusted_stamp(stat, task.reference)]

    images = story_images(config, task.slug, text, task.guard)
    paths = [Path(name) for name in input_paths(config, task.path, task.slug, result.targets, images)]
    inputs = [record(paths[0], text_digest)] + [record(path) for path in paths[1:]]
    entry = {
        "inputs": inputs,
        # Depends on a memory this run did not read: matches no digest, so it is looked at again.
        "memory": (task.memory or "unread") if memory else None,
        "languages": result.targets,
        "files": result.files,
        "images": images,
        "outputs": [record(config.site_path / name) for name in result.files],
        "manifest": result.manifest,
    }
    if result.errors or result.blocked or result.notes:
        # Skipped while unchanged, it prints what this run printed for it (a
        # translation refused too), and fails the same way.
        entry["blocked"] = {"notes": result.notes, "errors": result.errors, "kept": result.kept}
    return render_line(task.slug, entry)


def render_line(slug: str, entry: dict[str, Any]) -> str:
    """A story's line: its probe first (what the parent reads to tell an
    unchanged story: languages, files, memory and the stamps as one
    string), then the rest, parsed only for a story that is looked at."""
    inputs, outputs = entry.get("inputs"), entry.get("outputs")
    key = _stamps_key([*inputs, *outputs]) if isinstance(inputs, list) and isinstance(outputs, list) else "?"
    probe = [entry.get("languages", []), entry.get("files", []), entry.get("memory"), key, entry.get("images", [])]
    stored = {name: value for name, value in entry.items() if name not in ("languages", "files", "memory", "images")}
    return json.dumps([slug, {"probe": probe, **stored}], ensure_ascii=False, separators=(",", ":")) + "\n"


def set_aside_line(line: str, slug: str) -> tuple[str | None, list[str], str] | None:
    """A story's line marked so that the next run redoes it, with its
    manifest record and files (None: the line cannot be read)."""
    entry = parse_line(line, slug)
    if entry is None:
        return None
    entry["inputs"] = "changed"  # never matches: the next run redoes the story
    return entry.get("manifest"), [str(name) for name in entry.get("files", [])], render_line(slug, entry)


# --- the manifest's record in the cache file --------------------------------------


def manifest_unchanged(path: Path, recorded: Any) -> bool:
    """The manifest still holds what it held after the last run (by stamp only)."""
    return _holds(path, recorded, (0, -1), verify=False)[0] is True


def manifest_record(path: Path, written: str, reference: Clock) -> list[Any]:
    """[digest, stamp] of the manifest as this run leaves it unchanged."""
    stat = stat_or_none(path)
    return [written, None if stat is None else trusted_stamp(stat, reference)]


def cached_states(task: StoryTask) -> dict[str, str] | None:
    """The story's publishing states at the last build (language tag →
    state), from its cache line: empty for a story new since then, None
    when the line cannot be read."""
    from storybridge.site.decision import previous_states

    if task.cached_at is None:
        return {}
    cached = parse_line(cached_line(task.config, task.cached_at), task.slug)
    if cached is None:
        return None
    try:
        record = json.loads(cached["manifest"]) if cached.get("manifest") else None
    except (ValueError, TypeError, KeyError):
        return None
    return previous_states(record)
