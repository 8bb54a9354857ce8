"""Time the checks and the build on hostile translations (issue 13, finding 8).

Python-Markdown and markdown-it-py read some texts in quadratic time: a
msgstr of ten thousand ``[`` took 8.7 s to build. This times, for each
hostile msgstr, every check on it alone (in process) and ``storybridge
build`` and ``build --html`` on a one-story project whose Korean catalog
holds it (one process each, wall time).

    python benchmarks/hostile.py                      # the issue's strings, and 100 KB of each pattern
    python benchmarks/hostile.py --storybridge PATH   # another build of storybridge for the CLI part
    python benchmarks/hostile.py --baseline PATH      # and, interleaved, another build (e.g. main's)
    python benchmarks/hostile.py --patterns-only      # only the 100 KB table

The 100 KB table times, per pattern, ``storybridge check`` and ``build
--html`` on the one-story project: the processor seconds of the whole
command (user + system, its start-up of some 0.4 s included), the median
of ``--repeat`` runs, the builds interleaved run by run.
"""

from __future__ import annotations

import argparse
import resource
import statistics
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


def make_project(storybridge: list[str], project: Path, msgstr: str) -> None:
    """A one-story project whose Korean catalog holds ``msgstr``."""
    (project / "stories").mkdir()
    (project / "stories" / "hostile.md").write_text(STORY, encoding="utf-8")
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    subprocess.run([*storybridge, "sync", "--project", str(project)], check=True, capture_output=True)
    catalog = project / "locale/ko/LC_MESSAGES/hostile.po"
    po = polib.pofile(str(catalog))
    po.find("Translation of a plain paragraph.").msgstr = msgstr
    po.save()


def time_command(storybridge: list[str], project: Path, command: list[str], cpu: bool = False) -> float:
    """Wall seconds of one command, or with ``cpu`` the processor seconds it
    used (user + system): on a shared machine the wall time is mostly
    waiting for a core."""
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*storybridge, *command, "--project", str(project)], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu:
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start


def time_build(storybridge: list[str], msgstr: str, html: bool) -> float:
    with tempfile.TemporaryDirectory() as folder:
        make_project(storybridge, Path(folder), msgstr)
        return time_command(storybridge, Path(folder), ["build", *(["--html"] if html else [])])


def pattern_table(builds: dict[str, list[str]], repeat: int) -> None:
    """Per pattern at 100 KB: ``check`` and ``build --html`` for each build, interleaved."""
    names = list(builds)
    print("\n| pattern to 100 KB | " + " | ".join(f"check CPU s ({n}) | build --html CPU s ({n})" for n in names) + " |")
    print("|---|" + "---:|" * (2 * len(names)))
    for pattern in PATTERNS:
        text = "번역 " + pattern * (100_000 // len(pattern))
        times: dict[tuple[str, str], list[float]] = {}
        with tempfile.TemporaryDirectory() as folder:
            projects = {}
            for name in names:
                projects[name] = Path(folder) / name
                projects[name].mkdir()
                make_project(builds[name], projects[name], text)
            for _ in range(repeat):
                for name in names:  # interleaved: the machine's load falls on every build alike
                    for command in (["check"], ["build", "--html"]):
                        times.setdefault((name, command[0]), []).append(
                            time_command(builds[name], projects[name], command, cpu=True))
        cells = [f"{statistics.median(times[(name, command)]):.2f}" for name in names for command in ("check", "build")]
        print(f"| {pattern!r} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storybridge", default=None, help="the executable for the CLI timings")
    parser.add_argument("--baseline", default=None, help="another storybridge executable, timed interleaved")
    parser.add_argument("--patterns-only", action="store_true", help="only the 100 KB table of the CLI")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command for the 100 KB table (median)")
    args = parser.parse_args()
    storybridge = [args.storybridge] if args.storybridge else [sys.executable, "-m", "storybridge"]
    builds = {"this": storybridge} | ({"baseline": [args.baseline]} if args.baseline else {})
    if args.patterns_only:
        pattern_table(builds, args.repeat)
        return
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
    pattern_table(builds, args.repeat)


if __name__ == "__main__":
    main()
