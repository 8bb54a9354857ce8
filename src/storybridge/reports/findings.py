"""Renderers of ``storybridge check`` findings: compiler-style lines for editors (they jump
to ``file:line``), streamed JSON for programs, the summary line and the list of checks."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import TypedDict

from storybridge.checks.base import Finding
from storybridge.checks.registry import CHECKS
from storybridge.reports.common import finding_line


def render_text(findings: Iterable[Finding]) -> str:
    """One line per finding: ``file:line: severity [check] message`` (no
    ``:line`` for what concerns the whole catalog)."""
    return "".join(finding_line(f) + "\n" for f in findings)


class FindingRecord(TypedDict):
    """One finding in ``--format json``."""

    check: str
    severity: str
    file: str
    line: int
    language: str
    message: str
    msgid: str



def render_json_items(findings: Iterable[Finding], first: bool) -> str:
    """Findings as items of that list, to print as they are found (the
    list's first items when ``first``): after ``[`` and before
    ``render_json_end``, the same bytes as ``json.dumps(…, indent=2)``."""
    pieces = []
    for finding in findings:
        text = json.dumps(_record(finding), ensure_ascii=False, indent=2)
        pieces.append(("\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    return "".join(pieces)


def render_json_end(any_items: bool) -> str:
    """What closes the list."""
    return "\n]\n" if any_items else "]\n"


def _record(f: Finding) -> FindingRecord:
    return {
        "check": f.problem.check,
        "severity": f.problem.severity,
        "file": f.file,
        "line": f.line,
        "language": f.language,
        "message": f.problem.message,
        "msgid": f.msgid,
    }


def summary(counts: Counter[str], catalogs: int) -> str:
    """``3 errors, 5 warnings, 2 notes in 6 catalogs``."""
    parts = [
        _plural(counts[severity], severity) for severity in ("error", "warning", "note")
    ]
    return f"{', '.join(parts)} in {_plural(catalogs, 'catalog')}"


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def exit_status(counts: Counter[str], strict: bool) -> int:
    """1 when an error was found (or, with ``strict``, a warning), else 0."""
    failing = ("error", "warning") if strict else ("error",)
    return 1 if any(counts[severity] for severity in failing) else 0


def render_check_list() -> str:
    """The registry as a table: name, severity, rule."""
    width = max(len(name) for name in CHECKS)
    return "".join(
        f"{c.name:<{width}}  {c.severity:<7}  {c.rule}\n" for c in CHECKS.values()
    )
