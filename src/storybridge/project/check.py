"""The ``check`` step: read every story's catalogs and run the selected checks over them
(the findings' renderers are in ``reports.findings``)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybridge.checks.registry import CHECKS, Finding
from storybridge.config import Config
from storybridge.model import Problem
from storybridge.project.editor_cache import Plan, Stamped, cached_map, fingerprint, report_tally
from storybridge.project.glossary import read_project_glossary
from storybridge.project.sensitive import load_guard
from storybridge.project.verdicts import StoryVerdicts, Tally

if TYPE_CHECKING:  # the stages that judge a story load where one is judged, not in a replayed run
    from storybridge.checks.glossary import Glossary
    from storybridge.checks.pseudonym import Pseudonyms
    from storybridge.checks.sensitive import Guard


class UnknownCheck(ValueError):
    """A check name on the command line that the registry does not know."""


@dataclass
class CheckReport:
    """What ``storybridge check`` found."""

    findings: list[Finding] = field(default_factory=list)
    """Every problem, in story, language, entry and registry order (empty
    when a ``sink`` took them as they were found)."""
    counts: Counter[str] = field(default_factory=Counter)
    """How many findings of each severity."""
    catalogs: int = 0
    """How many catalogs were read (a language with no catalog yet is skipped)."""
    notes: list[str] = field(default_factory=list)
    """One-line notes from reading the stories (detected languages …)."""


def select_checks(
    select: Iterable[str], ignore: Iterable[str], disabled: Iterable[str] = ()
) -> tuple[str, ...]:
    """The checks to run, in registry order: those named in ``select`` (all
    but the project's ``disabled`` ones when none is named), minus ``ignore``.
    Names may be repeated or comma-separated."""
    chosen, skipped = _names(select), _names(ignore)
    unknown = [name for name in chosen + skipped if name not in CHECKS]
    if unknown:
        raise UnknownCheck(f"unknown check {unknown[0]!r} (known: {', '.join(CHECKS)})")
    wanted = set(chosen) if chosen else set(CHECKS) - set(disabled)
    return tuple(name for name in CHECKS if name in wanted and name not in skipped)


def _names(values: Iterable[str]) -> list[str]:
    return [
        name.strip() for value in values for name in value.split(",") if name.strip()
    ]


def check_project(
    config: Config,
    languages: tuple[str, ...] = (),
    selected: Sequence[str] | None = None,
    sink: Callable[[list[Finding]], None] | None = None,
    jobs: int = 0,
    only: Mapping[str, tuple[str, ...]] | None = None,
    seen: Callable[[Path, str, bytes | None], None] | None = None,
) -> CheckReport:
    """Run the checks over every story's catalogs in ``languages`` (default:
    all), stories spread over ``jobs`` workers (0: one per core); reads
    files, writes nothing. With a ``sink``, each catalog's findings go to
    it as they are found, in story order, and only their counts are kept,
    so a large archive's thousands of findings never sit in memory at once.
    With ``only`` (slug → its languages, none: all; what the pre-commit
    hook passes), just those stories are read.

    A story none of whose files changed since the last run with the same
    settings and options is not read again (``.storybridge/check.jsonl``),
    and a changed catalog re-runs only the verdicts not remembered
    (``project.verdicts``): see ``read_status``. ``seen`` hears each story
    with its stamps (``project.output_cache``)."""
    from storybridge.project.steps import story_files

    result = CheckReport()
    if only is not None and not only:
        return result
    glossary, pseudonyms = read_project_glossary(config)
    stories = story_files(config, tuple(only or ()))
    names = None if selected is None else tuple(selected)
    protection = Protection(load_guard(config), pseudonyms)  # sensitive details (#16)
    settings = hashlib.sha256(repr((glossary, pseudonyms)).encode("utf-8", "surrogatepass")).hexdigest()
    plan = Plan("check", fingerprint(config, "check", languages, names, settings, protection.guard.digest()), _decode)
    work = Stamped(
        config, partial(_check_story, config, languages, names, glossary, protection, only or {}), _encode, protection.guard)
    tally = Tally()

    def key(slug: str) -> str:  # the pre-commit hook's languages of the story
        return repr((only or {}).get(slug))

    for notes, sources, catalogs in cached_map(config, plan, work, stories, key, jobs, tally, seen):
        result.notes.extend(notes)
        if sources:  # findings in the story itself, not in a catalog
            result.counts.update(finding.problem.severity for finding in sources)
            if sink is None:
                result.findings.extend(sources)
            else:
                sink(sources)
        for found in catalogs:
            result.catalogs += 1
            result.counts.update(finding.problem.severity for finding in found)
            if sink is None:
                result.findings.extend(found)
            else:
                sink(found)
    report_tally(tally)
    return result


def finding_to_data(finding: Finding) -> list[Any]:
    """A finding as a flat list for the results cache."""
    problem = finding.problem
    return [finding.file, finding.line, finding.language, finding.msgid, problem.check, problem.severity, problem.message]


def finding_from_data(data: Any, shared: dict[Any, Any]) -> Finding:
    """A finding back from ``finding_to_data``'s list. Strings many findings
    repeat (file, language, check, message) and identical problems are
    made once, through ``shared``: a warm run holds as little as a cold one."""
    file, line, language, msgid, check, severity, message = data
    if not (isinstance(file, str) and isinstance(line, int) and isinstance(msgid, str) and isinstance(message, str)):
        raise ValueError("not a finding")
    key = (check, severity, message)
    problem = shared.get(key)
    if problem is None:
        problem = shared[key] = Problem(check, severity, message)
    return Finding(shared.setdefault(file, file), line, shared.setdefault(language, language), msgid, problem)


_Checked = tuple[list[str], list[Finding], list[list[Finding]]]


def _encode(result: _Checked) -> Any:
    notes, sources, catalogs = result
    return [notes, [finding_to_data(f) for f in sources], [[finding_to_data(f) for f in found] for found in catalogs]]


def _decode(data: Any) -> _Checked:
    notes, sources, catalogs = data
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ValueError("not a list of notes")
    shared: dict[Any, Any] = {}
    return (notes, [finding_from_data(item, shared) for item in sources],
            [[finding_from_data(item, shared) for item in found] for found in catalogs])


def _check_story(
    config: Config,
    languages: tuple[str, ...],
    selected: tuple[str, ...] | None,
    glossary: Glossary,
    protection: Protection,
    only: Mapping[str, tuple[str, ...]],
    story: tuple[Path, str],
    verdicts: StoryVerdicts | None = None,
) -> _Checked:
    """The notes of reading one story, the findings in the story itself
    (identifying details), and the findings in each of its catalogs that
    exist (runs in a worker): a catalog that cannot be read is one error,
    and a catalog whose errors keep translations out (or that is blocked)
    ends with a note of the build's decision (``site.decision``), as
    ``sync`` and ``status`` say it."""
    from storybridge.checks.glossary import terms_for
    from storybridge.checks.pseudonym import pseudonyms_for
    from storybridge.checks.registry import ERROR_CHECKS, check_catalog
    from storybridge.project.sensitive import slug_mask, source_findings
    from storybridge.project.steps import read_story_catalogs, reviewed_only
    from storybridge.project.verdicts import LazyCatalog
    from storybridge.site.decision import decide, sort_by_findings, sort_entries

    notes: list[str] = []
    if only.get(story[1]):
        languages = tuple(lang for lang in only[story[1]] if not languages or lang in languages)
        if not languages:
            return notes, [], []
    item = read_story_catalogs(config, *story, languages, notes)
    sources = []
    if selected is None or "sensitive" in selected:
        sources = [
            Finding(item.story.path, found.line, item.story.lang, "", Problem("sensitive", "error", found.message))
            for found in source_findings(config, protection.guard, item.story)
        ]
    msgids = {segment.msgid for segment in item.segments}
    found = []
    for language, catalog in item.catalogs.items():
        shown, error = item.shown[language], item.unreadable.get(language)
        if catalog is None and error is None:
            continue  # no catalog yet: nothing to check
        if error is not None:  # blocks this story x language only
            message = protection.guard.redact(error.message)  # it quotes the line it stopped at
            findings = [Finding(shown, error.line or 0, language, "", Problem("catalog", "error", message))]
            entries = None
        else:
            pseudonyms = pseudonyms_for(protection.pseudonyms, language)
            findings = check_catalog(
                item.segments, catalog, language, shown, terms_for(glossary, language), selected,
                config.markdown_extensions, protection.guard, pseudonyms,
                None if verdicts is None else LazyCatalog(verdicts, language),
            )
            every_error = selected is None or set(ERROR_CHECKS) <= set(selected)
            entries = reviewed_only(item, language, catalog, sort_by_findings(catalog, msgids, findings) if every_error
                                    else sort_entries(item.segments, catalog, language, config.markdown_extensions,
                                                      pseudonyms))
        decision = decide(config, item.story, language, msgids, entries, unreadable=error)
        if error is not None or (decision.refused and any(f.problem.severity == "error" for f in findings)):
            # What the build makes of it, as sync, build and status say it.
            message = f"{language}/{item.story.slug}: {decision.summary()}"
            findings.append(Finding(shown, 0, language, "", Problem("decision", "note", message)))
        found.append(findings)
    mask = slug_mask(protection.guard, story[1])
    if mask is not None:  # a file name that identifies (#16) is masked in every line about it
        from storybridge.project.status_guard import mask_finding

        notes = [mask(note) for note in notes]
        sources = [mask_finding(mask, finding) for finding in sources]
        found = [[mask_finding(mask, finding) for finding in findings] for findings in found]
    return notes, sources, found


@dataclass(frozen=True)
class Protection:
    """What ``check`` and ``status`` look for besides the checks' own rules
    (#16): the private list and detectors, and the glossary's pseudonyms."""

    guard: Guard
    pseudonyms: Pseudonyms

