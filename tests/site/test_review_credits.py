"""Issue 17, credits: display names only, opted in per language, only on
plainly published files."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
import yaml

from conftest import run
from storybridge.site.credits import credit_fields, translator_name

CATALOG = "locale/ko/LC_MESSAGES/garden.po"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Volunteer Kay <kay@example.org>", "Volunteer Kay"),
        ("Volunteer Kay", "Volunteer Kay"),
        ("kay@example.org", None),
        ("<kay@example.org>", None),
        ("FULL NAME <EMAIL@ADDRESS>", None),
        ("", None),
    ],
)
def test_only_the_name_of_the_last_translator_is_kept(header: str, name: str | None) -> None:
    assert translator_name(header) == name


def test_credit_fields_merge_and_sort() -> None:
    assert credit_fields(["Kim J."], "Volunteer Kay <k@example.org>", ["Editor Li", "Editor Han", "Editor Li"]) == {
        "translators": ["Kim J.", "Volunteer Kay"], "reviewers": ["Editor Han", "Editor Li"]}
    assert credit_fields([], "", []) == {}


def front_matter(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text().split("---\n")[1])


@pytest.fixture
def credited(project: Path) -> Path:
    assert run("sync", project=project).exit_code == 0
    path = project / CATALOG
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "Volunteer Kay <kay@volunteers.invalid>"
    for entry in catalog:
        entry.msgstr = "번역 " + entry.msgid
    catalog.save()
    assert run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=project).exit_code == 0
    return project


def test_opted_in_language_credits_names_never_addresses(credited: Path) -> None:
    settings = credited / "storybridge.toml"
    assert run("build", project=credited).exit_code == 0
    assert "reviewers" not in front_matter(credited / "site/ko/garden.md")  # not opted in
    settings.write_text(settings.read_text() + 'review_credits = ["ko"]\n')
    assert run("build", project=credited).exit_code == 0
    published = front_matter(credited / "site/ko/garden.md")
    assert published["translators"] == ["Volunteer Kay"] and published["reviewers"] == ["Editor Han"]
    everything = "".join(p.read_text() for p in (credited / "site").rglob("*") if p.is_file())
    assert "volunteers.invalid" not in everything and "kay@" not in everything


def test_no_credits_on_a_story_held_back_as_a_draft(credited: Path) -> None:
    settings = credited / "storybridge.toml"
    settings.write_text(settings.read_text() + 'review_credits = ["ko"]\nrequire_review = true\nmin_coverage = 100\n')
    catalog = polib.pofile(str(credited / CATALOG))
    next(entry for entry in catalog if entry.msgid == "The garden").msgstr = "정원"  # no longer approved
    catalog.save()
    assert run("build", project=credited).exit_code == 0
    draft = front_matter(credited / "site/ko/garden.md")
    assert draft["draft"] is True  # 95 % approved, below min_coverage 100
    assert "reviewers" not in draft and "translators" not in draft


def test_a_credit_name_on_the_private_list_is_left_out(
    credited: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator who is also in the stories (#16): the name would be on
    the site. The reviewer's name stays."""
    private = tmp_path / "private.txt"
    private.write_text("# invented\nVolunteer Kay\n", encoding="utf-8")
    monkeypatch.setenv("STORYBRIDGE_SENSITIVE_LIST", str(private))
    settings = credited / "storybridge.toml"
    settings.write_text(settings.read_text() + 'review_credits = ["ko"]\n')
    assert run("build", project=credited).exit_code == 0
    published = front_matter(credited / "site/ko/garden.md")
    assert "translators" not in published and published["reviewers"] == ["Editor Han"]
    everything = "".join(p.read_text() for p in (credited / "site").rglob("*") if p.is_file())
    assert "Kay" not in everything
