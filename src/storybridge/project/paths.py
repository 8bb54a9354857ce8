"""Where a project keeps each story's files, and how messages name them.

Kept apart from ``project.steps`` so that the modules the steps use (the
translation memory and its cache) can find files without importing the
steps back.
"""

from __future__ import annotations

from pathlib import Path

from storybridge.config import Config


def story_path(config: Config, slug: str) -> str:
    return f"{config.stories_dir}/{slug}.md"


def template_path(config: Config, slug: str) -> Path:
    return config.locale_path / "templates" / f"{slug}.pot"


def catalog_path(config: Config, lang: str, slug: str) -> Path:
    return config.locale_path / lang / "LC_MESSAGES" / f"{slug}.po"


def catalog_shown(config: Config, lang: str, slug: str) -> str:
    return f"{config.locale_dir}/{lang}/LC_MESSAGES/{slug}.po"
