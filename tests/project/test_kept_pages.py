"""A language whose catalog cannot be read keeps its last published page,
unless the story's final decision makes that language private: a story
withheld in it, withdrawn, or blocked for an identifying detail leaves
nothing in the publish folder, and neither does a page the private list
now finds something in. A sync with nothing changed (the skip cache
replaying the story) keeps what the run before kept, no more."""

from __future__ import annotations

import json
import time
from pathlib import Path

import polib

from conftest import run

BODY = "The river was cold that spring.\n\nWe crossed it at night.\n"
PAGE = "ko/river.md"


def _story(front_matter: str = "", body: str = BODY) -> str:
    return f"---\ntitle: River\nlang: en\n{front_matter}---\n\n{body}"


def _published_then_broken(tmp_path: Path, translations: dict[str, str] | None = None) -> Path:
    """A story published in ko, whose ko catalog then cannot be read: the
    page stays (the behaviour the other tests narrow)."""
    project = tmp_path / "p"
    (project / "stories").mkdir(parents=True)
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    (project / "stories" / "river.md").write_text(_story(), encoding="utf-8")
    run("sync", project=project)
    catalog = project / "locale" / "ko" / "LC_MESSAGES" / "river.po"
    if translations:
        po = polib.pofile(str(catalog))
        for entry in po:
            entry.msgstr = translations.get(entry.msgid, entry.msgstr)
        po.save(str(catalog))
    assert run("sync", project=project).exit_code == 0
    assert (project / "site" / PAGE).exists()
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    broken = run("sync", project=project)
    assert broken.exit_code == 1 and (project / "site" / PAGE).exists()
    assert PAGE in _listed(project)
    return project


def _listed(project: Path) -> list[str]:
    manifest = project / "site" / "manifest.json"
    return list(json.loads(manifest.read_text(encoding="utf-8"))["files"]) if manifest.exists() else []


def _edit_story(project: Path, text: str) -> None:
    time.sleep(0.01)  # a new mtime, whatever the clock's resolution
    (project / "stories" / "river.md").write_text(text, encoding="utf-8")


def _assert_gone_now_and_next_run(project: Path) -> str:
    """The page is gone and unlisted, and a second sync (the story skipped,
    replayed from its cache line) brings nothing back. The output of both."""
    output = ""
    for _ in range(2):
        result = run("sync", project=project)
        output += result.output
        assert not (project / "site" / PAGE).exists(), result.output
        assert PAGE not in _listed(project)
    return output


def test_a_withheld_language_leaves_no_kept_page(tmp_path: Path) -> None:
    project = _published_then_broken(tmp_path)
    _edit_story(project, _story("withhold_languages: [ko]\n"))
    _assert_gone_now_and_next_run(project)


def test_a_withdrawn_story_leaves_no_kept_page(tmp_path: Path) -> None:
    project = _published_then_broken(tmp_path)
    _edit_story(project, _story("publish: false\n"))
    _assert_gone_now_and_next_run(project)
    assert not list((project / "site").rglob("*.md"))


def test_an_identifying_detail_in_the_source_leaves_no_kept_page(tmp_path: Path) -> None:
    project = _published_then_broken(tmp_path)
    _edit_story(project, _story(body=f"Call 010-5555-0134 after dark.\n\n{BODY}"))
    output = _assert_gone_now_and_next_run(project)
    assert "0134" not in output
    assert not list((project / "site").rglob("*.md"))


def test_a_private_entry_in_the_source_leaves_no_kept_page(tmp_path: Path) -> None:
    project = _published_then_broken(tmp_path)
    private = tmp_path / "private.txt"
    private.write_text("river\n", encoding="utf-8")  # now known to name a place
    (project / "storybridge.toml").write_text(
        f'languages = ["en", "ko"]\nmin_coverage = 0\nsensitive_list = "{private}"\n', encoding="utf-8")
    _assert_gone_now_and_next_run(project)


def _list_corwin_vale(project: Path, tmp_path: Path) -> None:
    """The private list gains a name the kept page holds."""
    private = tmp_path / "private.txt"
    private.write_text("# invented\nCorwin Vale\n", encoding="utf-8")
    (project / "storybridge.toml").write_text(
        f'languages = ["en", "ko"]\nmin_coverage = 0\nsensitive_list = "{private}"\n', encoding="utf-8")


def test_a_private_entry_only_in_the_kept_page_removes_it(tmp_path: Path) -> None:
    """The source is clean; the ko page, published before the catalog
    broke, holds a name the private list gains later."""
    project = _published_then_broken(
        tmp_path, {"The river was cold that spring.": "그해 봄 Corwin Vale 의 강은 차가웠다."})
    assert "Corwin" in (project / "site" / PAGE).read_text(encoding="utf-8")
    _list_corwin_vale(project, tmp_path)
    output = _assert_gone_now_and_next_run(project)
    assert "site/ko/river.md:" in output and "[sensitive]" in output and "Corwin" not in output
    assert (project / "site" / "en" / "river.md").exists()  # the story itself is still published


def test_a_private_entry_the_kept_page_escapes_removes_it(tmp_path: Path) -> None:
    """The kept page's title holds the name across a tab, which YAML writes
    as ``\\t``: the page is read as a reader reads it."""
    project = _published_then_broken(tmp_path, {"River": "Corwin\tVale 의 강"})
    assert "Corwin\\tVale" in (project / "site" / PAGE).read_text(encoding="utf-8")
    _list_corwin_vale(project, tmp_path)
    output = _assert_gone_now_and_next_run(project)
    assert "[sensitive]" in output and "Corwin" not in output


def test_a_public_decision_keeps_the_page_and_the_next_run_too(tmp_path: Path) -> None:
    """The rule's other side: nothing changed but the broken catalog, the
    page stays, listed, in this run and the replayed one."""
    project = _published_then_broken(tmp_path)
    kept = (project / "site" / PAGE).read_bytes()
    for _ in range(2):
        assert run("sync", project=project).exit_code == 1
        assert (project / "site" / PAGE).read_bytes() == kept and PAGE in _listed(project)
