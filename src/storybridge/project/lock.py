"""One storybridge run at a time per project, and the debris of killed runs cleared.

Two runs on one project would each read the same catalogs and land their
merges over each other; with the lock (the ``filelock`` library: an OS
lock on ``.storybridge/lock``, released by the kernel when a process dies,
so a killed run never leaves it held) the second waits for the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock

from storybridge.project.commit import Workspace, recover


@contextmanager
def project_lock(workspace: Workspace) -> Iterator[list[str]]:
    """Hold the project's lock; first finish or clear what a killed run
    left. Yields the notes of that recovery."""
    workspace.state.mkdir(parents=True, exist_ok=True)
    with FileLock(str(workspace.state / "lock")):
        yield recover(workspace)
