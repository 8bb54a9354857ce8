"""The pre-commit hooks: which story a changed file belongs to,
``storybridge canonical``, ``storybridge check FILES``, and both hooks run
for real by pre-commit in a repository made by ``storybridge init``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from conftest import run
from storybridge.config import load_config
from storybridge.project.changed import changed_stories, story_of

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


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as it is now (tracked and new files), committed once in
    a scratch repository, so every try-repo call uses one revision and
    pre-commit installs its environment once."""
    copy = tmp_path_factory.mktemp("storybridge-checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-qm", "snapshot")
    return copy


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo, check=True, capture_output=True,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, hook_repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )


def translate(path: Path, msgid_start: str, msgstr: str) -> None:
    """Give the entry whose msgid starts so a translation (as a volunteer's editor would)."""
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    catalog.save()


def test_pre_commit_runs_the_hooks_for_real(tmp_path: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    repo = tmp_path / "content"
    assert run("init", str(repo)).exit_code == 0
    assert run("sync", project=repo).exit_code == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    ko, zh = "locale/ko/LC_MESSAGES/example.po", "locale/zh_Hans/LC_MESSAGES/example.po"

    # A good translation, saved by polib (wrapped at 78, not msgcat's form).
    translate(repo / ko, "This is an example story.", "이것은 예시 이야기입니다. 문단마다 다른 언어의 카탈로그에 항목이 하나씩 생기고, 자원봉사자가 그곳에서 번역합니다.")
    canonical = try_repo(repo, hook_repo, pre_commit_home, "storybridge-canonical", ko)
    assert canonical.returncode == 1 and "files were modified by this hook" in canonical.stdout, canonical.stdout
    assert try_repo(repo, hook_repo, pre_commit_home, "storybridge-canonical", ko).returncode == 0
    good = try_repo(repo, hook_repo, pre_commit_home, "storybridge-check", ko)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 errors" in good.stdout

    # A translation that opens a block the source lacks: an error.
    translate(repo / zh, "This is an example story.", "# 这是一个示例故事。")
    bad = try_repo(repo, hook_repo, pre_commit_home, "storybridge-check", ko, zh)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"{zh}:" in bad.stdout and "error [block-break]" in bad.stdout


def test_changed_stories_and_their_languages(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    config = load_config(Path("."))
    assert changed_stories(config, [Path("locale/ko/LC_MESSAGES/garden.po"), Path("README.md")]) == {"garden": ("ko",)}
    assert changed_stories(config, [
        Path("locale/zh_Hans/LC_MESSAGES/garden.po"), Path("locale/ko/LC_MESSAGES/garden.po"),
        Path("locale/templates/news/winter.pot"), Path("locale/en/LC_MESSAGES/news/winter.po"),
        Path("locale/ko/LC_MESSAGES/gone.po"),  # its story was removed: nothing to check against
    ]) == {"garden": ("ko", "zh_Hans"), "news/winter": ()}
    assert changed_stories(config, [Path("stories/garden.md"), Path("locale/ko/LC_MESSAGES/garden.po")]) == {"garden": ()}


def test_check_with_files_reads_only_their_stories(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("sync", project=project).exit_code == 0
    monkeypatch.chdir(project)
    broken = Path("locale/zh_Hans/LC_MESSAGES/news/winter.po")
    translate(broken, "올겨울은", "# 今年冬天特别冷。")
    (Path("stories/unreadable.md")).write_bytes(b"---\ntitle: [unclosed\n---\n\xff\n")  # would stop a full check
    assert run("check", "locale/ko/LC_MESSAGES/garden.po").exit_code == 0
    assert "in 1 catalog" in run("check", "locale/ko/LC_MESSAGES/garden.po").output
    assert run("check", "README.md").output == "0 errors, 0 warnings, 0 notes in 0 catalogs\n"
    found = run("check", str(broken), "stories/garden.md")
    assert found.exit_code == 1
    assert f"{broken}:" in found.output and "error [block-break]" in found.output
    assert "in 3 catalogs" in found.output  # winter in zh_Hans; garden in ko and zh_Hans
    assert run("check").exit_code == 1  # the whole project trips over the unreadable story


SLUG_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_가나다铁路", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(SLUG_PART, min_size=1, max_size=4).filter(lambda parts: parts[0] not in ("stories", "locale")),
    lang=st.sampled_from(["en", "ko", "zh_Hans"]),
)
def test_every_file_of_a_story_maps_back_to_its_slug(parts: list[str], lang: str) -> None:
    """Property: the story, its template and each catalog name the same slug,
    whatever its nesting; the same names beside the folders name none."""
    config = load_config(Path("/nonexistent-repo"))
    root, slug = config.root, "/".join(parts)
    for path in (f"stories/{slug}.md", f"locale/templates/{slug}.pot", f"locale/{lang}/LC_MESSAGES/{slug}.po"):
        assert story_of(config, root / path) == slug, path
    for path in (f"{slug}.md", f"site/{lang}/{slug}.md", f"locale/{lang}/{slug}.po", f"locale/templates/{slug}.po"):
        assert story_of(config, root / path) is None, path
