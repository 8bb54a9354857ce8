"""Which files a story's build reads, by name: what sync's skip cache
stamps to tell an unchanged story (``project.skip_cache``)."""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybridge.config import Config
from storybridge.project.review_files import review_path
from storybridge.project.steps import catalog_path, template_path

if TYPE_CHECKING:
    from storybridge.checks.sensitive import Guard


def input_paths(
    config: Config, path: Path, slug: str, languages: list[str], images: Sequence[str] = (),
) -> list[str]:
    """The files a story's build reads besides the settings: its text,
    template, catalogs and review records (approvals decide with require_review),
    any catalog in its own language (the translation memory reads it), and
    the local ``images`` its text shows (named from the project's folder; their metadata can block it: a
    photo given or cleared of its GPS position must be seen).
    Names, not ``Path`` objects: a no-op sync makes some 10 per story."""
    template, catalogs, reviews = _layout(config)
    others = [lang for lang in config.languages if lang not in languages]  # read by the memory, if there
    return ([str(path), template.format(slug)] + [catalogs[lang].format(slug) for lang in languages]
            + [reviews[lang].format(slug) for lang in languages] + [catalogs[lang].format(slug) for lang in others]
            + [os.path.join(config.root, name) for name in images])


def story_images(config: Config, slug: str, text: str, guard: Guard | None = None) -> list[str]:
    """The local images the story's ``text`` shows, once each, in order,
    named from the project's folder (the line is the same wherever the
    project lies). Left out: what is there but no regular file (a folder,
    a device such as /dev/zero, a pipe: the check reads none of them, and
    a digest of one would never end) and names with a NUL. A name in
    which ``guard`` finds a detail is kept masked: the story is blocked
    for it anyway, and the cache never holds it."""
    from storybridge.project.image_metadata import local_images
    from storybridge.project.steps import story_path

    names = []
    for _, image in local_images(config, story_path(config, slug), text):
        try:
            mode = os.stat(image).st_mode
        except OSError:
            mode = stat_module.S_IFREG  # absent: stamped as absent, so its arrival is seen
        except ValueError:
            continue
        if not stat_module.S_ISREG(mode):
            continue
        try:
            name = image.relative_to(config.root).as_posix()
        except ValueError:  # a path from the site's root (/images/…): read where it points, as the check reads it
            name = str(image)
        names.append(guard.redact(name) if guard is not None else name)
    return list(dict.fromkeys(names))


_LAYOUTS: dict[tuple[Path, tuple[str, ...]], tuple[str, dict[str, str], dict[str, str]]] = {}


_LAST_LAYOUT: list[Any] = [None, None]
"""The last config asked about and its layout: hashing its paths anew for
each of 10,000 stories costs more than the lookup saves."""


def _layout(config: Config) -> tuple[str, dict[str, str], dict[str, str]]:
    """Where a story's template, catalogs and reviews are, as patterns of
    its slug made by the very functions that name them."""
    if _LAST_LAYOUT[0] is config:
        return _LAST_LAYOUT[1]
    key = (config.locale_path, tuple(config.languages))  # all the layout depends on
    found = _LAYOUTS.get(key)
    if found is None:
        def pattern(path: Path) -> str:
            return str(path).replace("{", "{{").replace("}", "}}").replace("\0", "{0}")

        found = _LAYOUTS[key] = (
            pattern(template_path(config, "\0")),
            {lang: pattern(catalog_path(config, lang, "\0")) for lang in config.languages},
            {lang: pattern(review_path(config, lang, "\0")) for lang in config.languages},
        )
    _LAST_LAYOUT[:] = [config, found]
    return found
