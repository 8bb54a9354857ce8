"""The status command's edge: read stories and catalogs, measure them."""

from __future__ import annotations

from storybridge.config import Config
from storybridge.coverage import Status, measure
from storybridge.errors import StoryError
from storybridge.workflow import Report, load_story_catalogs


def read_status(
    config: Config, languages: tuple[str, ...] = (), slugs: tuple[str, ...] = ()
) -> tuple[Status, Report]:
    """The coverage of every story (or those in ``slugs``) in ``languages``
    (default: every configured one), with notes from reading them."""
    for language in languages:
        if language not in config.languages:
            raise StoryError(
                "--lang",
                None,
                f"{language!r} is not one of the configured languages ({', '.join(config.languages)})",
            )
    report = Report()
    items = list(load_story_catalogs(config, report, languages, slugs))
    missing = sorted(set(slugs) - {item.story.slug for item in items})
    if missing:
        raise StoryError(
            "--story",
            None,
            f"no story {', '.join(map(repr, missing))} in {config.stories_dir}/",
        )
    return measure(items, config.languages), report
