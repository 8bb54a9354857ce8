"""Time storybridge's commands against mdpo and GNU msgmerge on generated corpora.

    python benchmarks/run.py --sizes 100,1000 --repeat 3 --json results.json

For each size N a corpus is generated once (``corpus.py``, fixed seed); each
repeat starts from a fresh copy of it and runs, in this order, each step as
a whole process whose wall time, CPU time and peak memory are recorded:

    storybridge extract, update (fresh catalogs)
    [untimed: every catalog entry gets a pseudo translation]
    storybridge build, status, check
    [untimed: storybridge sync, to settle]      storybridge sync (no-op)
    mdpo md2po (fresh), [untimed: translate], mdpo po2md
    [untimed: edit 5 % of the paragraphs]       storybridge extract (after edits)
    storybridge update (after edits), msgmerge loop, babel update

Peak memory is the ``ru_maxrss`` of that one process tree, as GNU time
reports it (``/usr/bin/time -f %M``): the largest resident set of the
process or of any process it waited for (for the msgmerge loop, the shell
and every msgmerge it ran; for ``--jobs`` workers, the largest worker, not
their sum). It is never mixed with earlier steps, as ``RUSAGE_CHILDREN``
would be. See ``measure`` for why this does not call ``os.wait4`` alone.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # a sibling script, not a package

SEED = 7
HAS_GNU_TIME = os.access("/usr/bin/time", os.X_OK)
EDIT_FRACTION = 0.05
STDERR_LINES = 12
USERS_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""Every timed process runs as users run it: Python caches compiled
modules (a shell that sets PYTHONDONTWRITEBYTECODE recompiles every
module of storybridge, an editable install, on every start)."""

# Steps in table order: (key, label).
STEPS: tuple[tuple[str, str], ...] = (
    ("sb_sync_cold", "storybridge sync (cold: extract+update+build, 1 process tree)"),
    ("sb_extract", "storybridge extract"),
    ("sb_update", "storybridge update (fresh)"),
    ("sb_build", "storybridge build"),
    ("sb_status", "storybridge status"),
    ("sb_check", "storybridge check"),
    ("sb_sync_noop", "storybridge sync (no-op)"),
    ("sb_sync_noop_again", "storybridge sync (no-op, again)"),
    ("sb_sync_one_edit", "storybridge sync (one story edited)"),
    ("sb_extract_edit", "storybridge extract (after edits)"),
    ("sb_update_edit", "storybridge update (after edits)"),
    ("mdpo_md2po", "mdpo md2po (fresh, 1 process)"),
    ("mdpo_po2md", "mdpo po2md (1 process)"),
    ("msgmerge_loop", "msgmerge (after edits, 1 process per catalog)"),
    ("babel_update", "babel Catalog.update (after edits, 1 process)"),
)

# One Python process for the whole corpus, so interpreter start-up is paid once.
MD2PO_SCRIPT = r"""
import sys
from pathlib import Path
from mdpo import markdown_to_pofile

stories, out = Path(sys.argv[1]), Path(sys.argv[2])
languages = sys.argv[3].split(",")
for path in sorted(stories.glob("*.md")):
    text = path.read_text(encoding="utf-8")
    # mdpo knows no front matter: give it the body, as storybridge segments it.
    _, front, body = text.split("---\n", 2)
    lang = next(line.split(":", 1)[1].strip() for line in front.splitlines() if line.startswith("lang:"))
    for target in languages:
        if target == lang:
            continue
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        markdown_to_pofile(body, po_filepath=str(folder / (path.stem + ".po")), save=True)
"""

PO2MD_SCRIPT = r"""
import sys
from pathlib import Path
from mdpo import pofile_to_markdown

stories, out, site = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
for folder in sorted(p for p in out.iterdir() if p.is_dir()):
    target = site / folder.name
    target.mkdir(parents=True, exist_ok=True)
    for po in sorted(folder.glob("*.po")):
        text = (stories / (po.stem + ".md")).read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        markdown = pofile_to_markdown(body, [str(po)])
        (target / (po.stem + ".md")).write_text("---\n" + front + "---\n" + markdown, encoding="utf-8")
"""

# Babel's merge (the engine of `pybabel update`), one process for every catalog.
BABEL_SCRIPT = r"""
import sys
from babel.messages.pofile import read_po, write_po

for line in open(sys.argv[1], encoding="utf-8"):
    po, pot = line.rstrip("\n").split("\t")
    with open(pot, "rb") as f:
        template = read_po(f)
    with open(po, "rb") as f:
        catalog = read_po(f)
    catalog.update(template, update_header_comment=False)
    with open(po, "wb") as f:
        write_po(f, catalog, width=79, include_previous=True)
"""

# One msgmerge per catalog, as people run it; --previous keeps the old msgid
# of a fuzzy entry, as storybridge does.
MSGMERGE_LOOP = r"""
while IFS="$(printf '\t')" read -r po pot; do
    msgmerge --quiet --previous --update --backup=none "$po" "$pot" || exit 1
done < "$1"
"""


@dataclass
class Run:
    """One timed process."""

    wall_s: float
    user_s: float
    sys_s: float
    maxrss_kib: int
    returncode: int
    ok: bool
    stderr_head: str = ""


@dataclass
class StepResult:
    """Every repeat of one step at one size."""

    runs: list[Run] = field(default_factory=list)
    skipped: str = ""
    """Why the step did not run (command missing, dependency missing)."""

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def median_s(self) -> float | None:
        good = [r.wall_s for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def median_cpu_s(self) -> float | None:
        """User + system time of the process tree: less sensitive than wall
        time to other load on the machine, and above it with --jobs."""
        good = [r.user_s + r.sys_s for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def peak_mib(self) -> float | None:
        good = [r.maxrss_kib for r in self.runs if r.ok]
        return max(good) / 1024 if good else None


GNU_TIME = "/usr/bin/time"
TIME_FORMAT = "%U %S %M %x"


def measure(command: Sequence[str], cwd: Path | None = None, ok_codes: frozenset[int] = frozenset({0})) -> Run:
    """Run one process to the end, under GNU time, which forks it from its
    own small process and reports the child's ru_maxrss from wait4.

    Not os.wait4 on a child of this script: Linux keeps the largest RSS
    across exec, and a child forked from this process starts with this
    process's resident pages, so every step would weigh at least as much as
    the harness does. Without GNU time, that is the fallback, flagged.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as usage_file:
        timed = [GNU_TIME, "-f", TIME_FORMAT, "-o", usage_file.name, *command] if HAS_GNU_TIME else list(command)
        start = time.perf_counter()
        try:
            process = subprocess.Popen(timed, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=USERS_ENV)
        except OSError as exc:
            return Run(0.0, 0.0, 0.0, 0, 127, False, f"cannot start {command[0]}: {exc}")
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        user, system, maxrss = usage.ru_utime, usage.ru_stime, usage.ru_maxrss
        if HAS_GNU_TIME:
            # The last line holds the numbers; a line before it may say
            # "Command terminated by signal".
            fields = (usage_file.read().strip().splitlines() or [""])[-1].split()
            if len(fields) == 4:
                user, system, maxrss = float(fields[0]), float(fields[1]), int(fields[2])
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    ok = process.returncode in ok_codes and "Traceback (most recent call last)" not in stderr
    return Run(wall, user, system, maxrss, process.returncode, ok, stderr_summary(stderr))


def stderr_summary(stderr: str) -> str:
    """The first lines of what a process printed; for a traceback, its last
    lines, which name the error."""
    lines = stderr.splitlines()
    if "Traceback (most recent call last)" in stderr:
        return "\n".join(lines[-STDERR_LINES:])
    return "\n".join(lines[:STDERR_LINES])


def cli_has(storybridge: str, command: str) -> bool:
    """Whether ``storybridge <command>`` exists."""
    result = subprocess.run([storybridge, command, "--help"], capture_output=True, text=True, check=False)
    return result.returncode == 0


def workers_option(storybridge: str, command: str) -> str | None:
    """The CLI's option for parallel workers on ``command``, if it has one."""
    result = subprocess.run([storybridge, command, "--help"], capture_output=True, text=True, check=False)
    for name in ("--jobs", "--workers"):
        if re.search(rf"(?<![\w-]){re.escape(name)}\b", result.stdout):
            return name
    return None


# -- untimed preparation ------------------------------------------------------------

_QUOTE = re.compile(r'"')


def translate_text(text: str, mark: str) -> str:
    """Give every untranslated entry of a catalog (as GNU gettext, storybridge
    and polib write them) a pseudo translation: its msgid with ``mark`` in
    front, so inline Markdown and line breaks stay as they are."""
    tail = "\n" if text.endswith("\n") else ""
    blocks = text[: len(text) - len(tail)].split("\n\n")
    for b, block in enumerate(blocks):
        lines = block.split("\n")
        if lines[-1] != 'msgstr ""':
            continue
        start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        if start is None or lines[start:-1] == ['msgid ""']:
            continue  # the header, or not an entry
        new = ["msgstr " + lines[start][len("msgid ") :], *lines[start + 1 : -1]]
        first = 0 if new[0] != 'msgstr ""' else 1
        new[first] = _QUOTE.sub('"' + mark, new[first], count=1)
        blocks[b] = "\n".join(lines[:-1] + new)
    return "\n\n".join(blocks) + tail


def translate_catalogs(files: Sequence[Path]) -> int:
    """Pseudo-translate every entry of ``files`` (language from the path)."""
    for path in files:
        lang = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else path.parent.name
        path.write_text(translate_text(path.read_text(encoding="utf-8"), f"⟪{lang}⟫ "), encoding="utf-8")
    return len(files)


def file_times(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


# -- one size ------------------------------------------------------------------------------


@dataclass
class Context:
    storybridge: str
    python: str
    has_status: bool
    has_check: bool
    has_msgmerge: bool
    has_mdpo: bool
    workers: dict[str, str] = field(default_factory=dict)
    """Extra arguments per storybridge command, e.g. {"sync": "--jobs=2"}."""
    notes: list[str] = field(default_factory=list)
    skip: frozenset[str] = frozenset()
    """Steps left out by --skip."""


def sb(ctx: Context, command: str, project: Path) -> list[str]:
    extra = [ctx.workers[command]] if command in ctx.workers else []
    return [ctx.storybridge, command, "--project", str(project), *extra]


def record(results: dict[str, StepResult], key: str, run: Run, size: int) -> None:
    results[key].runs.append(run)
    label = dict(STEPS)[key]
    status = "ok" if run.ok else f"FAILED (exit {run.returncode})"
    print(f"  N={size:<6} {label:<48} {run.wall_s:8.2f} s {run.maxrss_kib / 1024:8.1f} MiB  {status}", file=sys.stderr)
    if not run.ok and run.stderr_head:
        print("    " + run.stderr_head.replace("\n", "\n    "), file=sys.stderr)


def one_repeat(ctx: Context, size: int, pristine: Path, scratch: Path, results: dict[str, StepResult], said: dict[str, str]) -> None:
    """Every step once, on a fresh copy of the corpus; a harness error ends
    this repeat with a note instead of the whole run."""
    try:
        _one_repeat(ctx, size, pristine, scratch, results, said)
    except Exception as exc:  # noqa: BLE001  (report it, keep the other sizes)
        ctx.notes.append(f"N={size}: repeat stopped early: {type(exc).__name__}: {exc}")
        print(f"  N={size}: repeat stopped early: {exc}", file=sys.stderr)


def _one_repeat(ctx: Context, size: int, pristine: Path, scratch: Path, results: dict[str, StepResult], said: dict[str, str]) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    project = scratch / "project"
    shutil.copytree(pristine, project)

    def step(key: str, command: Sequence[str], ok_codes: frozenset[int] = frozenset({0})) -> Run | None:
        if key in ctx.skip:
            return None
        run = measure(command, ok_codes=ok_codes)
        record(results, key, run, size)
        # What storybridge printed besides its closing "<verb>: N stories".
        if key.startswith("sb_"):
            lines = [line for line in run.stderr_head.splitlines() if not re.fullmatch(r"\w+: \d+ stor(y|ies)", line)]
            if lines and key not in said:
                said[key] = "\n".join(lines)
        return run

    cold = scratch / "cold"
    shutil.copytree(pristine, cold)
    step("sb_sync_cold", sb(ctx, "sync", cold))
    shutil.rmtree(cold)
    step("sb_extract", sb(ctx, "extract", project))
    step("sb_update", sb(ctx, "update", project))
    translate_catalogs(sorted((project / "locale").glob("*/LC_MESSAGES/*.po")))
    step("sb_build", sb(ctx, "build", project))
    if ctx.has_status:
        step("sb_status", sb(ctx, "status", project))
    if ctx.has_check:
        # A checker may exit 1 because it found problems; that is a finished run.
        step("sb_check", sb(ctx, "check", project), frozenset({0, 1}))
    settle = measure(sb(ctx, "sync", project))
    if not settle.ok:
        ctx.notes.append(f"N={size}: the settling sync failed: {settle.stderr_head.splitlines()[-1:]}")
    before = file_times(project)
    step("sb_sync_noop", sb(ctx, "sync", project))
    after = file_times(project)
    rewritten = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if rewritten:
        ctx.notes.append(f"N={size}: the no-op sync wrote or removed {len(rewritten)} files, e.g. {rewritten[0]}")
    step("sb_sync_noop_again", sb(ctx, "sync", project))
    edit_one_story(project)
    step("sb_sync_one_edit", sb(ctx, "sync", project))

    if ctx.has_mdpo:
        mdpo_out, mdpo_site = scratch / "mdpo" / "locale", scratch / "mdpo" / "site"
        mdpo_out.mkdir(parents=True)
        step("mdpo_md2po", [ctx.python, "-c", MD2PO_SCRIPT, str(project / "stories"), str(mdpo_out), "en,ko,zh_Hans"])
        translate_catalogs(sorted(mdpo_out.glob("*/*.po")))
        step("mdpo_po2md", [ctx.python, "-c", PO2MD_SCRIPT, str(project / "stories"), str(mdpo_out), str(mdpo_site)])

    # The peers merge the same catalogs storybridge merges: these, before the edit.
    catalogs_before = scratch / "catalogs-before"
    (project / "locale").mkdir(exist_ok=True)
    shutil.copytree(project / "locale", catalogs_before, ignore=shutil.ignore_patterns("templates"))
    corpus.edit_corpus(project, EDIT_FRACTION, SEED)
    step("sb_extract_edit", sb(ctx, "extract", project))
    step("sb_update_edit", sb(ctx, "update", project))

    pairs = [
        (po, project / "locale" / "templates" / po.name.replace(".po", ".pot"))
        for po in sorted(catalogs_before.glob("*/LC_MESSAGES/*.po"))
    ]
    for key, folder in (("msgmerge_loop", "msgmerge"), ("babel_update", "babel")):
        if key == "msgmerge_loop" and not ctx.has_msgmerge:
            continue
        work = scratch / folder
        shutil.copytree(catalogs_before, work)
        listing = scratch / f"{folder}.tsv"
        listing.write_text("".join(f"{work / po.relative_to(catalogs_before)}\t{pot}\n" for po, pot in pairs), encoding="utf-8")
        if key == "msgmerge_loop":
            step(key, ["bash", "-c", MSGMERGE_LOOP, "msgmerge-loop", str(listing)])
        else:
            step(key, [ctx.python, "-c", BABEL_SCRIPT, str(listing)])


def edit_one_story(project: Path) -> None:
    """Add a paragraph to the first story, as an editor would."""
    story = sorted((project / "stories").glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more paragraph, added by an editor.\n", encoding="utf-8")


def run_size(ctx: Context, size: int, repeat: int, base: Path, said: dict[str, str]) -> dict[str, StepResult]:
    results = {key: StepResult() for key, _ in STEPS}
    pristine = base / f"corpus-{size}"
    if not pristine.exists():
        corpus.generate(pristine, size, SEED)
    for _ in range(repeat):
        one_repeat(ctx, size, pristine, base / f"work-{size}", results, said)
    for key, reason in (
        ("sb_status", "" if ctx.has_status else "n/a: no `storybridge status` yet"),
        ("sb_check", "" if ctx.has_check else "n/a: no `storybridge check` yet"),
        ("mdpo_md2po", "" if ctx.has_mdpo else "n/a: mdpo not installed"),
        ("mdpo_po2md", "" if ctx.has_mdpo else "n/a: mdpo not installed"),
        ("msgmerge_loop", "" if ctx.has_msgmerge else "n/a: msgmerge not installed"),
    ):
        results[key].skipped = reason
    for key in ctx.skip:
        results[key].skipped = "n/a: left out with --skip"
    return results


# -- the report ----------------------------------------------------------------------------


def sum_medians(results: dict[str, StepResult], keys: Sequence[str]) -> float | None:
    values = [results[k].median_s for k in keys]
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def summary(all_results: dict[int, dict[str, StepResult]]) -> dict[int, dict[str, float | None]]:
    out: dict[int, dict[str, float | None]] = {}
    for size, results in all_results.items():
        ours = sum_medians(results, ("sb_extract", "sb_update", "sb_build"))
        theirs = sum_medians(results, ("mdpo_md2po", "mdpo_po2md"))
        out[size] = {
            "storybridge_extract_update_build_s": ours,
            "mdpo_md2po_po2md_s": theirs,
            "ratio_vs_mdpo": ratio(ours, theirs),
            "storybridge_update_after_edits_s": results["sb_update_edit"].median_s,
            "msgmerge_loop_after_edits_s": results["msgmerge_loop"].median_s,
            "ratio_vs_msgmerge": ratio(results["sb_update_edit"].median_s, results["msgmerge_loop"].median_s),
            "babel_update_after_edits_s": results["babel_update"].median_s,
            "ratio_vs_babel": ratio(results["sb_update_edit"].median_s, results["babel_update"].median_s),
            "noop_sync_s": results["sb_sync_noop"].median_s,
            "noop_sync_again_s": results["sb_sync_noop_again"].median_s,
            "one_edit_sync_s": results["sb_sync_one_edit"].median_s,
            "cold_sync_s": results["sb_sync_cold"].median_s,
            # How many times faster than mdpo (above 1: storybridge is faster).
            "speedup_cold_sync_vs_mdpo": ratio(theirs, results["sb_sync_cold"].median_s),
            "speedup_three_commands_vs_mdpo": ratio(theirs, ours),
        }
    return out


def _cell(step: StepResult) -> tuple[str, str, str]:
    if not step.runs:
        return "n/a", "n/a", "n/a"
    if not step.ok:
        failed = sum(1 for r in step.runs if not r.ok)
        return f"FAILED ({failed}/{len(step.runs)})", "–", "–"
    codes = {r.returncode for r in step.runs}
    seconds = f"{step.median_s:.2f}" + (f" (exit {max(codes)})" if codes != {0} else "")
    return seconds, f"{step.median_cpu_s:.2f}", f"{step.peak_mib:.0f}"


def _fmt(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:.2f}{unit}"


def render_table(all_results: dict[int, dict[str, StepResult]], repeat: dict[int, int]) -> str:
    sizes = sorted(all_results)
    header = ["step"]
    for n in sizes:
        header += [f"N={n:,} wall s", "CPU s", "peak MiB"]
    growth_pairs = list(itertools.pairwise(sizes))
    header += [f"wall ×{a:,}→{b:,}" for a, b in growth_pairs]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for key, label in STEPS:
        row = [label]
        for n in sizes:
            row += list(_cell(all_results[n][key]))
        for a, b in growth_pairs:
            row.append(_fmt(ratio(all_results[b][key].median_s, all_results[a][key].median_s), "×"))
        lines.append("| " + " | ".join(row) + " |")
    table = "\n".join(lines)

    sums = summary(all_results)
    ratio_lines = [
        "| N | repeats | storybridge extract+update+build s | mdpo md2po+po2md s | ratio | storybridge update after edits s | msgmerge loop s | ratio | babel update s | ratio | no-op sync s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        s = sums[n]
        ratio_lines.append(
            f"| {n:,} | {repeat[n]} | {_fmt(s['storybridge_extract_update_build_s'])} | {_fmt(s['mdpo_md2po_po2md_s'])} | "
            f"{_fmt(s['ratio_vs_mdpo'], '×')} | {_fmt(s['storybridge_update_after_edits_s'])} | "
            f"{_fmt(s['msgmerge_loop_after_edits_s'])} | {_fmt(s['ratio_vs_msgmerge'], '×')} | "
            f"{_fmt(s['babel_update_after_edits_s'])} | {_fmt(s['ratio_vs_babel'], '×')} | {_fmt(s['noop_sync_s'])} |"
        )
    sync_lines = [
        "| N | cold sync s | extract+update+build s | mdpo md2po+po2md s | speed-up of sync vs mdpo | speed-up of the three vs mdpo | no-op sync s | no-op again s | one story edited s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        s = sums[n]
        sync_lines.append(
            f"| {n:,} | {_fmt(s['cold_sync_s'])} | {_fmt(s['storybridge_extract_update_build_s'])} | "
            f"{_fmt(s['mdpo_md2po_po2md_s'])} | {_fmt(s['speedup_cold_sync_vs_mdpo'], '×')} | "
            f"{_fmt(s['speedup_three_commands_vs_mdpo'], '×')} | {_fmt(s['noop_sync_s'])} | "
            f"{_fmt(s['noop_sync_again_s'])} | {_fmt(s['one_edit_sync_s'])} |"
        )
    return (table + "\n\nRatios are storybridge ÷ peer (below 1 means storybridge is faster).\n\n" + "\n".join(ratio_lines)
            + "\n\nSpeed-ups are mdpo ÷ storybridge (above 1 means storybridge is faster; issue 19 asks ≥ 5× for sync).\n\n"
            + "\n".join(sync_lines))


def source_digest(package: Path) -> str:
    """sha256 over the package's Python files (path and bytes, sorted): names
    exactly the code measured, committed or not."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def versions(ctx: Context) -> dict[str, str]:
    def first_line(command: list[str]) -> str:
        try:
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError:
            return "n/a"
        return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "n/a"

    # The interpreter that runs the storybridge being measured (its shebang),
    # which need not be this one.
    try:
        with open(ctx.storybridge, "rb") as script:
            shebang = script.readline().decode().strip()
    except OSError:
        shebang = ""
    interpreter = shebang[2:].split()[0] if shebang.startswith("#!") else ctx.python
    source = subprocess.run(
        [interpreter, "-c", "import storybridge, pathlib; print(pathlib.Path(storybridge.__file__).parent)"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()
    where = source or "n/a"
    if source:
        commit = first_line(["git", "-C", source, "rev-parse", "--short", "HEAD"])
        if commit != "n/a":
            # Read-only: --no-optional-locks keeps git status from refreshing the index.
            dirty = subprocess.run(
                ["git", "--no-optional-locks", "-C", source, "status", "--porcelain", "--", "."],
                capture_output=True, text=True, check=False,
            ).stdout.strip()
            where += f" at {commit}" + (" with uncommitted changes" if dirty else "")
    return {
        "storybridge_source": where,
        "storybridge_source_sha256": source_digest(Path(source)) if source else "n/a",
        "python": platform.python_version(),
        "storybridge": first_line([ctx.storybridge, "--version"]),
        "mdpo": first_line([ctx.python, "-c", "import importlib.metadata as m; print(m.version('mdpo'))"]),
        "msgmerge": first_line(["msgmerge", "--version"]),
        "babel": first_line([ctx.python, "-c", "import babel; print(babel.__version__)"]),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated story counts [%(default)s]")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per size; medians are reported [%(default)s]")
    parser.add_argument(
        "--repeat-large", type=int, default=None, metavar="K",
        help="repeats for sizes of 10,000 and more (default: --repeat)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--workers", type=int, help="pass through to the CLI's --jobs/--workers, where it has one")
    parser.add_argument("--skip", default="", metavar="STEPS",
                        help="comma-separated step keys to leave out, e.g. babel_update (keys: "
                        + ", ".join(key for key, _ in STEPS) + ")")
    parser.add_argument("--workdir", type=Path, help="where corpora are generated [a temporary folder, removed after]")
    parser.add_argument("--storybridge", default=str(Path(sys.executable).with_name("storybridge")),
                        help="the storybridge executable [%(default)s]")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="run nothing: print one table from saved --json files (and write --json)")
    args = parser.parse_args(argv)
    if args.report:
        return combine(args.report, args.json)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    python = sys.executable
    skip = frozenset(k.strip() for k in args.skip.split(",") if k.strip())
    if unknown := skip - {key for key, _ in STEPS}:
        parser.error(f"--skip: unknown step {', '.join(sorted(unknown))}")
    ctx = Context(
        storybridge=args.storybridge,
        python=python,
        has_status=cli_has(args.storybridge, "status"),
        has_check=cli_has(args.storybridge, "check"),
        has_msgmerge=shutil.which("msgmerge") is not None,
        has_mdpo=subprocess.run([python, "-c", "import mdpo.md2po, mdpo.po2md"], capture_output=True, check=False).returncode == 0,
        skip=skip,
    )
    if args.workers is not None:
        for command in ("extract", "update", "build", "sync", "status", "check"):
            if command in ("status", "check") and not cli_has(args.storybridge, command):
                continue
            option = workers_option(args.storybridge, command)
            if option:
                ctx.workers[command] = f"{option}={args.workers}"
        if not ctx.workers:
            ctx.notes.append("--workers ignored: no storybridge command has --jobs or --workers yet")
    if not HAS_GNU_TIME:
        ctx.notes.append("/usr/bin/time not found (apt-get install time): peak memory includes the harness's own")
    for missing, why in ((not ctx.has_mdpo, "mdpo"), (not ctx.has_msgmerge, "msgmerge (apt-get install gettext)")):
        if missing:
            ctx.notes.append(f"{why} not found: its rows are n/a")

    base = args.workdir or Path(tempfile.mkdtemp(prefix="storybridge-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    said: dict[str, str] = {}
    all_results: dict[int, dict[str, StepResult]] = {}
    repeats: dict[int, int] = {}
    started = datetime.datetime.now(datetime.UTC)
    try:
        for size in sizes:
            repeats[size] = args.repeat_large if (args.repeat_large and size >= 10_000) else args.repeat
            print(f"N={size}: {repeats[size]} repeat(s) in {base}", file=sys.stderr)
            all_results[size] = run_size(ctx, size, repeats[size], base, said)
    finally:
        if args.workdir is None:
            shutil.rmtree(base, ignore_errors=True)

    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    provenance = {
        "date": started.isoformat(timespec="seconds"),
        "command": command.strip(),
        "versions": versions(ctx),
        "storybridge_extra_arguments": ctx.workers or "none (the CLI's default workers)",
    }
    sized = {size: {"repeat": repeats[size], "provenance": provenance} for size in all_results}
    return report(all_results, sized, ctx.notes, said, args.json)


def report(
    all_results: dict[int, dict[str, StepResult]],
    sized: dict[int, dict],
    notes: list[str],
    said: dict[str, str],
    json_path: Path | None,
) -> int:
    """Print the table, notes and storybridge's output; write the JSON."""
    repeats = {size: sized[size]["repeat"] for size in all_results}
    table = render_table(all_results, repeats)
    if json_path:
        sums = summary(all_results)
        data = {
            "schema": 1,
            "seed": SEED,
            "edit_fraction": EDIT_FRACTION,
            "steps": dict(STEPS),
            "sizes": {
                str(size): {
                    **sized[size],
                    "steps": {
                        key: {
                            "median_s": step.median_s,
                            "median_cpu_s": step.median_cpu_s,
                            "peak_mib": step.peak_mib,
                            "ok": step.ok,
                            "skipped": step.skipped,
                            "runs": [asdict(r) for r in step.runs],
                        }
                        for key, step in results.items()
                    },
                    "summary": sums[size],
                }
                for size, results in sorted(all_results.items())
            },
            "growth": {
                f"{a}->{b}": {key: ratio(all_results[b][key].median_s, all_results[a][key].median_s) for key, _ in STEPS}
                for a, b in itertools.pairwise(sorted(all_results))
            },
            "notes": notes,
            "storybridge_output": said,
            "table_markdown": table,
        }
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table)
    for note in notes:
        print(f"\nnote: {note}")
    for key, text in said.items():
        print(f"\n{dict(STEPS)[key]} printed:\n    " + text.replace("\n", "\n    "))
    failed = any(not step.ok and step.runs for results in all_results.values() for step in results.values())
    return 1 if failed else 0


def combine(paths: Sequence[Path], json_path: Path | None) -> int:
    """Re-render saved results, several files into one table (a size in a
    later file replaces the same size in an earlier one)."""
    all_results: dict[int, dict[str, StepResult]] = {}
    sized: dict[int, dict] = {}
    notes: list[str] = []
    said: dict[str, str] = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for size_text, entry in data["sizes"].items():
            size = int(size_text)
            all_results[size] = {key: StepResult() for key, _ in STEPS}
            for key, step in entry["steps"].items():
                if key in all_results[size]:
                    all_results[size][key] = StepResult([Run(**r) for r in step["runs"]], step.get("skipped", ""))
            sized[size] = {k: v for k, v in entry.items() if k not in ("steps", "summary")}
            # Files from before provenance moved into each size kept it at the top.
            sized[size].setdefault("provenance", {k: data[k] for k in ("date", "command", "versions") if k in data})
        notes += [note for note in data.get("notes", []) if note not in notes]
        said.update(data.get("storybridge_output", {}))
    return report(all_results, sized, notes, said, json_path)


if __name__ == "__main__":
    sys.exit(main())
