"""The translation memory of one language for CAT tools: TMX 1.4 or a compendium catalog.

Every story's translated entries that no error check refuses, in slug
order, with the story they come from: what ``update`` offers as memory,
for volunteers who work in OmegaT or Trados (``storybridge memory
export``). A withheld story, or one whose file name identifies someone,
gives none.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from storybridge import __version__
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.po.exchange import render_compendium, render_tmx
from storybridge.po.format import format_catalog
from storybridge.po.memory import Unit
from storybridge.project.catalogs import read_catalog
from storybridge.project.files import read_text
from storybridge.project.lock import write_in_project
from storybridge.project.story_files import find_stories
from storybridge.project.compendiums import memory_units
from storybridge.project.memory import identifying_names, usable
from storybridge.project.memory_scan import story_shown, story_visibility, template_language, withheld_in
from storybridge.project.pool import ordered_map
from storybridge.project.sensitive import load_guard
from storybridge.project.paths import catalog_path, catalog_shown, story_path


def _story_units(
    config: Config, languages: tuple[str, ...], story: tuple[Path, str], with_source: bool = False
) -> dict[str, list[Unit]]:
    """The units of one story's catalogs; none from a story that says
    ``publish: false``, nor of a language it withholds
    (``withhold_languages``): a withheld text must not travel into other
    stories' catalogs (a similar paragraph's ``#|``) or an export."""
    path, slug = story
    shown = story_path(config, slug)
    visibility = story_visibility(read_text(path, shown), shown)
    if not story_shown(visibility):
        return {}
    withheld = withheld_in(visibility, config.languages)
    found: dict[str, list[Unit]] = {}
    source_lang = template_language(config, slug) if with_source else ""
    for lang in languages:
        if lang in withheld:
            continue  # the story keeps that language's text off the site: none travels
        try:
            catalog = read_catalog(catalog_path(config, lang, slug), catalog_shown(config, lang, slug))
        except StoryError:
            continue  # (#14) it blocks only its own story x language, which reports it
        if catalog is not None:
            found[lang] = memory_units(catalog, lang, slug, source_lang)
    return found


def export_memory(config: Config, lang: str, form: str, output: Path | None, jobs: int = 0) -> tuple[str, int]:
    """The memory of ``lang`` (every story's translated entries refused by
    no error check, in slug order) as TMX or a compendium catalog. Written
    atomically to ``output`` when given (then the text returned is empty),
    else returned; with the number of units."""
    if lang not in config.languages:
        raise StoryError("--lang", None, f"{lang!r} is not one of the configured languages ({', '.join(config.languages)})")
    guard = load_guard(config)
    found = list(find_stories(config.stories_path, config.stories_dir))
    named = identifying_names(guard, (slug for _, slug in found))
    stories = [story for story in found if story[1] not in named]
    units: list[Unit] = []
    for found in ordered_map(partial(_story_units, config, (lang,), with_source=True), stories, jobs):
        units.extend(found.get(lang, ()))
    units = [unit for unit in units if usable(lang, guard, unit)]
    if form == "tmx":
        text = render_tmx(units, lang, __version__).decode("utf-8")
    else:
        text = format_catalog(render_compendium(units, lang))
    if output is None:
        return text, len(units)
    write_in_project(config, output, text)
    return "", len(units)
