"""Archive-wide translation memory in ``update``, through the real CLI on real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest

from conftest import assert_canonical, msgfmt_check, run

APPEAL = "Please pray for the families who are still waiting at the border tonight."
APPEAL_KO = "오늘 밤도 국경에서 기다리는 가족들을 위해 기도해 주세요."
NEAR = "Please pray for the families who are still waiting at the border today."
HYMN = "Be still, my soul: the Lord is on thy side."


def write_project(root: Path, stories: dict[str, list[str]], settings: str = "") -> Path:
    """A content repository with English stories of the given paragraphs."""
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\n' + settings, encoding="utf-8")
    for slug, paragraphs in stories.items():
        body = "\n\n".join(paragraphs)
        text = f"---\ntitle: Story {slug}\nlang: en\n---\n\n{body}\n"
        (root / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def catalog(root: Path, slug: str, lang: str = "ko") -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"


def translate(root: Path, slug: str, translations: dict[str, str], lang: str = "ko") -> None:
    path = catalog(root, slug, lang)
    po = polib.pofile(str(path), wrapwidth=79)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save(str(path))


def entry_of(root: Path, slug: str, msgid: str, lang: str = "ko") -> polib.POEntry:
    found = polib.pofile(str(catalog(root, slug, lang))).find(msgid)
    assert found is not None
    return found


def extract_update(root: Path, *extra: str) -> None:
    for command in (["extract"], ["update", *extra]):
        result = run(*command, project=root)
        assert result.exit_code == 0, result.output


def two_stories(tmp_path: Path, settings: str = "", second: str = APPEAL) -> Path:
    root = write_project(
        tmp_path / "p",
        {"a-river": ["She crossed the river at night.", APPEAL], "b-winter": ["Winter came early that year.", second]},
        settings,
    )
    extract_update(root)
    translate(root, "a-river", {APPEAL: APPEAL_KO})
    return root


def test_shared_paragraph_is_filled_fuzzy_by_default(tmp_path: Path) -> None:
    root = two_stories(tmp_path)
    extract_update(root)
    entry = entry_of(root, "b-winter", APPEAL)
    assert entry.msgstr == APPEAL_KO
    assert entry.fuzzy and entry.previous_msgid is None
    assert "memory: translated in a-river" in entry.comment.split("\n")
    assert entry_of(root, "b-winter", "Winter came early that year.").msgstr == ""
    for path in (catalog(root, "a-river"), catalog(root, "b-winter")):
        msgfmt_check(path)
        assert_canonical(path)


def test_shared_paragraph_is_translated_with_the_setting(tmp_path: Path) -> None:
    root = two_stories(tmp_path, 'memory_exact = "translated"\n')
    extract_update(root)
    entry = entry_of(root, "b-winter", APPEAL)
    assert entry.msgstr == APPEAL_KO and not entry.fuzzy


def test_near_identical_paragraph_is_fuzzy_with_previous_msgid(tmp_path: Path) -> None:
    root = two_stories(tmp_path, 'memory_exact = "translated"\n', second=NEAR)
    extract_update(root)
    entry = entry_of(root, "b-winter", NEAR)
    assert entry.msgstr == APPEAL_KO and entry.fuzzy
    assert entry.previous_msgid == APPEAL
    assert "\n#| msgid " in catalog(root, "b-winter").read_text(encoding="utf-8")
    assert_canonical(catalog(root, "b-winter"))


def test_the_origin_comment_stays_on_the_next_update(tmp_path: Path) -> None:
    root = two_stories(tmp_path)
    extract_update(root)
    first = catalog(root, "b-winter").read_bytes()
    extract_update(root)
    assert catalog(root, "b-winter").read_bytes() == first


@pytest.mark.parametrize(
    "refused",
    [
        "# 오늘 밤도 국경에서 기다리는 가족들을 위해 기도해 주세요.",  # block-break: a heading
        "오늘 밤도 <script>alert(1)</script> 기도해 주세요.",  # raw-html
        "오늘 밤도 [국경](https://evil.example/)에서 기도해 주세요.",  # link-target
        "오늘 밤도 국경에서 기다리는 가족들(+82 10-2345-6789)을 위해 기도해 주세요.",  # sensitive: a phone (#16)
    ],
)
def test_an_entry_refused_by_a_check_is_never_memory(tmp_path: Path, refused: str) -> None:
    root = write_project(tmp_path / "p", {"a-river": [APPEAL], "b-winter": [APPEAL], "c-spring": [NEAR]})
    extract_update(root)
    translate(root, "a-river", {APPEAL: refused})
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""
    assert entry_of(root, "c-spring", NEAR).msgstr == ""


def test_fuzzy_translations_are_not_memory(tmp_path: Path) -> None:
    root = two_stories(tmp_path)
    path = catalog(root, "a-river")
    po = polib.pofile(str(path))
    po.find(APPEAL).flags.append("fuzzy")
    po.save(str(path))
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""


def test_a_translators_own_msgstr_is_never_replaced(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": [APPEAL, HYMN], "b-winter": [APPEAL, NEAR + " Amen."]})
    extract_update(root)
    translate(root, "a-river", {APPEAL: APPEAL_KO, HYMN: "내 영혼아 잠잠하라"})
    translate(root, "b-winter", {APPEAL: "내가 직접 번역했습니다.", NEAR + " Amen.": "초안"})
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == "내가 직접 번역했습니다."
    assert entry_of(root, "b-winter", NEAR + " Amen.").msgstr == "초안"
    assert not entry_of(root, "b-winter", APPEAL).fuzzy
    assert "memory:" not in entry_of(root, "b-winter", APPEAL).comment


def test_memory_off_fills_nothing(tmp_path: Path) -> None:
    root = two_stories(tmp_path, "memory = false\n")
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""


def test_an_outside_compendium(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": [HYMN]}, "memory = false\n")
    compendium = tmp_path / "hymns.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=HYMN, msgstr="내 영혼아 잠잠하라 주 너를 돌보시리"))
    po.save(str(compendium))
    extract_update(root, "--memory", str(compendium))
    entry = entry_of(root, "a-river", HYMN)
    assert entry.msgstr == "내 영혼아 잠잠하라 주 너를 돌보시리" and entry.fuzzy
    assert "memory: translated in hymns.po" in entry.comment.split("\n")
    assert str(tmp_path) not in catalog(root, "a-river").read_text(encoding="utf-8")  # a path may name a volunteer


def test_a_compendium_serves_only_the_language_it_declares(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": [HYMN]}, "memory = false\n")
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nmemory = false\n', encoding="utf-8")
    compendium = tmp_path / "hymns.ko.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    po.append(polib.POEntry(msgid=HYMN, msgstr="내 영혼아 잠잠하라"))
    po.save(str(compendium))
    extract_update(root, "--memory", str(compendium))
    assert entry_of(root, "a-river", HYMN).msgstr == "내 영혼아 잠잠하라"
    assert entry_of(root, "a-river", HYMN, lang="zh_Hans").msgstr == ""


@pytest.mark.parametrize("declared", ["ko_KR", "ko-KR", "KO"])
def test_a_compendium_language_is_read_however_it_is_written(tmp_path: Path, declared: str) -> None:
    root = write_project(tmp_path / "p", {"a-river": [HYMN]}, "memory = false\n")
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nmemory = false\n', encoding="utf-8")
    compendium = tmp_path / "hymns.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": declared}
    po.append(polib.POEntry(msgid=HYMN, msgstr="내 영혼아 잠잠하라"))
    po.save(str(compendium))
    extract_update(root, "--memory", str(compendium))
    assert entry_of(root, "a-river", HYMN).msgstr == "내 영혼아 잠잠하라"
    assert entry_of(root, "a-river", HYMN, lang="zh_Hans").msgstr == ""


def test_a_compendium_in_a_language_not_updated_is_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": [HYMN]})
    compendium = tmp_path / "hymns.ja.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ja"}
    po.append(polib.POEntry(msgid=HYMN, msgstr="わが魂よ"))
    po.save(str(compendium))
    run("extract", project=root)
    before = catalog(root, "a-river").read_bytes() if catalog(root, "a-river").exists() else None
    result = run("update", "--memory", str(compendium), project=root)
    assert result.exit_code == 1
    assert result.output.strip() == f"{compendium}: error: its Language is 'ja', none of the languages updated (en, ko)"
    assert (catalog(root, "a-river").read_bytes() if catalog(root, "a-river").exists() else None) == before


def test_a_missing_compendium_is_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": [HYMN]})
    run("extract", project=root)
    result = run("update", "--memory", str(tmp_path / "nope.po"), project=root)
    assert result.exit_code == 1
    assert result.output.strip() == f"{tmp_path / 'nope.po'}: error: no such compendium"


def test_same_bytes_with_one_and_two_workers(tmp_path: Path) -> None:
    """More stories than the pool's small-project cut-off, so two workers
    really run; each story shares a paragraph with another."""
    stories = {
        f"s{n:02d}": [f"Story number {n} begins here, at the river.", APPEAL if n % 2 else NEAR, HYMN]
        for n in range(44)
    }
    root = write_project(tmp_path / "one", stories)
    extract_update(root)
    for n in range(0, 44, 5):
        translate(root, f"s{n:02d}", {APPEAL: APPEAL_KO, NEAR: APPEAL_KO + "!", HYMN: "찬송"})
    other = tmp_path / "two"
    shutil.copytree(root, other)
    extract_update(root, "--jobs", "1")
    extract_update(other, "--jobs", "2")
    ours = {p.relative_to(root): p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}
    theirs = {p.relative_to(other): p.read_bytes() for p in sorted((other / "locale").rglob("*.po"))}
    assert ours == theirs
    assert entry_of(root, "s01", APPEAL).msgstr == APPEAL_KO  # memory did fill
    assert "memory: translated in s00" in entry_of(root, "s02", NEAR).comment


def test_sync_fills_a_story_whose_own_files_did_not_change(tmp_path: Path) -> None:
    """The skip cache knows the memory: a new translation elsewhere reaches
    a story that sync would otherwise skip as unchanged."""
    root = write_project(tmp_path / "p", {"a-river": [APPEAL], "b-winter": [APPEAL]})
    assert run("sync", project=root).exit_code == 0
    translate(root, "a-river", {APPEAL: APPEAL_KO})
    assert run("sync", project=root).exit_code == 0
    assert entry_of(root, "b-winter", APPEAL).msgstr == APPEAL_KO


def test_a_story_that_says_publish_false_is_never_memory(tmp_path: Path) -> None:
    """A withheld story's paragraph must not travel into another story's
    catalog, not even as the ``#|`` of a similar text."""
    root = write_project(tmp_path / "p", {"a-river": [APPEAL], "b-winter": [APPEAL], "c-spring": [NEAR]})
    story = root / "stories" / "a-river.md"
    story.write_text(story.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\npublish: false\n"), encoding="utf-8")
    extract_update(root)
    translate(root, "a-river", {APPEAL: APPEAL_KO})
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""
    assert entry_of(root, "c-spring", NEAR).msgstr == ""
    assert APPEAL not in catalog(root, "c-spring").read_text(encoding="utf-8").replace('"\n"', "")
    result = run("memory", "export", "--lang", "ko", project=root)
    assert result.exit_code == 0 and APPEAL_KO not in result.stdout


PHONE = "+82 10-2345-6789"


def test_a_source_text_holding_a_private_detail_is_never_memory(tmp_path: Path) -> None:
    """Its msgid would travel as a similar text's ``#|`` and into exports."""
    detailed = APPEAL.replace("tonight.", f"tonight, call {PHONE}.")
    root = write_project(tmp_path / "p", {"a-river": [detailed], "b-winter": [APPEAL]})
    extract_update(root)
    translate(root, "a-river", {detailed: APPEAL_KO})
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""
    assert PHONE not in catalog(root, "b-winter").read_text(encoding="utf-8")
    for form in ("tmx", "po"):
        result = run("memory", "export", "--lang", "ko", "--format", form, project=root)
        assert result.exit_code == 0 and PHONE not in result.stdout and APPEAL_KO not in result.stdout


def test_an_origin_that_names_someone_is_dropped_from_the_comments(tmp_path: Path) -> None:
    """A story named before its name went on the private list: the merge
    carries its origin comment, which the next update removes (#16)."""
    root = write_project(tmp_path / "p", {"park-sunhee": [APPEAL], "b-winter": [APPEAL]})
    extract_update(root)
    translate(root, "park-sunhee", {APPEAL: APPEAL_KO})
    extract_update(root)
    assert "memory: translated in park-sunhee" in entry_of(root, "b-winter", APPEAL).comment
    private = tmp_path / "private.txt"
    private.write_text("박선희 | Park Sunhee\n", encoding="utf-8")
    with open(root / "storybridge.toml", "a", encoding="utf-8") as settings:
        settings.write(f'sensitive_list = "{private.as_posix()}"\n')
    assert run("update", project=root).exit_code == 0
    text = catalog(root, "b-winter").read_text(encoding="utf-8")
    assert "sunhee" not in text and entry_of(root, "b-winter", APPEAL).msgstr == APPEAL_KO


def test_a_refill_replaces_the_origin_comment(tmp_path: Path) -> None:
    """A volunteer cleared a fill: the next update fills it again, with one
    origin comment, not a second."""
    root = two_stories(tmp_path)
    extract_update(root)
    translate(root, "b-winter", {APPEAL: ""})
    path = catalog(root, "b-winter")
    po = polib.pofile(str(path), wrapwidth=79)
    found = po.find(APPEAL)
    assert found is not None
    found.flags = []
    po.save(str(path))
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).comment.split("\n").count("memory: translated in a-river") == 1


@pytest.mark.parametrize("codes", ["[ko]", "[KO]", "ko, zh_Hans"])
def test_a_language_a_story_withholds_is_never_memory(tmp_path: Path, codes: str) -> None:
    """``withhold_languages``: the story's text in that language stays off
    the site, so it must not travel into other stories or an export."""
    root = write_project(tmp_path / "p", {"a-river": [APPEAL], "b-winter": [APPEAL], "c-spring": [NEAR]})
    extract_update(root)
    translate(root, "a-river", {APPEAL: APPEAL_KO})
    story = root / "stories" / "a-river.md"
    story.write_text(story.read_text(encoding="utf-8").replace("lang: en\n", f"lang: en\nwithhold_languages: {codes}\n"),
                     encoding="utf-8")
    extract_update(root)
    assert entry_of(root, "b-winter", APPEAL).msgstr == ""
    assert entry_of(root, "c-spring", NEAR).msgstr == ""
    assert entry_of(root, "a-river", APPEAL).msgstr == APPEAL_KO  # the story keeps its own translation
    for form in ("tmx", "po"):
        result = run("memory", "export", "--lang", "ko", "--format", form, project=root)
        assert result.exit_code == 0 and APPEAL_KO not in result.stdout


def test_glossary_hints_follow_the_glossary_and_msgcat_keeps_them(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"a-river": ["They rode the Underground Railroad north.", HYMN]})
    glossary = root / "locale" / "glossary.csv"
    glossary.parent.mkdir(parents=True)
    glossary.write_text("source,language,translation,note\nUnderground Railroad,ko,지하철도,\n", encoding="utf-8")
    extract_update(root)
    entry = entry_of(root, "a-river", "They rode the Underground Railroad north.")
    assert "glossary: Underground Railroad = ‘지하철도’" in entry.comment.split("\n")
    assert "glossary:" not in entry_of(root, "a-river", HYMN).comment
    assert_canonical(catalog(root, "a-river"))
    msgfmt_check(catalog(root, "a-river"))
    glossary.write_text("source,language,translation,note\nUnderground Railroad,ko,지하 철도|지하철도,\n", encoding="utf-8")
    extract_update(root)
    entry = entry_of(root, "a-river", "They rode the Underground Railroad north.")
    assert entry.comment.split("\n")[-1] == "glossary: Underground Railroad = ‘지하 철도’ / ‘지하철도’"
    assert entry.comment.count("glossary:") == 1


def builds_of_the_memory(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Note in ``log`` the process of every build of the memory (the real
    build runs; forked workers inherit the note-taker and append too)."""
    from storybridge.project import memory

    real = memory.build_memories

    def noted(units):  # type: ignore[no-untyped-def]
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return real(units)

    monkeypatch.setattr(memory, "build_memories", noted)


def half_translated_archive(root: Path) -> Path:
    """44 stories (enough for the worker pool), every other one translated
    since the last update: the rest have empty entries the memory fills."""
    stories = {f"s{n:02d}": [f"Story number {n} begins here, at the river.", APPEAL, HYMN] for n in range(44)}
    write_project(root, stories)
    extract_update(root)
    for n in range(0, 44, 2):
        translate(root, f"s{n:02d}", {f"Story number {n} begins here, at the river.": "강", APPEAL: APPEAL_KO, HYMN: "찬송"})
    return root


def test_the_memory_is_built_once_per_run_before_the_workers_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: index the memory once per run. When the cache knows that
    a story to update has empty entries, the parent builds the memory and
    two workers share it; the bytes are those of one process."""
    root = half_translated_archive(tmp_path / "one")
    other = tmp_path / "two"
    shutil.copytree(root, other)
    log = tmp_path / "builds.log"
    builds_of_the_memory(monkeypatch, log)
    extract_update(root, "--jobs", "2")
    assert log.read_text(encoding="utf-8").split() == [str(os.getpid())]
    extract_update(other, "--jobs", "1")
    ours = {p.relative_to(root): p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}
    theirs = {p.relative_to(other): p.read_bytes() for p in sorted((other / "locale").rglob("*.po"))}
    assert ours == theirs
    assert entry_of(root, "s01", APPEAL).msgstr == APPEAL_KO


def test_workers_inherit_the_memory_frozen_out_of_the_collector_and_the_run_thaws_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: the memory the parent built is frozen out of the cycle
    collector before the workers fork (a collection in each worker would
    walk it and copy its pages); once the run is over, nothing stays frozen."""
    import gc

    from storybridge.project import memory

    root = half_translated_archive(tmp_path / "p")
    log = tmp_path / "frozen.log"
    real = memory.install_aids

    def noted(aids):  # type: ignore[no-untyped-def]
        if aids is not None and not aids.awaiting:  # the pass that fills (a first pass builds no memory)
            with open(log, "a", encoding="utf-8") as stream:
                stream.write(f"{os.getpid()} {gc.get_freeze_count()}\n")
        real(aids)

    monkeypatch.setattr(memory, "install_aids", noted)
    extract_update(root, "--jobs", "2")
    in_workers = [int(count) for pid, count in map(str.split, log.read_text(encoding="utf-8").splitlines()) if int(pid) != os.getpid()]
    assert in_workers and all(count > 0 for count in in_workers)
    assert gc.get_freeze_count() == 0
    assert entry_of(root, "s01", APPEAL).msgstr == APPEAL_KO


def test_no_memory_is_built_when_no_entry_needs_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every catalog translated: the memory is neither read nor indexed."""
    stories = {f"s{n:02d}": [f"Story number {n} begins here, at the river.", APPEAL] for n in range(44)}
    root = write_project(tmp_path / "p", stories)
    extract_update(root)
    for n in range(44):
        po = polib.pofile(str(catalog(root, f"s{n:02d}")), wrapwidth=79)
        for entry in po:
            entry.msgstr = f"[{entry.msgid}]"
        po.save(str(catalog(root, f"s{n:02d}")))
    log = tmp_path / "builds.log"
    builds_of_the_memory(monkeypatch, log)
    extract_update(root, "--jobs", "2")
    assert not log.exists()
    translate(root, "s07", {APPEAL: ""})  # now one entry needs it: the same spy sees it built
    extract_update(root, "--jobs", "2")
    assert log.exists() and entry_of(root, "s07", APPEAL).msgstr == f"[{APPEAL}]"
