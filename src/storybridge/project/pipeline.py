"""Run the per-story steps over every story, in parallel, landing all writes at once.

Each story is independent: a worker reads it, makes its template, catalogs
and localized files, and stages them as temporary files
(``project.story_work``); the parent process
moves everything into place only when every story succeeded. Results come
back in story order, so the bytes written never depend on the number of
workers. A story whose inputs and outputs are unchanged since the last run
(by stamp, or by digest where a stamp cannot tell; see ``skip_cache``)
is skipped without being parsed. When catalogs changed since the last
run and the translation memory is on, ``update`` runs in two passes (see
``project.memory_passes``), so that a changed catalog is parsed once unless its
story has an entry to fill.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from functools import partial
from datetime import datetime
from pathlib import Path

from typing import TYPE_CHECKING

from storybridge.config import Config
from storybridge.project.commit import Workspace, workspace_of
from storybridge.project.files import Changes
from storybridge.project.story_files import find_stories
from storybridge.project.disk import file_digest
from storybridge.project.glossary import glossary_path, read_project_glossary
from storybridge.project.lock import project_lock
from storybridge.project.ownership import CHANGED
from storybridge.project.sensitive import load_guard
from storybridge.project.cache_settling import settle_stamps
from storybridge.project.code_fingerprint import run_fingerprint
from storybridge.project.cache_file import CACHE_FILE, Cache, cache_header, manifest_trailer
from storybridge.project.skip_cache import (
    cached_result,
    manifest_record,
    manifest_unchanged,
    probe_story,
    replayed_messages,
)
from storybridge.project.stamps import clock_reference
from storybridge.project.steps import Report, now
from storybridge.project.story_work import discard_staged, process_story
from storybridge.project.tasks import Progress, Steps, StoryResult, StoryTask

if TYPE_CHECKING:
    from storybridge.checks.sensitive import Guard


def run_steps(config: Config, steps: Steps, moment: datetime, progress: Progress | None = None) -> Report:
    """Run ``steps`` over every story; write everything or nothing."""
    workspace = workspace_of(config, steps.force)
    with project_lock(workspace) as recovered:
        try:
            report = _run_locked(config, steps, moment, progress, workspace)
        finally:  # what the memory cache did not keep of the units the workers staged
            shutil.rmtree(workspace.staged_units, ignore_errors=True)
    report.notes[:0] = recovered
    return report


def _run_locked(
    config: Config, steps: Steps, moment: datetime, progress: Progress | None, workspace: Workspace
) -> Report:
    report = Report()
    reference = clock_reference(workspace.state)
    stories = list(find_stories(config.stories_path, config.stories_dir))
    guard = load_guard(config)  # sensitive details (#16)
    settings = _guarded_fingerprint(run_fingerprint(config, steps), guard, file_digest(glossary_path(config)))
    cache = Cache(config, settings) if steps.build else None
    offsets = cache.offsets if cache is not None else {}
    # Stamps alone (no byte read): which stories are surely unchanged. The
    # memory is the last run's while no story's files changed since and no
    # catalog that run wrote offers the memory other units.
    same_stories = cache is not None and set(offsets) == {slug for _, slug in stories}
    known_memory = cache.memory if cache is not None and same_stories and steps.update and not steps.compendiums else None
    replayed: list[tuple[list[str], list[str]]] = []
    unchanged = _unchanged_by_stamps(config, stories, cache, known_memory, replayed)
    if cache is not None and all(unchanged) and same_stories and manifest_unchanged(config.manifest_path, cache.manifest):
        report.stories = len(stories)  # nothing changed: nothing to read, write or decide
        for notes, errors in replayed:  # but a blocked story says again what blocks it
            report.notes.extend(notes)
            report.errors.extend(errors)
        return report
    del replayed
    from storybridge.project.landing import Ledger, set_aside
    from storybridge.project.memory import (
        awaited_languages, forget_set_aside, index_before_workers, install_aids, installed, keep_memory_cache,
        learn_units, read_update_aids)
    from storybridge.project.memory_passes import first_pass
    from storybridge.project.stage_site import manifest_states, moved_manifests, previous_files
    from storybridge.site.publish import manifest_closing, manifest_joint, manifest_opening

    pseudonyms = read_project_glossary(config)[1]
    # The translation memory (#18) is read only when some story is to be looked at closer; the
    # changed catalogs of the stories to merge are read by their workers (``project.memory_passes``).
    merging = frozenset(slug for (_, slug), same in zip(stories, unchanged) if not same)
    aids = read_update_aids(config, steps, guard, stories, merging) if merging else None
    # The last build's states, for the summary of what changed: each worker
    # reads its story's from the cache; without a cache, from the manifest.
    known = manifest_states(config) if steps.build and not offsets else None
    tasks = [
        StoryTask(config, steps, path, slug, moment, offsets.get(slug),
                  previous=None if known is None else known.get(slug, {}), guard=guard, pseudonyms=pseudonyms,
                  reference=reference, memory=aids.digest if aids and not aids.awaiting else None,
                  awaited=awaited_languages(aids, slug))
        for path, slug in stories
    ]
    before = set(offsets) if offsets else set(known or {})
    del known
    files: list[str] = []
    kept: list[str] = []
    records = 0
    new_units = False  # a catalog written offers the memory other units: the next run reads it again
    site_existed = config.site_path.is_dir()

    changes = Changes(workspace)
    with changes:
        # The manifest and the cache are written as results land, not held:
        # at 10,000 stories they are some 35 MB of text.
        ledger = Ledger()  # where each story's part stands, to set one aside (#13)
        if steps.build:
            manifest = changes.stream(config.manifest_path)
            ledger.write("manifest", manifest, manifest_opening(config.layout))
            cache_file = changes.stream(config.root / CACHE_FILE)
            ledger.write("cache", cache_file, cache_header(settings))

        def land(result: StoryResult, slug: str) -> None:
            nonlocal records, new_units
            report.stories += 1
            report.notes.extend(result.notes)
            report.errors.extend(result.errors)
            ledger.extend("changes", report.changes, result.changes, slug)
            kept.extend(result.kept)
            new_units = new_units or result.new_units
            learn_units(aids, slug, result.written)  # the memory cache need not parse them again (#18)
            if result.manifest is not None:
                ledger.write("manifest", manifest, result.manifest, slug, manifest_joint(records))
                records += 1
                ledger.extend("files", files, result.files, slug)
            if result.cache is not None:
                ledger.write("cache", cache_file, result.cache, slug)

        with installed(aids) as setup:
            first: dict[str, StoryResult] = {}
            handed_back = False
            if aids is not None and aids.awaiting:
                # ``land`` reads ``aids`` when it runs: from here on, the settled aids.
                first, handed_back, aids = first_pass(tasks, unchanged, aids, steps.jobs, changes, progress or _quiet,
                                                      setup, len(merging), process_story, discard_staged)
                setup = partial(install_aids, aids)
                tasks = [replace(task, memory=aids.digest, awaited=()) for task in tasks]
            index_before_workers(config, aids, [task.slug for task, same in zip(tasks, unchanged)
                                                if not same and task.slug not in first], handed_back, steps.jobs)
            _run_all(tasks, unchanged, cache, steps.jobs, changes, progress or _quiet, land, setup, first,
                     len(merging))
        # A story whose catalog or source was saved meanwhile lands nothing; the rest lands.
        changed = changes.set_aside_changed()
        forget_set_aside(aids, changed)
        report.errors.extend(f"{workspace.shown(path)}: error: {CHANGED}" for path in changed.values())
        report.changes[:] = ledger.without("changes", report.changes, changed)
        if changed and steps.build:
            manifest, cache_file, records = set_aside(
                config, changes, ledger, changed, manifest, cache_file, files, kept)
        if steps.build:
            owned = previous_files(config)
            # A page kept while its catalog cannot be read stays, and stays ours
            # (which may stay is decided once, in stage_site._kept_pages).
            files.extend(sorted(set(kept) & owned - set(files)))
            manifest.write(manifest_closing(files, records > 0))
            rewritten = changes.finish(manifest)
            written = changes.digests[config.manifest_path]
            memory = None if new_units else (aids.digest if aids is not None else known_memory)
            cache_file.write(manifest_trailer(
                [written, None] if rewritten else manifest_record(config.manifest_path, written, reference), memory))
            changes.claimed = owned | {"manifest.json"}
            for stale in sorted(owned - set(files)):
                changes.remove(config.site_path / stale)
            for moved in moved_manifests(config):  # issue #15: the manifest left the publish folder
                changes.remove(moved)
            # A story renamed because its file name identified someone says so masked.
            report.changes.extend(
                f"{_masked_slug(guard, slug)}: removed" for slug in sorted(before - {slug for _, slug in stories}))
            changes.finish(cache_file)
        if steps.check:
            from storybridge.project.changed import stale_files

            report.stale = stale_files(config, changes.pending(), site_existed)
            changes.abort()
    if not steps.check:
        keep_memory_cache(aids)  # only once the run's changes landed (#18)
    if steps.build and not steps.check and (changes.written or changes.removed):
        workspace.tmp.mkdir(parents=True, exist_ok=True)
        settle_stamps(config, workspace.state, workspace.tmp / "cache.settle.tmp")
    report.notes.extend(changes.notes)
    # Files that landed or went, the cache aside (it changes on most runs).
    report.written = sum(1 for path in [*changes.written, *changes.removed] if path != config.root / CACHE_FILE)
    return report


def _unchanged_by_stamps(
    config: Config, stories: list[tuple[Path, str]], cache: Cache | None, memory: str | None,
    replayed: list[tuple[list[str], list[str]]],
) -> list[bool]:
    """For each story, whether its files' stamps all match its cache line
    (and, when it depends on the translation memory, the memory is known
    to be unchanged: ``memory``, trusted only while every story is
    unchanged): it is skipped without a byte read. The rest go to the
    workers, which read bytes where stamps cannot tell (``fresh_result``).
    ``replayed`` gains the notes and errors of the blocked stories among
    the unchanged ones, in story order, for a run that does nothing else."""
    if cache is None or not cache.offsets:
        return [False] * len(stories)
    found, depends = [], []
    listing: dict[str, frozenset[str]] = {}
    for (path, slug), line in zip(stories, cache.lines([slug for _, slug in stories])):
        fresh, depending = probe_story(config, path, slug, line, memory, listing)
        found.append(fresh)
        depends.append(depending)
        if fresh:
            notes, errors = replayed_messages(line, slug)
            if notes or errors:
                replayed.append((notes, errors))
    if all(found):
        return found
    return [fresh and not depending for fresh, depending in zip(found, depends)]


def _guarded_fingerprint(settings: str, guard: Guard, glossary: str | None) -> str:
    """The settings' fingerprint with the private list's digest and the
    glossary file's (its terms, hints and pseudonyms): a change to either
    rebuilds every story."""
    return hashlib.sha256(f"{settings}\0{guard.digest()}\0{glossary}".encode("utf-8")).hexdigest()


def _quiet(done: int, total: int) -> None:
    del done, total


def _run_all(
    tasks: list[StoryTask], unchanged: list[bool], cache: Cache | None, jobs: int, changes: Changes,
    progress: Progress, land: Callable[[StoryResult, str], None], setup: Callable[[], None] | None = None,
    first: dict[str, StoryResult] | None = None, merging: int | None = None,
) -> None:
    """Hand each result to ``land`` in task order, its staged files to
    ``changes`` first, so a failure anywhere removes all of them; results a
    failure leaves unlanded have their staged files removed by the pool.
    Stories ``unchanged`` by their stamps land from their cache line; those
    done in the first pass (``first``, staged files adopted already) from
    there; only the others go to the workers (a pool when ``merging``,
    the stories both passes merge, or else those left, are enough)."""
    from storybridge.project.pool import ordered_map  # the workers: not for a no-op

    first = first or {}
    pending = [task for task, same in zip(tasks, unchanged) if not same and task.slug not in first]
    worked = ordered_map(process_story, pending, jobs, discard=discard_staged, setup=setup, size=merging)
    # The unchanged stories' lines, read in one pass over the cache (tasks are in its order).
    lines = cache.lines([task.slug if same else "" for task, same in zip(tasks, unchanged)]) if cache else None
    done = len(first)
    try:
        with closing(worked):  # a failure here stops the pool, and waits for it, before the run cleans up
            for task, same in zip(tasks, unchanged):
                result = None
                line = next(lines) if lines is not None else None
                if same and line is not None:
                    result = cached_result(task.slug, line)
                if result is None and task.slug in first:
                    land(first.pop(task.slug), task.slug)
                    continue
                if result is None:
                    result = next(worked) if not same else process_story(task)
                changes.adopt(result.staged, task.slug)
                land(result, task.slug)
                done += 1
                progress(done, len(tasks))
            for _ in worked:  # none left: closes the pool
                pass
    finally:
        if lines is not None:
            lines.close()


# --- the commands -----------------------------------------------------------


def extract(config: Config, steps: Steps = Steps(), progress: Progress | None = None) -> Report:
    """Write ``locale/templates/<slug>.pot`` for every story."""
    return run_steps(config, replace(steps, extract=True, update=False, build=False), now(), progress)


def update(config: Config, steps: Steps = Steps(), progress: Progress | None = None) -> Report:
    """Create or merge every target catalog from the stories' templates."""
    return run_steps(config, replace(steps, extract=False, update=True, build=False), now(), progress)


def build(config: Config, steps: Steps = Steps(), progress: Progress | None = None) -> Report:
    """Write the publish folder: localized Markdown and the manifest."""
    return run_steps(config, replace(steps, extract=False, update=False, build=True), now(), progress)


def sync(config: Config, steps: Steps = Steps(), progress: Progress | None = None) -> Report:
    """extract + update + build in one pass over the stories."""
    return run_steps(config, replace(steps, extract=True, update=True, build=True), now(), progress)


def _masked_slug(guard: Guard, slug: str) -> str:
    """``slug`` as a line may show it: masked where it holds a detail, read
    also as the words of a name (``sora-byeon`` as ``Sora Byeon``)."""
    from storybridge.project.sensitive import slug_mask

    mask = slug_mask(guard, slug)
    return guard.redact(slug) if mask is None else mask(slug)
