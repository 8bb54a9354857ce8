"""zh_Hant bootstrapped from zh_Hans by ``update``, on the repository's own catalogs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from conftest import assert_canonical, msgfmt_check, run
from storybridge.text.chinese import converter

ROOT = Path(__file__).parent.parent.parent
SETTINGS = '''languages = ["en", "ko", "zh_Hans", "zh_Hant"]
bootstrap = { zh_Hant = "zh_Hans" }
below_threshold = "draft"
'''
S2TWP = converter("s2twp")


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The repository's stories and catalogs, without any zh_Hant catalog."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "stories", root / "stories")
    shutil.copytree(ROOT / "locale", root / "locale", ignore=shutil.ignore_patterns("zh_Hant"))
    (root / "storybridge.toml").write_text(SETTINGS, encoding="utf-8")
    return root


def update(root: Path) -> None:
    result = run("update", project=root)
    assert result.exit_code == 0, result.output


def pofile(root: Path, lang: str, slug: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"))


SLUGS = ("pray40nk-prayer-campaign", "rebounding-part-3", "to-stay-or-leave")


def test_shipped_zh_hans_catalogs_convert_to_zh_hant(shipped: Path) -> None:
    update(shipped)
    pairs = {"难民": "難民", "铁路": "鐵路", "朝鲜": "朝鮮", "祷告": "禱告"}
    seen: set[str] = set()
    for slug in SLUGS:
        hans, hant = pofile(shipped, "zh_Hans", slug), pofile(shipped, "zh_Hant", slug)
        for source in hans:
            target = hant.find(source.msgid)
            assert target is not None
            if source.obsolete or not source.msgstr or source.fuzzy:
                # Nothing accepted to convert: left for a translator.
                assert target.msgstr == "" and "bootstrap:" not in target.comment
                continue
            assert target.msgstr == S2TWP(source.msgstr)
            assert target.fuzzy
            assert re.search(r"^bootstrap: converted from zh_Hans by OpenCC s2twp \[[0-9a-f]{8} [0-9a-f]{8}\]$",
                             target.comment, re.MULTILINE)
            for simplified, traditional in pairs.items():
                if simplified in source.msgstr:
                    assert traditional in target.msgstr and simplified not in target.msgstr
                    seen.add(simplified)
        path = shipped / "locale" / "zh_Hant" / "LC_MESSAGES" / f"{slug}.po"
        msgfmt_check(path)
        assert_canonical(path)
    assert {"难民", "铁路"} <= seen


def test_an_untouched_conversion_follows_a_changed_zh_hans_entry(shipped: Path) -> None:
    update(shipped)
    slug = "rebounding-part-3"
    hans = pofile(shipped, "zh_Hans", slug)
    entry = next(e for e in hans if e.msgstr and not e.fuzzy and "难民" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("难民", "逃难的人", 1)
    hans.save()
    update(shipped)
    target = pofile(shipped, "zh_Hant", slug).find(entry.msgid)
    assert target is not None
    assert target.msgstr == S2TWP(entry.msgstr) and "逃難的人" in target.msgstr
    assert target.fuzzy


def test_a_human_edited_zh_hant_entry_is_kept_and_marked_fuzzy(shipped: Path) -> None:
    update(shipped)
    slug = "rebounding-part-3"
    hant = pofile(shipped, "zh_Hant", slug)
    target = next(e for e in hant if e.msgstr and "難民" in e.msgstr)
    edited = target.msgstr.replace("難民", "脫北者", 1)
    target.msgstr = edited
    target.flags = [flag for flag in target.flags if flag != "fuzzy"]
    hant.save()
    update(shipped)  # zh_Hans unchanged: the edit stands as it is
    kept = pofile(shipped, "zh_Hant", slug).find(target.msgid)
    assert kept is not None and kept.msgstr == edited and not kept.fuzzy

    hans = pofile(shipped, "zh_Hans", slug)
    source = hans.find(target.msgid)
    assert source is not None
    source.msgstr = source.msgstr + "（更新）"
    hans.save()
    update(shipped)
    kept = pofile(shipped, "zh_Hant", slug).find(target.msgid)
    assert kept is not None and kept.msgstr == edited
    assert kept.fuzzy and "edited since" in kept.comment
    assert kept.previous_msgid == target.msgid  # "#|": editors show it as a changed source
    path = shipped / "locale" / "zh_Hant" / "LC_MESSAGES" / f"{slug}.po"
    msgfmt_check(path)
    assert_canonical(path)


def test_quiet_when_nothing_changed(shipped: Path) -> None:
    update(shipped)
    before = {p: p.read_bytes() for p in sorted((shipped / "locale").rglob("*.po"))}
    update(shipped)
    assert {p: p.read_bytes() for p in sorted((shipped / "locale").rglob("*.po"))} == before


def test_a_story_written_in_zh_hans_is_converted_from_its_own_text(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text(SETTINGS.replace('"en", "ko", ', '"en", '), encoding="utf-8")
    (root / "stories" / "rail.md").write_text("---\ntitle: 铁路\nlang: zh_Hans\n---\n\n难民坐铁路北上。\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    update(root)
    catalog = pofile(root, "zh_Hant", "rail")
    assert catalog.find("难民坐铁路北上。").msgstr == "難民坐鐵路北上。"
    assert catalog.find("铁路").msgstr == "鐵路"
    assert pofile(root, "en", "rail").find("铁路").msgstr == ""


def test_an_unknown_conversion_is_one_line(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "storybridge.toml").write_text(SETTINGS + 'bootstrap_conversion = "s2xx"\n', encoding="utf-8")
    result = run("update", project=root)
    assert result.exit_code == 1
    assert result.output.startswith(f"{root / 'storybridge.toml'}: error: setting 'bootstrap_conversion' must be one of s2t,")


def test_a_broken_zh_hans_catalog_blocks_only_its_own_story(shipped: Path) -> None:
    """Its conversion source cannot be read: the other stories are still
    converted and land (#14), and the error names the broken catalog."""
    broken, *others = SLUGS
    path = shipped / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{broken}.po"
    path.write_text(path.read_text(encoding="utf-8") + 'garbage "\n', encoding="utf-8")
    result = run("update", project=shipped)
    assert "Traceback" not in result.output
    assert f"locale/zh_Hans/LC_MESSAGES/{broken}.po" in result.output
    for slug in others:
        converted = [entry for entry in pofile(shipped, "zh_Hant", slug) if entry.msgstr]
        assert converted, slug


@pytest.mark.parametrize(
    "setting, message",
    [
        ('{ zh_Hant = "ko" }', "setting 'bootstrap': zh_Hant = 'ko': OpenCC converts one Chinese script into the other"),
        ('{ ja = "zh_Hans" }', "setting 'bootstrap': ja = 'zh_Hans': ja is not one of the languages (en, ko, zh_Hans, zh_Hant)"),
        ('{ zh_Hant = "zh_Hans", zh_Hans = "zh_Hant" }',
         "setting 'bootstrap': zh_Hant = 'zh_Hans': zh_Hans is bootstrapped itself; convert from the language people translate"),
    ],
)
def test_a_bootstrap_that_cannot_work_is_one_line(tmp_path: Path, setting: str, message: str) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "storybridge.toml").write_text(
        'languages = ["en", "ko", "zh_Hans", "zh_Hant"]\nbootstrap = ' + setting + "\n", encoding="utf-8")
    result = run("update", project=root)
    assert result.exit_code == 1
    assert result.output.strip() == f"{root / 'storybridge.toml'}: error: {message}"
