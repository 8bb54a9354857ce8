"""Issue 13 through the real CLI on real files: nothing lost, nothing touched outside.

Each test names the finding of the issue it covers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from filelock import FileLock

from conftest import GARDEN_KO, run, snapshot
from storybridge.project import pipeline

STORYBRIDGE = [sys.executable, "-m", "storybridge"]


def translate(catalog: Path, text: str = "번역된 문장") -> str:
    """Give the first untranslated entry of ``catalog`` a translation; its msgid."""
    po = polib.pofile(str(catalog), wrapwidth=0)
    entry = next(e for e in po if not e.msgstr and not e.obsolete)
    entry.msgstr = text
    po.save()
    return entry.msgid


def synced(project: Path) -> Path:
    assert run("sync", project=project).exit_code == 0
    return project


# --- 1. lost update -----------------------------------------------------------


GARDEN = ("stories/garden.md", "locale/templates/garden.pot", "locale/en/LC_MESSAGES/garden.po",
          "locale/zh_Hans/LC_MESSAGES/garden.po",
          "site/en/garden.md", "site/ko/garden.md", "site/zh_Hans/garden.md")
"""Every file of the garden story but its Korean catalog."""


def garden_files(files: dict[str, tuple[bytes, int]]) -> dict[str, tuple[bytes, int]]:
    return {name: value for name, value in files.items() if name.startswith(GARDEN)}


def edit_both_stories(project: Path) -> None:
    """An edit to each story, so a sync rewrites every template, catalog and page."""
    for story in ("garden.md", "news/winter.md"):
        path = project / "stories" / story
        path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")


PROCESS_STORY = pipeline.process_story


def save_after(monkeypatch: pytest.MonkeyPatch, slug: str, save: Callable[[], None]) -> None:
    """Run ``save`` (another program writing a file) right after the story
    ``slug`` was read, merged and staged, while the run goes on (--jobs 1:
    the stories are processed in this process, in slug order)."""
    original = PROCESS_STORY

    def process_then_save(task: pipeline.StoryTask) -> pipeline.StoryResult:
        result = original(task)
        if task.slug == slug:
            save()
        return result

    monkeypatch.setattr(pipeline, "process_story", process_then_save)


def outputs(project: Path) -> dict[str, bytes]:
    """What storybridge wrote and owns: catalogs, templates, pages, the manifest, the ownership record."""
    found = {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("locale", "site")
             for p in sorted((project / folder).rglob("*")) if p.is_file()}
    return found | {"owned.json": (project / ".storybridge/owned.json").read_bytes()}


def test_a_catalog_saved_during_sync_is_not_overwritten_and_the_other_stories_land(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 1: a volunteer saves garden's catalog while sync runs (after
    garden was merged, before the commit): garden lands nothing and is
    named, exit 1; the news story lands; the next run merges the save."""
    synced(project)
    edit_both_stories(project)
    control = tmp_path / "control"  # the same edits and save, with no race
    shutil.copytree(project, control)
    translate(control / GARDEN_KO, "자원봉사자의 번역")
    catalog = project / GARDEN_KO
    saved: list[bytes] = []

    def volunteer_saves() -> None:
        translate(catalog, "자원봉사자의 번역")
        saved.append(catalog.read_bytes())

    save_after(monkeypatch, "garden", volunteer_saves)
    before = snapshot(project)
    manifest_before = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    result = run("sync", "--jobs", "1", project=project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "locale/ko/LC_MESSAGES/garden.po: error: changed while storybridge was running; run it again"
    )
    assert catalog.read_bytes() == saved[0]
    after = snapshot(project)
    assert garden_files(after) == garden_files(before)  # garden: nothing landed
    assert "A new closing line." in (project / "site/ko/news/winter.md").read_text(encoding="utf-8")
    assert "A new closing line." in (project / "locale/templates/news/winter.pot").read_text(encoding="utf-8")
    manifest = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    assert manifest["stories"][0] == manifest_before["stories"][0]  # garden's record as last published
    assert manifest["files"] == manifest_before["files"]
    assert not list((project / ".storybridge").glob("tmp*")) and not list(project.rglob("*.tmp"))
    # Run again: garden is redone (never skipped), the save is merged, not lost,
    # and everything is as if the save had come before a single run.
    monkeypatch.setattr(pipeline, "process_story", PROCESS_STORY)  # undo() would undo the fixed clock too
    synced(project)
    assert "자원봉사자의 번역" in catalog.read_text(encoding="utf-8")
    synced(control)
    assert outputs(project) == outputs(control)


@pytest.mark.parametrize("cache", ["kept", "deleted"])
def test_a_story_saved_during_build_lands_nothing_for_it(project: Path, monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    """The story's last record comes from the skip cache, or without one from the manifest."""
    synced(project)
    edit_both_stories(project)
    story = project / "stories" / "garden.md"
    before = snapshot(project / "site")
    cache_before = (project / ".storybridge/cache.jsonl").read_text(encoding="utf-8").splitlines()
    if cache == "deleted":
        (project / ".storybridge/cache.jsonl").unlink()

    def author_saves() -> None:
        story.write_text(story.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")

    save_after(monkeypatch, "garden", author_saves)
    result = run("build", "--jobs", "1", project=project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "stories/garden.md: error: changed while storybridge was running; run it again"
    after = snapshot(project / "site")
    assert {k: v for k, v in after.items() if "garden" in k} == {k: v for k, v in before.items() if "garden" in k}
    assert after["ko/news/winter.md"] != before["ko/news/winter.md"]
    manifest, manifest_before = (json.loads(files["manifest.json"][0]) for files in (after, before))
    assert manifest["stories"][0] == manifest_before["stories"][0] and manifest["files"] == manifest_before["files"]
    assert manifest["stories"][1] != manifest_before["stories"][1]
    lines = (project / ".storybridge/cache.jsonl").read_text(encoding="utf-8").splitlines()
    garden_lines = [json.loads(line) for line in lines if line.startswith('["garden"')]
    if cache == "kept":  # the last line, marked so that the next run redoes the story
        assert garden_lines[0][1]["inputs"] == "changed"
        assert garden_lines[0][1]["manifest"] == json.loads(
            next(line for line in cache_before if line.startswith('["garden"')))[1]["manifest"]
    else:
        assert garden_lines == []
    monkeypatch.setattr(pipeline, "process_story", PROCESS_STORY)  # undo() would undo the fixed clock too
    assert run("build", project=project).exit_code == 0
    assert "Edited meanwhile." in (project / "site/en/garden.md").read_text(encoding="utf-8")


def test_a_new_story_saved_during_its_first_sync_leaves_no_trace(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A story set aside before it was ever published has no record to keep."""
    synced(project)
    edit_both_stories(project)
    story = project / "stories" / "about.md"
    story.write_text("---\ntitle: About\nlang: en\n---\n\nAbout us.\n", encoding="utf-8")
    save_after(monkeypatch, "about", lambda: story.write_text(story.read_text(encoding="utf-8") + "\nMore.\n",
                                                             encoding="utf-8"))
    result = run("sync", "--jobs", "1", project=project)
    assert result.exit_code == 1
    manifest = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    assert [record["slug"] for record in manifest["stories"]] == ["garden", "news/winter"]
    assert not [name for name in manifest["files"] if "about" in name]
    assert not list((project / "site").rglob("about*")) and not (project / "locale/templates/about.pot").exists()
    assert "A new closing line." in (project / "site/ko/garden.md").read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline, "process_story", PROCESS_STORY)  # undo() would undo the fixed clock too
    synced(project)
    assert "More." in (project / "site/en/about.md").read_text(encoding="utf-8")


def test_two_runs_on_one_project_wait_for_each_other(project: Path) -> None:
    """The lock: a second run waits while the first holds the project."""
    (project / ".storybridge").mkdir()
    with FileLock(str(project / ".storybridge" / "lock")):
        second = subprocess.Popen([*STORYBRIDGE, "sync", "--project", str(project)], stderr=subprocess.PIPE)
        time.sleep(3)
        assert second.poll() is None, "the second run did not wait"
        assert not (project / "locale").exists()
    assert second.wait(timeout=120) == 0
    assert (project / "site" / "manifest.json").exists()


# --- 2. CR-only line ends -------------------------------------------------------


def test_a_catalog_with_cr_only_line_ends_keeps_its_translations(project: Path) -> None:
    synced(project)
    catalog = project / "locale/ko/LC_MESSAGES/garden.po"
    msgid = translate(catalog, "정원 번역")
    catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r"))
    checked = run("check", "--select", "fuzzy", project=project)
    assert "in 4 catalogs" in checked.stderr
    assert run("update", project=project).exit_code == 0
    po = polib.pofile(str(catalog))
    assert po.find(msgid).msgstr == "정원 번역"
    assert b"\r" not in catalog.read_bytes()


# --- 3. symlinks -------------------------------------------------------------------


def test_sync_does_not_write_or_delete_through_a_link_out_of_site(project: Path, tmp_path: Path) -> None:
    synced(project)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "garden.md").write_text("someone else's page", encoding="utf-8")
    shutil.rmtree(project / "site" / "zh_Hans")
    (project / "site" / "zh_Hans").symlink_to(outside)
    story = project / "stories" / "garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("lang: en", "lang: en\npublish: false"), encoding="utf-8")
    for args in (("sync",), ("sync", "--force")):
        result = run(*args, project=project)
        assert result.exit_code == 1
        assert result.stderr.strip().endswith("a link leads out of site/; storybridge does not follow it")
        assert result.stderr.count("\n") == 1
    assert [p.name for p in outside.iterdir()] == ["garden.md"]
    assert (outside / "garden.md").read_text(encoding="utf-8") == "someone else's page"


# --- 4. a user's own file ------------------------------------------------------------


def test_a_page_a_person_wrote_is_not_replaced(project: Path) -> None:
    synced(project)
    about = project / "site" / "en" / "about.md"
    about.write_text("Written by hand.\n", encoding="utf-8")
    (project / "stories" / "about.md").write_text("---\ntitle: About\nlang: en\n---\n\nAbout us.\n", encoding="utf-8")
    before = snapshot(project)
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert result.stderr == (
        "site/en/about.md: error: was not written by storybridge (or was edited since); "
        "move it away, or run with --force to replace it\n"
    )
    assert snapshot(project) == before
    assert run("sync", "--force", project=project).exit_code == 0
    assert "About us." in about.read_text(encoding="utf-8")
    # From now on storybridge owns it: removing the story removes the page.
    (project / "stories" / "about.md").unlink()
    assert run("sync", project=project).exit_code == 0
    assert not about.exists()


def test_a_published_page_edited_by_hand_is_not_deleted(project: Path) -> None:
    synced(project)
    page = project / "site" / "ko" / "garden.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA note added by hand.\n", encoding="utf-8")
    (project / "stories" / "garden.md").unlink()
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert result.stderr.startswith("site/ko/garden.md: error: was not written by storybridge")
    assert page.exists()


# --- 5. a folder in the way --------------------------------------------------------------


def test_a_folder_in_the_way_changes_nothing(project: Path) -> None:
    synced(project)
    (project / "site" / "ko" / "garden.md").unlink()
    (project / "site" / "ko" / "garden.md").mkdir()
    msgid = translate(project / "locale/zh_Hans/LC_MESSAGES/garden.po", "翻译")
    assert msgid
    before = snapshot(project)
    result = run("build", project=project)
    assert result.exit_code == 1
    assert result.stderr == "site/ko/garden.md: error: is a folder; move it away, storybridge writes a file there\n"
    assert snapshot(project) == before
    assert not list(project.rglob("*.tmp"))


def test_a_manifest_path_that_is_now_a_folder_is_one_line(project: Path) -> None:
    synced(project)
    (project / "site" / "ko" / "garden.md").unlink()
    (project / "site" / "ko" / "garden.md").mkdir()
    (project / "stories" / "garden.md").unlink()
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert result.stderr == "site/ko/garden.md: error: is a folder where storybridge published a file; move it away\n"


def test_a_file_where_storybridge_keeps_its_state_is_one_line(project: Path) -> None:
    """``.storybridge`` made a file (a stray save, a bad copy): one line
    naming it, nothing written, the file kept."""
    (project / ".storybridge").write_text("not a folder", encoding="utf-8")
    before = snapshot(project)
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert result.stderr == ".storybridge: error: is a file where storybridge keeps its state; move it away\n"
    assert snapshot(project) == before


@pytest.mark.parametrize(("path", "kind", "said"), [
    ("stories", "file", "stories: error: is a file where storybridge looks for the stories folder\n"),
    ("stories", "dangling", "stories: error: is a link to nothing where storybridge looks for the stories folder\n"),
    ("storybridge.toml", "folder", "storybridge.toml: error: is a folder; storybridge reads its settings from this file\n"),
    ("storybridge.toml", "dangling",
     "storybridge.toml: error: is a link to nothing; storybridge reads its settings from this file\n"),
])
def test_a_file_or_folder_of_the_wrong_kind_is_one_line_and_withdraws_nothing(
    project: Path, path: str, kind: str, said: str
) -> None:
    """Read as "no stories" or "no settings", sync would withdraw every
    page or publish with the defaults (and without the private list)."""
    synced(project)
    target = project / path
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    if kind == "dangling":
        target.symlink_to(project / "gone")
    else:
        target.mkdir() if kind == "folder" else target.write_text("not a folder", encoding="utf-8")
    before = snapshot(project)
    result = run("sync", project=project)
    assert (result.exit_code, result.stderr) == (1, said)
    assert snapshot(project) == before


def test_a_folder_where_a_catalog_should_be_blocks_only_its_language(project: Path) -> None:
    synced(project)
    catalog = project / "locale" / "ko" / "LC_MESSAGES" / "garden.po"
    catalog.unlink()
    catalog.mkdir()
    result = run("sync", project=project)
    assert result.exit_code == 1 and "internal error" not in result.output
    assert "locale/ko/LC_MESSAGES/garden.po: error: cannot read: Is a directory" in result.stderr


def test_a_story_that_is_a_link_to_nothing_is_one_line_and_withdraws_nothing(project: Path) -> None:
    synced(project)
    story = project / "stories" / "garden.md"
    story.unlink()
    story.symlink_to(project / "gone.md")
    before = snapshot(project)
    result = run("sync", project=project)
    assert (result.exit_code, result.stderr) == (1, "stories/garden.md: error: is a link to nothing; restore or remove it\n")
    assert snapshot(project) == before


def test_a_stray_file_where_storybridge_stages_its_writes_is_cleared(project: Path) -> None:
    (project / ".storybridge").mkdir()
    (project / ".storybridge" / "tmp").write_text("stray", encoding="utf-8")
    assert run("sync", project=project).exit_code == 0
    assert not (project / ".storybridge" / "tmp").exists()


# --- 7. deep nesting ----------------------------------------------------------------------


DEEP = {
    "quotes": "> " * 1000 + "deep\n",
    "lists": "".join("  " * level + "- x\n" for level in range(1000)),
    "dashes": "- " * 1000 + "x\n",
}


@pytest.mark.parametrize("kind", sorted(DEEP))
def test_deep_nesting_is_no_traceback(project: Path, kind: str) -> None:
    (project / "stories" / "deep.md").write_text(f"---\ntitle: Deep\nlang: en\n---\n\n{DEEP[kind]}", encoding="utf-8")
    for command in ("extract", "sync", "status", "check"):
        result = run(command, "--jobs", "1", project=project) if command != "status" else run(command, project=project)
        assert result.exit_code == 0, (command, result.output[-300:])
    html = subprocess.run([*STORYBRIDGE, "build", "--html", "--project", str(project)], capture_output=True, text=True)
    assert "Traceback" not in html.stderr
    if html.returncode:
        assert html.stderr == "stories/deep.md: error: is nested too deeply to render as HTML; flatten its block quotes or lists\n"


# --- 9. MDX statements, 10. sync's line numbers -------------------------------------------


def test_an_mdx_export_is_not_published_and_sync_names_its_line(project: Path) -> None:
    synced(project)
    catalog = project / "locale/ko/LC_MESSAGES/garden.po"
    po = polib.pofile(str(catalog), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith("Behind the church"))
    entry.msgstr = "export const a = eval(atob('YWxlcnQoMSk='));"
    po.save()
    line = msgstr_line_of(catalog, entry.msgid)  # messages point at the msgstr (#14)
    built = run("build", project=project)
    assert f"locale/ko/LC_MESSAGES/garden.po:{line}: " in built.stderr and "[mdx]" in built.stderr
    assert "eval(" not in (project / "site/ko/garden.md").read_text(encoding="utf-8")
    # sync merges the catalog in memory: the same line, not None.
    (project / "stories" / "garden.md").write_text(
        (project / "stories" / "garden.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    result = run("sync", project=project)
    assert ":None:" not in result.stderr
    refused = [note for note in result.stderr.splitlines() if "[mdx]" in note]
    assert refused and refused[0].startswith("locale/ko/LC_MESSAGES/garden.po:")
    assert refused[0].split(":")[1] == str(msgstr_line_of(catalog, entry.msgid))


def msgstr_line_of(catalog: Path, msgid: str) -> int | None:
    """The line of an entry's msgstr, as storybridge's reader counts it."""
    from storybridge.po.entry import msgstr_line
    from storybridge.po.parse import parse_po

    shown = "x.po"
    return msgstr_line(next(e for e in parse_po(catalog.read_text(encoding="utf-8"), shown) if e.msgid == msgid))


# --- 6. debris of older versions -------------------------------------------------------------


OLD_DEBRIS = [
    "site/ko/.garden.md.4242.0.tmp",  # pid and counter (472f043 to 683eb8e)
    "site/.manifest.json.4242.7.tmp",
    "locale/ko/LC_MESSAGES/.garden.po.k3x_q9za.tmp",  # mkstemp's eight characters (30803a6)
    "locale/templates/news/.winter.pot.4242.1.tmp",
]
LOOKALIKES = [
    "site/ko/.notes.tmp",  # a person's hidden files, and names close to the old ones
    "site/ko/.garden.md.tmp",
    "site/ko/.garden.txt.4242.0.tmp",
    "site/ko/garden.md.4242.0.tmp",
    "locale/ko/LC_MESSAGES/.garden.po.K3X_Q9ZA.tmp",
    "stories/.garden.md.4242.0.tmp",  # outside the folders storybridge writes
]


def test_hidden_temporary_files_of_older_versions_are_swept_and_nothing_else(project: Path, tmp_path: Path) -> None:
    synced(project)
    for name in OLD_DEBRIS + LOOKALIKES:
        (project / name).write_text("half a file", encoding="utf-8")
    outside = tmp_path / "outside.po"
    outside.write_text("not storybridge's", encoding="utf-8")
    (project / "site/ko/.river.md.4242.3.tmp").symlink_to(outside)  # a link is never followed nor removed
    result = run("sync", project=project)
    assert result.exit_code == 0, result.output
    assert "removed 4 temporary files an older storybridge left behind" in result.stderr
    assert [name for name in OLD_DEBRIS if (project / name).exists()] == []
    assert [name for name in LOOKALIKES if not (project / name).exists()] == []
    assert (project / "site/ko/.river.md.4242.3.tmp").is_symlink() and outside.read_text(encoding="utf-8") == "not storybridge's"
    assert "removed" not in run("sync", project=project).stderr


def test_status_output_in_the_project_is_staged_in_the_temporary_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A report written into the project waits in .storybridge/tmp/, not
    hidden beside its target where a killed run would leave it."""
    import os

    synced(project)
    moves: list[tuple[Path, Path]] = []
    replace = os.replace

    def recorded(source: str | Path, target: str | Path) -> None:
        moves.append((Path(source), Path(target)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", recorded)
    report = project / "reports" / "status.md"
    assert run("status", "--format", "markdown", "--output", str(report), project=project).exit_code == 0
    assert [source.parent for source, target in moves if target == report] == [project / ".storybridge" / "tmp"]
    assert "garden" in report.read_text(encoding="utf-8")
    assert not list(project.rglob("*.tmp")) and not (project / ".storybridge" / "tmp").exists()
    elsewhere = tmp_path / "reports" / "status.md"  # outside the project: the user's folder, as before
    assert run("status", "--format", "markdown", "--output", str(elsewhere), project=project).exit_code == 0
    assert elsewhere.read_text(encoding="utf-8") == report.read_text(encoding="utf-8")
