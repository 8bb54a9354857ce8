"""A story's file name becomes its web address and names it in every
message and report: a name on the private list or a phone number in it
blocks the story like one in its text (#16), and no line shows it.
Every name and number here is invented."""
from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import run

SECRETS = re.compile(r"5555-0134|sunhee", re.IGNORECASE)  # never in a stamp or a digest
STORY = "---\ntitle: {title}\nlang: en\n---\n\nThe garden feeds three families.\n"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    for slug in ("garden", "call-010-5555-0134", "pak-sunhee"):
        (root / "stories" / f"{slug}.md").write_text(STORY.format(title=slug.title()[:6]), encoding="utf-8")
    return root


def _private_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = tmp_path / "private.txt"
    listed.write_text("Pak Sunhee\n", encoding="utf-8")
    monkeypatch.setenv("STORYBRIDGE_SENSITIVE_LIST", str(listed))


def _published(root: Path) -> str:
    return "\n".join(sorted(str(path.relative_to(root)) for path in (root / "site").rglob("*") if path.is_file()))


def test_a_story_whose_file_name_identifies_is_blocked_and_never_named(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run("sync", project=project)  # no private list yet: only the phone number blocks
    assert "phone number in the story's file name" in first.output and "5555-0134" not in first.output
    assert "site/en/pak-sunhee.md" in _published(project) and "5555-0134" not in _published(project)
    _private_list(tmp_path, monkeypatch)
    blocked = run("sync", project=project)
    assert "matches private entry 1 in the story's file name" in blocked.output, blocked.output
    assert "published → blocked" in blocked.output
    assert not SECRETS.search(blocked.output), blocked.output
    assert _published(project) == "site/en/garden.md\nsite/ko/garden.md\nsite/manifest.json"
    for _ in range(2):  # a skipped story says again what blocks it, masked too
        again = run("sync", project=project)
        assert "in the story's file name" in again.output and not SECRETS.search(again.output)
    for command in (("status",), ("status", "--format", "json"), ("status", "--format", "markdown"),
                    ("status", "--format", "html"), ("check",), ("check", "--format", "json")):
        shown = run(*command, project=project)
        named = "in the story's file name" if command[0] == "check" else "at stories/████.md"
        assert named in shown.output, (command, shown.output)
        assert not SECRETS.search(shown.output), (command, shown.output)
    (project / "stories" / "pak-sunhee.md").rename(project / "stories" / "orchard.md")
    renamed = run("sync", project=project)
    assert ": removed" in renamed.output and not SECRETS.search(renamed.output), renamed.output
    assert "site/en/orchard.md" in _published(project)


def test_the_removed_line_of_a_near_spelling_is_masked(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name one letter off a private name is read as a name (title
    case), in the ``removed`` line of its rename too."""
    _private_list(tmp_path, monkeypatch)
    near = project / "stories" / "pak-sunhea.md"
    near.write_text(STORY.format(title="Spring"), encoding="utf-8")
    assert "matches private entry 1 in the story's file name" in run("sync", project=project).output
    (project / "stories" / "orchard.md").write_text(STORY.format(title="Spring"), encoding="utf-8")
    near.unlink()
    (project / "stories" / "pak-sunhee.md").unlink()
    renamed = run("sync", project=project)
    assert ": removed" in renamed.output and "sunhea" not in renamed.output.lower(), renamed.output


def test_every_log_line_and_the_review_page_mask_the_file_name(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Errors name their file, sync --check lists stale files, approve and
    canonical name catalogs, the review page shows the story: each masks
    a file name that identifies, and a near spelling in lower case
    (park-sunhee) is caught as the name is in a story's text."""
    _private_list(tmp_path, monkeypatch)
    (project / "stories" / "park-sunhee.md").write_text(STORY.format(title="Park"), encoding="utf-8")
    first = run("sync", project=project)
    assert first.output.count("in the story's file name") == 3 and not SECRETS.search(first.output), first.output
    assert "site/en/park-sunhee.md" not in _published(project)
    run("sync", project=project)
    story = project / "stories" / "pak-sunhee.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    stale = run("sync", "--check", project=project)
    assert stale.exit_code == 1 and "locale/templates/" in stale.output and not SECRETS.search(stale.output), stale.output
    catalog = polib.pofile(str(project / "locale/ko/LC_MESSAGES/pak-sunhee.po"), wrapwidth=20)
    for entry in catalog:
        entry.msgstr = "정원은 세 가족을 먹여 살린다"
    catalog.save()  # saved as another editor wraps it: canonical rewrites it
    for command, says in ((("canonical",), "rewrote"), (("approve", "--lang", "ko", "--by", "Editor Han"), "approved"),
                          (("review", "--lang", "ko", "--story", "pak-sunhee"), "<html")):
        shown = run(*command, project=project)
        assert shown.exit_code == 0 and says in shown.output, (command, shown.output)
        assert not SECRETS.search(shown.output), (command, shown.output)
    near = run("review", "--lang", "ko", "--story", "park-sunhee", project=project)
    assert near.exit_code == 0 and not SECRETS.search(near.output), near.output
    for name in ("pak-sunhee", "park-sunhee"):
        for each in ("pak-sunhee", "park-sunhee"):  # only this one broken: a run stops at the first
            (project / "stories" / f"{each}.md").write_text(
                "---\ntitle: [broken\nlang: en\n---\n\nText.\n" if each == name else STORY.format(title="T"),
                encoding="utf-8")
        broken = run("sync", project=project)
        assert broken.exit_code == 1 and "front matter is not valid YAML" in broken.output
        assert not SECRETS.search(broken.output), broken.output


def test_a_story_whose_file_name_identifies_serves_as_no_memory(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filled entry's comment names the story it came from, in other
    stories' catalogs and in an export: that story serves as no memory."""
    _private_list(tmp_path, monkeypatch)
    (project / "stories" / "meadow.md").write_text(STORY.format(title="Meadow"), encoding="utf-8")
    assert run("sync", project=project).exit_code == 0
    catalog = polib.pofile(str(project / "locale/ko/LC_MESSAGES/pak-sunhee.po"))
    for entry in catalog:
        entry.msgstr = "정원은 세 가족을 먹여 살린다"
    catalog.save()
    (project / "locale/ko/LC_MESSAGES/meadow.po").unlink()  # made again, from memory where it can be
    run("sync", project=project)
    assert not SECRETS.search((project / "locale/ko/LC_MESSAGES/meadow.po").read_text(encoding="utf-8"))
    for form in ("po", "tmx"):
        exported = run("memory", "export", "--lang", "ko", "--format", form, project=project)
        assert exported.exit_code == 0 and not SECRETS.search(exported.output), exported.output


def test_the_review_page_masks_what_a_diff_or_a_refusal_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name removed from the story lives on in the fuzzy entry's ``#|``,
    which the page shows as a diff (split in words: masked whole, before
    the diff is made); a refused translation's message quotes it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _private_list(tmp_path, monkeypatch)
    root = tmp_path / "q"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    story = root / "stories" / "garden.md"
    story.write_text("---\ntitle: Garden\nlang: en\n---\n\nWe met Pak Sunhee at the garden gate.\n\nCall us.\n",
                     encoding="utf-8")
    run("sync", project=root)
    catalog = polib.pofile(str(root / "locale/ko/LC_MESSAGES/garden.po"))
    for entry in catalog:
        entry.msgstr = "[전화](tel:010-5555-0134)" if entry.msgid == "Call us." else "정원 문에서 만났다"
    catalog.save()
    story.write_text(story.read_text(encoding="utf-8").replace("Pak Sunhee", "a friend"), encoding="utf-8")
    run("sync", project=root)
    assert "#| msgid" in (root / "locale/ko/LC_MESSAGES/garden.po").read_text(encoding="utf-8")
    page = run("review", "--lang", "ko", "--story", "garden", project=root)
    assert page.exit_code == 0 and "<html" in page.output
    assert not SECRETS.search(page.output), page.output
