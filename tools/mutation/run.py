"""Mutation testing of the core packages with mutmut, each against its own tests.

One deliberate bug at a time (a flipped comparison, a changed constant, a
dropped call) is put into a package, and that package's tests run: a
mutant the tests do not notice ("survived") marks a hole in the tests.
See tools/mutation/README.md for how to run it and how to read the result.

Each target runs in a scratch copy of the working tree under
``.mutation/<target>/`` (so the repository, its pyproject.toml and its
``src/`` are never touched) with a ``[tool.mutmut]`` table of its own:
the modules to mutate and the test files that are theirs. mutmut then
runs, for each mutant, only those of the target's tests that call the
mutated function (it records who calls what in a first, clean run), so a
target takes minutes, not hours, on two cores.

The tests chosen for a target must run storybridge in this process (the
CLI through click's CliRunner is fine): a test that starts
``storybridge`` as a subprocess imports the unmutated package and can
neither kill a mutant nor be counted as covering one.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / ".mutation"
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Target:
    """One package (or part of one) and the tests that are its own."""

    modules: tuple[str, ...]
    """Files to mutate, relative to the repository (globs allowed)."""
    tests: tuple[str, ...]
    """Test files or node ids that exercise them in-process."""
    left_out: tuple[str, ...] = ()
    """Node ids of tests in those files that the run deselects: property
    tests too slow to rerun for every surviving mutant (minutes each)."""


TARGETS: dict[str, Target] = {
    "po": Target(
        modules=(
            "src/storybridge/po/parse.py",
            "src/storybridge/po/grammar.py",
            "src/storybridge/po/strings.py",
            "src/storybridge/po/format.py",
        ),
        tests=(
            "tests/po/test_parse.py",
            "tests/po/test_format.py",
            "tests/po/test_parse_errors.py",
            "tests/po/test_po_fields.py",
        ),
        # 100 generated catalogs each, against polib and msgcat: 5 minutes
        # for every mutant that survives the rest.
        left_out=(
            "tests/po/test_parse.py::test_generated_catalog_reads_as_polib_reads_it",
            "tests/po/test_parse.py::test_generated_catalog_survives_parse_and_render",
            "tests/po/test_format.py::test_msgcat_agrees_on_generated_story_text",
            "tests/po/test_format.py::test_msgcat_agrees_on_marks_joiners_and_emoji",
        ),
    ),
    "merge": Target(
        modules=("src/storybridge/po/merge.py",),
        tests=(
            "tests/po/test_merge_fields.py",
            "tests/po/test_merge_msgmerge.py",
            "tests/contracts/test_merge.py",
            "tests/test_cli.py",
        ),
    ),
    "assemble": Target(
        modules=("src/storybridge/site/assemble.py",),
        tests=(
            "tests/contracts/test_roundtrip.py",
            "tests/contracts/test_safety.py",
            "tests/markdown/test_front_matter_writer.py",
            "tests/site/test_assemble.py",
        ),
        # Hypothesis over generated Markdown, minutes for every survivor;
        # the 652 CommonMark examples and the repository's stories stay.
        left_out=(
            "tests/contracts/test_roundtrip.py::test_accepted_translations_never_change_block_structure",
            "tests/contracts/test_roundtrip.py::test_generated_markdown_round_trips",
            "tests/contracts/test_safety.py::test_generated_story_gains_nothing_from_any_translation",
        ),
    ),
    "publish": Target(
        modules=("src/storybridge/site/decision.py", "src/storybridge/site/publish.py"),
        tests=(
            "tests/site/test_decision.py",
            "tests/site/test_decision_parts.py",
            "tests/site/test_publish_parts.py",
            "tests/site/test_publish.py",
        ),
    ),
    "coverage": Target(
        modules=("src/storybridge/status/coverage.py", "src/storybridge/status/words.py"),
        tests=(
            "tests/status/test_coverage.py",
            "tests/status/test_words.py",
            "tests/status/test_status.py",
            "tests/test_model.py",
        ),
    ),
}
"""The core packages named in issue 22, in the order they run."""

KILLED = {"killed", "timeout", "caught by type check", "segfault"}
"""mutmut's verdicts that mean the tests noticed the mutant (a timeout is
a mutant that made the code loop: noticed, as CI would notice it)."""

COPIED = ("src", "tests", "stories", "locale", "docs", "benchmarks", "tools", "README.md", "pyproject.toml")
"""What of the working tree a target's scratch copy holds."""


def mutmut_table(target: Target) -> str:
    """The ``[tool.mutmut]`` table that confines mutmut to ``target``."""
    also_copy = [name for name in COPIED if name != "src" and (ROOT / name).exists()]
    table = {
        "source_paths": ["src"],
        "only_mutate": list(target.modules),
        "also_copy": also_copy,
        "pytest_add_cli_args": ["-p", "mutation_profile", "-p", "no:cacheprovider", "-q"]
        + [f"--deselect={test}" for test in target.left_out],
        "pytest_add_cli_args_test_selection": list(target.tests),
        # Git change detection would compare against the repository the copy
        # came from; a fresh copy has no history worth comparing with.
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


def prepare(name: str, target: Target) -> Path:
    """A fresh scratch copy of the working tree for ``name``."""
    scratch = SCRATCH / name
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "*.egg-info")
    for entry in COPIED:
        source = ROOT / entry
        if source.is_dir():
            shutil.copytree(source, scratch / entry, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, scratch / entry)
    pyproject = scratch / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + mutmut_table(target), encoding="utf-8")
    return scratch


def run_mutmut(scratch: Path, max_children: int, examples: int) -> int:
    """``mutmut run`` in ``scratch``; its chatter goes to ``mutmut.log``."""
    mutmut = Path(sys.executable).parent / "mutmut"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH", "")]))
    env["STORYBRIDGE_MUTATION_EXAMPLES"] = str(examples)
    env["STORYBRIDGE_HYPOTHESIS_PROFILE"] = "mutation"  # tests/conftest.py loads it
    with (scratch / "mutmut.log").open("wb") as log:
        done = subprocess.run(
            [str(mutmut), "run", "--max-children", str(max_children)],
            cwd=scratch,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return done.returncode


def verdicts(scratch: Path) -> dict[str, str]:
    """Every mutant's name and mutmut's verdict, read from its meta files."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, str] = {}
    for meta in sorted((scratch / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in sorted(data["exit_code_by_key"].items()):
            found[key] = status_by_exit_code[code]
    return found


@dataclass(frozen=True, slots=True)
class Summary:
    """What one target's run found."""

    target: str
    """The name in ``TARGETS``."""
    total: int
    """Mutants tested (all that were made, unless the run was stopped)."""
    killed: int
    """Mutants some test noticed (including timeouts)."""
    survived: tuple[str, ...]
    """Mutants that every test let through, or that no test reached."""
    counts: dict[str, int]
    """mutmut's verdicts, counted."""
    seconds: float
    """Wall time of the run."""

    @property
    def score(self) -> float:
        """Killed share in percent (100 when nothing could be mutated)."""
        return 100.0 if not self.total else round(100 * self.killed / self.total, 1)


NOT_RUN = {"not checked", "check was interrupted by user"}
"""Verdicts of mutants a stopped run never tested: left out of the score."""


def summarize(name: str, found: dict[str, str], seconds: float) -> Summary:
    """The verdicts of one target, counted; mutants not tested yet (a run
    stopped early) are counted apart and left out of the score."""
    counts = Counter(found.values())
    tested = {key: verdict for key, verdict in found.items() if verdict not in NOT_RUN}
    killed = sum(counts[verdict] for verdict in KILLED)
    survived = tuple(key for key, verdict in tested.items() if verdict not in KILLED)
    return Summary(name, len(tested), killed, survived, dict(sorted(counts.items())), seconds)


def saved_seconds(scratch: Path) -> float:
    """The wall time a previous run of this target recorded, or 0."""
    try:
        return float(json.loads((scratch / "summary.json").read_text(encoding="utf-8"))["seconds"])
    except (OSError, KeyError, ValueError):
        return 0.0


def mutant_diffs(scratch: Path, mutants: tuple[str, ...]) -> str:
    """Each mutant's change as a unified diff of its function, read from
    mutmut's mutated copy (``mutmut show`` does the same, one slow process
    per mutant)."""
    functions: dict[str, str] = {}
    for path in sorted((scratch / "mutants" / "src").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "__mutmut_" not in text:
            continue
        module = ".".join(path.relative_to(scratch / "mutants" / "src").with_suffix("").parts)
        lines = text.split("\n")  # sliced by line number: get_source_segment re-splits the file per call
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name:
                functions[f"{module}.{node.name}"] = "\n".join(lines[node.lineno : node.end_lineno])  # no def line
    pieces = []
    for mutant in mutants:
        original = functions.get(mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", "")
        changed = functions.get(mutant, "")
        diff = difflib.unified_diff(original.splitlines(), changed.splitlines(), lineterm="", n=1)
        pieces.append(f"# {mutant}\n" + "\n".join(list(diff)[2:]) + "\n")
    return "\n".join(pieces)


def report(summaries: list[Summary]) -> str:
    """The summary table, one line per target, then every survivor."""
    lines = [f"{'target':<10} {'mutants':>7} {'killed':>6} {'survived':>8} {'score':>6}  {'time':>6}  verdicts"]
    for s in summaries:
        verdict_list = ", ".join(f"{verdict} {count}" for verdict, count in s.counts.items())
        lines.append(
            f"{s.target:<10} {s.total:>7} {s.killed:>6} {len(s.survived):>8} {s.score:>5.1f}%  "
            f"{s.seconds:>5.0f}s  {verdict_list}"
        )
    for s in summaries:
        lines += [f"  {s.target}: {mutant}" for mutant in s.survived]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--examples", type=int, default=25, help="hypothesis examples per property (default 25)")
    parser.add_argument("--report", action="store_true", help="run nothing; summarize the last runs")
    parser.add_argument("--diffs", action="store_true", help="write each survivor's diff to survivors.diff")
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 if a target scores below this")
    options = parser.parse_args(argv)
    unknown = [name for name in options.targets if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    summaries = []
    for name in options.targets or list(TARGETS):
        scratch = SCRATCH / name
        started = time.monotonic()
        if not options.report:
            scratch = prepare(name, TARGETS[name])
            print(f"{name}: mutating {', '.join(TARGETS[name].modules)}", flush=True)
            code = run_mutmut(scratch, options.max_children, options.examples)
            if code != 0:
                print(f"{name}: mutmut exited {code}; see {scratch / 'mutmut.log'}", file=sys.stderr)
                return code
        seconds = time.monotonic() - started if not options.report else saved_seconds(scratch)
        summary = summarize(name, verdicts(scratch), seconds)
        record = {**asdict(summary), "score": summary.score}
        (scratch / "summary.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        if options.diffs:
            (scratch / "survivors.diff").write_text(mutant_diffs(scratch, summary.survived), encoding="utf-8")
        summaries.append(summary)
        print(report([summary]).splitlines()[1], flush=True)
    print(report(summaries))
    return 1 if any(s.score < options.fail_under for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
