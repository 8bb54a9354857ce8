"""File stamps, as git's index keeps them: telling an unchanged file
without reading it.

A stamp is (size, mtime_ns, ctime_ns, inode). ctime is in it because no
tool can set it back, so an edit in place with its mtime restored still
changes the stamp. A stamp taken too close to the file's last change is
"racy": a coarse clock could give a second write the same times, so such
a file is compared by its bytes instead. The skip cache, the memory cache
and the editors' caches all stamp files here."""

from __future__ import annotations

import os
from pathlib import Path

Stamp = list[int]
"""(size, mtime_ns, ctime_ns, inode) of a file."""

Clock = tuple[int, int]
"""(ns, device): the file system's clock at an instant, and which file system."""

RACY_NS = 2_000_000_000
"""How close to a file's last change a stamp is too close to trust, when
the file system's own clock is not at hand: FAT keeps 2 s."""


def stamp_of(stat: os.stat_result) -> Stamp:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def clock_reference(state: Path) -> Clock:
    """The file system's clock now (the ctime of a file made and removed in
    ``state``): a file whose last change is at or after this instant may
    change again unseen within the same tick. Files on another file system
    (another clock) never get a stamp."""
    probe = state / f"clock.{os.getpid()}.tmp"
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            stat = os.fstat(descriptor)
            return stat.st_ctime_ns, stat.st_dev
        finally:
            os.close(descriptor)
            probe.unlink(missing_ok=True)
    except OSError:
        return 0, -1  # no stamp is trusted: every file is compared by its bytes


def trusted_stamp(stat: os.stat_result, reference: Clock) -> Stamp | None:
    """The stamp to record for a file read in a run that started at
    ``reference``, or None when it changed since (racy: compare bytes)."""
    if stat.st_dev != reference[1] or max(stat.st_mtime_ns, stat.st_ctime_ns) >= reference[0]:
        return None
    return stamp_of(stat)
