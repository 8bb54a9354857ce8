"""``storybridge init``: from an empty folder to a published example story,
through the real CLI, GNU gettext and check-jsonschema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_canonical, catalogs_under, msgfmt_check, run, snapshot

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
WORKFLOW = ".github/workflows/storybridge.yml"


def test_init_then_sync_status_check_publish_the_example(tmp_path: Path) -> None:
    repo = tmp_path / "stories-site"
    result = run("init", str(repo), "--languages", "en,ko,zh_Hans")
    assert result.exit_code == 0, result.output
    for name in ("pyproject.toml", "stories/example.md", "locale/glossary.csv", ".gitignore",
                 ".pre-commit-config.yaml", WORKFLOW):
        assert (repo / name).is_file(), name
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/.storybridge/", "/site/", "/private/"} <= set(ignored)

    assert run("sync", project=repo).exit_code == 0
    assert run("status", "--fail-under", "0", project=repo).exit_code == 0
    checked = run("check", project=repo)
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 0 warnings, 0 notes in 2 catalogs" in checked.output

    published = (repo / "site/en/example.md").read_text(encoding="utf-8")
    assert "title: An example story" in published and "lang: en" in published
    assert '"status": "published"' in (repo / "site/manifest.json").read_text(encoding="utf-8")
    catalogs = list(catalogs_under(repo / "locale"))
    assert len(catalogs) == 3  # the template, ko and zh_Hans
    for path in catalogs:
        msgfmt_check(path)
        assert_canonical(path)


def test_init_again_changes_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert run("init", str(repo)).exit_code == 0
    assert run("sync", project=repo).exit_code == 0
    before = snapshot(repo)
    again = run("init", str(repo))
    assert again.exit_code == 0
    assert "already set up" in again.output
    assert snapshot(repo) == before


def test_init_over_an_existing_pyproject_refuses_and_writes_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    mine = b'[project]\nname = "our-blog"\n'
    (repo / "pyproject.toml").write_bytes(mine)
    result = run("init", str(repo))
    assert result.exit_code == 1
    assert result.output == f"{repo / 'pyproject.toml'}: error: already exists; init writes no file over another (move it away first)\n"
    assert (repo / "pyproject.toml").read_bytes() == mine
    assert sorted(p.name for p in repo.iterdir()) == ["pyproject.toml"]


def test_init_in_the_current_folder_with_korean_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "--languages", "ko, zh_Hans").exit_code == 0
    story = (tmp_path / "stories/example.md").read_text(encoding="utf-8")
    assert "lang: ko" in story and "예시 이야기" in story
    assert 'languages = ["ko", "zh_Hans"]' in (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert run("sync", project=tmp_path).exit_code == 0
    assert (tmp_path / "site/ko/example.md").is_file()
    assert (tmp_path / "locale/zh_Hans/LC_MESSAGES/example.po").is_file()


def test_init_with_an_unknown_language_is_one_line(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "repo"), "--languages", "en,klingonish")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("--languages: error:")
    assert not (tmp_path / "repo").exists()


def test_the_workflow_validates_against_the_github_workflow_schema(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    assert run("init", str(repo)).exit_code == 0

    def validate(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
            capture_output=True, text=True, check=False,
        )

    done = validate(repo / WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr
    # The schema has teeth: the same workflow without runs-on is refused.
    broken = tmp_path / "broken.yml"
    broken.write_text((repo / WORKFLOW).read_text(encoding="utf-8").replace("    runs-on: ubuntu-latest\n", ""), encoding="utf-8")
    assert validate(broken).returncode == 1


def test_the_sensitive_list_as_the_workflow_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI writes the secret to a file outside the checkout and points
    STORYBRIDGE_SENSITIVE_LIST at it: an empty secret lets the example
    through; an entry the example story holds blocks it."""
    repo = tmp_path / "repo"
    assert run("init", str(repo)).exit_code == 0
    secret = tmp_path / "runner-temp" / "sensitive.txt"
    secret.parent.mkdir()
    monkeypatch.setenv("STORYBRIDGE_SENSITIVE_LIST", str(secret))
    secret.write_text("\n", encoding="utf-8")
    assert run("sync", project=repo).exit_code == 0
    assert run("check", project=repo).exit_code == 0
    secret.write_text("# invented for the test\nexample.org\n", encoding="utf-8")
    blocked = run("check", project=repo)
    assert blocked.exit_code == 1
    assert "error [sensitive]" in blocked.output and "example.org" not in blocked.output


def test_init_for_hugo(tmp_path: Path) -> None:
    from storybridge.config import load_config

    repo = tmp_path / "repo"
    assert run("init", str(repo), "--site-profile", "hugo").exit_code == 0
    assert load_config(repo).site_profile == "hugo"
    assert load_config(tmp_path / "plain").site_profile == ""
    assert run("sync", project=repo).exit_code == 0
    assert any((repo / "site").rglob("example*.md"))
    assert run("init", str(repo), "--site-profile", "hugo").exit_code == 0  # idempotent
    assert run("init", str(repo), "--site-profile", "jekyll").exit_code == 1  # the settings differ


def test_init_writes_the_named_hook_repository_and_refuses_a_non_url(tmp_path: Path) -> None:
    from conftest import run

    url = "https://git.example.org/charity/storybridge"
    assert run("init", str(tmp_path / "a"), "--hook-repo", url).exit_code == 0
    assert f"repo: {url}" in (tmp_path / "a" / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"git+{url}@" in (tmp_path / "a" / ".github" / "workflows" / "storybridge.yml").read_text(encoding="utf-8")
    refused = run("init", str(tmp_path / "b"), "--hook-repo", "not a url")
    assert refused.exit_code == 1
    assert "--hook-repo: error:" in refused.output
    assert not (tmp_path / "b").exists()
