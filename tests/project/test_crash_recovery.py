"""Issue 13, finding 6: sync killed with SIGKILL at random instants, then run
again, ends exactly where a run never killed ends: no translation lost, no
temporary file left anywhere, every file old or new, never half."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib

ROOT = Path(__file__).parents[2]
STORYBRIDGE = [sys.executable, "-m", "storybridge"]


def sync(project: Path) -> None:
    done = subprocess.run([*STORYBRIDGE, "sync", "--project", str(project)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def outputs(project: Path) -> dict[str, bytes]:
    """Every file storybridge writes, but its cache and lock."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for folder in ("locale", "site")
        for path in sorted((project / folder).rglob("*"))
        if path.is_file()
    } | {".storybridge/owned.json": (project / ".storybridge/owned.json").read_bytes()}


def make_project(root: Path, stories: int) -> None:
    """Stories with translations, then edited, so a sync rewrites templates,
    catalogs and published files of every story."""
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nbelow_threshold = "draft"\n', encoding="utf-8")
    sources = sorted((ROOT / "stories").glob("*.md"))
    for number in range(stories):
        text = sources[number % len(sources)].read_text(encoding="utf-8")
        (root / "stories" / f"story-{number:03d}.md").write_text(text.replace("North Korean", f"North Korean ({number})"), encoding="utf-8")
    sync(root)
    for catalog in sorted((root / "locale/ko/LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(catalog), wrapwidth=0)
        for entry in [e for e in po if not e.obsolete][1:4]:
            entry.msgstr = f"자원봉사자 번역 {catalog.stem}"
        po.save()
    for story in sorted((root / "stories").glob("*.md")):
        story.write_text(story.read_text(encoding="utf-8") + "\nAn added closing line.\n", encoding="utf-8")


def test_sync_killed_at_random_instants_recovers_to_a_clean_run(tmp_path: Path) -> None:
    base = tmp_path / "base"
    make_project(base, 40)
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    start = time.monotonic()
    sync(clean)
    duration = time.monotonic() - start
    expected = outputs(clean)
    translations = sum(text.count(b"\xec\x9e\x90\xec\x9b\x90\xeb\xb4\x89\xec\x82\xac\xec\x9e\x90") for text in expected.values())
    assert translations > 0

    rng = random.Random(13)
    for attempt in range(8):
        work = tmp_path / f"killed-{attempt}"
        shutil.copytree(base, work)
        process = subprocess.Popen(
            [*STORYBRIDGE, "sync", "--project", str(work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, duration * 1.1))
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the workers too, as a power cut would
        except ProcessLookupError:
            pass  # finished first
        process.wait()
        sync(work)
        assert outputs(work) == expected, f"attempt {attempt}"
        assert not [p for p in work.rglob("*") if p.name.endswith(".tmp")], f"debris after attempt {attempt}"
        assert not (work / ".storybridge" / "tmp").exists()
        assert not (work / ".storybridge" / "journal.json").exists()
