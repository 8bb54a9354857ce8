"""The memory cache in ``.storybridge/memory/``: a shortcut, never a different answer.

Whatever happened to the catalogs, the stories or the cache itself since
the last run, the units a run offers as memory are those a fresh read of
every catalog gives.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run
from storybridge.project import memory_cache, memory_scan
from storybridge.project import memory_units
from storybridge.project.memory_cache import CACHE_DIR, load_pairs, survey
from storybridge.project.memory_scan import story_shown, story_visibility, withheld_in
from storybridge.project.memory_units import catalog_pairs
from storybridge.project.settings import load_project

APPEAL = "Please pray for the families who are still waiting at the border tonight."
HYMN = "Be still, my soul: the Lord is on thy side."
HOUR_NS = 3600 * 10**9


def make_project(root: Path) -> Path:
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    for slug in ("a-river", "b-winter", "c-spring"):
        text = f"---\ntitle: Story {slug}\nlang: en\n---\n\n{APPEAL}\n\n{HYMN}\n\nOnly in {slug}.\n"
        (root / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")
    for command in ("extract", "update"):
        assert run(command, project=root).exit_code == 0
    for n, slug in enumerate(("a-river", "b-winter")):
        path = catalog(root, slug)
        po = polib.pofile(str(path), wrapwidth=79)
        po.find(APPEAL).msgstr = f"기도{n}"
        po.find(HYMN).msgstr = f"찬송{n}"
        po.save(str(path))
    age(root)
    return root


def catalog(root: Path, slug: str) -> Path:
    return root / "locale" / "ko" / "LC_MESSAGES" / f"{slug}.po"


def age(root: Path) -> None:
    """Date every story and catalog an hour back (their change time stays now)."""
    for path in [*(root / "stories").glob("*.md"), *(root / "locale").rglob("*.po")]:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns - HOUR_NS, stat.st_mtime_ns - HOUR_NS))


def offered(root: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """What a run offers as memory, through the cache."""
    config = load_project(root)
    cache = survey(config, ["en", "ko"])
    sources = cache.sources()
    found = [(s.lang, s.slug, load_pairs(config, s, cache)) for s in sources]
    cache.save()
    return found


def fresh(root: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """What a read of every story and catalog offers, with no cache."""
    found = []
    for story in sorted((root / "stories").glob("*.md")):
        visibility = story_visibility(story.read_text(encoding="utf-8"), story.name)
        if not story_shown(visibility):
            continue
        for lang in sorted({"en", "ko"} - withheld_in(visibility, ("en", "ko"))):
            path = root / "locale" / lang / "LC_MESSAGES" / f"{story.stem}.po"
            if path.exists():
                found.append((lang, story.stem, catalog_pairs(path.read_text(encoding="utf-8"), path.name)))
    return found


def same_size_edit(root: Path) -> None:
    """A new translation of the same length, the file's dates kept."""
    path = catalog(root, "a-river")
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("기도0", "기원0"), encoding="utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def longer_edit(root: Path) -> None:
    path = catalog(root, "b-winter")
    path.write_text(path.read_text(encoding="utf-8").replace("찬송1", "찬송가 1"), encoding="utf-8")


def touched(root: Path) -> None:
    os.utime(catalog(root, "a-river"))


def fuzzy_mark(root: Path) -> None:
    path = catalog(root, "a-river")
    po = polib.pofile(str(path), wrapwidth=79)
    po.find(APPEAL).flags.append("fuzzy")
    po.save(str(path))


def withheld(root: Path) -> None:
    path = root / "stories" / "a-river.md"
    path.write_text(path.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\npublish: false\n"), encoding="utf-8")


def language_withheld(root: Path) -> None:
    path = root / "stories" / "a-river.md"
    text = path.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\nwithhold_languages: [KO]\n")
    path.write_text(text, encoding="utf-8")


def translated_elsewhere(root: Path) -> None:
    path = catalog(root, "c-spring")
    po = polib.pofile(str(path), wrapwidth=79)
    po.find(HYMN).msgstr = "새 찬송"
    po.save(str(path))


def removed(root: Path) -> None:
    catalog(root, "b-winter").unlink()


def index_garbled(root: Path) -> None:
    (root / CACHE_DIR / "index.json").write_text('{"storybridge-memory": 1, "files": {"ko/a-river": [1', encoding="utf-8")


def index_lies(root: Path) -> None:
    """The index names units that are not what the catalog holds."""
    index = root / CACHE_DIR / "index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["files"]["ko/a-river"][2] = data["files"]["ko/c-spring"][2]
    index.write_text(json.dumps(data), encoding="utf-8")


def units_garbled(root: Path) -> None:
    for path in (root / CACHE_DIR / "units").glob("*.json"):
        path.write_text('[["x","y"]]', encoding="utf-8")


def cache_deleted(root: Path) -> None:
    shutil.rmtree(root / CACHE_DIR)


CHANGES: dict[str, Callable[[Path], None]] = {
    "nothing": lambda root: None,
    "same-size edit, dates kept": same_size_edit,
    "longer edit": longer_edit,
    "touched": touched,
    "marked fuzzy": fuzzy_mark,
    "story now withheld": withheld,
    "its Korean now withheld": language_withheld,
    "translated in another story": translated_elsewhere,
    "catalog removed": removed,
    "index garbled": index_garbled,
    "units garbled": units_garbled,
    "cache deleted": cache_deleted,
}


@pytest.mark.parametrize("trust", ["after 2 s", "at once"])
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_cache_offers_what_a_fresh_read_offers(
    tmp_path: Path, change: Callable[[Path], None], trust: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"at once" trusts every stamp, as a run long after the last save does."""
    if trust == "at once":
        monkeypatch.setattr(memory_scan, "RACY_NS", 0)
    root = make_project(tmp_path / "p")
    assert offered(root) == fresh(root)  # the first survey fills the cache
    time.sleep(0.05)  # past a coarse file-system clock's tick
    change(root)
    assert offered(root) == fresh(root)
    assert offered(root) == fresh(root)  # and what it wrote then is right too
    if trust == "at once":  # the stamps were trusted, so the second survey went by them
        files = json.loads((root / CACHE_DIR / "index.json").read_text(encoding="utf-8"))["files"]
        assert files and all(stamp is not None for stamp, _, _, _ in files.values()), files


def test_a_same_size_edit_in_the_same_tick_as_the_survey_is_seen(tmp_path: Path) -> None:
    """A catalog saved moments before a run keeps no stamp: a second save
    of the same size and time is still seen by its bytes."""
    root = make_project(tmp_path / "p")
    path = catalog(root, "a-river")
    os.utime(path)  # just saved
    assert offered(root) == fresh(root)
    same_size_edit(root)
    assert offered(root) == fresh(root)
    assert ("ko", "a-river", [(APPEAL, "기원0"), (HYMN, "찬송0")]) in offered(root)


def test_a_quiet_run_writes_nothing_to_the_cache(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    age(root)
    offered(root)  # stamps now trusted
    files = [p for p in (root / CACHE_DIR).rglob("*") if p.is_file()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    assert run("update", project=root).exit_code == 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / CACHE_DIR).rglob("*") if p.is_file()} == before


def test_units_no_catalog_holds_are_swept(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    offered(root)
    units = root / CACHE_DIR / "units"
    before = set(units.glob("*.json"))
    longer_edit(root)
    offered(root)
    after = set(units.glob("*.json"))
    assert len(after) == len(before) and after != before


def test_update_with_and_without_the_cache_writes_the_same_bytes(tmp_path: Path) -> None:
    """The cached run has work to do with what the cache knows: a source
    translation changed since the warm run, and a fill cleared."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0  # warm: the cache learns every catalog
    assert polib.pofile(str(catalog(root, "c-spring"))).find(APPEAL).msgstr == "기도0"
    path = catalog(root, "a-river")
    po = polib.pofile(str(path), wrapwidth=79)
    po.find(APPEAL).msgstr = "새 기도"
    po.save(str(path))
    path = catalog(root, "c-spring")
    po = polib.pofile(str(path), wrapwidth=79)
    cleared = po.find(APPEAL)
    cleared.msgstr, cleared.flags = "", []
    po.save(str(path))
    other = tmp_path / "q"
    shutil.copytree(root, other)
    shutil.rmtree(other / ".storybridge", ignore_errors=True)
    assert run("update", project=root).exit_code == 0  # with the cache
    assert run("update", project=other).exit_code == 0  # without
    ours = {p.relative_to(root): p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}
    theirs = {p.relative_to(other): p.read_bytes() for p in sorted((other / "locale").rglob("*.po"))}
    assert ours == theirs
    refilled = polib.pofile(str(catalog(root, "c-spring"))).find(APPEAL)
    assert refilled.msgstr == "새 기도" and "memory: translated in a-river" in refilled.comment


class ParseSpy:
    """Which catalogs the cache parses, and whether while saving (the real
    parser runs; the spy only notes the call)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.saving = False
        self.parsed: list[tuple[str, bool]] = []
        real_parse, real_save = memory_units.parse_catalog, memory_cache.MemoryCache.save

        def parse(text: str, shown: str) -> polib.POFile:
            self.parsed.append((shown, self.saving))
            return real_parse(text, shown)

        def save(cache: memory_cache.MemoryCache) -> None:
            self.saving = True
            try:
                real_save(cache)
            finally:
                self.saving = False

        monkeypatch.setattr(memory_units, "parse_catalog", parse)
        monkeypatch.setattr(memory_cache.MemoryCache, "save", save)


def add_paragraph(root: Path) -> None:
    """A new paragraph in every story, so the next update rewrites every catalog."""
    for story in (root / "stories").glob("*.md"):
        story.write_text(story.read_text(encoding="utf-8") + "\nA closing word for everyone.\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0


def test_catalogs_an_update_rewrote_are_kept_without_parsing_them_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p")
    add_paragraph(root)
    before = {path: path.read_bytes() for path in (root / "locale").rglob("*.po")}
    spy = ParseSpy(monkeypatch)
    assert run("update", project=root).exit_code == 0
    assert all(path.read_bytes() != data for path, data in before.items())  # every catalog rewritten
    assert [shown for shown, saving in spy.parsed if saving] == []
    expected = fresh(root)
    spy.parsed.clear()
    assert offered(root) == expected
    assert spy.parsed == []  # the next run finds each by its bytes' digest


def test_catalogs_a_run_creates_are_kept_for_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "p")
    (root / "stories" / "d-summer.md").write_text(f"---\ntitle: D\nlang: en\n---\n\n{APPEAL}\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    assert run("update", project=root).exit_code == 0
    assert catalog(root, "d-summer").is_file()
    expected = fresh(root)
    spy = ParseSpy(monkeypatch)
    assert offered(root) == expected
    assert spy.parsed == []
    assert ("ko", "d-summer", []) in offered(root)


def test_what_the_cache_keeps_of_a_written_catalog_is_what_its_bytes_offer(tmp_path: Path) -> None:
    """Fuzzy, obsolete, plural, empty and translated entries: the units an
    update takes from the catalog in memory are a fresh parse's, and so is
    whether an entry is still empty."""
    root = make_project(tmp_path / "p")
    path = catalog(root, "a-river")
    po = polib.pofile(str(path), wrapwidth=79)
    po.find(HYMN).flags.append("fuzzy")
    po.append(polib.POEntry(msgid="gone", msgstr="사라짐", obsolete=True))
    po.append(polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "여럿"}, obsolete=True))
    po.save(str(path))
    add_paragraph(root)
    assert run("update", project=root).exit_code == 0
    config = load_project(root)
    cache = survey(config, ["en", "ko"])
    sources = cache.sources()
    for source in sources:
        text = catalog_path_of(root, source.lang, source.slug).read_text(encoding="utf-8")
        assert load_pairs(config, source, cache) == catalog_pairs(text, source.slug)
        entries = polib.pofile(text)
        assert cache.seen[f"{source.lang}/{source.slug}"].empty == any(
            not e.obsolete and e.msgid and not e.msgid_plural and not e.msgstr for e in entries
        )


def catalog_path_of(root: Path, lang: str, slug: str) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"


def save_hymn_translation(target: Path) -> None:
    """A volunteer's save of ``target``, as Poedit would make it."""
    po = polib.pofile(target.read_text(encoding="utf-8"), wrapwidth=79)
    po.find(HYMN).msgstr = "자원봉사자의 찬송"
    po.save(str(target))


def test_a_story_set_aside_mid_run_leaves_the_cache_as_the_disk_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its catalogs were written but never landed (#13): the index must keep
    what the disk holds, not the bytes the run dropped."""
    from storybridge.project import pipeline

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "p")
    add_paragraph(root)  # the update rewrites every catalog
    target = catalog(root, "a-river")
    real = pipeline.process_story

    def racing(task):  # type: ignore[no-untyped-def]
        result = real(task)
        if task.slug == "a-river" and not result.deferred:  # merged with the memory settled
            save_hymn_translation(target)
        return result

    monkeypatch.setattr(pipeline, "process_story", racing)
    done = run("update", "--jobs", "1", project=root)
    assert "a-river.po: error: changed while storybridge was running" in done.output
    files = json.loads((root / CACHE_DIR / "index.json").read_text(encoding="utf-8"))["files"]
    assert files["ko/a-river"][1] == hashlib.sha256(target.read_bytes()).hexdigest()
    monkeypatch.setattr(pipeline, "process_story", real)
    assert offered(root) == fresh(root)


def test_a_catalog_saved_after_the_run_wrote_it_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a run wrote is kept without a stamp: a save between the commit
    and the cache's own save must not be trusted by its stamp next time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = make_project(tmp_path / "p")
    add_paragraph(root)
    target = catalog(root, "a-river")
    real_save = memory_cache.MemoryCache.save

    def late(cache: memory_cache.MemoryCache) -> None:
        save_hymn_translation(target)
        real_save(cache)

    monkeypatch.setattr(memory_cache.MemoryCache, "save", late)
    assert run("update", project=root).exit_code == 0
    monkeypatch.setattr(memory_cache.MemoryCache, "save", real_save)
    assert offered(root) == fresh(root)


# --- Two passes (#18): a changed catalog is parsed once per update ----------------


def count_parses(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often each catalog (as shown) is parsed, by any reader (the real parser runs)."""
    from storybridge.project import catalogs

    counts: dict[str, int] = {}
    real = catalogs.parse_po

    def parse(text: str, shown: str) -> polib.POFile:
        counts[shown] = counts.get(shown, 0) + 1
        return real(text, shown)

    monkeypatch.setattr(catalogs, "parse_po", parse)
    return counts


def translate_all(root: Path, slug: str, prefix: str) -> None:
    """A volunteer translates every entry of the story's Korean catalog."""
    path = catalog(root, slug)
    po = polib.pofile(str(path), wrapwidth=79)
    for n, entry in enumerate(po):
        entry.msgstr = f"{prefix}{n}"
    po.save(str(path))


@pytest.mark.parametrize("cache", ["kept", "deleted"])
def test_a_catalog_saved_since_the_last_run_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    """The worker that merges the story hands the memory what the catalog
    offered; the survey does not parse it first (before: twice each)."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    translate_all(root, "b-winter", "겨울")
    if cache == "deleted":
        cache_deleted(root)
    counts = count_parses(monkeypatch)
    assert run("update", "--jobs", "1", project=root).exit_code == 0
    shown = "locale/ko/LC_MESSAGES/b-winter.po"
    assert counts[shown] == 1, counts
    assert offered(root) == fresh(root)  # what it offered is kept, as a fresh read gives it


def test_a_translation_saved_since_the_last_run_fills_a_new_story_in_the_same_run(tmp_path: Path) -> None:
    """The memory is the catalogs as they are on disk when the run starts,
    those the workers read included: a new story takes the volunteer's
    new words at once, with one worker or two, and a story of its own
    with an empty entry (a-river) is merged once the memory is settled."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    path = catalog(root, "a-river")
    path.write_text(path.read_text(encoding="utf-8").replace("기도0", "새 기도"), encoding="utf-8")
    (root / "stories" / "d-summer.md").write_text(f"---\ntitle: D\nlang: en\n---\n\n{APPEAL}\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    other = tmp_path / "q"
    shutil.copytree(root, other)
    assert run("update", "--jobs", "1", project=root).exit_code == 0
    assert run("update", "--jobs", "2", project=other).exit_code == 0
    filled = polib.pofile(str(catalog(root, "d-summer"))).find(APPEAL)
    assert filled.msgstr == "새 기도" and "memory: translated in a-river" in filled.comment
    ours = {p.relative_to(root): p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}
    theirs = {p.relative_to(other): p.read_bytes() for p in sorted((other / "locale").rglob("*.po"))}
    assert ours == theirs
    assert run("update", project=root).output == "updated: 4 stories\n"  # settled: nothing more to fill
    assert {p.relative_to(root): p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))} == ours


def test_a_failure_in_the_second_pass_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b-winter is done in the first pass (nothing to fill); c-spring fails
    in the second: b-winter's merged catalog, staged, must not land."""
    from storybridge.errors import StoryError
    from storybridge.project import pipeline

    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    translate_all(root, "b-winter", "겨울")
    story = root / "stories" / "b-winter.md"  # an edit its merge marks fuzzy: nothing to fill, a catalog to write
    story.write_text(story.read_text(encoding="utf-8").replace("Only in b-winter.", "Only in b-winter!"), encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    before = {p: p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))}
    real = pipeline.process_story
    seen: list[tuple[str, bool]] = []

    def failing(task):  # type: ignore[no-untyped-def]
        seen.append((task.slug, task.memory is not None))
        if task.slug == "c-spring" and task.memory is not None:  # the second pass
            raise StoryError(task.path, None, "a failure on purpose")
        return real(task)

    monkeypatch.setattr(pipeline, "process_story", failing)
    done = run("update", "--jobs", "1", project=root)
    assert done.exit_code != 0 and "a failure on purpose" in done.output
    assert seen == [("b-winter", False), ("a-river", True), ("c-spring", True)]
    assert {p: p.read_bytes() for p in sorted((root / "locale").rglob("*.po"))} == before
    assert not [p for p in (root / ".storybridge" / "tmp").rglob("*") if p.is_file()]


def test_workers_hand_the_parent_digests_and_stage_the_units_each_run_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The units of the catalogs a worker reads or writes wait in the
    run's staging folder, not in what it hands back (after a bulk change
    they were 76 MB per thousand stories, held by the parent until the
    end); the cache keeps them as a fresh read offers them, and every run
    removes the folder: one that lands, and one that only checks."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    translate_all(root, "b-winter", "겨울")
    story = root / "stories" / "c-spring.md"  # c-spring's catalog is written too
    story.write_text(story.read_text(encoding="utf-8").replace("Only in c-spring.", "Only in c-spring!"), encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    checked = tmp_path / "checked"
    shutil.copytree(root, checked)
    handed: list[tuple[str, bytes | None, bool]] = []
    real_receive, real_learn = memory_cache.MemoryCache.receive, memory_cache.MemoryCache.learn

    def receive(self, slug, found):  # type: ignore[no-untyped-def]
        handed.extend(("received", scan.units, scan.staged) for scan in found.values())
        real_receive(self, slug, found)

    def learn(self, slug, catalogs):  # type: ignore[no-untyped-def]
        handed.extend(("written", written.units, True) for _, written in catalogs.values())
        real_learn(self, slug, catalogs)

    monkeypatch.setattr(memory_cache.MemoryCache, "receive", receive)
    monkeypatch.setattr(memory_cache.MemoryCache, "learn", learn)
    assert run("update", project=root).exit_code == 0
    assert {kind for kind, _, _ in handed} == {"received", "written"}  # b-winter's read, c-spring's written
    assert all(units is None and staged for _, units, staged in handed), handed
    assert offered(root) == fresh(root)
    assert all_units_kept(root)
    assert not (root / ".storybridge" / "tmp").exists()
    handed.clear()
    assert run("sync", "--check", project=checked).exit_code != 0  # the catalogs are stale: it says so, writes none
    assert handed and not (checked / ".storybridge" / "tmp").exists()


def all_units_kept(root: Path) -> bool:
    """Every units digest the cache's index names has its file (none read
    again from its catalog next time)."""
    files = json.loads((root / CACHE_DIR / "index.json").read_text(encoding="utf-8"))["files"]
    named = {value for _, _, value, _ in files.values() if value and value not in ("shown", "withheld")}
    return bool(named) and all((root / CACHE_DIR / "units" / f"{digest}.json").is_file() for digest in named)


def archive(root: Path, translated: range) -> Path:
    """44 stories (enough for the worker pool), the ``translated`` ones
    translated by a volunteer since the last update."""
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    for n in range(44):
        text = f"---\ntitle: Story {n}\nlang: en\n---\n\nStory number {n} begins at the river.\n\n{APPEAL}\n"
        (root / "stories" / f"s{n:02d}.md").write_text(text, encoding="utf-8")
    for command in ("extract", "update"):
        assert run(command, project=root).exit_code == 0
    for n in translated:
        translate_all(root, f"s{n:02d}", f"번역{n}-")
    return root


def test_two_workers_stage_the_units_and_the_cache_keeps_them(tmp_path: Path) -> None:
    """With the worker pool, the units come through the staging folder
    from both passes, and the next run finds every one in the cache."""
    root = archive(tmp_path / "p", range(0, 44, 2))
    assert run("update", "--jobs", "2", project=root).exit_code == 0
    assert polib.pofile(str(catalog(root, "s01"))).find(APPEAL).msgstr.startswith("번역")
    assert all_units_kept(root)
    assert not (root / ".storybridge" / "tmp").exists()
    assert offered(root) == fresh(root)


@pytest.mark.parametrize("state", ["kept", "new"])
@pytest.mark.parametrize("where", ["first pass", "landing"])
def test_a_run_that_fails_with_workers_running_leaves_no_units_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str, where: str
) -> None:
    """The parent fails while the workers still have stories in hand (here
    a full disk, as it takes in a first-pass result, or as a story lands):
    the pool is stopped and waited for before the run cleans up, so no
    staged translation is left in ``.storybridge/tmp/`` (nor
    ``.storybridge/`` made, on a project that had none), whatever the
    workers were still doing."""
    from storybridge.project import memory, memory_passes

    root = archive(tmp_path / "p", range(0, 44, 2))
    if state == "new":
        shutil.rmtree(root / ".storybridge")
    before = every_file(root)
    module, name = (memory_passes, "receive_units") if where == "first pass" else (memory, "learn_units")
    real = getattr(module, name)
    calls: list[str] = []

    def failing(aids, slug, found):  # type: ignore[no-untyped-def]
        calls.append(slug)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(aids, slug, found)

    monkeypatch.setattr(module, name, failing)
    with pytest.raises(OSError, match="No space left"):  # the real CLI prints it in one line (test_internal_errors)
        run("update", "--jobs", "2", project=root)
    assert len(calls) == 2
    if state == "new":
        assert not (root / ".storybridge").exists()
    else:
        assert not (root / ".storybridge" / "tmp").exists()
    assert every_file(root) == before  # nothing landed, nothing half-written, nothing left


def every_file(root: Path) -> dict[str, bytes]:
    """Every file under ``root``, by its path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_worker_staging_units_another_staged_meanwhile_keeps_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers stage the same units (every new catalog's are the same
    bytes) at once; on Windows the second rename is refused while the
    first file is in place (simulated: POSIX replaces it): the second
    worker leaves that file, which holds the same bytes, and no
    temporary file, and goes on."""
    staging, kept = tmp_path / "staging", tmp_path / "kept"
    data = memory_units.encode_units([("a", "b")])
    digest = hashlib.sha256(data).hexdigest()

    def refused(source, target):  # type: ignore[no-untyped-def]
        Path(target).write_bytes(data)  # the other worker's file landed just before
        raise PermissionError(5, "Access is denied")

    monkeypatch.setattr(memory_units.os, "replace", refused)
    memory_units._write_once(staging, kept, digest, data)
    assert [p.name for p in staging.iterdir()] == [digest]
    assert (staging / digest).read_bytes() == data


@pytest.mark.parametrize("command", ["update", "sync --check"])
def test_a_damaged_units_file_is_read_from_its_catalog_and_written_anew(tmp_path: Path, command: str) -> None:
    """A units file of the cache that no longer hashes to its name (a disk
    error, a hand edit) is ignored: the memory reads its catalog instead,
    and a run that lands writes the file anew, so later runs need not
    read the catalog again. A run that only checks leaves it as it is."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    files = json.loads((root / CACHE_DIR / "index.json").read_text(encoding="utf-8"))["files"]
    damaged = root / CACHE_DIR / "units" / f"{files['ko/a-river'][2]}.json"
    damaged.write_bytes(b"\0damaged")
    (root / "stories" / "d-summer.md").write_text(f"---\ntitle: D\nlang: en\n---\n\n{APPEAL}\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    run(*command.split(), project=root)
    if command == "update":
        assert polib.pofile(str(catalog(root, "d-summer"))).find(APPEAL).msgstr == "기도0"  # a-river's, read from its catalog
        assert hashlib.sha256(damaged.read_bytes()).hexdigest() == damaged.stem
        assert offered(root) == fresh(root)
    else:
        assert damaged.read_bytes() == b"\0damaged"


TEXTS = st.text(st.one_of(st.sampled_from("\0a한 \n"), st.characters(exclude_categories=("Cs",))), min_size=1)


@given(st.lists(st.tuples(TEXTS, TEXTS), max_size=6))
def test_units_are_stored_as_they_were_given(pairs: list[tuple[str, str]]) -> None:
    """Packed units (NUL-separated) read back the same, a text holding a NUL
    included (GNU gettext accepts ``\\0``; those go as JSON): equal bytes,
    and so equal digests, mean equal units."""
    data = memory_units.encode_units(pairs)
    assert memory_units.decode_units(data) == pairs
    assert data.startswith(memory_units.PACKED) == (not any("\0" in text for pair in pairs for text in pair))


def test_a_stamp_is_trusted_by_when_its_catalog_was_read_not_when_its_units_came_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker read the catalog right after a save; its units reach the
    parent later (a long first pass). On a file system with coarse times,
    a second same-size save in the same tick would keep the stamp, so the
    stamp must not be trusted: it is judged by the read, not the receipt."""
    monkeypatch.setattr(memory_scan, "RACY_NS", 50_000_000)  # 50 ms, not 2 s, to keep the test short
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    same_size_edit(root)
    os.utime(catalog(root, "a-river"))  # saved now
    read_at = time.time_ns()  # and read by the worker at once (however long the survey below takes)
    config = load_project(root)
    cache = survey(config, ["en", "ko"], awaitable=frozenset({"a-river"}))
    assert cache.awaiting == {"a-river": ["ko"]}
    scan = memory_units.scan_catalog(catalog(root, "a-river"), "a-river.po")
    assert scan is not None
    time.sleep(0.1)  # the rest of the first pass
    cache.receive("a-river", {"ko": dataclasses.replace(scan, read_ns=read_at)})
    assert cache.seen["ko/a-river"].stamp is None
    assert cache.seen["ko/a-river"].value  # what it offers is kept all the same
    # Judged by the receipt, it would have been trusted (the shortened wait took effect).
    assert memory_scan.stamped(dataclasses.replace(scan, read_ns=None), cache.observed["ko/a-river"][2]).stamp is not None


def test_units_the_cache_keeps_already_are_not_staged_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog saved again with the same translations (a volunteer
    added only a comment, a tool reflowed it) offers units the cache
    keeps already: the worker that reads and merges it offers them to
    the staging folder, which stages nothing for them (after a bulk
    change that is most catalogs' units), and the memory still finds
    them in the cache."""
    root = make_project(tmp_path / "p")
    assert run("update", project=root).exit_code == 0
    files = json.loads((root / CACHE_DIR / "index.json").read_text(encoding="utf-8"))["files"]
    digest = files["ko/a-river"][2]
    assert (root / CACHE_DIR / "units" / f"{digest}.json").is_file()
    path = catalog(root, "a-river")
    path.write_text(path.read_text(encoding="utf-8").replace("msgid \"\"\n", "# Checked by a volunteer.\nmsgid \"\"\n", 1),
                    encoding="utf-8")
    offered_digests: list[str] = []
    staged_files: list[str] = []
    real_write_once, real_replace = memory_units._write_once, memory_units.os.replace

    def write_once(staging, kept, found, data):  # type: ignore[no-untyped-def]
        offered_digests.append(found)
        real_write_once(staging, kept, found, data)

    def replace(source, target):  # type: ignore[no-untyped-def]
        staged_files.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(memory_units, "_write_once", write_once)
    monkeypatch.setattr(memory_units.os, "replace", replace)
    assert run("update", "--jobs", "1", project=root).exit_code == 0
    assert digest in offered_digests  # the worker read a-river's catalog afresh
    assert digest not in staged_files
    assert offered(root) == fresh(root)
    assert all_units_kept(root)
