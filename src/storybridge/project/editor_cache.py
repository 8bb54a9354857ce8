"""Each story's ``status`` and ``check`` result, kept by the stamps of its input files.

A warm ``status`` or ``check`` stats each story's inputs (the story, its
template, its catalogs and review files in every configured language,
the images it shows), compares their stamps (``project.stamps``: size,
mtime, ctime, inode) with those kept in
``.storybridge/status.jsonl`` (``status-details.jsonl`` for the HTML
page) or ``check.jsonl``, and reuses the result
when every one matches; the rest are read and judged again (with the
entry verdicts of ``project.verdicts``). The ctime is in the stamp
because no tool sets it back: an edit made in place with the old mtime
restored is still seen. When a file's last change is within ``RACY_NS`` of the moment
its story was judged, a later write could keep the same stamp (git's
"racy" case), so its digest is kept as well and compared instead.

Everything outside the story's files that decides its result (settings,
glossary, private list, the command's options, storybridge's code and
the libraries it judges with) is the file's fingerprint, in its first
line: a different one means the whole file is ignored. So is a file that
cannot be read or parsed; a line that does not parse is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_module
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from storybridge.config import Config
from storybridge.project.code_fingerprint import code_fingerprint
from storybridge.project.disk import file_digest
from storybridge.project.line_files import LineFile, Rewrite
from storybridge.project.stamps import RACY_NS, stamp_of
if TYPE_CHECKING:
    from storybridge.checks.sensitive import Guard

from storybridge.project.verdicts import (
    VERDICTS_FILE,
    StoryVerdicts,
    Tally,
)

STATE_DIR = ".storybridge"

STATS_ENV = "STORYBRIDGE_CACHE_STATS"
"""Set to 1: ``status`` and ``check`` print how much their caches saved to stderr."""

Result = TypeVar("Result")


# --- the fingerprint of everything but the story's files -------------------


def fingerprint(config: Config, *parts: object) -> str:
    """The settings (every one, as loaded), the command's ``parts``
    (options, digests of the glossary and the private list) and the code."""
    return hashlib.sha256(repr((code_fingerprint(), repr(config), parts)).encode("utf-8", "surrogatepass")).hexdigest()


# --- stamps --------------------------------------------------------------------


def story_inputs(config: Config, path: Path, slug: str) -> list[Path]:
    """Every file a story's status or check result is made of, but its
    images: the story, its template, and its catalog and review file in
    every configured language (missing ones too: one may appear)."""
    from storybridge.project.review_files import review_path
    from storybridge.project.steps import catalog_path, template_path

    files = [path, template_path(config, slug)]
    for language in config.languages:
        files += [catalog_path(config, language, slug), review_path(config, language, slug)]
    return files


def _stamp(path: Path, moment: int) -> list[Any]:
    """``[path, size, mtime_ns, ctime_ns, inode, digest or null]``; size -1 for no file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # absent, or a name no file can have (a NUL)
        return [str(path), -1, 0, 0, 0, None]
    racy = max(info.st_mtime_ns, info.st_ctime_ns) >= moment - RACY_NS
    # Only a regular file's bytes are read: a pipe or a device may never end.
    return [str(path), *stamp_of(info), file_digest(path) if racy and stat_module.S_ISREG(info.st_mode) else None]


def holds(stamp: Sequence[Any]) -> bool:
    """The file is as the stamp says: same size, mtime, ctime and inode
    (and, for a racy stamp, the same bytes)."""
    path, size, mtime, ctime, inode, digest = stamp
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return size == -1
    if stamp_of(info) != [size, mtime, ctime, inode]:
        return False
    return digest is None or file_digest(Path(path)) == digest


def _images(config: Config, path: Path, slug: str) -> list[Path]:
    from storybridge.project.image_metadata import local_images
    from storybridge.project.steps import story_path

    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # the story's own reading will say why
    return [image for _, image in local_images(config, story_path(config, slug), text)]


# --- one story, judged in a worker -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Judged(Generic[Result]):
    """A story's result, with what the caches keep of it."""

    result: Result
    """What the command makes of the story."""
    line: bytes | None
    """Its line for the results file; None when an input changed while it
    was read (then nothing is kept)."""
    verdicts: str | None
    """Its line for the verdict store; None when no catalog was checked."""
    tally: Tally
    """The verdicts it reused and computed."""


@dataclass(frozen=True)
class Stamped(Generic[Result]):
    """A story function (picklable, for the workers) run between two
    rounds of stamps: a story whose inputs changed meanwhile is not kept."""

    config: Config
    work: Callable[[tuple[Path, str], StoryVerdicts], Result]
    encode: Callable[[Result], Any]
    guard: Guard | None = None
    """Masks an image name that itself identifies (``masked_stamp``)."""

    def __call__(self, job: tuple[tuple[Path, str], str, str | None]) -> Judged[Result]:
        story, key, verdict_line = job
        path, slug = story
        moment = time.time_ns()
        inputs, images = story_inputs(self.config, path, slug), _images(self.config, path, slug)
        before = self._stamps(inputs, images, moment)
        verdicts = StoryVerdicts.from_line(slug, verdict_line)
        result = self.work(story, verdicts)
        after = self._stamps(inputs, images, moment)
        line = None
        if before == after and images == _images(self.config, path, slug):
            head = json.dumps([slug, key, before], ensure_ascii=False, separators=(",", ":"))
            body = json.dumps(self.encode(result), ensure_ascii=False, separators=(",", ":"))
            line = (head + "\t" + body + "\n").encode("utf-8", "surrogatepass")
        tally = verdicts.tally
        tally.stories_computed += 1
        return Judged(result, line, verdicts.line(), tally)

    def _stamps(self, inputs: list[Path], images: list[Path], moment: int) -> list[list[Any]]:
        return [_stamp(file, moment) for file in inputs] + [self._image_stamp(file, moment) for file in images]

    def _image_stamp(self, path: Path, moment: int) -> list[Any]:
        """An image's stamp; for a name in which the guard finds a detail (a
        phone number in a file name), one that is masked and never holds:
        the caches never keep the name, and the story, blocked by its own
        text for that name anyway, is judged afresh each run."""
        shown = str(path)
        if self.guard is not None and self.guard.redact(shown) != shown:
            return [self.guard.redact(shown), -2, 0, 0, 0, None]
        return _stamp(path, moment)


class _Jobs(Sequence[tuple[tuple[Path, str], str, "str | None"]]):
    """The stories to judge, each with its options and its remembered
    verdicts, read from the verdict file only as the pool sends the story
    to a worker: 10,000 stories' verdicts are never held at once."""

    def __init__(self, stories: Sequence[tuple[Path, str]], keys: Callable[[str], str], verdicts: LineFile) -> None:
        self.stories, self.keys, self.verdicts = stories, keys, verdicts

    def __len__(self) -> int:
        return len(self.stories)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return _Jobs(self.stories[index], self.keys, self.verdicts)
        story = self.stories[index]
        return story, self.keys(story[1]), _text(self.verdicts.line(story[1]))

    def __reduce__(self) -> tuple[Any, ...]:
        return list, (list(self),)  # a worker gets the jobs themselves


# --- the run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan(Generic[Result]):
    """How one command caches: its file, fingerprint and codec."""

    kind: str
    """``status``, ``status-details`` or ``check``: the file is ``.storybridge/<kind>.jsonl``."""
    fingerprint: str
    """See ``fingerprint``."""
    decode: Callable[[Any], Result]
    """A kept result back to what the command works with."""


def cached_map(
    config: Config,
    plan: Plan[Result],
    stamped: Stamped[Result],
    stories: Sequence[tuple[Path, str]],
    keys: Callable[[str], str],
    jobs: int,
    tally: Tally,
    seen: Callable[[Path, str, bytes | None], None] | None = None,
) -> Iterator[Result]:
    """Each story's result in story order: from the results file when every
    input stamp holds, else judged (spread over ``jobs`` workers) and
    kept. ``keys`` gives a story's own options (what ``check`` passes for
    the pre-commit hook). Both cache files are rewritten only when
    something was judged. ``seen`` hears each story with the head of its
    results line (``[slug, key, stamps]`` as JSON), or None when its
    inputs changed while it was read (``project.output_cache`` records them)."""
    from storybridge.project.pool import ordered_map

    header = (json.dumps({"storybridge-cache": plan.kind, "fingerprint": plan.fingerprint}) + "\n").encode()
    results = LineFile(config.root / STATE_DIR / f"{plan.kind}.jsonl", header)
    stale = [story for story in stories if not _holds_head(results.heads.get(story[1]), story[1], keys(story[1]))]
    verdicts = _verdict_file(config)
    judged = ordered_map(stamped, _Jobs(stale, keys, verdicts), jobs)
    waiting = {story[1] for story in stale}
    writer = _Writer(results, verdicts)
    try:
        for story in stories:
            slug = story[1]
            if slug not in waiting:
                line = results.line(slug)
                decoded = _decoded(plan, line) if line is not None else None
                if decoded is not None:
                    tally.stories_reused += 1
                    writer.reused(slug)
                    if seen is not None:
                        seen(story[0], slug, results.heads.get(slug))
                    yield decoded[0]
                    continue
                one = stamped((story, keys(slug), _text(verdicts.line(slug))))  # kept, but unreadable: judge it here
            else:
                one = next(judged)
            tally.add(one.tally)
            writer.judged(slug, one)
            if seen is not None:
                seen(story[0], slug, None if one.line is None else one.line[:one.line.index(b"\t")])
            yield one.result
        writer.finish({story[1] for story in stories})
    finally:
        judged.close()
        writer.discard()
        results.close()
        verdicts.close()


class _Writer:
    """The two rewrites of a run, begun at its first judged story (a run
    that judged nothing writes nothing)."""

    def __init__(self, results: LineFile, verdicts: LineFile) -> None:
        self.old_results, self.old_verdicts = results, verdicts
        self.results: Rewrite | None = None
        self.verdicts: Rewrite | None = None
        self.reused_before: list[str] = []
        self.kept: set[str] = set()
        self.judged_slugs: set[str] = set()

    def reused(self, slug: str) -> None:
        if self.results is None:
            self.reused_before.append(slug)
        else:
            self._copy(slug)

    def _copy(self, slug: str) -> None:
        line = self.old_results.line(slug)
        if line is not None and self.results is not None:
            self.results.write(line)
            self.kept.add(slug)

    def judged(self, slug: str, one: Judged[Any]) -> None:
        if self.results is None:
            self.results = Rewrite(self.old_results.path, self.old_results.header)
            self.verdicts = Rewrite(self.old_verdicts.path, self.old_verdicts.header)
            for earlier in self.reused_before:
                self._copy(earlier)
        self.judged_slugs.add(slug)
        if one.line is not None and self.results is not None:
            self.results.write(one.line)
            self.kept.add(slug)
        if one.verdicts is not None and self.verdicts is not None:
            self.verdicts.write(one.verdicts.encode("utf-8", "surrogatepass"))

    def finish(self, run: set[str]) -> None:
        """Add the lines of the stories this run did not read (``--story``) and move both files into place."""
        if self.results is None or self.verdicts is None:
            return
        for line in self.old_results.others(self.kept | run):
            self.results.write(line)
        self.results.finish()
        for line in self.old_verdicts.others(self.judged_slugs):
            self.verdicts.write(line)
        self.verdicts.finish()

    def discard(self) -> None:
        for rewrite in (self.results, self.verdicts):
            if rewrite is not None:
                rewrite.discard()


def _verdict_file(config: Config) -> LineFile:
    header = (json.dumps({"storybridge-verdicts": 1, "code": code_fingerprint()}) + "\n").encode()
    return LineFile(config.root / VERDICTS_FILE, header)


def _text(line: bytes | None) -> str | None:
    try:
        return None if line is None else line.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _holds_head(head: bytes | None, slug: str, key: str) -> bool:
    """The line is this story's, made with these options, and every stamp in it holds."""
    if head is None:
        return False
    try:
        found_slug, found_key, stamps = json.loads(head)
        return found_slug == slug and found_key == key and all(holds(stamp) for stamp in stamps)
    except (ValueError, TypeError):
        return False


def _decoded(plan: Plan[Result], line: bytes) -> tuple[Result] | None:
    """The result kept in ``line`` (in a 1-tuple); None when it cannot be read."""
    try:
        return (plan.decode(json.loads(line[line.index(b"\t") + 1:])),)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def report_tally(tally: Tally) -> None:
    """With ``STORYBRIDGE_CACHE_STATS=1``, one line on stderr of what the caches saved."""
    if os.environ.get(STATS_ENV) == "1":
        print(tally.line(), file=sys.stderr)


# --- results as plain data ------------------------------------------------------


def to_data(value: Any) -> Any:
    """A frozen dataclass tree (records, findings) as JSON lists, field by field."""
    if is_dataclass(value) and not isinstance(value, type):
        return [to_data(getattr(value, item.name)) for item in fields(value)]
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    return value


def from_data(kind: type, data: Any, nested: dict[str, Callable[[Any], Any]]) -> Any:
    """``kind`` rebuilt from ``to_data``'s list; ``nested`` turns the named
    fields' data back into their values."""
    names = [item.name for item in fields(kind)]
    if not isinstance(data, list) or len(data) != len(names):
        raise ValueError(f"not a {kind.__name__}")
    return kind(**{name: nested[name](item) if name in nested else item for name, item in zip(names, data)})
