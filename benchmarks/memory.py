"""Time ``storybridge update`` with the translation memory on and off (issue 18).

    python benchmarks/memory.py --stories 1000 --repeat 3 --json memory.json

Two scenarios, each on a corpus (``corpus.py``, seed 7) prepared once,
untimed: extract, update, every catalog pseudo-translated as ``run.py``
does, then 5 % of the paragraphs edited and the templates extracted again.

- ``edits``: ``run.py``'s "update after edits", every catalog translated.
  The memory costs what every update with it pays: settling which
  catalogs serve as memory. Every catalog changed since the last update
  (the pseudo-translation), so each is parsed once, as on the first
  update after a bulk change; no entry needs filling, so no units are
  read and nothing is indexed.
- ``new-stories``: the same, but the catalogs of every 10th story stay
  untranslated, as for stories just added. Each of their entries is looked
  up (the corpus shares no paragraph between stories, so nearly every
  lookup searches the index and finds nothing): the memory's hard case.

The copies keep the memory cache (``.storybridge/memory/``) that the
preparing update left, as a real update finds the last one's: stories
whose text did not change and the catalogs of the new stories are known
by it, but every translated catalog changed since (the pseudo-translation)
and is parsed once; ``--cold`` removes the cache from the copies. A build
that cannot read the cache's version reads every catalog. ``--settled``:
each build runs one more update of its own after the pseudo-translation,
then the edits are made, so the timed update finds a cache (and a lookup
index) that knows every catalog as it is: the steady state of an archive
whose volunteers save a few catalogs between two updates, where the
memory costs its lookups and little else.

Each repeat copies the corpus twice and times one ``storybridge update`` on
each copy: one with ``memory = false`` in its settings, one with the
default (memory on). The two alternate, so a busy machine slows both alike.
With ``--storybridge NAME=PATH`` (repeatable) several builds take turns in
each repeat, on the same prepared corpus (prepared by the first build);
each build's last output stays in ``WORKDIR/SCENARIO/NAME-on`` and
``NAME-off`` for ``diff -r``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import run  # noqa: E402

SEED = 7
NEW_EVERY = 10
"""Every 10th story's catalogs stay untranslated: new stories."""


def storybridge() -> str:
    return str(Path(sys.executable).with_name("storybridge"))


def sb(command: list[str], project: Path, jobs: str | None, executable: str | None = None) -> None:
    argv = [executable or storybridge(), *command, "--project", str(project)] + ([f"--jobs={jobs}"] if jobs else [])
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")


SCENARIOS = {"edits": 0, "new-stories": NEW_EVERY}
"""Scenario → every how many stories the catalogs stay untranslated (0: none)."""


def prepare(
    out: Path, stories: int, jobs: str | None, new_every: int, executable: str | None = None, edit: bool = True
) -> None:
    """The corpus with translated catalogs and fresh templates after edits
    (``edit``; else translated, before the edits)."""
    corpus.generate(out, stories, SEED)
    sb(["extract"], out, jobs, executable)
    sb(["update"], out, jobs, executable)
    slugs = sorted(p.stem for p in (out / "stories").glob("*.md"))
    new = {slug for n, slug in enumerate(slugs) if new_every and n % new_every == 0}
    catalogs = [p for p in sorted((out / "locale").glob("*/LC_MESSAGES/*.po")) if p.stem not in new]
    run.translate_catalogs(catalogs)
    if edit:
        edit_and_extract(out, jobs, executable)


def edit_and_extract(out: Path, jobs: str | None, executable: str | None = None) -> None:
    corpus.edit_corpus(out, run.EDIT_FRACTION, SEED)
    sb(["extract"], out, jobs, executable)


def settle(translated: Path, out: Path, jobs: str | None, executable: str) -> None:
    """``translated`` updated once by ``executable``, then edited, in ``out``."""
    shutil.copytree(translated, out)
    sb(["update"], out, jobs, executable)
    edit_and_extract(out, jobs, executable)


def timed_update(
    pristine: Path, scratch: Path, memory: bool, jobs: str | None, executable: str | None = None, cold: bool = False
) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, of the process and its workers)
    of one update on a fresh copy of ``pristine``. On a machine shared with
    other work the CPU time varies much less than the wall time."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(pristine, scratch)
    if cold:
        shutil.rmtree(scratch / ".storybridge" / "memory", ignore_errors=True)
    if not memory:
        with open(scratch / "storybridge.toml", "a", encoding="utf-8") as settings:
            settings.write("memory = false\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    sb(["update"], scratch, jobs, executable)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def filled(project: Path) -> dict[str, int]:
    """Entries the memory filled, and entries left empty, in one run's output."""
    counts = {"memory_filled": 0, "empty": 0}
    for path in (project / "locale").glob("*/LC_MESSAGES/*.po"):
        text = path.read_text(encoding="utf-8")
        counts["memory_filled"] += text.count("\n#. memory: ")
        counts["empty"] += text.count('\nmsgstr ""\n\n') + text.endswith('\nmsgstr ""\n')
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", default=None, help="passed to update --jobs (default: one per core)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append", help="only these (default: all)")
    parser.add_argument("--storybridge", action="append", default=None, metavar="NAME=PATH",
                        help="builds to time side by side (default: the one beside this Python)")
    parser.add_argument("--cold", action="store_true", help="remove the memory cache from each copy")
    parser.add_argument("--settled", action="store_true",
                        help="each build updates once after the translation, before the edits")
    args = parser.parse_args(argv)
    args.builds = dict(b.split("=", 1) for b in args.storybridge) if args.storybridge else {"": storybridge()}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sb-memory-"))
    chosen = {name: every for name, every in SCENARIOS.items() if not args.scenario or name in args.scenario}
    results = [r for name, new_every in chosen.items() for r in scenario(work / name, name, new_every, args)]
    print("| scenario | build | stories | repeats | memory off s | memory on s | ratio | paired ratio | "
          "CPU off s | CPU on s | CPU ratio | paired CPU ratio | filled |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['scenario']} | {r['build']} | {r['stories']:,} | {r['repeat']} | {r['median_off_s']:.2f} | "
              f"{r['median_on_s']:.2f} | {r['ratio_on_off']:.2f}× | {r['median_paired_ratio']:.2f}× | "
              f"{r['median_cpu_off_s']:.2f} | {r['median_cpu_on_s']:.2f} | {r['cpu_ratio_on_off']:.2f}× | "
              f"{r['median_paired_cpu_ratio']:.2f}× | {r['memory_filled']} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def scenario(work: Path, name: str, new_every: int, args: argparse.Namespace) -> list[dict[str, object]]:
    pristine = work / "pristine"
    builds: dict[str, str] = args.builds
    if not pristine.exists():
        prepare(pristine, args.stories, args.jobs, new_every, next(iter(builds.values())), edit=not args.settled)
    prepared = {build: pristine for build in builds}
    if args.settled:
        prepared = {build: work / f"pristine-{build or 'settled'}" for build in builds}
        for build, out in prepared.items():
            if not out.exists():
                settle(pristine, out, args.jobs, builds[build])
    runs = [(build, mode) for build in builds for mode in ("off", "on")]
    times: dict[tuple[str, str], list[float]] = {run_: [] for run_ in runs}
    cpu: dict[tuple[str, str], list[float]] = {run_: [] for run_ in runs}
    for repeat in range(args.repeat):
        shift = repeat % len(runs)
        for build, mode in runs[shift:] + runs[:shift]:
            scratch = work / (f"{build}-{mode}" if build else mode)
            seconds, cpu_seconds = timed_update(prepared[build], scratch, mode == "on", args.jobs, builds[build], args.cold)
            times[build, mode].append(seconds)
            cpu[build, mode].append(cpu_seconds)
            print(f"  {name}, repeat {repeat + 1}: {build} memory {mode:<3} {seconds:7.2f} s, CPU {cpu_seconds:7.2f} s",
                  file=sys.stderr)
    return [summary(work, name, build, times, cpu, args) for build in builds]


def summary(
    work: Path, name: str, build: str, times: dict[tuple[str, str], list[float]],
    cpu: dict[tuple[str, str], list[float]], args: argparse.Namespace,
) -> dict[str, object]:
    off, on = statistics.median(times[build, "off"]), statistics.median(times[build, "on"])
    cpu_off, cpu_on = statistics.median(cpu[build, "off"]), statistics.median(cpu[build, "on"])
    # Each repeat times on and off within a minute of each other: the ratio
    # of the two is steadier than the ratio of medians on a machine whose
    # speed drifts (a shared VM here ran the same update 5 s to 8 s apart).
    paired = [a / b for a, b in zip(times[build, "on"], times[build, "off"])]
    paired_cpu = [a / b for a, b in zip(cpu[build, "on"], cpu[build, "off"])]
    return {
        "scenario": name,
        "build": build,
        "cold": args.cold,
        "settled": args.settled,
        "stories": args.stories,
        "repeat": args.repeat,
        "jobs": args.jobs,
        "update_memory_off_s": [round(t, 2) for t in times[build, "off"]],
        "update_memory_on_s": [round(t, 2) for t in times[build, "on"]],
        "median_off_s": round(off, 2),
        "median_on_s": round(on, 2),
        "ratio_on_off": round(on / off, 2),
        "update_cpu_memory_off_s": [round(t, 2) for t in cpu[build, "off"]],
        "update_cpu_memory_on_s": [round(t, 2) for t in cpu[build, "on"]],
        "median_cpu_off_s": round(cpu_off, 2),
        "median_cpu_on_s": round(cpu_on, 2),
        "cpu_ratio_on_off": round(cpu_on / cpu_off, 2),
        "paired_ratios": [round(r, 2) for r in paired],
        "median_paired_ratio": round(statistics.median(paired), 2),
        "paired_cpu_ratios": [round(r, 2) for r in paired_cpu],
        "median_paired_cpu_ratio": round(statistics.median(paired_cpu), 2),
        **filled(work / (f"{build}-on" if build else "on")),
    }


if __name__ == "__main__":
    raise SystemExit(main())
