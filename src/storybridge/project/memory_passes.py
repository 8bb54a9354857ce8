"""``update``'s two passes when catalogs changed since the last run (#18).

The translation memory is every catalog as it is on disk when the run
starts. A catalog that changed since the last run is not parsed by the
memory's survey (``memory_cache.survey``): the stories that own such
catalogs are merged first, and each worker hands back what its changed
catalogs offered, read from the catalog it parsed to merge. Stories with
no entry to fill are done in that first pass; the others are handed back
(``memory.MemoryAwaited``) and merged again once the memory is settled,
with the rest, in the pipeline's usual pass (``pipeline._run_all``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import replace

from storybridge.project.files import Changes
from storybridge.project.memory import UpdateAids, completed, install_aids, receive_units
from storybridge.project.memory_units import Scanned, scan_catalog
from storybridge.project.pool import ordered_map
from storybridge.project.paths import catalog_path, catalog_shown
from storybridge.project.tasks import Progress, StoryResult, StoryTask


def first_pass(
    tasks: list[StoryTask], unchanged: list[bool], aids: UpdateAids, jobs: int, changes: Changes,
    progress: Progress, setup: Callable[[], None] | None, merging: int,
    process: Callable[[StoryTask], StoryResult], discard: Callable[[StoryResult], None],
) -> tuple[dict[str, StoryResult], bool, UpdateAids]:
    """The first of two passes, when catalogs changed since the last run
    (#18): the stories that own them are merged first, and each worker
    hands back what its changed catalogs offered the memory, read from
    the catalog it parsed to merge, so the survey need not parse them
    too. Those with no entry to fill are done (their results, staged,
    wait to land in story order; they are held, a few strings and the
    units ``written`` per story, which the memory cache holds until it
    is saved anyway); the others are handed back and merged again in
    the second pass, with the memory settled (their changed catalogs
    are then parsed twice, as every changed catalog was before). The
    worker pool is decided by the ``merging`` stories of both passes;
    ``process`` merges a story (in a worker), ``discard`` removes what a
    result that will not land staged.
    Returns the results done, whether any story was handed back, and
    the settled aids, installed in this process."""
    first = [task for task, same in zip(tasks, unchanged) if not same and task.awaited]
    done: dict[str, StoryResult] = {}
    handed_back = False
    worked = ordered_map(process, first, jobs, discard=discard, setup=setup, size=merging)
    with closing(worked):  # a failure here stops the pool, and waits for it, before the run cleans up
        for task, result in zip(first, worked):
            changes.adopt(result.staged, task.slug)  # removed with the rest if the run fails
            receive_units(aids, task.slug, result.scanned)
            result.scanned = {}
            if result.deferred:
                handed_back = True
                continue
            done[task.slug] = result
            progress(len(done), len(tasks))
        for _ in worked:  # none left: closes the pool before the second forks
            pass
    settled = completed(aids)
    install_aids(settled)
    return done, handed_back, settled


def with_awaited(task: StoryTask, result: StoryResult, scanned: dict[str, Scanned], started: int) -> StoryResult:
    """``result`` with what each awaited catalog offers the memory: as the
    merge read it (``scanned``), else read here (a story skipped, or a
    catalog the merge did not reach or could not parse), each marked as
    read no earlier than ``started``."""
    if not task.awaited:
        return result
    for lang in task.awaited:
        if lang not in scanned:
            found = scan_catalog(catalog_path(task.config, lang, task.slug), catalog_shown(task.config, lang, task.slug))
            if found is not None:
                scanned[lang] = found
    result.scanned = {lang: replace(scanned[lang], read_ns=started) for lang in task.awaited if lang in scanned}
    return result
