"""Before a commit: every target checked, and the record of what storybridge owns.

storybridge replaces or deletes a file in the publish folder only while its
bytes are still the ones storybridge wrote there: the digest of each is kept
in ``.storybridge/owned.json`` (sorted JSON, written in the same commit as
the files). A file a person wrote, or edited since, is refused with one
line naming it; ``--force`` overrides. Projects built before the record
existed are trusted for the files their last manifest lists, once.

Inputs (stories, catalogs, templates) are checked the other way: each must
still hold the bytes it held when it was read (a volunteer saved a catalog
while ``sync`` ran: merging the old bytes over the new ones would lose the
save). The pipeline sets such a story aside just before the commit
(``project.landing``); one changed in the instant between that and
``prepare`` makes the commit land nothing at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from pathlib import Path

from storybridge.errors import StoryError
from storybridge.project.commit import (
    OWNED,
    Plan,
    Workspace,
    check_same_disk,
    check_target,
)
from storybridge.project.disk import digest, file_digest, temporary_file

CHANGED = "changed while storybridge was running; run it again"
NOT_OURS = "was not written by storybridge (or was edited since); move it away, or run with --force to replace it"


def load_owned(workspace: Workspace) -> dict[str, str] | None:
    """The ownership record, or None when the project has none yet."""
    try:
        data = json.loads((workspace.state / OWNED).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable: trust nothing, a run rewrites it
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def changed_since_read(prior: dict[Path, str | None], among: Collection[Path]) -> list[Path]:
    """The paths of ``among`` that no longer hold what they held when read
    (``prior``: digest, None when absent), in path order."""
    return [path for path, read in sorted(prior.items()) if path in among and file_digest(path) != read]


def _relative(workspace: Workspace, path: Path) -> str | None:
    path = path.absolute()
    if workspace.site is None or not path.is_relative_to(workspace.site):
        return None
    return path.relative_to(workspace.site).as_posix()


def prepare(
    workspace: Workspace,
    staged: list[tuple[Path, Path]],
    removals: list[Path],
    prior: dict[Path, str | None],
    digests: dict[Path, str],
    claimed: set[str],
    verified: Collection[Path] = (),
) -> Plan:
    """Check every target and input, and return the plan to journal.
    Raises ``StoryError`` naming the first file in the way; nothing has
    changed on disk then. Inputs in ``verified`` were found unchanged a
    moment ago and are not read again unless they are targets: one saved
    since is not overwritten (not a target), and the next run sees it."""
    owned = load_owned(workspace)
    trusted: dict[str, str] = {}
    if owned is not None:
        trusted = owned
    elif workspace.site is not None:
        # A project published before the record existed: its manifest's files, as they are now.
        for name in claimed:
            found = file_digest(workspace.site / name)
            if found is not None:
                trusted[name] = found
    plan = Plan()
    targets = {path for _, path in staged}
    for path, read in sorted(prior.items()):
        if path not in targets and path not in verified and file_digest(path) != read:
            raise StoryError(workspace.shown(path), None, CHANGED)
    for temporary, path in staged:
        check_target(workspace, path)
        check_same_disk(workspace, path)
        current = file_digest(path)
        if current != prior.get(path, current):
            raise StoryError(workspace.shown(path), None, CHANGED)
        name = _relative(workspace, path)
        if name is not None and current is not None and trusted.get(name) != current and not workspace.force:
            raise StoryError(workspace.shown(path), None, NOT_OURS)
        plan.moves.append((temporary, path, current, digests[path]))
    for path in removals:
        if not path.exists() and not path.is_symlink():
            continue
        if path.is_dir() and not path.is_symlink():
            if workspace.force:
                continue  # never delete a folder
            raise StoryError(workspace.shown(path), None, "is a folder where storybridge published a file; move it away")
        check_target(workspace, path)
        current = file_digest(path)
        name = _relative(workspace, path)
        if name is not None and trusted.get(name) != current and not workspace.force:
            raise StoryError(workspace.shown(path), None, NOT_OURS)
        plan.removals.append((path, current or ""))
    if workspace.site is not None and (plan.moves or plan.removals):  # nothing lands (--check): nothing to record
        _record(workspace, plan, owned, trusted, digests)
    return plan


def _record(
    workspace: Workspace, plan: Plan, owned: dict[str, str] | None, trusted: dict[str, str], digests: dict[Path, str]
) -> None:
    """Add the new ownership record to the plan, when it changes."""
    record = dict(trusted)
    for path, value in digests.items():
        name = _relative(workspace, path)
        if name is not None:
            record[name] = value
    for path, _ in plan.removals:
        name = _relative(workspace, path)
        if name is not None:
            record.pop(name, None)
    if record == owned:
        return
    data = (json.dumps(record, ensure_ascii=False, sort_keys=True, indent=0) + "\n").encode("utf-8")
    target = workspace.state / OWNED
    workspace.tmp.mkdir(parents=True, exist_ok=True)
    temporary = temporary_file(target, workspace.tmp)
    with open(temporary, "xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    plan.moves.append((temporary, target, file_digest(target), digest(data)))
