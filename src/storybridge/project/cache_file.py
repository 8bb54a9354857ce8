"""The skip cache's file, ``.storybridge/cache.jsonl``: its header and
trailer, where each story's line starts, and reading a line. What a line
says, and whether a story may be skipped, is ``project.skip_cache``'s."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storybridge.config import Config

CACHE_FILE = ".storybridge/cache.jsonl"
"""What each story's inputs and outputs held at the last run, relative to
the project root; safe to delete (the next run just does all the work)."""

CACHE_VERSION = 5


def cache_header(settings: str) -> str:
    """The first line: the format and the settings every line was made under."""
    return json.dumps({"storybridge-cache": CACHE_VERSION, "settings": settings}, separators=(",", ":")) + "\n"


def manifest_trailer(record: list[Any], memory: str | None) -> str:
    """The last line: what the manifest held ([digest, stamp]) after the
    run, and the translation memory's digest unless a catalog the run
    wrote offers other units (so the memory the next run would read is
    the same, as long as no story's files changed)."""
    return json.dumps({"manifest": record, "memory": memory}, separators=(",", ":")) + "\n"


class Cache:
    """The last run's cache: where each story's line starts (a worker reads
    the line when it needs it, so no process holds every line), and what
    the manifest held. A missing, foreign or other-settings cache is empty."""

    def __init__(self, config: Config, settings: str) -> None:
        self.path = config.root / CACHE_FILE
        self.offsets: dict[str, int] = {}
        self.manifest: Any = None
        self.memory: str | None = None
        try:
            with open(self.path, "rb") as stream:
                if stream.readline() != cache_header(settings).encode():
                    return
                offset = stream.tell()
                for line in stream:
                    # Lines start ["<slug>", so the slug is read without parsing.
                    end = line.find(b'",', 2)
                    if line.startswith(b'["') and end > 0:
                        self.offsets[line[2:end].decode("utf-8", "replace")] = offset
                    elif line.startswith(b'{"manifest"'):
                        self.manifest, self.memory = read_trailer(line)
                    offset += len(line)
        except OSError:
            self.offsets, self.manifest = {}, None

    def line(self, offset: int) -> str | None:
        return read_line(self.path, offset)

    def lines(self, slugs: list[str]) -> Iterator[str | None]:
        """Each slug's line (None: none), from one pass over the file when
        they come in its order (they do: both are in slug order)."""
        try:
            with open(self.path, "rb") as stream:
                for slug in slugs:
                    offset = self.offsets.get(slug)
                    if offset is None:
                        yield None
                        continue
                    if stream.tell() != offset:
                        stream.seek(offset)
                    try:
                        yield stream.readline().decode("utf-8")
                    except UnicodeDecodeError:
                        yield None
        except OSError:
            yield from (None for _ in slugs)


def load_cache(config: Config) -> dict[str, int]:
    """Where each story's line of the last run's cache starts, whatever
    settings it was made under (for setting a story aside: its line is
    copied with its inputs marked changed); empty when unreadable."""
    try:
        with open(config.root / CACHE_FILE, "rb") as stream:
            header = stream.readline()
            if not header.startswith(b'{"storybridge-cache":%d,' % CACHE_VERSION):
                return {}
            offsets, offset = {}, len(header)
            for line in stream:
                end = line.find(b'",', 2)
                if line.startswith(b'["') and end > 0:
                    offsets[line[2:end].decode("utf-8", "replace")] = offset
                offset += len(line)
            return offsets
    except OSError:
        return {}


def read_trailer(line: bytes) -> tuple[Any, str | None]:
    """The manifest's record and the memory's digest in the last line."""
    try:
        found = json.loads(line)
        memory = found.get("memory")
        return found["manifest"], memory if isinstance(memory, str) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None, None


def read_line(path: Path, offset: int) -> str | None:
    """The line of ``path`` that starts at ``offset``; None if it cannot be read."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            return stream.readline().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def cached_line(config: Config, offset: int) -> str | None:
    """The cache line that starts at ``offset``; None if it cannot be read."""
    return read_line(config.root / CACHE_FILE, offset)
