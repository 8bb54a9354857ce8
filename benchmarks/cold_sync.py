"""Time a cold ``storybridge sync`` of several builds side by side, interleaved.

    python benchmarks/cold_sync.py --stories 1000 --repeat 3 \\
        NAME=PATH/TO/storybridge NAME=PATH/TO/storybridge ... [--keep DIR]

The corpus (``corpus.py``, seed 7) is generated once; each round copies it
afresh for every build (the order rotating from round to round, so a busy
machine slows each alike) and times one ``sync`` on the copy: no template,
catalog, cache or publish folder yet. Wall and CPU seconds (user + system,
of the process and its workers) are printed per run, then the medians.
With ``--keep DIR`` the last output of each build stays in ``DIR/NAME``,
for ``diff -r`` of ``locale/`` and ``site/`` between builds.
"""

from __future__ import annotations

import argparse
import json
import os
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

SEED = 7


def timed_sync(executable: str, pristine: Path, scratch: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one sync on a fresh copy of ``pristine``."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(pristine, scratch)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([executable, "sync", "--project", str(scratch)], capture_output=True, text=True,
                          check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{executable} sync failed:\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("builds", nargs="+", help="NAME=EXECUTABLE")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="leave each build's last output in KEEP/NAME")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    builds = dict(build.split("=", 1) for build in args.builds)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="sb-cold-"))
    pristine = work / "pristine"
    if not pristine.exists():
        corpus.generate(pristine, args.stories, SEED)
    names = list(builds)
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(args.repeat):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            scratch = (args.keep or work) / name
            seconds, cpu_seconds = timed_sync(builds[name], pristine, scratch)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
            print(f"  round {round_ + 1}: {name:<12} {seconds:7.2f} s, CPU {cpu_seconds:7.2f} s", file=sys.stderr)
    print("| build | stories | runs | wall s (median) | CPU s (median) |")
    print("|---|---:|---:|---:|---:|")
    results = []
    for name in names:
        results.append({"build": name, "executable": builds[name], "stories": args.stories,
                        "wall_s": [round(t, 2) for t in wall[name]], "cpu_s": [round(t, 2) for t in cpu[name]],
                        "median_wall_s": round(statistics.median(wall[name]), 2),
                        "median_cpu_s": round(statistics.median(cpu[name]), 2)})
        print(f"| {name} | {args.stories:,} | {args.repeat} | {results[-1]['median_wall_s']:.2f} | "
              f"{results[-1]['median_cpu_s']:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
