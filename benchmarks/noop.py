"""Time no-op and one-edit syncs of settled projects, several storybridge builds interleaved.

    python benchmarks/noop.py --project /tmp/p10k --storybridge new=.venv/bin/storybridge \
        --storybridge prev=/work/prev/.venv/bin/storybridge --repeat 5

``--project`` is a synced (and translated) project; each build gets its own
copy (their caches differ), is settled there with two untimed syncs, then
the runs alternate build by build: a no-op sync, then a sync after one
story got one more paragraph (a fresh story each round), then a no-op
again. Wall time, CPU time (user + system of the process tree) and peak
memory (``/usr/bin/time``, the largest process) are reported as medians.
Peak memory of a no-op is also what issue 19's target 4 bounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import USERS_ENV, measure  # a sibling script, not a package

KINDS = ("noop", "one_edit", "noop_after_edit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--storybridge", action="append", required=True, metavar="NAME=PATH")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/storybridge-noop"))
    args = parser.parse_args(argv)
    builds = dict(item.split("=", 1) for item in args.storybridge)
    projects = {}
    for name, executable in builds.items():
        copy = args.workdir / name
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(args.project, copy, symlinks=True)
        for _ in range(2):
            measure([executable, "sync", "--project", str(copy)])
        projects[name] = copy
    stories = sorted((args.project / "stories").glob("*.md"))
    times: dict[tuple[str, str], list[tuple[float, float, float | None]]] = {}
    for round_ in range(args.repeat):
        for name, executable in builds.items():
            project = projects[name]
            command = [executable, "sync", "--project", str(project)]
            for kind in KINDS:
                if kind == "one_edit":
                    story = project / "stories" / stories[round_ % len(stories)].name
                    story.write_text(story.read_text(encoding="utf-8") + f"\nOne more paragraph, round {round_}.\n",
                                     encoding="utf-8")
                run = measure(command)
                if not run.ok:
                    print(f"{name} {kind}: failed: {run.stderr_head}", file=sys.stderr)
                times.setdefault((name, kind), []).append((run.wall_s, run.user_s + run.sys_s, run.maxrss_kib or None))
    print(f"| build | {' | '.join(f'{kind} wall s | CPU s | peak MiB' for kind in KINDS)} |")
    print("|---|" + "---:|" * (3 * len(KINDS)))
    for name in builds:
        cells = []
        for kind in KINDS:
            runs = times[(name, kind)]
            peaks = [p for _, _, p in runs if p is not None]
            cells += [f"{statistics.median(w for w, _, _ in runs):.2f}", f"{statistics.median(c for _, c, _ in runs):.2f}",
                      f"{statistics.median(peaks) / 1024:.0f}" if peaks else "n/a"]
        print(f"| {name} | {' | '.join(cells)} |")
    print(f"\n{args.repeat} rounds, builds interleaved; medians. Environment as users run it: {'PYTHONDONTWRITEBYTECODE' not in USERS_ENV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
