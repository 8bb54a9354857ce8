"""Landing staged writes all together: check every target, journal, replace, recover.

The protocol is SQLite's rollback journal turned around (a roll-forward
journal, as git's ``index.lock`` + rename): every new file is first written
and fsynced under ``.storybridge/tmp/``, never among published files; then
every target is checked (a folder in the way, a link that leads out of the
configured folders, a file changed since storybridge read it, a published
file that is no longer what storybridge wrote); only then is the list of
moves written to ``.storybridge/journal.json``, fsynced and renamed into
place. From that instant the commit is decided: the moves are done with
``os.replace`` (each file is old or new at any instant) and the journal is
removed. A run killed before the journal landed changed nothing but the
temporary folder; one killed after it is finished by the next run
(``recover``), which also empties the temporary folder.

Directories are fsynced after the files in them are renamed, as git
(``core.fsync``) and SQLite (``SQLITE_FSYNC`` of the journal's folder) do:
on Linux a rename is durable only once its folder is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.disk import file_digest, fsync_file, fsync_folder

STATE_DIR = ".storybridge"
JOURNAL = "journal.json"
OWNED = "owned.json"
"""Digest of every file storybridge wrote in the publish folder, by path
relative to it: the proof that a file is still storybridge's to replace."""


@dataclass(frozen=True, slots=True)
class Workspace:
    """Where a project's writes may go, and where their temporary files wait."""

    root: Path
    """The project root; shown paths are relative to it."""
    folders: tuple[Path, ...]
    """The configured folders (locale, site, …) writes may go into. Each may
    itself be a link to anywhere; a link inside one may not lead out."""
    site: Path | None = None
    """The publish folder, whose files are replaced or deleted only while
    their bytes are what storybridge wrote (see ``OWNED``)."""
    force: bool = False
    """Replace or delete a published file even when it is not storybridge's."""
    files: tuple[Path, ...] = ()
    """Single files outside those folders that writes may go to (the
    manifest beside the publish folder, with a site profile)."""

    @property
    def state(self) -> Path:
        return self.root / STATE_DIR

    @property
    def tmp(self) -> Path:
        return self.state / "tmp"

    @property
    def staged_units(self) -> Path:
        """Where an update's workers stage units for the memory cache
        (``memory_units.stage_units``); the run removes it as it ends."""
        return self.tmp / "memory-units"

    @property
    def journal(self) -> Path:
        return self.state / JOURNAL

    def shown(self, path: Path) -> str:
        """``path`` as messages print it: relative to the project root."""
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


@dataclass(slots=True)
class Plan:
    """What one commit does, as the journal records it."""

    moves: list[tuple[Path, Path, str | None, str]] = field(default_factory=list)
    """(temporary file, target, digest the target had when read or None when
    absent, digest of the new bytes)."""
    removals: list[tuple[Path, str]] = field(default_factory=list)
    """(file, digest it holds) of every file to delete."""

    def to_json(self) -> str:
        return json.dumps({
            "storybridge-journal": 1,
            "moves": [[str(t), str(p), prior, new] for t, p, prior, new in self.moves],
            "removals": [[str(p), d] for p, d in self.removals],
        })

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        return cls(
            [(Path(t), Path(p), prior, new) for t, p, prior, new in data["moves"]],
            [(Path(p), d) for p, d in data["removals"]],
        )


def check_target(workspace: Workspace, path: Path) -> None:
    """Refuse a target storybridge must not write: outside the configured
    folders or led out of them by a link, a link itself, a folder, or under
    a file."""
    shown = workspace.shown(path)
    path = path.absolute()
    if path in workspace.files:
        folder: Path | None = path.parent
    else:
        folder = next((each for each in workspace.folders if path.is_relative_to(each)), None)
    if folder is None:
        raise StoryError(shown, None, "is outside the configured folders; storybridge writes nothing there")
    inside = folder.resolve()
    if not path.parent.resolve().is_relative_to(inside):
        raise StoryError(shown, None, f"a link leads out of {workspace.shown(folder)}/; storybridge does not follow it")
    if path.is_symlink():
        raise StoryError(shown, None, "is a link; storybridge replaces only files it wrote")
    if path.is_dir():
        raise StoryError(shown, None, "is a folder; move it away, storybridge writes a file there")
    for parent in path.parents:
        if parent == folder.parent:
            break
        if parent.exists() and not parent.is_dir():
            raise StoryError(workspace.shown(parent), None, "is a file where storybridge needs a folder")
    existing = next(parent for parent in path.parents if parent.exists())
    if not os.access(existing, os.W_OK):
        raise StoryError(workspace.shown(existing), None, "is not writable")


def check_same_disk(workspace: Workspace, path: Path) -> None:
    """A rename cannot cross file systems: the temporary folder and every
    target must be on one, or the commit could not be atomic."""
    existing = next(parent for parent in path.absolute().parents if parent.exists())
    if existing.stat().st_dev != workspace.tmp.stat().st_dev:
        raise StoryError(workspace.shown(path), None,
                         f"is on another file system than {STATE_DIR}/; keep the project's folders on one")


def write_journal(workspace: Workspace, plan: Plan) -> None:
    """Land the journal atomically and durably: the instant it exists,
    the commit is decided."""
    staging = workspace.tmp / JOURNAL
    staging.write_text(plan.to_json(), encoding="utf-8")
    fsync_file(staging)
    os.replace(staging, workspace.journal)
    fsync_folder(workspace.state)


def apply(workspace: Workspace, plan: Plan) -> list[str]:
    """Carry out a journaled plan; safe to repeat after a crash at any point.
    A target that is neither as it was read nor already new was changed
    by someone else since: it is left alone and named in the notes."""
    notes: list[str] = []
    folders: set[Path] = set()
    for temporary, path, prior, new in plan.moves:
        if not temporary.exists():
            continue  # already moved
        current = file_digest(path)
        if current == prior:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, path)
            folders.add(path.parent)
        else:
            temporary.unlink()
            if current != new:
                notes.append(f"{workspace.shown(path)}: changed by someone else during an interrupted run; left as it is")
    for path, expected in plan.removals:
        if file_digest(path) == expected:
            path.unlink()
            folders.add(path.parent)
    for folder in sorted(folders):
        fsync_folder(folder)
    workspace.journal.unlink(missing_ok=True)
    fsync_folder(workspace.state)
    return notes


def recover(workspace: Workspace) -> list[str]:
    """Finish a commit a killed run left journaled, and remove every
    temporary file a killed run left, in ``.storybridge/tmp/`` or, from
    versions before it, among the project's files; notes for what could
    not be finished."""
    notes: list[str] = []
    if workspace.journal.exists():
        try:
            plan = Plan.from_json(workspace.journal.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoryError(workspace.shown(workspace.journal), None, f"unreadable journal ({exc}); remove it by hand") from None
        notes.extend(apply(workspace, plan))
    if workspace.tmp.is_dir() and not workspace.tmp.is_symlink():
        shutil.rmtree(workspace.tmp)
    elif workspace.tmp.exists() or workspace.tmp.is_symlink():
        workspace.tmp.unlink()  # a stray file or link where storybridge stages its writes: its own folder
    swept = sweep_old_temporaries(workspace)
    if swept:
        notes.append(f"removed {swept} temporary {'file' if swept == 1 else 'files'} an older storybridge left behind")
    return notes


OLD_TEMPORARY = re.compile(r"\.(?P<name>.+\.(?:po|pot|md|html|json|jsonl|tsv))\.(?:[0-9]+\.[0-9]+|[a-z0-9_]{8})\.tmp")
"""The hidden temporary files of versions before ``.storybridge/tmp/``: a
write to ``garden.po`` staged as ``.garden.po.<pid>.<n>.tmp`` (472f043)
or, earlier, mkstemp's ``.garden.po.<8 characters>.tmp`` (30803a6), next
to its target. Only names of files storybridge writes qualify, so a
person's ``.notes.tmp`` is never touched."""


def sweep_old_temporaries(workspace: Workspace) -> int:
    """Remove the hidden temporary files older versions left in the
    configured folders when killed (links are neither followed nor
    removed); how many went."""
    swept = 0
    folders = [folder for folder in workspace.folders if folder.is_dir() and not folder.is_symlink()]
    folders += [folder.resolve() for folder in workspace.folders if folder.is_symlink() and folder.is_dir()]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "tmp" or Path(entry.path) != workspace.tmp:
                    folders.append(Path(entry.path))
            elif entry.name.startswith(".") and entry.name.endswith(".tmp") and OLD_TEMPORARY.fullmatch(entry.name) \
                    and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                swept += 1
    return swept



def workspace_of(config: Config, force: bool = False) -> Workspace:
    """A project's workspace: writes go to its locale and publish folders
    and to ``.storybridge/``."""
    root = config.root.absolute()
    site = root / config.site_dir
    manifest = root / config.manifest_path.relative_to(config.root)
    return Workspace(root, (root / config.locale_dir, site, root / STATE_DIR), site, force, (manifest,))
