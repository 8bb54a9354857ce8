"""Time the checks and the build on hostile translations (issue 13, finding 8).

Python-Markdown and markdown-it-py read some texts in quadratic time: a
msgstr of ten thousand ``[`` took 8.7 s to build. This times, for each
hostile msgstr, every check on it alone (in process) and ``storybridge
build`` and ``build --html`` on a one-story project whose Korean catalog
holds it (one process each, wall time).

    python benchmarks/hostile.py                      # the issue's strings, and 100 KB of each pattern
    python benchmarks/hostile.py --storybridge PATH   # another build of storybridge for the CLI part
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

from storybridge.checks.base import CheckedEntry
from storybridge.checks.registry import CHECKS, check_entry

STRINGS = {
    "'[' * 10000": "번역 " + "[" * 10000,
    "'[' * 20000": "번역 " + "[" * 20000,
    "'![' * 10000": "번역 " + "![" * 10000,
}
PATTERNS = ["[", "![", "[](", "{", "**a", "\\", "_a", "*[", "[x][", "[a]("]
STORY = "---\ntitle: Hostile\nlang: en\n---\n\nTranslation of a plain paragraph.\n"


def time_checks(msgstr: str) -> tuple[float, str]:
    """Seconds for every check on one entry, and the slowest check."""
    entry = CheckedEntry(msgid="Translation of a plain paragraph.", msgstr=msgstr, language="ko")
    times = {}
    for name in CHECKS:
        start = time.perf_counter()
        check_entry(entry, [name])
        times[name] = time.perf_counter() - start
    return sum(times.values()), max(times, key=lambda name: times[name])


def time_build(storybridge: list[str], msgstr: str, html: bool) -> float:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "stories").mkdir()
        (project / "stories" / "hostile.md").write_text(STORY, encoding="utf-8")
        (project / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
        subprocess.run([*storybridge, "sync", "--project", str(project)], check=True, capture_output=True)
        catalog = project / "locale/ko/LC_MESSAGES/hostile.po"
        po = polib.pofile(str(catalog))
        po.find("Translation of a plain paragraph.").msgstr = msgstr
        po.save()
        start = time.perf_counter()
        subprocess.run([*storybridge, "build", "--project", str(project), *(["--html"] if html else [])], capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storybridge", default=None, help="the executable for the CLI timings")
    args = parser.parse_args()
    storybridge = [args.storybridge] if args.storybridge else [sys.executable, "-m", "storybridge"]
    print("| msgstr | all checks s | slowest check | build s | build --html s |")
    print("|---|---:|---|---:|---:|")
    for label, text in STRINGS.items():
        seconds, slowest = time_checks(text)
        print(f"| {label} | {seconds:.2f} | {slowest} | {time_build(storybridge, text, False):.2f} "
              f"| {time_build(storybridge, text, True):.2f} |", flush=True)
    for pattern in PATTERNS:
        text = "번역 " + pattern * (100_000 // len(pattern))
        seconds, slowest = time_checks(text)
        print(f"| {pattern!r} to 100 KB | {seconds:.2f} | {slowest} | | |", flush=True)


if __name__ == "__main__":
    main()
