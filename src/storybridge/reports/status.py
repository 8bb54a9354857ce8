"""The status command's edge: read stories and catalogs, measure them."""

from __future__ import annotations

from collections.abc import Iterator

from storybridge.checks import check_catalog
from storybridge.config import Config
from storybridge.coverage import ProblemCounter, Status, measure
from storybridge.errors import StoryError
from storybridge.glossary import read_glossary, terms_for
from storybridge.quality import GLOSSARY_FILE, select_checks
from storybridge.workflow import Report, StoryCatalogs, load_story_catalogs


def read_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
    checks: bool = True,
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
    seen: set[str] = set()

    def items() -> Iterator[StoryCatalogs]:
        for item in load_story_catalogs(config, report, languages, slugs):
            seen.add(item.story.slug)
            yield item

    status = measure(items(), config.languages, details, problem_counter(config) if checks else None)
    missing = sorted(set(slugs) - seen)
    if missing:
        raise StoryError(
            "--story",
            None,
            f"no story {', '.join(map(repr, missing))} in {config.stories_dir}/",
        )
    return status, report


def problem_counter(config: Config) -> ProblemCounter:
    """Counts, per story and language, what ``storybridge check`` finds."""
    glossary = read_glossary(config.locale_path / GLOSSARY_FILE, f"{config.locale_dir}/{GLOSSARY_FILE}")
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
