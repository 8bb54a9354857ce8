"""Run the per-story steps over every story, in parallel, landing all writes at once.

Each story is independent: a worker reads it, makes its template, catalogs
and localized files, and stages them as temporary files; the parent process
moves everything into place only when every story succeeded. Results come
back in story order, so the bytes written never depend on the number of
workers. A story whose inputs and outputs are unchanged since the last run
(by content digest, never by mtime) is skipped without being parsed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import polib

from storybridge.checks.pseudonym import Pseudonyms
from storybridge.checks.sensitive import Guard
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.markdown.segment import segment_story
from storybridge.markdown.story import read_story
from storybridge.po.merge import make_template
from storybridge.project.changed import stale_files
from storybridge.project.commit import Workspace, workspace_of
from storybridge.project.files import Changes, digest, find_stories, read_text
from storybridge.project.glossary import read_project_glossary
from storybridge.project.landing import Ledger, set_aside
from storybridge.project.lock import project_lock
from storybridge.project.memory import installed, keep_memory_cache, read_update_aids
from storybridge.project.ownership import CHANGED
from storybridge.project.pool import ordered_map
from storybridge.project.sensitive import load_guard
from storybridge.project.skip_cache import (
    CACHE_FILE,
    CACHE_HEADER,
    cache_line,
    cached_states,
    fingerprint,
    fresh_result,
    load_cache,
)
from storybridge.project.stage_site import (
    manifest_states,
    moved_manifests,
    previous_files,
    stage_site,
)
from storybridge.project.steps import (
    Report,
    now,
    read_template,
    stage_catalogs,
    stage_template,
    story_path,
    targets,
)
from storybridge.project.tasks import Progress, Steps, StoryResult, StoryTask
from storybridge.site.publish import (
    manifest_closing,
    manifest_joint,
    manifest_opening,
    render_manifest_record,
)


def run_steps(config: Config, steps: Steps, moment: datetime, progress: Progress | None = None) -> Report:
    """Run ``steps`` over every story; write everything or nothing."""
    workspace = workspace_of(config, steps.force)
    with project_lock(workspace) as recovered:
        report = _run_locked(config, steps, moment, progress, workspace)
    report.notes[:0] = recovered
    return report


def _run_locked(
    config: Config, steps: Steps, moment: datetime, progress: Progress | None, workspace: Workspace
) -> Report:
    report = Report()
    stories = list(find_stories(config.stories_path, config.stories_dir))
    offsets = load_cache(config) if steps.build else {}
    guard, pseudonyms = load_guard(config), read_project_glossary(config)[1]  # sensitive details (#16)
    aids = read_update_aids(config, steps, guard, stories)  # translation memory (#18)
    settings = _guarded_fingerprint(fingerprint(config, steps), guard, pseudonyms) + (aids.digest if aids else "")
    # The last build's states, for the summary of what changed: each worker
    # reads its story's from the cache; without a cache, from the manifest.
    known = manifest_states(config) if steps.build and not offsets else None
    tasks = [
        StoryTask(config, steps, path, slug, moment, settings, offsets.get(slug),
                  previous=None if known is None else known.get(slug, {}), guard=guard, pseudonyms=pseudonyms)
        for path, slug in stories
    ]
    before = set(offsets) if offsets else set(known or {})
    del offsets, known
    files: list[str] = []
    kept: list[str] = []
    records = 0
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
            ledger.write("cache", cache_file, CACHE_HEADER)

        def land(result: StoryResult, slug: str) -> None:
            nonlocal records
            report.stories += 1
            report.notes.extend(result.notes)
            report.errors.extend(result.errors)
            ledger.extend("changes", report.changes, result.changes, slug)
            kept.extend(result.kept)
            if result.manifest is not None:
                ledger.write("manifest", manifest, result.manifest, slug, manifest_joint(records))
                records += 1
                ledger.extend("files", files, result.files, slug)
            if result.cache is not None:
                ledger.write("cache", cache_file, result.cache, slug)

        with installed(aids) as setup:
            _run_all(tasks, steps.jobs, changes, progress or _quiet, land, setup)
        # A story whose catalog or source was saved meanwhile lands nothing; the rest lands.
        changed = changes.set_aside_changed()
        report.errors.extend(f"{workspace.shown(path)}: error: {CHANGED}" for path in changed.values())
        report.changes[:] = ledger.without("changes", report.changes, changed)
        if changed and steps.build:
            manifest, cache_file, records = set_aside(
                config, changes, ledger, changed, manifest, cache_file, files, kept)
        if steps.build:
            owned = previous_files(config)
            # A blocked language's last published file stays, and stays ours.
            files.extend(sorted(set(kept) & owned - set(files)))
            manifest.write(manifest_closing(files, records > 0))
            changes.finish(manifest)
            changes.claimed = owned | {"manifest.json"}
            for stale in sorted(owned - set(files)):
                changes.remove(config.site_path / stale)
            for moved in moved_manifests(config):  # issue #15: the manifest left the publish folder
                changes.remove(moved)
            report.changes.extend(f"{slug}: removed" for slug in sorted(before - {slug for _, slug in stories}))
            changes.finish(cache_file)
        if steps.check:
            report.stale = stale_files(config, changes.pending(), site_existed)
            changes.abort()
    if not steps.check:
        keep_memory_cache(aids)  # only once the run's changes landed (#18)
    report.notes.extend(changes.notes)
    # Files that landed or went, the cache aside (it changes on most runs).
    report.written = sum(1 for path in [*changes.written, *changes.removed] if path != config.root / CACHE_FILE)
    return report



def _guarded_fingerprint(settings: str, guard: Guard, pseudonyms: Pseudonyms) -> str:
    """The settings' fingerprint with the private list's and the
    pseudonyms' digests: a change to either rebuilds every story."""
    extra = guard.digest() + repr(sorted(pseudonyms.items()))
    return hashlib.sha256(f"{settings}\0{extra}".encode("utf-8")).hexdigest()


def _quiet(done: int, total: int) -> None:
    del done, total


def _run_all(
    tasks: list[StoryTask], jobs: int, changes: Changes, progress: Progress, land: Callable[[StoryResult, str], None],
    setup: Callable[[], None] | None = None,
) -> None:
    """Hand each result to ``land`` in task order, its staged files to
    ``changes`` first, so a failure anywhere removes all of them; results a
    failure leaves unlanded have their staged files removed by the pool."""
    for done, result in enumerate(ordered_map(process_story, tasks, jobs, discard=discard_staged, setup=setup), start=1):
        slug = tasks[done - 1].slug
        changes.adopt(result.staged, slug)
        land(result, slug)
        progress(done, len(tasks))


def discard_staged(result: StoryResult) -> None:
    """Remove the temporary files of a result that will never land."""
    staged = Changes()
    staged.adopt(result.staged)
    staged.abort()


def process_story(task: StoryTask) -> StoryResult:
    """One story through the selected steps (runs in a worker process)."""
    config, steps = task.config, task.steps
    shown = story_path(config, task.slug)
    text = read_text(task.path, shown)
    fresh = fresh_result(task, text)
    if fresh is not None:
        return fresh
    changes = Changes(workspace_of(config, steps.force))
    changes.expect(task.path, digest(text.encode("utf-8")))  # a story saved during the run lands nothing
    try:
        result = _process(task, text, changes)
    except BaseException:
        changes.abort()
        raise
    result.staged = changes.staged
    if steps.build:
        if result.record is not None:
            result.manifest = render_manifest_record(result.record)
        # A story blocked by identifying details (#16) or by an unreadable
        # catalog is never skipped (its cache line never matches), so every
        # build names its findings; the line still tells the next build its
        # states, for the summary of what changed.
        result.cache = cache_line(task, text, changes, result)
        result.record = None
    return result


def _process(task: StoryTask, text: str, changes: Changes) -> StoryResult:
    config, steps = task.config, task.steps
    result = StoryResult()
    story = read_story(text, story_path(config, task.slug), task.slug, config.languages)
    if story.lang_detected:
        result.notes.append(f"{story.path}: no 'lang' in front matter; detected {story.lang}")
    result.targets = targets(config, story)
    # update alone merges the template on disk: no need to parse the Markdown.
    template = read_template(config, story.slug) if steps.update and not steps.extract else None
    segments = segment_story(story, config.front_matter_keys) if template is None or steps.build else []
    merged: dict[str, polib.POFile] = {}
    if steps.extract:
        template = stage_template(changes, config, story, segments, task.moment)
    unreadable: dict[str, StoryError] = {}
    if steps.update:
        if template is None:
            template = make_template(story.path, segments, story.lang, task.moment)
        merged = stage_catalogs(changes, config, story, template, steps.languages or None, unreadable)
        result.errors.extend(f"{error.where}: error: {error.message}" for error in unreadable.values())
    if steps.build:
        if task.previous is None:
            task = replace(task, previous=cached_states(task))
        stage_site(task, story, segments, merged, changes, result, unreadable)
        result.errors[:] = list(dict.fromkeys(result.errors))
    return result


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
