"""One storybridge run at a time per project, and the debris of killed runs cleared.

Two runs on one project would each read the same catalogs and land their
merges over each other; with the lock (the ``filelock`` library: an OS
lock on ``.storybridge/lock``, released by the kernel when a process dies,
so a killed run never leaves it held) the second waits for the first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.commit import Workspace, recover, workspace_of
from storybridge.project.disk import fsync_folder, temporary_file
from storybridge.project.files import Changes


@contextmanager
def project_lock(workspace: Workspace) -> Iterator[list[str]]:
    """Hold the project's lock; first finish or clear what a killed run
    left. Yields the notes of that recovery."""
    fresh = not workspace.state.exists()
    try:
        workspace.state.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StoryError(workspace.shown(workspace.state), None,
                         "is a file where storybridge keeps its state; move it away") from None
    except OSError as error:
        raise StoryError(workspace.shown(workspace.state), None, f"cannot be made: {error.strerror or error}") from None
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


REPORT_HOMES = "a folder of your own (reports, exports), not one storybridge reads or publishes"


def refuse_report_over_project_files(config: Config, target: Path) -> None:
    """Refuse (``StoryError``) to write a report or an export where it
    would replace what people or the site use: a story, a catalog, the
    settings, storybridge's own state, or a file in the publish folder,
    which the site would serve (a status report names withheld stories)."""
    folders = {
        config.stories_dir: config.stories_path, config.locale_dir: config.locale_path,
        config.site_dir: config.site_path, ".storybridge": config.root / ".storybridge",
    }
    resolved = target.resolve()
    root = config.root.resolve()
    for shown, folder in folders.items():
        folder = folder.resolve()
        if folder == root:  # stories_dir = ".": every Markdown file of the project is a story
            if resolved.suffix.lower() in (".md", ".markdown"):
                raise StoryError(str(target), None, f"would be read as a story; write it to {REPORT_HOMES}")
        elif resolved.is_relative_to(folder):
            raise StoryError(str(target), None, f"is inside {shown}/; write it to {REPORT_HOMES}")
    if config.site_profile == "jekyll" and resolved.is_relative_to(root):
        # Jekyll's folder is the project: it copies every file to the site but those it skips.
        parts = resolved.relative_to(root).parts
        if not any(part.startswith(("_", ".", "#", "~")) for part in parts):
            raise StoryError(str(target), None, "is inside the Jekyll folder, which Jekyll copies to the site; "
                                                "write it to a folder whose name starts with _ (_reports/) or elsewhere")
    settings = {(config.root / name).resolve() for name in ("storybridge.toml", "pyproject.toml")}
    if config.source:
        settings.add(Path(config.source).resolve())
    if resolved in settings:
        raise StoryError(str(target), None, f"holds the project's settings; write it to {REPORT_HOMES}")
    from storybridge.project.sensitive import named_lists

    if resolved in {path.resolve() for path, _ in named_lists(config)}:
        raise StoryError(str(target), None, f"is the private list; write it to {REPORT_HOMES}")


def write_in_project(config: Config, path: Path, text: str) -> None:
    """Write ``path``, a file the user named (``status --output``), atomically
    and only if its bytes change. Inside the project its temporary file
    waits in ``.storybridge/tmp/`` under the project's lock, like every
    other write, so a killed run leaves nothing hidden beside it (and the
    next run clears it); outside the project, the user's folder, next to it."""
    data = text.encode("utf-8")
    target = path.absolute()
    refuse_report_over_project_files(config, target)
    workspace = workspace_of(config)
    if not target.is_relative_to(workspace.root) or target.is_relative_to(workspace.state):
        with Changes() as changes:
            changes.write(path, text)
        return
    if target.is_dir():
        raise StoryError(workspace.shown(target), None, "is a folder; name a file to write the report to")
    with project_lock(workspace):
        try:
            if target.read_bytes() == data:
                return
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        workspace.tmp.mkdir(parents=True, exist_ok=True)
        if target.parent.stat().st_dev != workspace.tmp.stat().st_dev:  # a mount inside the project
            with Changes() as changes:
                changes.write(path, text)
            return
        temporary = temporary_file(target, workspace.tmp)
        try:
            with open(temporary, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)  # on one file system: the project's folders are (commit.check_same_disk)
        finally:
            temporary.unlink(missing_ok=True)
        fsync_folder(target.parent)
