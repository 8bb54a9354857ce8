"""The skip cache: its fingerprint covers all of storybridge's code; stamps are trusted only when they can tell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storybridge
from conftest import snapshot
from storybridge.project.disk import digest
from storybridge.project.code_fingerprint import code_files
from storybridge.project.skip_cache import _holds
from storybridge.project.stamps import clock_reference, stamp_of, trusted_stamp


def test_the_fingerprint_reads_every_package_of_storybridge() -> None:
    package = Path(storybridge.__file__).resolve().parent
    names = {path.relative_to(package).as_posix() for path in code_files()}
    for wanted in ("checks/registry.py", "po/format.py", "site/assemble.py", "markdown/segment.py",
                   "project/stage_site.py", "reports/templates/status.html.j2"):
        assert wanted in names
    assert not any("__pycache__" in name for name in names)


def test_a_file_changed_since_the_run_started_gets_no_stamp_and_is_compared_by_its_bytes(tmp_path: Path) -> None:
    """git's racy case: on a file system with coarse times, a file saved
    again within the clock tick in which the run read it keeps the very
    stamp it had. So a file whose last change is not older than the run
    gets no stamp: the next run compares its bytes. (This disk's times
    are fine enough that two saves never share a stamp; the record a
    trusted racy stamp would make is built by hand to show what is at stake.)"""
    state = tmp_path / ".storybridge"
    state.mkdir()
    catalog = tmp_path / "ko.po"
    reference = clock_reference(state)  # the run starts
    catalog.write_bytes(b'msgstr "ga"\n')  # a volunteer saves; the run reads it
    read = os.stat(catalog)
    assert trusted_stamp(read, reference) is None
    catalog.write_bytes(b'msgstr "na"\n')  # saved again (within the tick, on a coarse disk)
    later = clock_reference(state)
    recorded = [digest(b'msgstr "ga"\n'), trusted_stamp(read, reference)]
    assert _holds(catalog, recorded, later, verify=False)[0] is None  # no stamp: bytes must be read
    assert _holds(catalog, recorded, later, verify=True)[0] is False
    # What a trusted stamp of the second save would have hidden:
    assert _holds(catalog, [recorded[0], stamp_of(os.stat(catalog))], later, verify=True)[0] is True


def test_a_stamp_from_before_the_run_is_trusted_and_a_rewrite_with_the_old_mtime_is_not(tmp_path: Path) -> None:
    """ctime cannot be set back: restoring size and mtime after an edit
    in place does not make the stamp match."""
    state = tmp_path / ".storybridge"
    state.mkdir()
    catalog = tmp_path / "ko.po"
    catalog.write_bytes(b'msgstr "ga"\n')
    before = os.stat(catalog)
    time.sleep(0.05)
    reference = clock_reference(state)
    recorded = [digest(b'msgstr "ga"\n'), trusted_stamp(before, reference)]
    assert recorded[1] is not None
    assert _holds(catalog, recorded, reference, verify=False)[0] is True  # no byte read
    time.sleep(0.05)
    catalog.write_bytes(b'msgstr "na"\n')
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _holds(catalog, recorded, clock_reference(state), verify=False)[0] is None  # bytes must be read
    assert _holds(catalog, recorded, clock_reference(state), verify=True)[0] is False


def test_a_no_op_sync_loads_no_stage_and_writes_nothing(tmp_path: Path) -> None:
    """Nothing changed since the last syncs: the stamps say so, and the run
    neither parses a story nor a catalog (their modules are never loaded)
    nor writes a file, the cache included."""
    project = tmp_path / "p"
    (project / "stories").mkdir(parents=True)
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nbelow_threshold = "draft"\n', encoding="utf-8")
    for number in range(3):
        (project / "stories" / f"story-{number}.md").write_text(
            f"---\ntitle: Story {number}\nlang: en\n---\n\nA first paragraph, number {number}.\n\nA second one.\n",
            encoding="utf-8")
    probe = (
        "import sys\n"
        "from storybridge.cli import main\n"
        "try:\n"
        f"    main(['sync', '--project', {str(project)!r}])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('storybridge.'))))\n"
    )
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    assert "storybridge.markdown.segment" in first.stdout  # the first sync did the work
    # It wrote catalogs: the second reads the memory once to know it (nothing to write).
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    before = snapshot(project)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    loaded = set(second.stdout.split())
    assert "storybridge.project.pipeline" in loaded
    assert not loaded & {"storybridge.po.parse", "storybridge.po.merge", "storybridge.project.memory",
                         "storybridge.project.stage_site", "storybridge.site.publish"}
    assert snapshot(project) == before


def test_the_inputs_a_story_is_compared_by_are_where_the_steps_read_them(tmp_path: Path) -> None:
    """The cache names a story's files from patterns of the path functions
    themselves (fast), even for a slug with braces or a folder."""
    from storybridge.config import load_config
    from storybridge.project.review_files import review_path
    from storybridge.project.story_inputs import input_paths
    from storybridge.project.steps import catalog_path, template_path

    (tmp_path / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\n', encoding="utf-8")
    config = load_config(tmp_path)
    slug = "part {1}/a story"
    story = tmp_path / "stories" / f"{slug}.md"
    expected = [story, template_path(config, slug), catalog_path(config, "ko", slug), catalog_path(config, "zh_Hans", slug),
                review_path(config, "ko", slug), review_path(config, "zh_Hans", slug), catalog_path(config, "en", slug)]
    assert input_paths(config, story, slug, ["ko", "zh_Hans"]) == [str(path) for path in expected]


def _probe_sync(project: Path) -> tuple[str, int, set[str]]:
    """One real ``sync`` in a fresh process: its stderr, exit code and the
    storybridge modules it loaded."""
    probe = (
        "import sys\n"
        "from storybridge.cli import main\n"
        "code = 0\n"
        "try:\n"
        f"    main(['sync', '--project', {str(project)!r}])\n"
        "except SystemExit as done:\n"
        "    code = done.code or 0\n"
        "print(code, ' '.join(sorted(m for m in sys.modules if m.startswith('storybridge.'))))\n"
    )
    environ = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environ, check=True)
    code, *loaded = done.stdout.split()
    return done.stderr, int(code), set(loaded)


def test_an_unchanged_blocked_story_is_skipped_and_says_again_what_blocks_it(tmp_path: Path) -> None:
    """A story blocked by an identifying detail, one by a catalog that
    cannot be read: a sync with nothing changed reads neither (no stage
    is loaded, no file written) yet prints what a full run prints and
    exits as it does; an edit to the broken catalog is seen."""
    project = tmp_path / "p"
    (project / "stories").mkdir(parents=True)
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    bodies = {
        "clean": "The garden feeds three families.\n\nEach grows what the others lack.\n",
        "exposed": "Call the garden at 010-5555-0134 after dark.\n\nEach grows what the others lack.\n",
        "broken": "The river was cold that spring.\n\nWe crossed it at night.\n",
    }
    for slug, body in bodies.items():
        (project / "stories" / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nlang: en\n---\n\n{body}", encoding="utf-8")
    _probe_sync(project)
    catalog = project / "locale" / "ko" / "LC_MESSAGES" / "broken.po"
    good = catalog.read_text(encoding="utf-8")
    catalog.write_text(good + '\nmsgid "unterminated\n', encoding="utf-8")
    full_err, full_code, full_loaded = _probe_sync(project)
    assert "storybridge.project.stage_site" in full_loaded  # this run did the work
    assert full_code == 1 and "broken.po" in full_err and "[sensitive] phone number" in full_err
    (project / ".storybridge" / "cache.jsonl").unlink()  # what a run that redoes every story prints
    full_err, full_code, _ = _probe_sync(project)
    _probe_sync(project)  # settles the stamps of the files the run before wrote
    assert "0134" not in (project / ".storybridge" / "cache.jsonl").read_text(encoding="utf-8")
    before = snapshot(project)
    noop_err, noop_code, loaded = _probe_sync(project)
    assert (noop_err, noop_code) == (full_err, full_code)
    assert not loaded & {"storybridge.po.parse", "storybridge.project.memory", "storybridge.project.stage_site"}
    assert snapshot(project) == before
    page = project / "site" / "ko" / "broken.md"
    kept = page.read_bytes()  # published before the catalog broke, and kept since
    story = project / "stories" / "clean.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    edit_err, edit_code, _ = _probe_sync(project)  # the blocked stories land from their lines
    assert edit_code == 1 and [line for line in edit_err.splitlines() if "error" in line] == [
        line for line in full_err.splitlines() if "error" in line]
    assert page.read_bytes() == kept
    assert "ko/broken.md" in (project / "site" / "manifest.json").read_text(encoding="utf-8")
    time.sleep(0.01)
    catalog.write_text(good, encoding="utf-8")  # the volunteer mends the catalog
    mended_err, mended_code, _ = _probe_sync(project)
    assert mended_code == 0 and "broken.po" not in mended_err and "[sensitive] phone number" in mended_err


def _settled_project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    (project / "stories").mkdir(parents=True)
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    for slug in ("first", "second"):
        (project / "stories" / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nlang: en\n---\n\nThe {slug} paragraph.\n", encoding="utf-8")
    for _ in range(3):  # the last one settles every stamp
        _probe_sync(project)
    return project


CHANGES = {
    "nothing": lambda p: None,
    "story saved with the same bytes": lambda p: (p / "stories/first.md").write_bytes(
        (p / "stories/first.md").read_bytes()),
    "catalog removed": lambda p: (p / "locale/ko/LC_MESSAGES/first.po").unlink(),
    "review file made": lambda p: (p / "locale/ko/reviews").mkdir(parents=True, exist_ok=True)
    or (p / "locale/ko/reviews/first.tsv").write_text("", encoding="utf-8"),
    "catalog in the story's own language made": lambda p: (p / "locale/en/LC_MESSAGES").mkdir(
        parents=True, exist_ok=True)
    or (p / "locale/en/LC_MESSAGES/first.po").write_text("", encoding="utf-8"),
    "published file removed": lambda p: (p / "site/en/first.md").unlink(),
    # Another file on this case-sensitive disk: the listing must not call first.po present.
    "catalog in the story's own language made, spelled in capitals": lambda p: (p / "locale/en/LC_MESSAGES").mkdir(
        parents=True, exist_ok=True)
    or (p / "locale/en/LC_MESSAGES/FIRST.po").write_text("", encoding="utf-8"),
    "template replaced by another file": lambda p: os.replace(
        p / "locale/templates/second.pot", p / "locale/templates/first.pot"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_probe_of_a_line_sees_what_comparing_each_record_sees(tmp_path: Path, change: str) -> None:
    """The parent tells an unchanged story by one string of stamps (its
    line's probe) and folder listings for absent files; a story it calls
    unchanged is one every record of its line calls unchanged, and any
    change to one of its files is seen."""
    from storybridge.config import load_config
    from storybridge.project.cache_file import Cache
    from storybridge.project.skip_cache import check_story, probe_story
    from storybridge.project.stamps import clock_reference

    project = _settled_project(tmp_path)
    time.sleep(0.01)
    CHANGES[change](project)
    config = load_config(project)
    settings = (project / ".storybridge/cache.jsonl").read_text(encoding="utf-8").split('"settings":"')[1].split('"')[0]
    cache = Cache(config, settings)
    path = project / "stories" / "first.md"
    line = cache.line(cache.offsets["first"])
    probed, _ = probe_story(config, path, "first", line, cache.memory, {})
    compared, _ = check_story(config, path, "first", line, clock_reference(project / ".storybridge"), cache.memory,
                              verify=False)
    assert probed == (change in ("nothing", "catalog in the story's own language made, spelled in capitals"))
    assert probed == (compared is True)


@given(st.text())
def test_a_slug_is_written_into_a_probe_as_json_writes_it(slug: str) -> None:
    from storybridge.project.skip_cache import _slug_json

    assert _slug_json(slug) == json.dumps(slug, ensure_ascii=False)


def test_a_folder_that_cannot_be_listed_leaves_each_absent_file_to_a_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file recorded absent is told absent by its folder's listing; when
    the listing fails (permissions, too many open files) the file must be
    asked for by name, never taken as still absent. The failure is
    injected: this suite runs as root, which lists any folder."""
    from storybridge.project import skip_cache

    folder = tmp_path / "locale/ko/reviews"
    folder.mkdir(parents=True)
    (folder / "first.tsv").write_text("approved\n", encoding="utf-8")  # appeared since the last run

    def refuse(path: str = ".") -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(skip_cache.os, "scandir", refuse)
    assert skip_cache._stamps_now([str(folder / "first.tsv")], "-", {}) is False
    assert skip_cache._stamps_now([str(folder / "second.tsv")], "-", {}) is True


def test_a_library_installed_beside_storybridge_changes_the_sync_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new version of a library the build uses (phonenumbers finding a
    number the old one missed) must make sync look at every story again."""
    from storybridge.project.code_fingerprint import code_fingerprint
    from storybridge.project.settings import load_project
    from storybridge.project.code_fingerprint import run_fingerprint as fingerprint
    from storybridge.project.tasks import Steps

    (tmp_path / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    config, steps = load_project(tmp_path), Steps(extract=True, update=True, build=True)
    code_fingerprint.cache_clear()
    before = fingerprint(config, steps)
    (tmp_path / "libs" / "phonenumbers-99.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(tmp_path / "libs"))
    code_fingerprint.cache_clear()
    try:
        assert fingerprint(config, steps) != before
    finally:
        code_fingerprint.cache_clear()


def test_a_refused_translation_is_named_again_by_a_sync_that_skips_its_story(tmp_path: Path) -> None:
    """A translation the build refuses (here a link target the source does
    not have) is published as the source text, and the run says so. A
    sync with nothing changed must say it again: a volunteer who runs
    sync twice would otherwise think the problem gone."""
    from conftest import run
    import polib

    project = tmp_path / "p"
    (project / "stories").mkdir(parents=True)
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    (project / "stories" / "garden.md").write_text(
        "---\ntitle: Garden\nlang: en\n---\n\nThe garden feeds [three families](https://example.org).\n",
        encoding="utf-8")
    assert run("sync", project=project).exit_code == 0
    path = project / "locale" / "ko" / "LC_MESSAGES" / "garden.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = "정원은 [세 가족](https://elsewhere.example)을 먹여 살린다." if "[" in entry.msgid else "정원"
    catalog.save()
    refused = [line for line in run("sync", project=project).output.splitlines() if "[link-target]" in line]
    assert refused and "not published" in refused[0]
    for _ in range(2):  # the second settles every stamp: the third is a no-op
        run("sync", project=project)
    before = snapshot(project)
    again = run("sync", project=project)
    assert "nothing changed" in again.output
    assert [line for line in again.output.splitlines() if "[link-target]" in line] == refused
    assert again.exit_code == 0 and snapshot(project) == before
