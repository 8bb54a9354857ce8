"""Bad input: one line naming the file and line, exit 1, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, run, snapshot

BAD = DATA / "bad"

STORY_CASES = {
    "broken-yaml.md": ("stories/broken-yaml.md:4:", "front matter is not valid YAML"),
    "unclosed-front-matter.md": ("stories/unclosed-front-matter.md:1:", "never closed"),
    "bad-utf8.md": ("stories/bad-utf8.md:6:", "not valid UTF-8"),
    "unknown-language.md": ("stories/unknown-language.md:3:", "unknown language code 'xx-nowhere'"),
    "list-front-matter.md": ("stories/list-front-matter.md:2:", "must be a mapping"),
}


def _assert_one_line_error(output: str, where: str, message: str) -> None:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"{where} error: "), output
    assert message in lines[0]
    assert "Traceback" not in output


@pytest.mark.parametrize("name", sorted(STORY_CASES))
def test_bad_story_is_reported_and_nothing_is_written(project: Path, name: str) -> None:
    assert run("sync", project=project).exit_code == 0
    shutil.copy(BAD / name, project / "stories" / name)
    before = snapshot(project)
    result = run("sync", project=project)
    assert result.exit_code == 1
    _assert_one_line_error(result.output, *STORY_CASES[name])
    assert snapshot(project) == before


def test_bad_story_on_a_fresh_project_leaves_no_output(project: Path) -> None:
    shutil.copy(BAD / "broken-yaml.md", project / "stories" / "zz-broken.md")
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert not list((project).rglob("*.po")) and not list(project.rglob("*.pot"))
    assert not list(project.rglob("*.tmp"))


def test_failed_build_on_a_fresh_project_leaves_no_folders(project: Path) -> None:
    """Stories before the broken one stage their files, and the manifest and
    cache are streamed from the start; a failure removes every temporary
    file and every folder made for them."""
    (project / "stories" / "zz-broken.md").write_text("---\ntitle: [unclosed\n---\nHello\n", encoding="utf-8")
    for command in ("build", "sync"):
        result = run(command, project=project)
        assert result.exit_code == 1
        assert sorted(path.name for path in project.iterdir()) == ["stories", "storybridge.toml"]


def test_broken_catalog_names_file_and_line(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    target = project / "locale/ko/LC_MESSAGES/garden.po"
    shutil.copy(BAD / "broken-catalog.po", target)
    before = snapshot(project)
    for command in ("update", "build", "sync"):
        result = run(command, project=project)
        assert result.exit_code == 1, command
        lines = result.output.strip().splitlines()
        # the one-line error, once, last; the rest of the project is done (issue #14: containment)
        errors = [line for line in lines if line.startswith("locale/ko/LC_MESSAGES/garden.po:")]
        assert errors == [lines[-1]] and ": error: " in errors[0], result.output
        assert "Traceback" not in result.output
        after = snapshot(project)
        for kept in ("locale/ko/LC_MESSAGES/garden.po", "site/ko/garden.md"):
            assert after[kept] == before[kept], (command, kept)


def test_story_link_escaping_the_stories_folder_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Outside\nlang: en\n---\n\nText.\n", encoding="utf-8")
    (project / "stories" / "escape.md").symlink_to(outside)
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert "stories/escape.md" in result.output and "outside the stories folder" in result.output
    assert not (project / "site").exists()


def test_unknown_setting_is_reported(project: Path) -> None:
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\ncolour = "blue"\n', encoding="utf-8")
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert "storybridge.toml: error: unknown setting 'colour'" in result.output
