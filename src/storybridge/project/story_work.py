"""One story through the selected steps, in a worker process: read, merge, stage.

What a worker does with one story (``process_story``): it reads the
story, makes its template, catalogs and localized files, and stages them
as temporary files that ``project.pipeline`` lands with the rest, or
removes (``discard_staged``) when the run fails.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from storybridge.project.commit import workspace_of
from storybridge.project.files import Changes, digest, read_text
from storybridge.project.skip_cache import cache_line, cached_states, fresh_result
from storybridge.project.steps import story_path
from storybridge.project.tasks import StoryResult, StoryTask

if TYPE_CHECKING:  # the stages load on use: a no-op sync starts and ends without them
    import polib

    from storybridge.errors import StoryError
    from storybridge.project.memory_units import Scanned


def discard_staged(result: StoryResult) -> None:
    """Remove the temporary files of a result that will never land."""
    staged = Changes()
    staged.adopt(result.staged)
    staged.abort()


def process_story(task: StoryTask) -> StoryResult:
    """One story through the selected steps (runs in a worker process);
    what its catalogs offer the memory cache waits in the staging folder,
    not in the result (``memory_units.stage_units``)."""
    result = _process_story(task)
    if result.scanned or result.written:
        from storybridge.project.memory_units import stage_units

        result.scanned, result.written = stage_units(task.config, result.scanned, result.written)
    return result


def _process_story(task: StoryTask) -> StoryResult:
    config, steps = task.config, task.steps
    started = time.time_ns()  # no file of the story is read before: what stamps it may trust
    fresh = fresh_result(task)
    if fresh is not None and not task.awaited:
        return fresh
    from storybridge.project.memory import MemoryAwaited
    from storybridge.project.memory_passes import with_awaited

    if fresh is not None:
        return with_awaited(task, fresh, {}, started)
    text = read_text(task.path, story_path(config, task.slug))
    text_digest = digest(text.encode("utf-8"))
    changes = Changes(workspace_of(config, steps.force))
    changes.expect(task.path, text_digest)  # a story saved during the run lands nothing
    scanned: dict[str, Scanned] = {}
    try:
        result = _process(task, text, changes, scanned)
    except MemoryAwaited:
        changes.abort()
        return with_awaited(task, StoryResult(deferred=True), scanned, started)
    except BaseException:
        changes.abort()
        raise
    with_awaited(task, result, scanned, started)
    result.staged = changes.staged
    if steps.build:
        from storybridge.site.publish import render_manifest_record

        if result.record is not None:
            result.manifest = render_manifest_record(result.record)
        # A story blocked by identifying details (#16) or by an unreadable
        # catalog keeps its findings in its cache line: skipped while
        # unchanged, every build still names them and exits as this one.
        result.cache = cache_line(task, text, text_digest, changes, result, result.memory)
        result.record = None
    return result


def _process(task: StoryTask, text: str, changes: Changes, scanned: dict[str, Scanned] | None = None) -> StoryResult:
    from storybridge.markdown.segment import segment_story
    from storybridge.markdown.story import read_story
    from storybridge.po.merge import make_template
    from storybridge.project.stage_site import stage_site
    from storybridge.project.steps import read_template, stage_catalogs, stage_template, targets

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
        new_units: list[str] = []
        merged = stage_catalogs(changes, config, story, template, steps.languages or None, unreadable, new_units,
                                result.written if config.memory else None, scanned, task.awaited)
        result.new_units = bool(new_units)
        from storybridge.po.memory import fillable

        result.memory = any(fillable(entry) for catalog in merged.values() for entry in catalog)
        # A catalog's error quotes its line: masked, as every message is (#16).
        result.errors.extend(f"{error.where}: error: {task.guard.redact(error.message)}" for error in unreadable.values())
    if steps.build:
        if task.previous is None:
            task = replace(task, previous=cached_states(task))
        stage_site(task, story, segments, merged, changes, result, unreadable)
        result.errors[:] = list(dict.fromkeys(result.errors))
    _mask_file_name(task, result)
    return result


def _mask_file_name(task: StoryTask, result: StoryResult) -> None:
    """A file name that identifies (#16) blocks the story (``source_findings``)
    and is masked in every line this run, or a skipped one, prints for it."""
    from storybridge.project.sensitive import slug_mask

    mask = slug_mask(task.guard, task.slug)
    if mask is not None:
        for lines in (result.notes, result.errors, result.changes):
            lines[:] = [mask(line) for line in lines]
