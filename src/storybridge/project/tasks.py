"""What the parent hands a worker for one story, and what comes back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybridge.config import Config
from storybridge.project.files import Staged

if TYPE_CHECKING:  # the checks load on use, not when the command line starts
    from storybridge.checks.pseudonym import Pseudonyms
    from storybridge.checks.sensitive import Guard
    from storybridge.project.memory_units import Scanned, Written


def _no_guard() -> Guard:
    from storybridge.checks.sensitive import Guard

    return Guard()


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
    check: bool = False
    """Write nothing; report the files the run would change (``sync --check``)."""
    compendiums: tuple[Path, ...] = ()
    """Outside catalogs whose translations ``update`` uses as memory too
    (``update --memory FILE.po``)."""
    force: bool = False
    """Replace or delete published files that storybridge did not write."""


@dataclass(frozen=True, slots=True)
class StoryTask:
    """Everything a worker needs for one story."""

    config: Config
    steps: Steps
    path: Path
    slug: str
    moment: datetime
    cached_at: int | None
    """Where the story's line of the cache file from the last run starts:
    the worker reads it, so the parent never holds every story's line."""
    previous: dict[str, str] | None = None
    """language tag → state at the last build, when the cache cannot tell
    (None: read it from the cache line, or unknown)."""
    guard: Guard = field(default_factory=_no_guard)
    """The private list and detectors (#16): what blocks a story × language."""
    pseudonyms: Pseudonyms = field(default_factory=dict)
    """The glossary's pseudonyms by language (#16), refused like errors."""
    reference: tuple[int, int] = (0, -1)
    """The file system's clock when the run started (ns, device): a file
    changed since gets no stamp in the cache (see ``project.skip_cache``)."""
    memory: str | None = None
    """The translation memory's digest (update only): a story whose
    catalogs kept an empty entry is rebuilt when it changes."""
    awaited: tuple[str, ...] = ()
    """The languages whose catalog of this story changed since the last
    run: the worker hands back what each offers the memory (``scanned``),
    from the catalog it parses to merge, so the parent need not parse it."""


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
    errors: list[str] = field(default_factory=list)
    """One-line errors of catalogs that could not be read: each blocks its
    own story × language, and the command exits 1."""
    kept: list[str] = field(default_factory=list)
    """Published pages of languages whose catalog cannot be read, left as
    they are: only where the story's final decision is public and the page
    holds no identifying detail (``stage_site._kept_pages``)."""
    changes: list[str] = field(default_factory=list)
    """What changed in the publishing decisions, one line per language."""
    blocked: bool = False
    """A language of the story is blocked (#16): its cache line keeps the
    findings, so while it is unchanged it is skipped and every build still
    names them."""
    memory: bool = False
    """A merged catalog kept an empty entry that the translation memory
    could fill: the story is rebuilt when the memory changes."""
    new_units: bool = False
    """A catalog written offers the translation memory other units than
    before: the memory the next run reads is not this run's."""
    written: dict[str, tuple[Path, Written]] = field(default_factory=dict)
    """What each catalog written offers the translation memory, by
    language, for its cache (``memory_units.Written``; memory on only)."""
    scanned: dict[str, Scanned] = field(default_factory=dict)
    """What each awaited catalog (``StoryTask.awaited``) offered the memory
    as the worker read it, by language."""
    deferred: bool = False
    """The story has an entry the memory may fill and the memory was not
    settled yet: nothing was staged; the run merges it again once it is."""


Progress = Callable[[int, int], None]
"""Called with (stories done, stories in all) as work lands, for a progress bar."""
