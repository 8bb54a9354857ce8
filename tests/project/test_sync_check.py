"""``storybridge sync --check``: list what sync would change, write nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import run, snapshot


def check(project: Path) -> tuple[int, list[str], str]:
    result = run("sync", "--check", project=project)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_fresh_exits_0_and_writes_nothing(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    before = snapshot(project)
    code, stale, err = check(project)
    assert (code, stale) == (0, [])
    assert err.endswith("up to date: 2 stories\n")
    assert snapshot(project) == before


def test_an_edited_story_lists_its_stale_files_and_writes_nothing(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    story = project / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("small garden", "very small garden"), encoding="utf-8")
    before = snapshot(project)
    code, stale, err = check(project)
    assert code == 1
    assert stale == [
        "locale/ko/LC_MESSAGES/garden.po",
        "locale/templates/garden.pot",
        "locale/zh_Hans/LC_MESSAGES/garden.po",
        "site/en/garden.md",
        "site/ko/garden.md",
        "site/manifest.json",
        "site/zh_Hans/garden.md",
    ]
    assert err.endswith("7 stale: run storybridge sync and commit them\n")
    assert snapshot(project) == before  # no file written, no temporary file left
    assert run("sync", project=project).exit_code == 0
    assert check(project)[:2] == (0, [])


def test_a_fresh_checkout_without_the_publish_folder_is_up_to_date(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".storybridge")
    before = snapshot(project)
    assert check(project)[:2] == (0, [])
    assert snapshot(project) == before
    assert not (project / "site").exists() and not (project / ".storybridge").exists()


def test_a_rewrapped_catalog_and_a_new_story_are_stale(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    catalog = project / "locale/ko/LC_MESSAGES/garden.po"
    subprocess.run(["msgcat", "--width=40", "-o", str(catalog), str(catalog)], check=True)
    (project / "stories/later").mkdir()
    (project / "stories/later/spring.md").write_text("---\ntitle: Spring\nlang: en\n---\n\nIt rained.\n", encoding="utf-8")
    before = snapshot(project)
    code, stale, _ = check(project)
    assert code == 1
    assert [name for name in stale if name.startswith("locale/")] == [
        "locale/ko/LC_MESSAGES/garden.po",
        "locale/ko/LC_MESSAGES/later/spring.po",
        "locale/templates/later/spring.pot",
        "locale/zh_Hans/LC_MESSAGES/later/spring.po",
    ]
    assert snapshot(project) == before
    assert not (project / "locale/templates/later").exists()  # folders made for staging are gone
