"""Issue 7: the same bytes whatever the number of workers; a failure in any
worker still writes nothing."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import polib

from conftest import run, snapshot
from storybridge.project.pool import SMALL_PROJECT

ROOT = Path(__file__).parents[2]


def make_corpus(root: Path, copies: int) -> None:
    """Enough stories (the repo's, renamed and varied) for the pool to start,
    with some translations so the build has work to splice."""
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nbelow_threshold = "draft"\n', encoding="utf-8")
    sources = sorted((ROOT / "stories").glob("*.md"))
    for number in range(copies):
        source = sources[number % len(sources)]
        text = source.read_text(encoding="utf-8").replace("North Korean", f"North Korean ({number})")
        (root / "stories" / f"{source.stem}-{number:03d}.md").write_text(text, encoding="utf-8")


def translate_some(root: Path) -> None:
    for path in sorted((root / "locale/ko/LC_MESSAGES").glob("*.po"))[::3]:
        catalog = polib.pofile(str(path))
        for entry in catalog[::2]:
            entry.msgstr = "번역 " + entry.msgid
        catalog.save(str(path))


def test_one_and_two_workers_write_identical_bytes(tmp_path: Path) -> None:
    copies = SMALL_PROJECT + 5
    one, two = tmp_path / "one", tmp_path / "two"
    make_corpus(one, copies)
    make_corpus(two, copies)
    for project, jobs in ((one, "1"), (two, "2")):
        assert run("sync", "--jobs", jobs, project=project).exit_code == 0
        translate_some(project)
    for project, jobs in ((one, "1"), (two, "2")):
        result = run("sync", "--jobs", jobs, "--html", "--pseudo", project=project)
        assert result.exit_code == 0, result.output
    # The memory cache's index holds each file's stamp (inode, times): machine state.
    files_one = {name: without_stamps(name, data) for name, (data, _) in snapshot(one).items()
                 if not name.startswith(".storybridge/memory/")}
    files_two = {name: without_stamps(name, data) for name, (data, _) in snapshot(two).items()
                 if not name.startswith(".storybridge/memory/")}
    assert len(files_one) > copies * 8
    assert files_one == files_two


def without_stamps(name: str, data: bytes) -> bytes:
    """The skip cache with its file stamps (sizes, times, inodes: like
    git's index, of this disk) left out, in its records and in each
    line's probe; every other file as it is."""
    if name != ".storybridge/cache.jsonl":
        return data
    data = re.sub(rb'"[0-9.,?-]*",(\[[^\]]*\])\],"inputs"', rb'"",\1],"inputs"', data)  # the key, then the images
    return re.sub(rb",\[\d+,\d+,\d+,\d+\]\]", b",0]", data)


def test_a_failing_story_in_a_worker_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    make_corpus(project, SMALL_PROJECT + 5)
    assert run("sync", "--jobs", "2", project=project).exit_code == 0
    broken = project / "stories/to-stay-or-leave-020.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("lang: en", "lang: [en"), encoding="utf-8")
    for story in sorted((project / "stories").glob("*.md")):  # every worker has work to stage
        if story != broken:
            story.write_text(story.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    before = snapshot(project)
    result = run("sync", "--jobs", "2", project=project)
    assert result.exit_code == 1
    assert "stories/to-stay-or-leave-020.md:" in result.output and "Traceback" not in result.output
    assert snapshot(project) == before
    assert not list(project.rglob("*.tmp"))


def test_no_op_sync_skips_unchanged_stories_but_sees_edits(tmp_path: Path) -> None:
    """An edit that keeps the catalog's size and mtime is still seen (git's
    "racy" case): the skip compares digests, not stat results."""
    project = tmp_path / "p"
    make_corpus(project, 6)
    assert run("sync", project=project).exit_code == 0
    catalog = project / "locale/ko/LC_MESSAGES/rebounding-part-3-001.po"
    text = catalog.read_text(encoding="utf-8")
    first = text.index('msgstr ""\n\n#.')  # the first entry after the header
    catalog.write_text(text[:first] + 'msgstr "가"' + text[first + len('msgstr ""') :], encoding="utf-8")
    assert run("sync", project=project).exit_code == 0
    built = project / "site/ko/rebounding-part-3-001.md"
    assert "가" in built.read_text(encoding="utf-8")
    before = snapshot(project)
    assert run("sync", project=project).exit_code == 0
    assert snapshot(project) == before
    stat = catalog.stat()
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgstr "가"', 'msgstr "나"', 1), encoding="utf-8")
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (catalog.stat().st_size, catalog.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert run("sync", project=project).exit_code == 0
    published = built.read_text(encoding="utf-8")
    assert "나" in published and "가" not in published


def test_deleting_the_cache_changes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    make_corpus(project, 4)
    assert run("sync", project=project).exit_code == 0
    shutil.rmtree(project / ".storybridge")
    before = {k: v[0] for k, v in snapshot(project).items()}
    assert run("sync", project=project).exit_code == 0
    after = {k: v[0] for k, v in snapshot(project).items()}
    # The caches, the lock and the ownership record (rebuilt from the manifest) come back.
    state = {name: data for name, data in after.items() if name.startswith(".storybridge/")}
    assert sorted(name for name in state if not name.startswith(".storybridge/memory/units/")) == [
        ".storybridge/cache.jsonl", ".storybridge/lock", ".storybridge/memory/index.json", ".storybridge/owned.json"
    ]
    assert after == before | state


def test_long_runs_stay_quiet_when_piped(tmp_path: Path) -> None:
    import subprocess
    import sys

    from storybridge.cli import PROGRESS_FROM

    project = tmp_path / "p"
    make_corpus(project, PROGRESS_FROM)
    done = subprocess.run(
        [sys.executable, "-m", "storybridge", "extract", "--project", str(project)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"extracted: {PROGRESS_FROM} stories\n" and done.stdout == ""


def test_status_and_check_say_the_same_with_one_and_two_workers(tmp_path: Path) -> None:
    """The read-only commands spread stories over workers too; what they
    print, findings and their order included, does not depend on it."""
    project = tmp_path / "p"
    make_corpus(project, SMALL_PROJECT + 5)
    assert run("sync", project=project).exit_code == 0
    translate_some(project)
    outputs = {}
    for jobs in ("1", "2"):
        checked = run("check", "--jobs", jobs, project=project)
        as_json = run("check", "--jobs", jobs, "--format", "json", project=project)
        status = run("status", "--jobs", jobs, "--format", "json", project=project)
        assert status.exit_code == 0, status.output
        outputs[jobs] = (checked.exit_code, checked.output, as_json.output, status.output)
    assert outputs["1"] == outputs["2"]
    assert "[language]" in outputs["1"][1]  # the Korean catalogs hold English, so findings exist
