"""Skipping unchanged stories: digests of each story's inputs and outputs at the last run.

A story is skipped only when its text, template, catalogs, the settings,
storybridge's own code and every file it published digest as they did;
an unreadable or foreign cache means no skipping, never a wrong skip."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from storybridge import __version__
from storybridge.config import Config
from storybridge.project.files import Changes, file_digest
from storybridge.project.review_files import review_path
from storybridge.project.steps import (
    catalog_path,
    template_path,
)
from storybridge.project.tasks import Steps, StoryResult, StoryTask
from storybridge.site.decision import previous_states

CACHE_FILE = ".storybridge/cache.jsonl"
"""Digests of each story's inputs and outputs at the last run, relative to
the project root; safe to delete (the next run just does all the work)."""



# --- skipping unchanged stories -------------------------------------------


def _input_paths(config: Config, slug: str, languages: list[str]) -> list[Path]:
    return ([template_path(config, slug)] + [catalog_path(config, lang, slug) for lang in languages]
            + [review_path(config, lang, slug) for lang in languages])  # approvals decide with require_review


def _input_digest(task: StoryTask, story_text: str, digests: list[str | None]) -> str:
    hasher = hashlib.sha256(task.fingerprint.encode())
    hasher.update(story_text.encode("utf-8"))
    for value in digests:
        hasher.update(b"\0" + (value or "-").encode())
    return hasher.hexdigest()


def fresh_result(task: StoryTask, text: str) -> StoryResult | None:
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


def cache_line(task: StoryTask, text: str, changes: Changes, result: StoryResult) -> str:
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
        # A story with a blocked catalog is never skipped: its error must show again.
        "inputs": "blocked" if result.errors or result.blocked else _input_digest(task, text, digests),
        "languages": result.targets,
        "files": result.files,
        "outputs": outputs,
        "manifest": result.manifest,
    }
    return json.dumps([task.slug, entry], ensure_ascii=False, separators=(",", ":")) + "\n"


def fingerprint(config: Config, steps: Steps) -> str:
    """Everything besides the files that decides the output: settings,
    options and storybridge's own code."""
    settings = replace(config, root=Path("."), source="")
    hasher = hashlib.sha256(f"{__version__}\0{settings!r}\0{steps.extract}{steps.update}{steps.html}"
                            f"{steps.pseudo}{steps.languages}".encode())
    for source in code_files():
        hasher.update(source.read_bytes())
    return hasher.hexdigest()


def code_files() -> list[Path]:
    """Every file of the storybridge package that can change what a build
    writes: its modules, templates and schemas, wherever they live."""
    package = Path(__file__).resolve().parents[1]
    return sorted(
        path for path in package.rglob("*")
        if path.suffix in (".py", ".j2", ".json") and "__pycache__" not in path.parts
    )


CACHE_HEADER = '{"storybridge-cache":2}\n'


def load_cache(config: Config) -> dict[str, int]:
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


def cached_states(task: StoryTask) -> dict[str, str] | None:
    """The story's publishing states at the last build (language tag →
    state), from its cache line: empty for a story new since then, None
    when the line cannot be read."""
    if task.cached_at is None:
        return {}
    try:
        slug, cached = json.loads(_cached_line(task.config, task.cached_at) or "")
        record = json.loads(cached["manifest"]) if cached.get("manifest") else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return previous_states(record) if slug == task.slug else None
