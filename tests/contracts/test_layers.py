"""The package's layers hold: import-linter's contract passes, catches a wrong import, and no module cycles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``lint-imports`` on the package under ``source_root`` with this repo's contract."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=source_root, env=env, capture_output=True, text=True, check=False,
    )


def test_the_layer_contract_is_kept() -> None:
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_wrong_import_breaks_the_contract(tmp_path: Path) -> None:
    """``po`` importing ``markdown`` (siblings that must stay independent) fails the suite."""
    shutil.copytree(ROOT / "src" / "storybridge", tmp_path / "storybridge",
                    ignore=shutil.ignore_patterns("__pycache__"))
    merge = tmp_path / "storybridge" / "po" / "merge.py"
    merge.write_text(merge.read_text(encoding="utf-8") + "\nfrom storybridge.markdown.story import read_story\n",
                     encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "storybridge.po.merge -> storybridge.markdown.story" in result.stdout


def test_a_stage_importing_click_breaks_the_contract(tmp_path: Path) -> None:
    """A stage module (here the table renderer) that imports click, even
    only to style text, fails the suite: the CLI alone talks to the terminal."""
    shutil.copytree(ROOT / "src" / "storybridge", tmp_path / "storybridge",
                    ignore=shutil.ignore_patterns("__pycache__"))
    table = tmp_path / "storybridge" / "reports" / "table.py"
    table.write_text(table.read_text(encoding="utf-8") + "\nimport click\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "storybridge.reports.table -> click" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("storybridge", include_external_packages=False)
    # The package root re-exports the public API lazily; it is not a stage.
    cycles = [group for group in _cycles(graph) if "storybridge" not in group]
    assert cycles == []
