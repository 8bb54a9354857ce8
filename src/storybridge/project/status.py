"""The ``status`` step: read every story's catalogs across the workers and
measure them; ``reports/`` renders what comes out, ``status.coverage`` counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from storybridge.checks.registry import check_catalog
from storybridge.config import Config
from storybridge.status.coverage import Coverage, Status, measure_story, summarize
from storybridge.errors import StoryError
from storybridge.checks.glossary import Glossary, terms_for
from storybridge.project.glossary import GLOSSARY_FILE, read_glossary, read_pseudonyms
from storybridge.checks.pseudonym import Pseudonyms, pseudonyms_for
from storybridge.checks.sensitive import Guard
from storybridge.project.sensitive import load_guard
from storybridge.project.status_guard import guard_records
from storybridge.project.pool import ordered_map
from storybridge.project.check import select_checks
from storybridge.model import StoryCatalogs
from storybridge.project.steps import Report, read_story_catalogs, story_files


def read_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
    checks: bool = True,
    jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Status, Report]:
    """The coverage of every story (or those in ``slugs``) in ``languages``
    (default: every configured one), with notes from reading them.

    Stories are read and measured one at a time, spread over ``jobs``
    worker processes (0: one per core), and only their counts are kept,
    plus, with ``details``, the entries to review and to translate (the
    HTML page lists them): memory stays flat however large the archive.
    ``progress`` hears (stories done, stories in all) as they finish. With
    ``checks``, each record also counts the errors and warnings that
    ``storybridge check`` would report (with the project's settings)."""
    for language in languages:
        if language not in config.languages:
            raise StoryError(
                "--lang",
                None,
                f"{language!r} is not one of the configured languages ({', '.join(config.languages)})",
            )
    report = Report()
    stories = story_files(config, slugs)
    counter = None
    guard = load_guard(config)  # sensitive details (#16)
    if checks:
        glossary = read_glossary(config.locale_path / GLOSSARY_FILE, f"{config.locale_dir}/{GLOSSARY_FILE}")
        counter = ProblemCount(
            glossary, select_checks((), (), config.disabled_checks), config.markdown_extensions,
            guard, read_pseudonyms(config.locale_path / GLOSSARY_FILE, f"{config.locale_dir}/{GLOSSARY_FILE}"),
        )
    work = partial(_measure_story, config, languages, details, counter, guard)
    records: list[Coverage] = []
    for notes, coverage in ordered_map(work, stories, jobs):
        report.stories += 1
        report.notes.extend(notes)
        records.extend(coverage)
        if progress is not None:
            progress(report.stories, len(stories))
    return summarize(records, config.languages), report


def _measure_story(
    config: Config,
    languages: tuple[str, ...],
    details: bool,
    counter: ProblemCount | None,
    guard: Guard,
    story: tuple[Path, str],
) -> tuple[list[str], list[Coverage]]:
    """The notes of reading one story and its coverage records (runs in a
    worker); with a ``counter``, the records count the checks' findings.
    Blocked languages carry their reason, and shown texts are masked."""
    notes: list[str] = []
    item = read_story_catalogs(config, *story, languages, notes)
    return notes, guard_records(config, guard, item, measure_story(item, details, counter))


@dataclass(frozen=True)
class ProblemCount:
    """Counts, per story and language, what ``storybridge check`` finds
    (a ``ProblemCounter``; a class, so it travels to worker processes)."""

    glossary: Glossary
    selected: tuple[str, ...]
    markdown_extensions: tuple[str, ...] = ("extra",)
    guard: Guard | None = None
    pseudonyms: Pseudonyms = field(default_factory=dict)

    def __call__(self, item: StoryCatalogs, language: str) -> tuple[int, int]:
        catalog = item.catalogs.get(language)
        if catalog is None:
            return 0, 0
        findings = check_catalog(
            item.segments, catalog, language, item.shown[language],
            terms_for(self.glossary, language), self.selected, self.markdown_extensions,
            self.guard, pseudonyms_for(self.pseudonyms, language),
        )
        severities = [finding.problem.severity for finding in findings]
        return severities.count("error"), severities.count("warning")
