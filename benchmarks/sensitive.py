"""Time the sensitive-details guard (#16) over a generated corpus.

    python benchmarks/sensitive.py --stories 1000 --entries 500
    python benchmarks/sensitive.py --stories 1000 --build      # also time build with and without the list

Generates the corpus with ``corpus.py`` (fixed seed) and a private list of
invented entries (Hangul, Han and Latin names made from syllable pools,
with ``|`` variants), then times, in this process: compiling the list, and
scanning every story's whole text (front matter and body) with the list
and every detector, as ``build`` and ``check`` scan sources (wall and
CPU time). With ``--build``, the corpus is also extracted, updated and
pseudo-translated (as ``run.py`` does), and ``storybridge build`` is timed
without a private list and with it (the list outside the corpus, the
build cache removed before each run), so the guard's whole cost in the
build (sources, catalogs, built files) shows. Prints one line per measure
and, with ``--json``, writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402  (a sibling script, not a package)

from storybridge.checks.sensitive import Guard, parse_list  # noqa: E402

HANGUL = "김이박최정강조윤장임한오서신권황안송류홍순미영희철수민지현우서연하윤도솜별빛"
HAN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁曉雯華麗明德春秋"
LATIN = ["cor", "win", "va", "le", "dar", "ien", "mal", "ko", "vi", "ren", "tal", "bo", "sey", "mour"]


def private_list(entries: int, seed: int = 16) -> str:
    """``entries`` invented names, a third each Hangul, Han and Latin; every
    fifth line has a variant."""
    rng = random.Random(f"sensitive-{seed}")
    lines = ["# invented names for the benchmark"]
    for number in range(entries):
        kind = number % 3
        if kind == 0:
            name = "".join(rng.choice(HANGUL) for _ in range(3))
        elif kind == 1:
            name = "".join(rng.choice(HAN) for _ in range(3))
        else:
            name = " ".join("".join(rng.choice(LATIN) for _ in range(2)).title() for _ in range(2))
        if number % 5 == 0:
            name += " | " + name[::-1]
        lines.append(name)
    return "\n".join(lines) + "\n"


def time_builds(project: Path, listed: Path) -> dict[str, float]:
    """Wall and CPU time of ``storybridge build`` without and with the list."""
    import run  # the sibling harness: its pseudo translation

    storybridge = str(Path(sys.executable).with_name("storybridge"))
    env = {key: value for key, value in os.environ.items() if key != "STORYBRIDGE_SENSITIVE_LIST"}
    for step in ("extract", "update"):
        subprocess.run([storybridge, step, "--project", str(project)], check=True, env=env, capture_output=True)
    run.translate_catalogs(sorted((project / "locale").rglob("*.po")))
    measured = {}
    for name, extra in (("build_without_list", {}), ("build_with_list", {"STORYBRIDGE_SENSITIVE_LIST": str(listed)})):
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".storybridge", ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([storybridge, "build", "--project", str(project)], check=True, env={**env, **extra},
                       capture_output=True)
        measured[f"{name}_s"] = round(time.perf_counter() - started, 2)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU of the build and its workers: on a shared machine, wall time swings.
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        measured[f"{name}_cpu_s"] = round(cpu, 2)
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--json", type=Path, help="write the measures here")
    parser.add_argument("--build", action="store_true", help="also time storybridge build with and without the list")
    args = parser.parse_args(argv)
    builds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "corpus"
        corpus.generate(out, args.stories, 7)
        texts = [path.read_text(encoding="utf-8") for path in sorted((out / "stories").rglob("*.md"))]
        if args.build:
            listed = Path(scratch) / "private.txt"
            listed.write_text(private_list(args.entries), encoding="utf-8")
            builds = time_builds(out, listed)
    characters = sum(map(len, texts))
    started = time.perf_counter()
    guard = Guard(parse_list(private_list(args.entries), "list"), ("@storybridge_org",))
    guard.scan("warm up: compile the automaton and the fold table")
    compiled = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    findings = sum(len(guard.scan(text)) for text in texts)
    scanned, scanned_cpu = time.perf_counter() - started, time.process_time() - cpu
    measures: dict[str, object] = {
        "stories": len(texts),
        "characters": characters,
        "entries": args.entries,
        "patterns": len(guard.matcher),
        "compile_s": round(compiled, 3),
        "scan_s": round(scanned, 3),
        "findings": findings,
        "scan_cpu_s": round(scanned_cpu, 3),
        "megachars_per_cpu_s": round(characters / scanned_cpu / 1e6, 2),
        **builds,
    }
    for key, value in measures.items():
        print(f"{key:>16}: {value}")
    if args.json:
        args.json.write_text(json.dumps(measures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
