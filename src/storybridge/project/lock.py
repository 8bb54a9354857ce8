"""One storybridge run at a time per project, and the debris of killed runs cleared.

Two runs on one project would each read the same catalogs and land their
merges over each other; with the lock (the ``filelock`` library: an OS
lock on ``.storybridge/lock``, released by the kernel when a process dies,
so a killed run never leaves it held) the second waits for the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from filelock import FileLock

from storybridge.project.commit import Workspace, recover


@contextmanager
def project_lock(workspace: Workspace) -> Iterator[list[str]]:
    """Hold the project's lock; first finish or clear what a killed run
    left. Yields the notes of that recovery."""
    fresh = not workspace.state.exists()
    workspace.state.mkdir(parents=True, exist_ok=True)
    lock = workspace.state / "lock"
    try:
        with FileLock(str(lock)):
            yield recover(workspace)
            _tidy(workspace)
        if fresh and [each.name for each in workspace.state.iterdir()] == ["lock"]:
            lock.unlink()  # a run that wrote nothing (sync --check) leaves no trace
            workspace.state.rmdir()
    except BaseException:
        _tidy(workspace)
        if fresh:  # a failed first run leaves the project as it found it
            lock.unlink(missing_ok=True)
            with suppress(OSError):
                workspace.state.rmdir()
        raise


def _tidy(workspace: Workspace) -> None:
    """Remove the temporary folder once empty (an abort emptied it)."""
    with suppress(OSError):
        workspace.tmp.rmdir()
