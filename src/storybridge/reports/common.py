"""What every renderer shares: coverage bands, bar cells, labels and numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # check's findings need none of the coverage records
    import jinja2

    from storybridge.checks.base import Finding
    from storybridge.status.coverage import Coverage, LanguageTotals

Band = Literal["complete", "nearly", "partway", "started", "none"]

BAND_WORDS: dict[Band, str] = {
    "complete": "complete",
    "nearly": "nearly there",
    "partway": "in progress",
    "started": "just started",
    "none": "not started",
}
"""How each band reads for an editor."""


def band(percent: float) -> Band:
    """The coverage band that decides a colour: done, close, midway, begun, nothing."""
    if percent >= 100:
        return "complete"
    if percent >= 75:
        return "nearly"
    if percent >= 25:
        return "partway"
    if percent > 0:
        return "started"
    return "none"


def bar_cells(item: Coverage | LanguageTotals, width: int) -> tuple[int, int, int]:
    """Cells of a ``width``-cell bar for translated, fuzzy and untranslated
    entries; the bar is full only when everything is translated, and any
    fuzzy entry shows at least one cell."""
    if item.total == 0:
        return (width, 0, 0) if item.percent >= 100 else (0, 0, width)
    done = width * item.translated // item.total
    fuzzy = min(
        width - done,
        max(1 if item.fuzzy else 0, round(width * item.fuzzy / item.total)),
    )
    return done, fuzzy, width - done - fuzzy


def language_label(totals: LanguageTotals) -> str:
    """``한국어 · Korean (ko)``; the own name alone when it is the English one."""
    if not totals.language:
        return totals.name
    names = (
        totals.name
        if totals.name == totals.english
        else f"{totals.name} · {totals.english}"
    )
    return f"{names} ({totals.language})"


def number(value: int) -> str:
    """A count with thousands separators, the same on every machine."""
    return f"{value:,}"


def date_only(revised: str | None) -> str:
    """``2026-11-27`` from a PO header date, or an em dash."""
    return revised.split(" ", 1)[0] if revised else "—"


def problems(record: Coverage) -> str:
    """``1 error, 2 warnings`` as the quality checks found them."""
    parts = [f"{record.errors} error{'' if record.errors == 1 else 's'}"] if record.errors else []
    if record.warnings:
        parts.append(f"{record.warnings} warning{'' if record.warnings == 1 else 's'}")
    return ", ".join(parts)


def state_words(record: Coverage) -> str:
    """``draft (75 % < 80 %, 2 entries refused)``: the publishing decision
    as ``sync`` and ``build`` print it; empty when not judged."""
    if not record.state:
        return ""
    details = [record.reason] if record.reason else []
    if record.refused and record.state != "blocked":
        details.append(f"{record.refused} {'entry' if record.refused == 1 else 'entries'} refused")
    return record.state + (f" ({', '.join(details)})" if details else "")


def finding_line(finding: Finding) -> str:
    """``path:line: severity [check] message``, as ``storybridge check`` prints it."""
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return f"{where}: {finding.problem.severity} [{finding.problem.check}] {finding.problem.message}"


def listed(record: Coverage) -> list[Finding]:
    """The findings a report lists: errors and warnings (notes are counted by ``check``)."""
    return [f for f in record.findings if f.problem.severity in ("error", "warning")]


def published_words(record: Coverage) -> str:
    """``70.0 % published`` for a written page, ``not published`` otherwise."""
    if record.state in ("published", "draft"):
        return f"{record.published:.1f} % published" + (" as a draft" if record.state == "draft" else "")
    return "not published"


def template_environment() -> jinja2.Environment:
    """A Jinja2 environment for the package's templates: autoescaped, strict
    about missing names, whitespace as the templates are written (Jinja2
    loads here, on use: the table and JSON reports need none of it)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("storybridge.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
