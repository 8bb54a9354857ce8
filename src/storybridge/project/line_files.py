"""The cache files of ``status`` and ``check``: one line per story after a header line.

Read by position, so a line is fetched only when its story is looked at;
written anew beside the old file and moved into place when complete, so
a crash leaves the old file or the new one (``project.editor_cache``
decides what goes in them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storybridge.project.verdicts import story_lines


class LineFile:
    """A cache file of one line per story after a header line, opened for
    the whole run (a concurrent rewrite replaces the file, not these bytes).
    A line is read by position (``os.pread``), so the pool's thread that
    sends stories to the workers may read lines while this one does."""

    def __init__(self, path: Path, header: bytes) -> None:
        self.path, self.header = path, header
        self.offsets: dict[str, tuple[int, int]] = {}
        """Each story's line: where it starts and how long it is."""
        self.heads: dict[str, bytes] = {}
        """Each line's part before its first tab, when it has one (the stamps
        of a results file), so they are checked without reading it again."""
        self._stream: IO[bytes] | None = None
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed by close()
        except OSError:
            return
        self._stream = stream
        try:
            if stream.readline() != header:
                return
            offset = stream.tell()
            for slug, line in story_lines(iter(stream.readline, b"")):
                if slug not in self.offsets:
                    self.offsets[slug] = (offset, len(line))
                    tab = line.find(b"\t")
                    if tab > 0:
                        self.heads[slug] = line[:tab]
                offset += len(line)
        except OSError:
            self.offsets = {}

    def line(self, slug: str) -> bytes | None:
        """The story's line, or None."""
        place = self.offsets.get(slug)
        if place is None or self._stream is None:
            return None
        try:
            return os.pread(self._stream.fileno(), place[1], place[0])
        except (OSError, ValueError):
            return None

    def others(self, done: set[str]) -> Iterator[bytes]:
        """The lines of the stories not in ``done``, as they are."""
        for slug in sorted(self.offsets.keys() - done):
            line = self.line(slug)
            if line and line.endswith(b"\n"):
                yield line

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


class Rewrite:
    """A new version of a cache file, written beside it and moved into place
    when complete (``os.replace``, after an fsync): a crash leaves the old
    file or the new one, never half of one. A failure to write (a
    read-only checkout) just leaves the cache as it was."""

    def __init__(self, path: Path, header: bytes) -> None:
        self.path = path
        # Not a name commit.sweep_old_temporaries takes for a killed run's
        # leftover: a sync may sweep while a status writes.
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}-cache.tmp")
        self._stream: IO[bytes] | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = open(self.temporary, "wb")  # noqa: SIM115 - closed by finish()/discard()
            self._stream.write(header)
        except OSError:
            self.discard()

    def write(self, line: bytes) -> None:
        if self._stream is None:
            return
        try:
            self._stream.write(line)
        except OSError:
            self.discard()

    def finish(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            os.replace(self.temporary, self.path)
            from storybridge.project.disk import fsync_folder

            fsync_folder(self.path.parent)
        except OSError:
            self.discard()
        self._stream = None

    def discard(self) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            except OSError:
                pass
        self._stream = None
        try:
            self.temporary.unlink()
        except OSError:
            pass
