"""Settling the skip cache's stamps after a commit (``project.skip_cache``).

A file written or changed during a run gets no stamp in the cache (its
last change is not older than the run: git's "racy" case), so the next
run would read its bytes. Once the run's changes have landed and the file
system's clock has passed them, each such file whose bytes are as
recorded gets its stamp, so the run after reads none of them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from storybridge.config import Config
from storybridge.project.disk import file_digest
from storybridge.project.cache_file import CACHE_FILE, manifest_trailer, read_trailer
from storybridge.project.skip_cache import (
    LINE_DECODER,
    parse_line,
    render_line,
    stat_or_none,
)
from storybridge.project.stamps import Clock, clock_reference, stamp_of, trusted_stamp
from storybridge.project.story_inputs import input_paths


def settle_stamps(config: Config, state: Path, temporary: Path) -> None:
    """After a commit: give a stamp to every file the cache lists without
    one (written or changed during the run) whose bytes are as recorded,
    so the next run reads none of them. The clock is read after the
    commit, and the bytes after the stamp: a change after the stamp was
    taken shows in its ctime. Waits (a few ms) for the clock to pass the
    commit's last change, so a run's own writes are not left racy. The
    cache is replaced atomically; a crash leaves the old one or none."""
    path = config.root / CACHE_FILE
    reference = _clock_after(state, path)
    changed = False
    try:
        with open(path, encoding="utf-8") as source, open(temporary, "x", encoding="utf-8") as target:
            target.write(source.readline())
            for line in source:
                settled = _settled(config, line, reference)
                changed = changed or settled != line
                target.write(settled)
        if changed:  # else the cache stays as it is, its mtime too
            os.replace(temporary, path)
    except (OSError, ValueError):
        pass
    finally:
        temporary.unlink(missing_ok=True)


def _clock_after(state: Path, last: Path, patience: int = 50) -> Clock:
    """The file system's clock once it has passed ``last``'s change."""
    changed = stat_or_none(last)
    reference = clock_reference(state)
    for _ in range(patience):
        if changed is None or reference[0] > changed.st_ctime_ns:
            break
        time.sleep(0.001)
        reference = clock_reference(state)
    return reference


def _settled(config: Config, line: str, reference: Clock) -> str:
    if line.startswith('{"manifest"'):
        recorded, memory = read_trailer(line.encode("utf-8"))
        if isinstance(recorded, list) and len(recorded) == 2 and recorded[1] is None:
            return manifest_trailer(_settle(config.manifest_path, recorded, reference), memory)
        return line
    if not _unstamped(line, line.find(',{"probe":')):
        return line  # every file has its stamp: nothing to settle (and nothing parsed)
    try:
        slug = json.loads(line)[0]
    except (ValueError, IndexError, KeyError):
        return line
    entry = parse_line(line, slug) if isinstance(slug, str) else None
    if entry is None:
        return line
    if isinstance(entry.get("inputs"), list):  # a story set aside has none: it is redone
        paths = input_paths(
            config, config.stories_path / f"{slug}.md", slug, entry.get("languages", []), entry.get("images", []))
        entry["inputs"] = [_settle(each, record, reference) for each, record in zip(paths, entry["inputs"])]
    entry["outputs"] = [_settle(config.site_path / name, record, reference)
                        for name, record in zip(entry.get("files", []), entry.get("outputs", []))]
    return render_line(slug, entry)


def _unstamped(line: str, start: int) -> bool:
    """Whether the probe of the line starting at ``start`` (after the slug)
    holds a file with no stamp ("?"); unreadable counts as such."""
    prefix = ',{"probe":'
    if start < 0 or not line.startswith(prefix, start):
        return True
    try:
        probe, _ = LINE_DECODER.raw_decode(line, start + len(prefix))
        return "?" in probe[3]
    except (ValueError, TypeError, IndexError):
        return True


def _settle(path: Path | str, recorded: list[Any], reference: Clock) -> list[Any]:
    digest, stamp = recorded
    if digest is None or stamp is not None:
        return recorded
    stat = stat_or_none(path)
    if stat is None or trusted_stamp(stat, reference) is None or file_digest(path) != digest:
        return recorded
    return [digest, stamp_of(stat)]
