"""The status command's edge: read stories and catalogs, measure them."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from storybridge.checks import check_catalog
from storybridge.config import Config
from storybridge.coverage import Coverage, ProblemCounter, Status, measure_story, summarize
from storybridge.errors import StoryError
from storybridge.files import find_stories
from storybridge.glossary import Glossary, read_glossary, terms_for
from storybridge.parallel import ordered_map
from storybridge.quality import GLOSSARY_FILE, select_checks
from storybridge.workflow import Report, StoryCatalogs, read_story_catalogs


def read_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
    checks: bool = True,
    jobs: int = 0,
) -> tuple[Status, Report]:
    """The coverage of every story (or those in ``slugs``) in ``languages``
    (default: every configured one), with notes from reading them.

    Stories are read one at a time and only their counts are kept, plus,
    with ``details``, the entries to review and to translate (the HTML page
    lists them): memory stays flat however large the archive. With
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
    stories = [
        (path, slug)
        for path, slug in find_stories(config.stories_path, config.stories_dir)
        if not slugs or slug in slugs
    ]
    missing = sorted(set(slugs) - {slug for _, slug in stories})
    if missing:
        raise StoryError(
            "--story",
            None,
            f"no story {', '.join(map(repr, missing))} in {config.stories_dir}/",
        )
    glossary = read_glossary(config.locale_path / GLOSSARY_FILE, f"{config.locale_dir}/{GLOSSARY_FILE}")
    work = partial(_measure_story, config, languages, details, glossary if checks else None)
    records: list[Coverage] = []
    for notes, coverage in ordered_map(work, stories, jobs):
        report.stories += 1
        report.notes.extend(notes)
        records.extend(coverage)
    return summarize(records, config.languages), report


def _measure_story(
    config: Config,
    languages: tuple[str, ...],
    details: bool,
    glossary: Glossary | None,
    story: tuple[Path, str],
) -> tuple[list[str], list[Coverage]]:
    """The notes of reading one story and its coverage records (runs in a
    worker); with a ``glossary``, the records count the checks' findings."""
    notes: list[str] = []
    item = read_story_catalogs(config, *story, languages, notes)
    counter = problem_counter(config, glossary) if glossary is not None else None
    return notes, measure_story(item, details, counter)


def problem_counter(config: Config, glossary: Glossary) -> ProblemCounter:
    """Counts, per story and language, what ``storybridge check`` finds."""
    selected = select_checks((), (), config.disabled_checks)

    def count(item: StoryCatalogs, language: str) -> tuple[int, int]:
        catalog = item.catalogs.get(language)
        if catalog is None:
            return 0, 0
        findings = check_catalog(
            item.segments, catalog, language, item.shown[language], terms_for(glossary, language), selected
        )
        severities = [finding.problem.severity for finding in findings]
        return severities.count("error"), severities.count("warning")

    return count
