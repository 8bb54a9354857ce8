"""Round trip with Weblate's PO writer (translate-toolkit), saving as
Weblate does with the settings the README documents: ``po_line_wrap``
65535 and no Language-Team, Last-Translator or X-Generator updates, so only
PO-Revision-Date changes in the header.

With ``catalog_wrap = "no-wrap"`` a Weblate edit of a long Korean or
Chinese msgstr survives ``storybridge update`` untouched; with the default
form and Weblate's default width (77), the same edit is rewrapped (which is
why the setting exists, and what makes these tests able to fail)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from translate.storage import pypo

from conftest import msgfmt_check, run

LANGS = ("ko", "zh_Hans")
EDITS = {
    "ko": {
        "Behind the church there is a small garden. Three families share it, and each one grows what the others lack.":
            "교회 뒤에는 작은 텃밭이 있습니다. 세 가정이 그 밭을 함께 나누어 쓰며, 각 가정은 다른 가정에 없는 것을 "
            "정성껏 길러 서로에게 나누어 줍니다. 봄이면 모두 함께 씨를 뿌립니다.",
        "Hymn lines:\nIt is well,\nit is well with my soul.":
            "찬송가 가사:\n평안해, 평안해, 내 영혼이 참으로 평안하다고 우리는 함께 노래했습니다\n내 영혼 평안해",
    },
    "zh_Hans": {
        "Behind the church there is a small garden. Three families share it, and each one grows what the others lack.":
            "教堂后面有一个小菜园。三个家庭一起使用这块地，每家种植别家缺少的作物，到了收获的时候，大家把收成分给彼此，"
            "谁也不会空手回家。春天的时候，大家一起播种。",
        "Hymn lines:\nIt is well,\nit is well with my soul.":
            "赞美诗的歌词：\n我心灵得安宁，得安宁，我们在那个寒冷的冬夜里一起轻声歌唱，直到天亮\n我心灵得安宁",
    },
}
REVISED = "2026-11-29 08:00+0000"


def save_as_weblate(path: Path, edits: dict[str, str], width: int) -> None:
    """Edit entries and save the file as Weblate does: translate-toolkit's
    pofile at the component's wrap width, the edited units no longer fuzzy,
    and only PO-Revision-Date updated in the header."""
    store = pypo.pofile(width=width)
    store.parse(path.read_bytes())
    done = set()
    for unit in store.units:
        if unit.source in edits:
            unit.target = edits[unit.source]
            unit.markfuzzy(False)
            done.add(unit.source)
    assert done == set(edits), "the fixture story changed: pick other entries"
    store.updateheader(add=True, PO_Revision_Date=REVISED)
    path.write_bytes(bytes(store))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def weblate_edits_then_update(project: Path, wrap: str | None, width: int) -> list[str]:
    """Every line ``storybridge update`` rewrote after Weblate's save."""
    if wrap is not None:
        with open(project / "storybridge.toml", "a", encoding="utf-8") as settings:
            settings.write(f'catalog_wrap = "{wrap}"\n')
    assert run("sync", project=project).exit_code == 0
    saved = {}
    for lang in LANGS:
        path = project / f"locale/{lang}/LC_MESSAGES/garden.po"
        save_as_weblate(path, EDITS[lang], width)
        saved[lang] = path.read_text(encoding="utf-8")
    assert run("update", project=project).exit_code == 0
    rewritten = []
    for lang in LANGS:
        path = project / f"locale/{lang}/LC_MESSAGES/garden.po"
        rewritten += changed_lines(saved[lang], path.read_text(encoding="utf-8"))
        msgfmt_check(path)
    return rewritten


def test_no_wrap_and_weblate_at_65535_rewrite_nothing(project: Path) -> None:
    assert weblate_edits_then_update(project, "no-wrap", 65535) == []


def test_default_form_and_weblate_at_77_fight_over_wrapping(project: Path) -> None:
    """The churn the setting removes (measured: lines rewritten per two edits)."""
    rewritten = weblate_edits_then_update(project, None, 77)
    assert rewritten, "translate-toolkit now wraps like msgcat: the README's advice may be moot"
    print(f"default form, Weblate width 77: {len(rewritten)} lines rewritten by update:", *rewritten, sep="\n")


@pytest.mark.parametrize("lang", LANGS)
def test_a_weblate_save_changes_only_the_edited_entry_and_the_date(project: Path, lang: str) -> None:
    with open(project / "storybridge.toml", "a", encoding="utf-8") as settings:
        settings.write('catalog_wrap = "no-wrap"\n')
    assert run("sync", project=project).exit_code == 0
    path = project / f"locale/{lang}/LC_MESSAGES/garden.po"
    ours = path.read_text(encoding="utf-8")
    source, target = next(iter(EDITS[lang].items()))
    save_as_weblate(path, {source: target}, 65535)
    theirs = path.read_text(encoding="utf-8")

    blocks_ours, blocks_theirs = ours.split("\n\n"), theirs.split("\n\n")
    assert len(blocks_ours) == len(blocks_theirs)
    changed = [i for i, (a, b) in enumerate(zip(blocks_ours, blocks_theirs)) if a != b]
    edited = next(i for i, block in enumerate(blocks_ours) if f'msgid "{source}"' in block)
    assert changed == [0, edited]
    header = changed_lines(blocks_ours[0], blocks_theirs[0])
    assert len(header) == 2 and header[0].startswith('-"PO-Revision-Date: ')
    assert header[1] == f'+"PO-Revision-Date: {REVISED}\\n"'
    assert changed_lines(blocks_ours[edited], blocks_theirs[edited]) == ['-msgstr ""', f'+msgstr "{target}"']
    msgfmt_check(path)


README = Path(__file__).resolve().parents[2] / "README.md"


def documented(setting: str) -> str:
    """The value the README's Weblate table gives a discovery setting."""
    row = re.search(rf"^\| `{setting}`[^|]*\| `([^`]*)`", README.read_text(encoding="utf-8"), re.M)
    assert row is not None, f"README documents no {setting}"
    return row[1]


def test_the_documented_discovery_regex_finds_every_catalog_and_nothing_else(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    match = re.compile(documented("match"))  # Weblate applies it with Python's re, as here
    new_base = documented("new_base_template")
    found = {}
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project).as_posix()
        hit = match.fullmatch(relative)
        if path.is_file() and hit:
            found[relative] = (hit["language"], hit["component"])
            template = project / new_base.replace("{{ component }}", hit["component"])
            assert template.is_file(), template
    assert found == {
        "locale/ko/LC_MESSAGES/garden.po": ("ko", "garden"),
        "locale/zh_Hans/LC_MESSAGES/garden.po": ("zh_Hans", "garden"),
        "locale/en/LC_MESSAGES/news/winter.po": ("en", "news/winter"),
        "locale/zh_Hans/LC_MESSAGES/news/winter.po": ("zh_Hans", "news/winter"),
    }
