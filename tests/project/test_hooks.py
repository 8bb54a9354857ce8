"""The pre-commit hooks: which story a changed file belongs to,
``storybridge canonical``, ``storybridge check FILES``, and both hooks run
for real by pre-commit in a repository made by ``storybridge init``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run
from storybridge.config import load_config
from storybridge.project.changed import story_of

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("stories/garden.md", "garden"),
        ("stories/news/winter.md", "news/winter"),
        ("locale/templates/news/winter.pot", "news/winter"),
        ("locale/ko/LC_MESSAGES/news/winter.po", "news/winter"),
        ("locale/zh_Hans/LC_MESSAGES/garden.po", "garden"),
        ("locale/glossary.csv", None),
        ("locale/ko/garden.po", None),
        ("stories/notes.txt", None),
        ("README.md", None),
        ("../elsewhere/stories/garden.md", None),
    ],
)
def test_story_of(project: Path, monkeypatch: pytest.MonkeyPatch, path: str, slug: str | None) -> None:
    monkeypatch.chdir(project)
    assert story_of(load_config(Path(".")), Path(path)) == slug


def test_canonical_undoes_an_editors_wrapping(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("sync", project=project).exit_code == 0
    monkeypatch.chdir(project)
    name = "locale/ko/LC_MESSAGES/garden.po"
    ours = Path(name).read_bytes()
    subprocess.run(["msgcat", "--width=40", "-o", name, name], check=True)  # as an editor might save it
    assert Path(name).read_bytes() != ours
    result = run("canonical", name, "README.md")
    assert result.exit_code == 0
    assert result.output == f"rewrote {name}\n"
    assert Path(name).read_bytes() == ours
    assert run("canonical", name).output == ""


def test_canonical_stops_at_a_broken_catalog_and_rewrites_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("sync", project=project).exit_code == 0
    monkeypatch.chdir(project)
    good, bad = "locale/ko/LC_MESSAGES/garden.po", "locale/zh_Hans/LC_MESSAGES/garden.po"
    subprocess.run(["msgcat", "--width=40", "-o", good, good], check=True)
    wrapped = Path(good).read_bytes()
    Path(bad).write_text(Path(bad).read_text(encoding="utf-8") + '\nmsgid "unclosed\n', encoding="utf-8")
    result = run("canonical", good, bad)
    assert result.exit_code == 1
    assert result.output.startswith(f"{bad}:") and result.output.count("\n") == 1
    assert Path(good).read_bytes() == wrapped
