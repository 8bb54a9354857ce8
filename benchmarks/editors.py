"""Time what editors run most, ``status`` and ``check``, cold and warm (issue 19).

    python benchmarks/editors.py --stories 1000 --repeat 3
    python benchmarks/editors.py --stories 1000 --baseline /work/prev/.venv/bin/storybridge

Builds a corpus (``corpus.py``, fixed seed), syncs it, pseudo-translates
every catalog (as ``run.py`` does) and syncs again. Then, for each
executable measured (``--storybridge``, default the one beside this
Python, and the optional ``--baseline``), on the same corpus:

    cold   the caches in .storybridge/ removed, then status, check and
           check --format json
    warm   the three again, nothing changed (--repeat times): each
           replays what it printed last (.storybridge/output/); with each
           round, ``storybridge --help`` (the start-up floor)
    rendered  the recorded outputs removed, nothing else: each renders
           again from its per-story results (and records again)
    edit   one msgstr of one catalog changed, then the three
    glossary  a glossary row added, then the three

``--corpus DIR`` measures an existing synced project instead of building
one (the 10,000-story one takes hours to build and translate here).

Each run is one process, timed from start to exit, with Python's
bytecode cache on as users run it (``PYTHONDONTWRITEBYTECODE`` dropped); its peak memory is
the ``ru_maxrss`` GNU time reports (``/usr/bin/time -f %M``), or, without
GNU time, ``RUSAGE_CHILDREN`` read by a fresh Python process that ran only
that command. The table gives medians of wall and CPU (user + system)
seconds and the largest peak; the printed bytes of every warm run are
compared with the cold run's (``same output``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # a sibling script, not a package
import run as harness  # for its pseudo-translation

GNU_TIME = "/usr/bin/time"
HAS_GNU_TIME = os.access(GNU_TIME, os.X_OK)
CACHES = ("status.jsonl", "status-details.jsonl", "check.jsonl", "verdicts.jsonl")
OUTPUTS = "output"
COMMANDS = (("status",), ("check",), ("check", "--format", "json"))

# Run a command and report its own rusage: a fresh process, so RUSAGE_CHILDREN holds that command only.
RUSAGE_SCRIPT = r"""
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=open(sys.argv[1], "wb"), stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime, usage.ru_stime, usage.ru_maxrss, done.returncode)
"""


@dataclass
class Timed:
    wall: float
    cpu: float
    peak_kib: int
    code: int
    output: str
    """sha256 of what the command printed on stdout."""


def measure(command: list[str], cwd: Path) -> Timed:
    """One process, start to exit: wall and CPU seconds, peak RSS, stdout digest."""
    with tempfile.NamedTemporaryFile() as out, tempfile.NamedTemporaryFile("r") as usage:
        start = time.perf_counter()
        if HAS_GNU_TIME:
            with open(out.name, "wb") as stdout:
                code = subprocess.run([GNU_TIME, "-f", "%U %S %M", "-o", usage.name, *command], cwd=cwd, env=harness.USERS_ENV,
                                      stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.DEVNULL).returncode
            fields = (usage.read().strip().splitlines() or [""])[-1].split()
            user, system, peak = float(fields[0]), float(fields[1]), int(fields[2])
        else:
            done = subprocess.run([sys.executable, "-c", RUSAGE_SCRIPT, out.name, *command], cwd=cwd,
                                  env=harness.USERS_ENV, capture_output=True, text=True, check=True)
            user_s, system_s, peak_s, code_s = done.stdout.split()
            user, system, peak, code = float(user_s), float(system_s), int(peak_s), int(code_s)
        wall = time.perf_counter() - start
        digest = hashlib.sha256(Path(out.name).read_bytes()).hexdigest()
    return Timed(wall, user + system, peak, code, digest)


def build_corpus(stories: int, seed: int, folder: Path, storybridge: str) -> None:
    """The corpus, synced, every catalog pseudo-translated, synced again."""
    if folder.exists():
        shutil.rmtree(folder)
    subprocess.run([sys.executable, str(Path(corpus.__file__)), "--stories", str(stories), "--seed", str(seed),
                    "--out", str(folder)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([storybridge, "sync"], cwd=folder, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    harness.translate_catalogs(sorted(folder.glob("locale/*/LC_MESSAGES/**/*.po")))
    subprocess.run([storybridge, "sync"], cwd=folder, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Age every file, as an editor's checkout is: no stamp is then racy.
    past = time.time_ns() - 3600 * 10**9
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def forget(folder: Path) -> None:
    for name in CACHES:
        (folder / ".storybridge" / name).unlink(missing_ok=True)
    forget_outputs(folder)


def forget_outputs(folder: Path) -> None:
    shutil.rmtree(folder / ".storybridge" / OUTPUTS, ignore_errors=True)


def edit_one_catalog(folder: Path) -> None:
    """One msgstr of the first Korean catalog gets a word more, as a volunteer's save."""
    path = sorted(folder.glob("locale/ko/LC_MESSAGES/*.po"))[0]
    text = path.read_text(encoding="utf-8")
    marker = 'msgstr "⟪ko⟫ '
    path.write_text(text.replace(marker, marker + "새 ", 1), encoding="utf-8")


def add_glossary_row(folder: Path, round_number: int) -> None:
    path = folder / "locale" / "glossary.csv"
    if not path.exists():
        path.write_text("source,language,translation,note\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f"garden{round_number},ko,정원{round_number},\n")


def bench(executable: str, folder: Path, repeat: int, scenarios: list[str], partial_repeat: int = 1) -> dict[str, dict[str, list[Timed]]]:
    """Every scenario's runs of status and check for one executable."""
    runs: dict[str, dict[str, list[Timed]]] = {}

    def once(scenario: str, commands: tuple[tuple[str, ...], ...] = COMMANDS) -> None:
        for command in commands:
            timed = measure([executable, *command], folder)
            name = " ".join(command)
            runs.setdefault(scenario, {}).setdefault(name, []).append(timed)
            print(f"  {scenario:9} {name:19} {timed.wall:7.2f} s wall {timed.cpu:7.2f} s CPU "
                  f"{timed.peak_kib / 1024:6.0f} MiB exit {timed.code}", file=sys.stderr, flush=True)

    forget(folder)
    once("cold")
    for _ in range(repeat):
        once("warm", COMMANDS + (("--help",),))
    if "rendered" in scenarios:
        for _ in range(partial_repeat):
            forget_outputs(folder)
            once("rendered")
    if "edit" in scenarios:
        for _ in range(partial_repeat):
            edit_one_catalog(folder)
            once("edit")
    if "glossary" in scenarios:
        for number in range(partial_repeat):
            add_glossary_row(folder, number)
            once("glossary")
    return runs


def table(results: dict[str, dict[str, dict[str, list[Timed]]]]) -> str:
    """Medians per scenario and command, one column group per executable;
    with a baseline, the ratios of CPU and wall times and whether the cold outputs agree."""
    names = list(results)
    first = results[names[0]]
    head = "| scenario | command | " + " | ".join(f"{name} wall s | CPU s | peak MiB" for name in names)
    rule = "|---|---|" + "---:|---:|---:|" * len(names)
    if len(names) > 1:
        head += " | ratio (CPU) | ratio (wall)"
        rule += "---:|---:|"
    lines = [head + " | output = cold run's |" + (" cold output = baseline's |" if len(names) > 1 else ""),
             rule + "---|" + ("---|" if len(names) > 1 else "")]
    for scenario in first:
        for command in first[scenario]:
            cells, walls, cpus = [], [], []
            for name in names:
                timed = results[name].get(scenario, {}).get(command, [])
                if not timed:
                    cells.append("n/a | n/a | n/a")
                    continue
                walls.append(statistics.median(t.wall for t in timed))
                cpus.append(statistics.median(t.cpu for t in timed))
                cells.append(f"{walls[-1]:.2f} | {cpus[-1]:.2f} | {max(t.peak_kib for t in timed) / 1024:.0f}")
            row = f"| {scenario} | {command} | " + " | ".join(cells) + " |"
            if len(names) > 1:
                row += (f" {cpus[0] / cpus[-1]:.3f}× | {walls[0] / walls[-1]:.3f}× |" if len(walls) == len(names)
                        else " n/a | n/a |")
            cold = first["cold"].get(command)
            if scenario in ("warm", "rendered") and cold:
                row += " yes |" if all(t.output == cold[0].output for t in first[scenario][command]) else " NO |"
            else:
                row += " — |"
            if len(names) > 1:
                other = results[names[-1]].get("cold", {}).get(command)
                row += (" yes |" if other and cold and other[0].output == cold[0].output else " NO |") if scenario == "cold" else " — |"
            lines.append(row)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="warm runs (and edit, glossary rounds) per executable")
    parser.add_argument("--storybridge", default=str(Path(sys.executable).with_name("storybridge")),
                        help="the executable to measure (default: the one beside this Python)")
    parser.add_argument("--baseline", help="a second executable, e.g. the previous main's, measured on the same corpus")
    parser.add_argument("--baseline-repeat", type=int, default=1, help="warm runs of the baseline (it has no cache)")
    parser.add_argument("--scenarios", default="rendered,edit,glossary",
                        help="besides cold and warm: rendered, edit, glossary (comma-separated)")
    parser.add_argument("--partial-repeat", type=int, default=1, help="rounds of each of those scenarios")
    parser.add_argument("--workdir", type=Path, help="keep the corpus here (default: a temporary folder)")
    parser.add_argument("--corpus", type=Path, help="an existing synced project to measure (not built, not aged)")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args()
    scenarios = [name for name in args.scenarios.split(",") if name]
    if args.corpus:
        folder = args.corpus
    else:
        work = args.workdir or Path(tempfile.mkdtemp(prefix="storybridge-editors-"))
        folder = work / f"corpus-{args.stories}"
        print(f"building {args.stories} stories in {folder}", file=sys.stderr, flush=True)
        build_corpus(args.stories, args.seed, folder, args.storybridge)
    results: dict[str, dict[str, dict[str, list[Timed]]]] = {}
    print(f"{args.storybridge}:", file=sys.stderr)
    results["storybridge"] = bench(args.storybridge, folder, args.repeat, scenarios, args.partial_repeat)
    if args.baseline:
        # The glossary rows the first executable added stay: the baseline reads the same files.
        print(f"{args.baseline}:", file=sys.stderr)
        results["baseline"] = bench(args.baseline, folder, args.baseline_repeat, [], args.partial_repeat)
    measured = str(args.corpus) if args.corpus else f"{args.stories} stories"
    print(f"\n{measured}, {'GNU time' if HAS_GNU_TIME else 'RUSAGE_CHILDREN'}, medians\n")
    print(table(results), end="")
    if args.json:
        args.json.write_text(json.dumps({name: {scenario: {command: [t.__dict__ for t in timed]
                                                            for command, timed in commands.items()}
                                                 for scenario, commands in runs.items()}
                                         for name, runs in results.items()}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
