"""The status command's edge: read stories and catalogs, measure them."""

from __future__ import annotations

from collections.abc import Iterator

from storybridge.config import Config
from storybridge.coverage import Status, measure
from storybridge.errors import StoryError
from storybridge.workflow import Report, StoryCatalogs, load_story_catalogs


def read_status(
    config: Config,
    languages: tuple[str, ...] = (),
    slugs: tuple[str, ...] = (),
    details: bool = True,
) -> tuple[Status, Report]:
    """The coverage of every story (or those in ``slugs``) in ``languages``
    (default: every configured one), with notes from reading them.

    Stories are read one at a time and only their counts are kept, plus,
    with ``details``, the entries to review and to translate (the HTML page
    lists them): memory stays flat however large the archive."""
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

    status = measure(items(), config.languages, details)
    missing = sorted(set(slugs) - seen)
    if missing:
        raise StoryError(
            "--story",
            None,
            f"no story {', '.join(map(repr, missing))} in {config.stories_dir}/",
        )
    return status, report
