"""Issue 17, what it must show 2: with require_review, an unapproved entry
never reaches site/, and the decision, status JSON and manifest agree."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from conftest import run, translate_garden

CATALOG = "locale/ko/LC_MESSAGES/garden.po"
SECRET = "아직 검토되지 않은 번역"


def configure(project: Path, lines: str) -> None:
    settings = project / "storybridge.toml"
    settings.write_text(settings.read_text() + lines)


@pytest.fixture
def half_reviewed(project: Path) -> tuple[Path, polib.POEntry]:
    """Every Korean garden entry translated and approved, then one edited."""
    translate_garden(project)
    path = project / CATALOG
    assert run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=project).exit_code == 0
    catalog = polib.pofile(str(path))
    edited = next(entry for entry in catalog if entry.msgid.startswith("Behind the church"))
    edited.msgstr = SECRET
    catalog.save()
    return project, edited


def published_text(project: Path) -> str:
    return "".join(path.read_text() for path in sorted((project / "site").rglob("*")) if path.is_file())


def test_an_unapproved_entry_never_reaches_the_site(half_reviewed: tuple[Path, polib.POEntry]) -> None:
    project, edited = half_reviewed
    assert run("build", project=project).exit_code == 0
    assert SECRET in published_text(project)  # without the setting, review is information only
    configure(project, "require_review = true\n")
    assert run("build", project=project).exit_code == 0
    text = published_text(project)
    assert SECRET not in text
    korean = (project / "site/ko/garden.md").read_text()
    assert edited.msgid[:42] in korean  # the source text stands in its place


def test_decision_status_and_manifest_agree(half_reviewed: tuple[Path, polib.POEntry]) -> None:
    project, _ = half_reviewed
    configure(project, "require_review_by_language = { ko = true }\nmin_coverage = 95\n")
    assert run("build", project=project).exit_code == 0
    manifest = json.loads((project / "site/manifest.json").read_text())
    garden = next(story for story in manifest["stories"] if story["slug"] == "garden")["languages"]["ko"]
    status = json.loads(run("status", "--format", "json", "--lang", "ko", "--story", "garden",
                            project=project).output)
    record = status["coverage"][0]
    assert record["translated"] == record["total"]
    assert record["reviewed"] == record["total"] - 1
    assert garden["coverage"] == round(100 * record["reviewed"] / record["total"], 1) == record["reviewed_percent"]
    assert garden["status"] == "draft" and "95" in garden["reason"]  # below_threshold = "draft"
    front = (project / "site/ko/garden.md").read_text().split("---\n")[1]
    assert f"coverage: {garden['coverage']}" in front


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('require_review = "yes"', "setting 'require_review' must be true or false"),
        ('editor = "editor@example.org"', "setting 'editor': an e-mail address cannot sign a review"),
        ("require_review_by_language = { ko = 1 }", "setting 'require_review_by_language' must be a table"),
    ],
)
def test_the_review_settings_refuse_what_they_cannot_mean(project: Path, line: str, message: str) -> None:
    configure(project, line + "\n")
    done = run("build", project=project)
    assert done.exit_code == 1
    assert "storybridge.toml: error: " + message in done.output and done.output.count("\n") == 1


def test_update_drops_approvals_only_of_entries_gone_for_good(half_reviewed: tuple[Path, polib.POEntry]) -> None:
    project, _ = half_reviewed
    story = project / "stories/garden.md"
    story.write_text(story.read_text().replace("# The garden\n", "# Seasons of planting\n"))
    records = project / "locale/ko/reviews/garden.tsv"
    assert run("sync", project=project).exit_code == 0
    assert "\tThe garden\t" in records.read_text()  # obsolete now, still there
    catalog = polib.pofile(str(project / CATALOG))
    catalog.remove(next(entry for entry in catalog if entry.obsolete and entry.msgid == "The garden"))
    catalog.save()
    before = records.read_text().count("\n")
    assert run("update", project=project).exit_code == 0
    assert "\tThe garden\t" not in records.read_text()
    assert records.read_text().count("\n") == before - 1
