"""Issue 3: the repo's own catalogs are valid, canonical and in their language."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import assert_canonical, msgfmt_check

ROOT = Path(__file__).parent.parent
LOCALE = ROOT / "locale"
SHIPPED = sorted(LOCALE.rglob("*.po")) + sorted(LOCALE.rglob("*.pot"))
SCRIPT = {"ko": re.compile(r"[\uac00-\ud7a3]"), "zh_Hans": re.compile(r"[\u4e00-\u9fff]")}
WRONG_SCRIPT = {"ko": re.compile(r"[\u4e00-\u9fff]"), "zh_Hans": re.compile(r"[\uac00-\ud7a3]")}
# zh_Hant is bootstrapped from zh_Hans (issue 18): Han script too.
SCRIPT["zh_Hant"], WRONG_SCRIPT["zh_Hant"] = SCRIPT["zh_Hans"], WRONG_SCRIPT["zh_Hans"]


def test_the_repo_ships_catalogs_for_every_story() -> None:
    stories = sorted(p.stem for p in (ROOT / "stories").glob("*.md"))
    for lang in ("ko", "zh_Hans"):
        assert sorted(p.stem for p in (LOCALE / lang / "LC_MESSAGES").glob("*.po")) == stories


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(LOCALE)))
def test_shipped_catalog_is_valid_and_canonical(path: Path) -> None:
    msgfmt_check(path)
    assert_canonical(path)


@pytest.mark.parametrize("path", [p for p in SHIPPED if p.suffix == ".po"], ids=lambda p: str(p.relative_to(LOCALE)))
def test_every_translation_is_in_its_catalogs_script(path: Path) -> None:
    lang = path.parent.parent.name
    for entry in polib.pofile(str(path)):
        if entry.msgstr and not entry.obsolete:
            assert SCRIPT[lang].search(entry.msgstr), (path.name, entry.msgstr)
            assert not WRONG_SCRIPT[lang].search(entry.msgstr), (path.name, entry.msgstr)


def test_korean_is_complete_and_chinese_partly_done() -> None:
    def percent(path: Path) -> int:
        return polib.pofile(str(path)).percent_translated()

    korean = sorted((LOCALE / "ko/LC_MESSAGES").glob("*.po"))
    assert [percent(p) for p in korean] == [100] * 3
    chinese = {p.stem: p for p in (LOCALE / "zh_Hans/LC_MESSAGES").glob("*.po")}
    assert percent(chinese["pray40nk-prayer-campaign"]) == 100
    assert percent(chinese["rebounding-part-3"]) == 100
    partial = polib.pofile(str(chinese["to-stay-or-leave"]))
    assert 55 <= partial.percent_translated() <= 75  # partial on purpose: below the threshold
    assert partial.fuzzy_entries() == []  # issue 21: the editorial pass resolved them


def test_the_editorial_pass_holds() -> None:
    """Issue 21: every check passes on the shipped catalogs (the numbers
    check reads 10만 and 10万 as 100,000), and the step-father is one
    person in both languages, with the source's slip named for editors."""
    from conftest import run

    # zh_Hant is OpenCC's conversion, fuzzy until a volunteer reviews it
    # (issue 18): not part of the editorial pass.
    done = run("check", "--strict", "--lang", "ko", "--lang", "zh_Hans", "--project", str(ROOT))
    assert done.exit_code == 0, done.output
    assert "0 errors, 0 warnings, 0 notes" in done.output
    for lang, word in (("ko", "의붓아버지"), ("zh_Hans", "继父")):
        catalog = polib.pofile(str(LOCALE / lang / "LC_MESSAGES/to-stay-or-leave.po"))
        entry = next(e for e in catalog if "father-in-law" in e.msgid)
        assert word in entry.msgstr and '"father-in-law"' in entry.tcomment


def test_the_repo_publishes_only_reviewed_text(tmp_path: Path) -> None:
    """Issue 21: with require_review, a fresh copy of the repository still
    publishes every story in en and ko and the two complete ones in zh_Hans;
    the partial one is a draft, as the threshold decides."""
    import json
    import shutil

    from conftest import run

    for name in ("stories", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    done = run("sync", "--project", str(tmp_path))
    assert done.exit_code == 0, done.output
    manifest = json.loads((tmp_path / "site/manifest.json").read_text(encoding="utf-8"))
    statuses = {(story["slug"], lang): record["status"]
                for story in manifest["stories"] for lang, record in story["languages"].items()}
    assert statuses == {
        (slug, lang): "draft" if (slug, lang) == ("to-stay-or-leave", "zh-Hans") or lang == "zh-Hant" else "published"
        for slug in ("pray40nk-prayer-campaign", "rebounding-part-3", "to-stay-or-leave")
        for lang in ("en", "ko", "zh-Hans", "zh-Hant")  # zh-Hant: converted, not reviewed yet (issue 18)
    }
    status = json.loads(run("status", "--format", "json", "--project", str(tmp_path)).output)
    for record in status["coverage"]:
        assert record["review_required"]
        if (record["slug"], record["language"]) != ("to-stay-or-leave", "zh_Hans") and record["language"] != "zh_Hant":
            assert record["reviewed"] == record["translated"] == record["total"]


def test_traditional_chinese_is_the_reviewable_conversion_of_simplified() -> None:
    """Issue 18: every accepted zh_Hans translation reaches zh_Hant, fuzzy,
    converted by OpenCC until a volunteer reviews it."""
    from storybridge.text.chinese import converter

    for hans_path in sorted((LOCALE / "zh_Hans/LC_MESSAGES").glob("*.po")):
        hant = polib.pofile(str(LOCALE / "zh_Hant/LC_MESSAGES" / hans_path.name))
        for source in polib.pofile(str(hans_path)):
            if source.obsolete or not source.msgstr or source.fuzzy:
                continue
            target = hant.find(source.msgid)
            assert target is not None and target.msgstr
            if "bootstrap: converted from zh_Hans" in target.comment:
                assert target.msgstr == converter("s2twp")(source.msgstr)
