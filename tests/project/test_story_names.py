"""Story file names that cannot become slugs are refused with one line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA, run

STORY = "---\ntitle: Invented\nlang: en\n---\n\nA paragraph about a river.\n"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"line\nbreak.md", "stories/line\\nbreak.md"),
        (b"tab\there.md", "stories/tab\\there.md"),
        (b"caf\xe9.md", "stories/caf\\xe9.md"),
    ],
)
@pytest.mark.parametrize("command", ["sync", "extract", "status", "check"])
def test_an_odd_file_name_is_refused_in_one_line(tmp_path: Path, raw: bytes, shown: str, command: str) -> None:
    project = tmp_path / "p"
    shutil.copytree(DATA / "project", project)
    (project / "stories" / os.fsdecode(raw)).write_text(STORY, encoding="utf-8")
    result = run(command, project=project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{shown}: error: a file name with a control character or not in UTF-8; rename the story"
    )
    assert "Traceback" not in result.output
    assert not (project / "locale").exists() and not (project / "site").exists()


def test_slugs_that_differ_only_in_case_are_refused(project: Path) -> None:
    (project / "stories" / "River.md").write_text(STORY, encoding="utf-8")
    (project / "stories" / "river.md").write_text(STORY, encoding="utf-8")
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "stories/river.md: error: differs from stories/River.md only in case; they collide on macOS and Windows"
    )
    assert not (project / "site").exists()
