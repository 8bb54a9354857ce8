"""Files at the edge: reading text, writing atomically.

Writes go through ``Changes``: every new file is first written under a
temporary name, and only when the whole command succeeded are they all
moved into place (checked and journaled, see ``project.commit``), so a
failure leaves what was on disk untouched. A file whose bytes would not
change is never rewritten (its mtime stays).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from storybridge.errors import StoryError
from storybridge.project.commit import Workspace, apply, write_journal
from storybridge.project.disk import digest, file_digest, fsync_file, temporary_file
from storybridge.project.ownership import changed_since_read, prepare


def read_text(path: Path, shown: str | None = None) -> str:
    """A file's text as UTF-8; a bad byte is reported with its line."""
    name = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoryError(name, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StoryError(name, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None


FSYNC_THREADS = 16
"""fsyncs in flight at once: the file system commits its journal for
all of them together (group commit), not once per file."""


def fsync_files(paths: list[Path]) -> None:
    """Flush every file's bytes to the disk before the journal names them:
    all at once from threads (fsync releases the GIL), which costs about
    one journal commit instead of one per file."""
    if len(paths) < 2:
        for path in paths:
            fsync_file(path)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(FSYNC_THREADS, len(paths))) as pool:
        list(pool.map(fsync_file, paths))


class StreamedWrite:
    """A file being written piece by piece under a temporary name."""

    def __init__(self, path: Path, workspace: Workspace | None = None) -> None:
        self.path = path
        self.temporary = temporary_file(path, None if workspace is None else workspace.tmp)
        self._stream = open(self.temporary, "xb")  # noqa: SIM115 - closed by close()
        self._hasher = hashlib.sha256()
        self._durable = workspace is not None

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._hasher.update(data)
        self._stream.write(data)

    def close(self) -> str:
        """Close the file and return the digest of its bytes."""
        self._stream.close()
        return self._hasher.hexdigest()

    def discard(self) -> None:
        """Close and remove the file, whatever state the disk is in."""
        try:
            self._stream.close()
        except OSError:
            pass  # a full disk fails the flush too; the file goes anyway
        self.temporary.unlink(missing_ok=True)


@dataclass
class Staged:
    """The writes one ``Changes`` staged, for handing the work of a worker
    process over to the one that commits."""

    files: list[tuple[Path, Path]] = field(default_factory=list)
    """(temporary file, target) of every staged write."""
    folders: list[Path] = field(default_factory=list)
    """Folders made for them, which an abort removes again when empty."""
    prior: dict[Path, str | None] = field(default_factory=dict)
    """What each input and each target held when storybridge read it (its
    digest, None when absent): the commit lands nothing if one changed."""
    digests: dict[Path, str] = field(default_factory=dict)
    """What each written path holds once the changes land, staged or not."""


class Changes:
    """A set of file writes that lands all together, or not at all.

    With a ``Workspace`` (every project command), temporary files wait in
    ``.storybridge/tmp/`` and the commit is checked and journaled (see
    ``storybridge.project.commit``); without one (a report written where
    the user said), the file waits next to its target.
    """

    def __init__(self, workspace: Workspace | None = None) -> None:
        self.workspace = workspace
        self._staged: list[tuple[Path, Path]] = []
        self._folders: list[Path] = []
        self._removals: list[Path] = []
        self._streams: list[StreamedWrite] = []
        self.prior: dict[Path, str | None] = {}
        self.written: list[Path] = []
        self.removed: list[Path] = []
        self.notes: list[str] = []
        """What the commit (or the recovery of a killed one) has to say."""
        self.digests: dict[Path, str] = {}
        """The digest of what each path holds once the changes land."""
        self.claimed: set[str] = set()
        """Published paths (relative to the site) that a project written
        before ownership was recorded lists as storybridge's: trusted
        while no ownership record exists."""
        self._owners: dict[Path, str] = {}
        """The story each adopted write and input belongs to, so a story
        whose input changed during the run can be set aside alone."""
        self._verified: set[Path] = set()
        """Inputs ``set_aside_changed`` found unchanged, which the commit
        does not read again (a target is read again as it lands)."""

    def expect(self, path: Path, read: str | None) -> None:
        """Remember that ``path`` held bytes of digest ``read`` (None:
        absent) when it was read: the commit refuses to land if it changed."""
        self.prior.setdefault(path, read)

    def write(self, path: Path, text: str, read: str | None | bool = False) -> bool:
        """Stage ``text`` for ``path`` unless the file already holds it.
        ``read`` is the digest of the bytes the new text was made from
        (None: the file was absent), when it was read earlier than now."""
        data = text.encode("utf-8")
        self.digests[path] = digest(data)
        try:
            old: bytes | None = path.read_bytes()
        except OSError:
            old = None
        if read is not False:
            self.expect(path, read)  # type: ignore[arg-type]
        if old == data:
            return False
        self.expect(path, None if old is None else digest(old))
        if self.workspace is None:
            self._make_folder(path.parent)
        else:
            self.workspace.tmp.mkdir(parents=True, exist_ok=True)
        temporary = temporary_file(path, None if self.workspace is None else self.workspace.tmp)
        try:
            with open(temporary, "xb") as stream:
                stream.write(data)  # fsynced with every other one before the journal (``commit``)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self._staged.append((temporary, path))
        return True

    def stream(self, path: Path) -> StreamedWrite:
        """A file to write piece by piece, for files too large to hold at
        once (the manifest and cache of a big archive); ``finish`` stages
        it, and one left unfinished never lands."""
        if self.workspace is None:
            self._make_folder(path.parent)
        else:
            self.workspace.tmp.mkdir(parents=True, exist_ok=True)
        writer = StreamedWrite(path, self.workspace)
        self._streams.append(writer)
        return writer

    def finish(self, writer: StreamedWrite) -> bool:
        """Stage a streamed file unless the file already holds its bytes."""
        self._streams.remove(writer)
        try:
            digest = writer.close()
        except BaseException:
            writer.discard()
            raise
        self.digests[writer.path] = digest
        current = file_digest(writer.path)
        if current == digest:
            writer.temporary.unlink()
            return False
        self.expect(writer.path, current)
        self._staged.append((writer.temporary, writer.path))
        return True

    def _make_folder(self, folder: Path) -> None:
        """Make ``folder`` and its missing parents, remembering which."""
        if folder.is_dir():
            return
        missing = [each for each in reversed([folder, *folder.parents]) if not each.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        self._folders.extend(missing)

    @property
    def staged(self) -> Staged:
        """Everything staged so far, to hand to the ``Changes`` that commits."""
        return Staged(list(self._staged), list(self._folders), dict(self.prior), dict(self.digests))

    def adopt(self, staged: Staged, owner: str | None = None) -> None:
        """Take over writes another ``Changes`` staged (in another process),
        as ``owner``'s (a story's slug) when given."""
        self._staged.extend(staged.files)
        self._folders.extend(staged.folders)
        for path, read in staged.prior.items():
            self.expect(path, read)
        self.digests.update(staged.digests)
        if owner is not None:
            for path in [*staged.prior, *staged.digests, *(target for _, target in staged.files)]:
                self._owners[path] = owner

    def set_aside_changed(self) -> dict[str, Path]:
        """Set aside the writes of every owner one of whose inputs (or
        targets) no longer holds what it held when read: by owner, the
        first such file. Their temporary files go, and their targets are
        neither checked nor recorded as written."""
        changed: dict[str, Path] = {}
        for path in changed_since_read(self.prior, self._owners):
            changed.setdefault(self._owners[path], path)
        self._verified = {path for path in self.prior if path in self._owners and self._owners[path] not in changed}
        if not changed:
            return changed
        kept = []
        for temporary, path in self._staged:
            if self._owners.get(path) in changed:
                temporary.unlink(missing_ok=True)
            else:
                kept.append((temporary, path))
        self._staged = kept
        for path in [path for path, owner in self._owners.items() if owner in changed]:
            self.prior.pop(path, None)
            self.digests.pop(path, None)
        return changed

    def restream(self, writer: StreamedWrite) -> tuple[StreamedWrite, Path]:
        """A fresh stream for ``writer``'s file, and the temporary file
        holding what ``writer`` wrote so far (closed), to copy from and
        then remove: for rewriting a streamed file once it is known that
        some of it must not land."""
        self._streams.remove(writer)
        writer.close()
        return self.stream(writer.path), writer.temporary

    def remove(self, path: Path) -> None:
        """Stage the removal of ``path``."""
        self._removals.append(path)

    def commit(self) -> None:
        """Move every staged file into place, then remove what is to go."""
        for writer in self._streams:
            writer.discard()  # never finished: a half-written file must not land
        self._streams.clear()
        if self.workspace is not None:
            plan = prepare(self.workspace, self._staged, self._removals, self.prior, self.digests, self.claimed,
                           self._verified)
            if plan.moves or plan.removals:  # a run that changes nothing writes nothing, not even a journal
                fsync_files([temporary for temporary, _, _, _ in plan.moves])
                write_journal(self.workspace, plan)
                self.notes.extend(apply(self.workspace, plan))
            self.written.extend(path for _, path, _, _ in plan.moves)
            self.removed.extend(path for path, _ in plan.removals)
            self._staged.clear()
            self._removals.clear()
            self._folders.clear()
            return
        for temporary, path in self._staged:
            os.replace(temporary, path)
            self.written.append(path)
        self._staged.clear()
        self._folders.clear()
        for path in self._removals:
            try:
                path.unlink()
                self.removed.append(path)
            except FileNotFoundError:
                pass
        self._removals.clear()

    def pending(self) -> list[Path]:
        """Every path a commit would write or remove now (for ``--check``)."""
        return [path for _, path in self._staged] + list(self._removals)

    def abort(self) -> None:
        """Forget every staged write: nothing on disk changes, and folders
        made for the writes go again unless something else is in them."""
        for writer in self._streams:
            writer.discard()
        self._streams.clear()
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()
        self._removals.clear()
        for folder in sorted(set(self._folders), key=lambda each: len(each.parts), reverse=True):
            try:
                folder.rmdir()
            except OSError:
                pass  # something else is in it
        self._folders.clear()

    def __enter__(self) -> Changes:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            try:
                self.commit()
            except BaseException:
                self.abort()
                raise
        else:
            self.abort()
