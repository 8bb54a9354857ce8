"""Time ``storybridge update`` with the translation memory on and off (issue 18).

    python benchmarks/memory.py --stories 1000 --repeat 3 --json memory.json

Two scenarios, each on a corpus (``corpus.py``, seed 7) prepared once,
untimed: extract, update, every catalog pseudo-translated as ``run.py``
does, then 5 % of the paragraphs edited and the templates extracted again.

- ``edits``: ``run.py``'s "update after edits", every catalog translated.
  The memory costs what every update with it pays: reading every catalog
  of the archive once before the merge.
- ``new-stories``: the same, but the catalogs of every 10th story stay
  untranslated, as for stories just added. Each of their entries is looked
  up (the corpus shares no paragraph between stories, so every lookup
  searches the index and finds nothing): the memory's hard case.

Each repeat copies the corpus twice and times one ``storybridge update`` on
each copy: one with ``memory = false`` in its settings, one with the
default (memory on). The two alternate, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import json
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


def sb(command: list[str], project: Path, jobs: str | None) -> None:
    argv = [storybridge(), *command, "--project", str(project)] + ([f"--jobs={jobs}"] if jobs else [])
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")


SCENARIOS = {"edits": 0, "new-stories": NEW_EVERY}
"""Scenario → every how many stories the catalogs stay untranslated (0: none)."""


def prepare(out: Path, stories: int, jobs: str | None, new_every: int) -> None:
    """The corpus with translated catalogs and fresh templates after edits."""
    corpus.generate(out, stories, SEED)
    sb(["extract"], out, jobs)
    sb(["update"], out, jobs)
    slugs = sorted(p.stem for p in (out / "stories").glob("*.md"))
    new = {slug for n, slug in enumerate(slugs) if new_every and n % new_every == 0}
    catalogs = [p for p in sorted((out / "locale").glob("*/LC_MESSAGES/*.po")) if p.stem not in new]
    run.translate_catalogs(catalogs)
    corpus.edit_corpus(out, run.EDIT_FRACTION, SEED)
    sb(["extract"], out, jobs)


def timed_update(pristine: Path, scratch: Path, memory: bool, jobs: str | None) -> float:
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(pristine, scratch)
    if not memory:
        with open(scratch / "storybridge.toml", "a", encoding="utf-8") as settings:
            settings.write("memory = false\n")
    start = time.perf_counter()
    sb(["update"], scratch, jobs)
    return time.perf_counter() - start


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
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sb-memory-"))
    results = [scenario(work / name, name, new_every, args) for name, new_every in SCENARIOS.items()]
    print("| scenario | stories | repeats | update, memory off s | update, memory on s | ratio | entries filled |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['scenario']} | {r['stories']:,} | {r['repeat']} | {r['median_off_s']:.2f} | "
              f"{r['median_on_s']:.2f} | {r['ratio_on_off']:.2f}× | {r['memory_filled']} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def scenario(work: Path, name: str, new_every: int, args: argparse.Namespace) -> dict[str, object]:
    pristine = work / "pristine"
    if not pristine.exists():
        prepare(pristine, args.stories, args.jobs, new_every)
    times: dict[str, list[float]] = {"off": [], "on": []}
    for repeat in range(args.repeat):
        for mode in ("off", "on") if repeat % 2 == 0 else ("on", "off"):
            seconds = timed_update(pristine, work / mode, mode == "on", args.jobs)
            times[mode].append(seconds)
            print(f"  {name}, repeat {repeat + 1}: memory {mode:<3} {seconds:7.2f} s", file=sys.stderr)
    off, on = statistics.median(times["off"]), statistics.median(times["on"])
    return {
        "scenario": name,
        "stories": args.stories,
        "repeat": args.repeat,
        "jobs": args.jobs,
        "update_memory_off_s": [round(t, 2) for t in times["off"]],
        "update_memory_on_s": [round(t, 2) for t in times["on"]],
        "median_off_s": round(off, 2),
        "median_on_s": round(on, 2),
        "ratio_on_off": round(on / off, 2),
        **filled(work / "on"),
    }


if __name__ == "__main__":
    raise SystemExit(main())
