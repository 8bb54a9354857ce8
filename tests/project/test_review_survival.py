"""Issue 17, what it must show 1: approvals survive every PO editor's save,
a changed msgstr unapproves exactly its entry, and update keeps the rest."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import msgfmt_check, run, translate_garden
from storybridge.config import load_config
from storybridge.po.review import approved_msgids
from storybridge.project.review_files import read_reviews, review_path

CATALOG = "locale/ko/LC_MESSAGES/garden.po"


def translate_all(project: Path) -> polib.POFile:
    """Fill the Korean garden catalog as a volunteer would (markup kept)."""
    translate_garden(project)
    catalog = polib.pofile(str(project / CATALOG))
    return catalog


def approved(project: Path) -> set[str]:
    catalog = polib.pofile(str(project / CATALOG))
    return approved_msgids(catalog, read_reviews(load_config(project), "ko", "garden"))


@pytest.fixture
def reviewed(project: Path) -> tuple[Path, set[str]]:
    catalog = translate_all(project)
    done = run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=project)
    assert done.exit_code == 0, done.output
    everything = {entry.msgid for entry in catalog}
    assert approved(project) == everything and len(everything) > 5
    return project, everything


def test_approvals_survive_polib_rewrapping(reviewed: tuple[Path, set[str]]) -> None:
    project, everything = reviewed
    path = project / CATALOG
    before = path.read_bytes()
    polib.pofile(str(path), wrapwidth=32).save()  # another editor's wrapping
    assert path.read_bytes() != before
    assert approved(project) == everything


def test_approvals_survive_translate_toolkit(reviewed: tuple[Path, set[str]]) -> None:
    from translate.storage import po  # Weblate's PO library

    project, everything = reviewed
    path = project / CATALOG
    before = path.read_bytes()
    store = po.pofile.parsefile(str(path))
    store.updateheader(add=True, Last_Translator="Volunteer Kay")
    store.savefile(str(path))
    assert path.read_bytes() != before
    msgfmt_check(path)
    assert approved(project) == everything


def test_changing_one_msgstr_unapproves_exactly_that_entry(reviewed: tuple[Path, set[str]]) -> None:
    from translate.storage import po

    project, everything = reviewed
    path = project / CATALOG
    store = po.pofile.parsefile(str(path))
    unit = next(u for u in store.units if u.source == "The garden")
    unit.target = "정원 이야기"
    store.savefile(str(path))
    assert approved(project) == everything - {"The garden"}
    page = run("review", "--lang", "ko", "--story", "garden", project=project).output
    assert page.count('class="row-changed"') == 1 and "<ins>" in page


def test_update_after_a_source_edit_keeps_the_others(reviewed: tuple[Path, set[str]]) -> None:
    project, everything = reviewed
    story = project / "stories/garden.md"
    story.write_text(story.read_text().replace("Behind the church there is a small garden.",
                                               "Behind the old church there is a small garden."))
    assert run("sync", project=project).exit_code == 0
    catalog = polib.pofile(str(project / CATALOG))
    edited = next(entry for entry in catalog if "old church" in entry.msgid)
    assert edited.fuzzy
    assert approved(project) == everything - {edited.previous_msgid}
    # The stale record stays, to show the editor what they approved.
    assert edited.previous_msgid in review_path(load_config(project), "ko", "garden").read_text()


def test_approve_refuses_an_email_and_writes_nothing(project: Path) -> None:
    translate_all(project)
    done = run("approve", "--lang", "ko", "--by", "editor@example.org", project=project)
    assert done.exit_code == 1
    assert done.output.strip() == "--by: error: an e-mail address cannot sign a review; use a display name"
    assert not (project / "locale/ko/reviews").exists()


def test_one_entry_by_its_catalog_line_and_back(project: Path) -> None:
    translate_all(project)
    line = next(e.linenum for e in polib.pofile(str(project / CATALOG)) if e.msgid == "The garden")
    (project / "storybridge.toml").write_text(
        (project / "storybridge.toml").read_text() + 'editor = "Editor Han"\n')
    done = run("approve", "--lang", "ko", "--entry", f"{CATALOG}:{line + 2}", project=project)
    assert done.exit_code == 0, done.output
    assert approved(project) == {"The garden"}
    assert "\tEditor Han\t" in (project / "locale/ko/reviews/garden.tsv").read_text()
    done = run("unapprove", "--lang", "ko", "--story", "garden", "--entry", str(line), project=project)
    assert done.exit_code == 0, done.output
    assert approved(project) == set()


def test_a_broken_review_file_is_one_line_and_writes_nothing(reviewed: tuple[Path, set[str]]) -> None:
    project, _ = reviewed
    records = project / "locale/ko/reviews/garden.tsv"
    lines = records.read_text().split("\n")
    lines[3] = lines[3].replace("\tEditor Han\t", "\tEditor Han\t\t", 1)
    records.write_text("\n".join(lines))
    site = sorted(p.name for p in (project / "site").rglob("*"))
    (project / "storybridge.toml").write_text((project / "storybridge.toml").read_text() + "require_review = true\n")
    done = run("build", project=project)
    assert done.exit_code == 1
    assert done.output == "locale/ko/reviews/garden.tsv:4: error: expected 6 tab-separated fields, found 7\n"
    assert sorted(p.name for p in (project / "site").rglob("*")) == site
