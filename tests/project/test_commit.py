"""The commit at the edge: every target checked first, then journaled, then landed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storybridge.errors import StoryError
from storybridge.project.commit import Workspace, recover, write_journal
from storybridge.project.files import Changes, digest
from storybridge.project.ownership import prepare


def workspace(root: Path, force: bool = False) -> Workspace:
    return Workspace(root, (root / "locale", root / "site", root / ".storybridge"), root / "site", force)


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_a_folder_in_the_way_stops_the_commit_before_anything_lands(tmp_path: Path) -> None:
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "a.po").write_text("old a")
    (tmp_path / "locale" / "b.po").mkdir()
    before = files_under(tmp_path)
    with pytest.raises(StoryError, match=r"^locale/b.po: is a folder"):
        with Changes(workspace(tmp_path)) as changes:
            changes.write(tmp_path / "locale" / "a.po", "new a")
            changes.write(tmp_path / "locale" / "b.po", "new b")
    assert files_under(tmp_path) == before
    assert not list((tmp_path / ".storybridge" / "tmp").iterdir())


def test_temporary_files_wait_outside_the_published_folders(tmp_path: Path) -> None:
    changes = Changes(workspace(tmp_path))
    changes.write(tmp_path / "site" / "en" / "x.md", "text")
    assert not (tmp_path / "site").exists()
    assert [p.name.endswith(".tmp") for p in (tmp_path / ".storybridge" / "tmp").iterdir()] == [True]
    changes.commit()
    assert (tmp_path / "site" / "en" / "x.md").read_text() == "text"
    assert not (tmp_path / ".storybridge" / "journal.json").exists()


def test_a_link_out_of_the_publish_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text("someone else's")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "zh_Hans").symlink_to(outside)
    with pytest.raises(StoryError, match=r"^site/zh_Hans/x.md: a link leads out of site/"):
        with Changes(workspace(tmp_path, force=True)) as changes:
            changes.write(tmp_path / "site" / "zh_Hans" / "x.md", "mine")
    with pytest.raises(StoryError, match="a link leads out"):
        with Changes(workspace(tmp_path, force=True)) as changes:
            changes.remove(tmp_path / "site" / "zh_Hans" / "x.md")
    assert (outside / "x.md").read_text() == "someone else's"


def test_a_configured_folder_may_itself_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real-site"
    real.mkdir()
    (tmp_path / "site").symlink_to(real)
    with Changes(workspace(tmp_path)) as changes:
        changes.write(tmp_path / "site" / "en" / "x.md", "text")
    assert (real / "en" / "x.md").read_text() == "text"


def test_an_input_changed_after_it_was_read_lands_nothing(tmp_path: Path) -> None:
    catalog = tmp_path / "locale" / "ko.po"
    catalog.parent.mkdir()
    catalog.write_text("as read")
    other = tmp_path / "locale" / "zh.po"
    changes = Changes(workspace(tmp_path))
    changes.write(other, "merged zh")
    changes.write(catalog, "merged from what was read", read=digest(b"as read"))
    catalog.write_text("saved by a volunteer meanwhile")
    with pytest.raises(StoryError, match=r"^locale/ko.po: changed while storybridge was running; run it again$"):
        with changes:
            pass
    assert catalog.read_text() == "saved by a volunteer meanwhile"
    assert not other.exists()


def test_a_published_file_someone_wrote_is_not_replaced_without_force(tmp_path: Path) -> None:
    own = tmp_path / "site" / "en" / "about.md"
    own.parent.mkdir(parents=True)
    own.write_text("written by a person")
    with pytest.raises(StoryError, match=r"^site/en/about.md: was not written by storybridge"):
        with Changes(workspace(tmp_path)) as changes:
            changes.write(own, "generated")
    with pytest.raises(StoryError, match="was not written by storybridge"):
        with Changes(workspace(tmp_path)) as changes:
            changes.remove(own)
    assert own.read_text() == "written by a person"
    with Changes(workspace(tmp_path, force=True)) as changes:
        changes.write(own, "generated")
    assert own.read_text() == "generated"
    # Now storybridge's: replaced and removed without --force.
    with Changes(workspace(tmp_path)) as changes:
        changes.write(own, "generated again")
    with Changes(workspace(tmp_path)) as changes:
        changes.remove(own)
    assert not own.exists()


def test_a_journaled_commit_is_finished_by_the_next_run(tmp_path: Path) -> None:
    """Killed after the journal landed: recovery moves the rest."""
    space = workspace(tmp_path)
    (tmp_path / "locale").mkdir()
    for name in "abc":
        (tmp_path / "locale" / f"{name}.po").write_text(f"old {name}")
    changes = Changes(space)
    for name in "abc":
        changes.write(tmp_path / "locale" / f"{name}.po", f"new {name}")
    plan = prepare(space, changes._staged, [], changes.prior, changes.digests, set())
    write_journal(space, plan)
    os.replace(*plan.moves[0][:2])  # the run dies after the first rename
    assert recover(space) == []
    assert [(tmp_path / "locale" / f"{n}.po").read_text() for n in "abc"] == ["new a", "new b", "new c"]
    assert not space.tmp.exists() and not space.journal.exists()


def test_recovery_without_a_journal_removes_staged_debris_only(tmp_path: Path) -> None:
    space = workspace(tmp_path)
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "a.po").write_text("old")
    changes = Changes(space)
    changes.write(tmp_path / "locale" / "a.po", "new")  # killed before the commit
    recover(space)
    assert (tmp_path / "locale" / "a.po").read_text() == "old"
    assert not space.tmp.exists()
