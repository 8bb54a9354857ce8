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
import json
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import polib

from storybridge import __version__
from storybridge.site.assemble import (
    render_front_matter,
    splice_body,
    translate_front_matter,
    usable_translations,
)
from storybridge.po.merge import make_template
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.files import Changes, Staged, file_digest, find_stories, read_text
from storybridge.model import Segment, Story
from storybridge.project.pool import chunked, worker_count
from storybridge.project.catalogs import read_catalog
from storybridge.site.publish import (
    PSEUDO_LOCALE,
    Decision,
    alternates,
    decide,
    localized_front_matter,
    manifest_record,
    output_path,
    pseudo_translate,
    render_html,
    manifest_closing,
    manifest_joint,
    manifest_opening,
    render_manifest_record,
)
from storybridge.markdown.segment import segment_story
from storybridge.markdown.story import read_story
from storybridge.project.steps import (
    Report,
    now,
    catalog_path,
    catalog_shown,
    read_template,
    stage_catalogs,
    stage_template,
    story_path,
    targets,
    template_path,
)

CACHE_FILE = ".storybridge/cache.jsonl"
"""Digests of each story's inputs and outputs at the last run, relative to
the project root; safe to delete (the next run just does all the work)."""

@dataclass(frozen=True, slots=True)
class Steps:
    """Which steps to run and how."""

    extract: bool = False
    """Write each story's template."""
    update: bool = False
    """Merge each story's catalogs with its template."""
    build: bool = False
    """Write the publish folder and its manifest."""
    languages: tuple[str, ...] = ()
    """Only these target languages (all when empty)."""
    html: bool = False
    """Also write sanitized HTML fragments."""
    pseudo: bool = False
    """Also write the pseudo-locale."""
    jobs: int = 0
    """Worker processes; 0 = one per core."""


@dataclass(frozen=True, slots=True)
class StoryTask:
    """Everything a worker needs for one story."""

    config: Config
    steps: Steps
    path: Path
    slug: str
    moment: datetime
    fingerprint: str
    cached_at: int | None
    """Where the story's line of the cache file from the last run starts:
    the worker reads it, so the parent never holds every story's line."""


@dataclass(slots=True)
class StoryResult:
    """What a worker did for one story, for the parent to land. The
    manifest record and cache entry come back as text, so the parent
    holds a few strings per story, never the objects behind them."""

    staged: Staged = field(default_factory=Staged)
    manifest: str | None = None
    """The story's record in manifest.json, rendered."""
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cache: str | None = None
    """The story's line of the cache file."""
    targets: list[str] = field(default_factory=list)
    record: dict[str, Any] | None = None
    """The manifest record, until it is rendered (worker side only)."""


Progress = Callable[[int, int], None]
"""Called with (stories done, stories in all) as work lands, for a progress bar."""


def run_steps(config: Config, steps: Steps, moment: datetime, progress: Progress | None = None) -> Report:
    """Run ``steps`` over every story; write everything or nothing."""
    report = Report()
    stories = list(find_stories(config.stories_path, config.stories_dir))
    offsets = _load_cache(config) if steps.build else {}
    fingerprint = _fingerprint(config, steps)
    tasks = [StoryTask(config, steps, path, slug, moment, fingerprint, offsets.get(slug)) for path, slug in stories]
    del offsets
    files: list[str] = []
    records = 0

    with Changes() as changes:
        # The manifest and the cache are written as results land, not held:
        # at 10,000 stories they are some 35 MB of text.
        if steps.build:
            manifest = changes.stream(config.site_path / "manifest.json")
            manifest.write(manifest_opening(config.layout))
            cache_file = changes.stream(config.root / CACHE_FILE)
            cache_file.write(CACHE_HEADER)

        def land(result: StoryResult) -> None:
            nonlocal records
            report.stories += 1
            report.notes.extend(result.notes)
            if result.manifest is not None:
                manifest.write(manifest_joint(records) + result.manifest)
                records += 1
                files.extend(result.files)
            if result.cache is not None:
                cache_file.write(result.cache)

        _run_all(tasks, steps.jobs, changes, progress or _quiet, land)
        if steps.build:
            manifest.write(manifest_closing(files, records > 0))
            changes.finish(manifest)
            for stale in sorted(_previous_files(config) - set(files)):
                changes.remove(config.site_path / stale)
            changes.finish(cache_file)
    return report


def _quiet(done: int, total: int) -> None:
    del done, total


def _run_all(
    tasks: list[StoryTask], jobs: int, changes: Changes, progress: Progress, land: Callable[[StoryResult], None]
) -> None:
    """Hand each result to ``land`` in task order, and every staged file to
    ``changes`` as soon as it arrives, so a failure anywhere removes all of
    them. Results are dropped once landed: memory stays flat."""
    workers = worker_count(jobs, len(tasks))
    if workers == 1:
        for done, task in enumerate(tasks, start=1):
            result = process_story(task)
            changes.adopt(result.staged)
            land(result)
            progress(done, len(tasks))
        return
    chunks = chunked(tasks, workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: list[Future[list[StoryResult]] | None] = [pool.submit(_process_chunk, chunk) for chunk in chunks]
        done = 0
        try:
            for index, future in enumerate(futures):
                assert future is not None
                futures[index] = None  # let the results go once landed
                for result in future.result():
                    changes.adopt(result.staged)
                    land(result)
                    done += 1
                progress(done, len(tasks))
        except BaseException:
            # Collect what the other workers staged, so that the caller's
            # abort removes their temporary files too.
            for future in futures:
                if future is not None and not future.cancel() and future.exception() is None:
                    for result in future.result():
                        changes.adopt(result.staged)
            raise


def _process_chunk(chunk: Sequence[StoryTask]) -> list[StoryResult]:
    """A few stories in one worker call: fewer round trips to the parent.
    If one fails, what the others in the chunk staged is removed here."""
    results: list[StoryResult] = []
    try:
        for task in chunk:
            results.append(process_story(task))
    except BaseException:
        staged = Changes()
        for result in results:
            staged.adopt(result.staged)
        staged.abort()
        raise
    return results


def process_story(task: StoryTask) -> StoryResult:
    """One story through the selected steps (runs in a worker process)."""
    config, steps = task.config, task.steps
    shown = story_path(config, task.slug)
    text = read_text(task.path, shown)
    fresh = _fresh(task, text)
    if fresh is not None:
        return fresh
    changes = Changes()
    try:
        result = _process(task, text, changes)
    except BaseException:
        changes.abort()
        raise
    result.staged = changes.staged
    if steps.build and result.record is not None:
        result.manifest = render_manifest_record(result.record)
        result.cache = _cache_line(task, text, changes, result)
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
    if steps.update:
        if template is None:
            template = make_template(story.path, segments, story.lang, task.moment)
        merged = stage_catalogs(changes, config, story, template, steps.languages or None)
    if steps.build:
        _stage_site(task, story, segments, merged, changes, result)
    return result


def _stage_site(
    task: StoryTask, story: Story, segments: list[Segment], merged: dict[str, polib.POFile],
    changes: Changes, result: StoryResult,
) -> None:
    """Stage one story's localized files and make its manifest record."""
    config, steps = task.config, task.steps
    msgids = {segment.msgid for segment in segments}
    source_digest = "sha256:" + hashlib.sha256(story.text.encode("utf-8")).hexdigest()
    accepted: dict[str, dict[str, str]] = {}
    decisions: list[Decision] = []
    for lang in config.languages:
        translations: dict[str, str]
        if lang == story.lang:
            translations, fuzzy = {}, 0
        else:
            translations, fuzzy = _translations(config, story, segments, lang, merged, result.notes)
        accepted[lang] = translations
        coverage = 100.0 if lang == story.lang else _percent(len(msgids & translations.keys()), len(msgids))
        decisions.append(decide(config, story.front_matter, story.slug, lang, story.lang, coverage, fuzzy))
    if steps.pseudo:
        accepted[PSEUDO_LOCALE] = _pseudo_translations(segments)
        path = output_path(config.layout, PSEUDO_LOCALE, story.slug)
        decisions.append(Decision(PSEUDO_LOCALE, "pseudo", "pseudo-locale for layout testing", path, 0.0, 0))
    links = alternates(decisions, story.lang)
    titles: dict[str, str] = {}
    for decision in decisions:
        translated = translate_front_matter(story, segments, accepted[decision.lang])
        titles[decision.lang] = str(translated.get("title", ""))
        if decision.path is None:
            continue
        result.files.append(decision.path)
        html_path = decision.path[: -len(".md")] + ".html" if steps.html or config.html else None
        if html_path:
            result.files.append(html_path)
        if steps.languages and decision.lang not in steps.languages and decision.lang != story.lang:
            continue
        front_matter = localized_front_matter(
            translated, config=config, slug=story.slug, decision=decision,
            source_lang=story.lang, source_digest=source_digest, links=links,
        )
        body = splice_body(story.body, segments, accepted[decision.lang])
        changes.write(config.site_path / decision.path, render_front_matter(front_matter) + body)
        if html_path:
            changes.write(config.site_path / html_path, render_html(body, config.markdown_extensions))
    result.record = manifest_record(story.slug, story.path, story.lang, source_digest, titles, decisions, links)


def _translations(
    config: Config, story: Story, segments: list[Segment], lang: str,
    merged: dict[str, polib.POFile], notes: list[str],
) -> tuple[dict[str, str], int]:
    """Accepted translations and the fuzzy count of one catalog."""
    shown = catalog_shown(config, lang, story.slug)
    catalog = merged.get(lang) or read_catalog(catalog_path(config, lang, story.slug), shown)
    if catalog is None:
        return {}, 0
    accepted, rejected = usable_translations(segments, catalog, lang)
    for rejection in rejected:
        for problem in rejection.problems:
            notes.append(
                f"{shown}:{rejection.line}: warning: [{problem.check}] {problem.message}; "
                "the source text is published instead"
            )
    fuzzy = sum(1 for entry in catalog if entry.fuzzy and not entry.obsolete)
    return accepted, fuzzy


def _pseudo_translations(segments: list[Segment]) -> dict[str, str]:
    entries = [polib.POEntry(msgid=s.msgid, msgstr=pseudo_translate(s.msgid)) for s in segments]
    accepted, _ = usable_translations(segments, entries, PSEUDO_LOCALE)
    return accepted


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


# --- skipping unchanged stories -------------------------------------------


def _input_paths(config: Config, slug: str, languages: list[str]) -> list[Path]:
    return [template_path(config, slug)] + [catalog_path(config, lang, slug) for lang in languages]


def _input_digest(task: StoryTask, story_text: str, digests: list[str | None]) -> str:
    hasher = hashlib.sha256(task.fingerprint.encode())
    hasher.update(story_text.encode("utf-8"))
    for value in digests:
        hasher.update(b"\0" + (value or "-").encode())
    return hasher.hexdigest()


def _fresh(task: StoryTask, text: str) -> StoryResult | None:
    """The cached result when neither the story, its catalogs nor its
    published files changed since the last run; else None."""
    if task.cached_at is None or not task.steps.build:
        return None
    line = _cached_line(task.config, task.cached_at)
    try:
        slug, cached = json.loads(line or "")
    except ValueError:
        return None
    if slug != task.slug or not isinstance(cached, dict):
        return None
    languages = cached.get("languages", [])
    digests = [file_digest(path) for path in _input_paths(task.config, task.slug, languages)]
    if _input_digest(task, text, digests) != cached.get("inputs"):
        return None
    site = task.config.site_path
    for name, expected in zip(cached.get("files", []), cached.get("outputs", [])):
        if file_digest(site / name) != expected:
            return None
    return StoryResult(manifest=cached["manifest"], files=list(cached["files"]), cache=line)


def _cache_line(task: StoryTask, text: str, changes: Changes, result: StoryResult) -> str:
    """What the next run compares against: inputs as they are once this
    run's writes land, and the digest of every published file."""
    config = task.config
    digests = []
    for path in _input_paths(config, task.slug, result.targets):
        digests.append(changes.digests[path] if path in changes.digests else file_digest(path))
    outputs = []
    for name in result.files:
        path = config.site_path / name
        outputs.append(changes.digests[path] if path in changes.digests else file_digest(path))
    entry = {
        "inputs": _input_digest(task, text, digests),
        "languages": result.targets,
        "files": result.files,
        "outputs": outputs,
        "manifest": result.manifest,
    }
    return json.dumps([task.slug, entry], ensure_ascii=False, separators=(",", ":")) + "\n"


def _fingerprint(config: Config, steps: Steps) -> str:
    """Everything besides the files that decides the output: settings,
    options and storybridge's own code."""
    settings = replace(config, root=Path("."), source="")
    hasher = hashlib.sha256(f"{__version__}\0{settings!r}\0{steps.extract}{steps.update}{steps.html}"
                            f"{steps.pseudo}{steps.languages}".encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        hasher.update(source.read_bytes())
    return hasher.hexdigest()


CACHE_HEADER = '{"storybridge-cache":2}\n'


def _load_cache(config: Config) -> dict[str, int]:
    """Where each story's cache line starts, by slug; a worker reads the
    line when it needs it. A missing or foreign cache file means no cache."""
    try:
        with open(config.root / CACHE_FILE, "rb") as stream:
            header = stream.readline()
            if header != CACHE_HEADER.encode():
                return {}
            offsets, offset = {}, len(header)
            for line in stream:
                # Lines start ["<slug>", so the slug is read without parsing.
                end = line.find(b'",', 2)
                if line.startswith(b'["') and end > 0:
                    offsets[line[2:end].decode("utf-8", "replace")] = offset
                offset += len(line)
            return offsets
    except OSError:
        return {}


def _cached_line(config: Config, offset: int) -> str | None:
    """The cache line that starts at ``offset``; None if it cannot be read."""
    try:
        with open(config.root / CACHE_FILE, "rb") as stream:
            stream.seek(offset)
            return stream.readline().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _previous_files(config: Config) -> set[str]:
    """Files the last build wrote, from its manifest: the only ones a build
    may remove. Paths that could leave the publish folder are ignored."""
    path = config.site_path / "manifest.json"
    if not path.exists():
        return set()
    shown = f"{config.site_dir}/manifest.json"
    text = read_text(path, shown)
    # The list closes the document: parse just it, not every story's record.
    start = text.rfind('\n  "files": [')
    try:
        files = json.loads("{" + text[start:]) if start >= 0 else json.loads(text)
        files = files.get("files", [])
    except (json.JSONDecodeError, AttributeError) as exc:
        raise StoryError(shown, None, f"not a storybridge manifest: {exc}") from None
    return {
        name for name in files
        if isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/") and name != "manifest.json"
    }


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
