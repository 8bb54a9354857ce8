"""The steps the command line names: each reads inputs, runs the pure
stages over them and stages its writes in one ``Changes``."""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.files import Changes, digest, read_text
from storybridge.project.story_files import find_stories
from storybridge.project.paths import catalog_path, catalog_shown, story_path, template_path

if TYPE_CHECKING:  # the stages load on use: the command line starts without them (a no-op sync needs none)
    import polib

    from storybridge.model import Segment, Story, StoryCatalogs
    from storybridge.project.memory_units import Scanned, Written
    from storybridge.site.decision import Sorted


@dataclass
class Report:
    """What a command did, for the CLI to print."""

    notes: list[str] = field(default_factory=list)
    """One-line messages: detected languages, refused translations …"""
    stories: int = 0
    """How many stories were processed."""
    errors: list[str] = field(default_factory=list)
    """One-line errors of catalogs that could not be read (each blocked its
    own story × language; the rest was done): the command exits 1."""
    changes: list[str] = field(default_factory=list)
    """Publishing decisions that changed since the last build, one line each."""
    written: int = 0
    """Files written or removed."""
    stale: list[str] = field(default_factory=list)
    """With ``Steps.check``: the files the run would write or remove."""


def now() -> datetime:
    """The time stamped into changed templates: ``SOURCE_DATE_EPOCH`` when
    set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(second=0, microsecond=0)


def story_files(config: Config, slugs: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    """Each story file (or those in ``slugs``) with its slug, in slug order;
    a slug with no story is an error."""
    found = [
        (path, slug)
        for path, slug in find_stories(config.stories_path, config.stories_dir)
        if not slugs or slug in slugs
    ]
    missing = sorted(set(slugs) - {slug for _, slug in found})
    if missing:
        raise StoryError("--story", None, f"no story {', '.join(map(repr, missing))} in {config.stories_dir}/")
    return found


def load_story(config: Config, path: Path, slug: str, notes: list[str]) -> tuple[Story, list[Segment]]:
    """One story, read and segmented; a detected language goes to ``notes``."""
    from storybridge.markdown.segment import segment_story
    from storybridge.markdown.story import read_story

    shown = story_path(config, slug)
    story = read_story(read_text(path, shown), shown, slug, config.languages)
    if story.lang_detected:
        notes.append(f"{shown}: no 'lang' in front matter; detected {story.lang}")
    return story, segment_story(story, config.front_matter_keys)



def read_story_catalogs(
    config: Config, path: Path, slug: str, languages: tuple[str, ...], notes: list[str]
) -> StoryCatalogs:
    """One story with its template and its catalogs in ``languages``
    (default: all its targets)."""
    from storybridge.model import StoryCatalogs
    from storybridge.project.catalogs import read_catalog
    from storybridge.project.review_files import read_reviews

    story, segments = load_story(config, path, slug, notes)
    langs = [lang for lang in targets(config, story) if not languages or lang in languages]
    shown = {lang: catalog_shown(config, lang, story.slug) for lang in langs}
    catalogs: dict[str, polib.POFile | None] = {}
    unreadable: dict[str, StoryError] = {}
    for lang in langs:
        try:
            catalogs[lang] = read_catalog(catalog_path(config, lang, story.slug), shown[lang])
        except StoryError as error:  # blocks this language only; the rest is reported
            catalogs[lang] = None
            unreadable[lang] = error
    return StoryCatalogs(
        story=story,
        segments=segments,
        template=read_template(config, story.slug),
        catalogs=catalogs,
        shown=shown,
        unreadable=unreadable,
        reviews={lang: read_reviews(config, lang, story.slug) for lang in langs},
        review_required=tuple(lang for lang in langs if config.requires_review(lang)),
    )


def targets(config: Config, story: Story) -> list[str]:
    """The languages a story is translated into."""
    return [lang for lang in config.languages if lang != story.lang]


_CREATION = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def stage_template(changes: Changes, config: Config, story: Story, segments: list[Segment], moment: datetime) -> polib.POFile:
    """Stage the story's template; its date changes only when its entries do."""
    from storybridge.po.format import format_catalog
    from storybridge.po.merge import make_template

    path = template_path(config, story.slug)
    shown = story_path(config, story.slug)
    template = make_template(shown, segments, story.lang, moment)
    stamp = template.metadata["POT-Creation-Date"]
    if path.exists():
        old_text = read_text(path)
        old_date = _CREATION.search(old_text)
        if old_date is not None:
            # Same entries under the old date: keep the file and its date.
            template.metadata["POT-Creation-Date"] = template.metadata["PO-Revision-Date"] = old_date.group(1)
            if format_catalog(template, config.catalog_wrap) == old_text:
                return template
            template.metadata["POT-Creation-Date"] = template.metadata["PO-Revision-Date"] = stamp
    changes.write(path, format_catalog(template, config.catalog_wrap))
    return template


def read_template(config: Config, slug: str) -> polib.POFile | None:
    from storybridge.project.catalogs import read_catalog

    shown = f"{config.locale_dir}/templates/{slug}.pot"
    return read_catalog(template_path(config, slug), shown)


def stage_catalogs(
    changes: Changes, config: Config, story: Story, template: polib.POFile, languages: tuple[str, ...] | None,
    unreadable: dict[str, StoryError] | None = None, new_units: list[str] | None = None,
    written: dict[str, tuple[Path, Written]] | None = None, scanned: dict[str, Scanned] | None = None,
    awaited: Collection[str] = (),
) -> dict[str, polib.POFile]:
    """Stage each target catalog of a story, merged with its template,
    then filled from memory and by conversion, with glossary hints (what
    ``project.memory`` installed for this run; bootstrapped languages last).
    With ``unreadable``, a catalog that cannot be read is left alone and
    its error put there, instead of stopping the story. With ``new_units``,
    each language whose catalog now offers the translation memory other
    units than before goes there; with ``written``, what each catalog
    written offers the memory cache, by language (``memory_units.written``);
    with ``scanned``, what each catalog of the languages ``awaited``
    offered the memory before the merge (``memory_units.scanned``), for
    the memory this run is still settling."""
    from storybridge.po.format import format_catalog
    from storybridge.po.guard import lost_translations
    from storybridge.po.merge import merge_catalog
    from storybridge.project.catalogs import parse_catalog
    from storybridge.project.memory import aid_catalog, bootstrap_order
    from storybridge.project.memory_units import scanned as offered
    from storybridge.project.memory_units import written as remember_written
    from storybridge.project.review_files import prune_reviews

    merged: dict[str, polib.POFile] = {}
    for lang in bootstrap_order(targets(config, story), config.bootstrap):
        if languages and lang not in languages:
            continue
        path = catalog_path(config, lang, story.slug)
        shown = catalog_shown(config, lang, story.slug)
        # The digest of the very bytes merged: the commit lands nothing if
        # a volunteer saves the catalog in the meantime.
        try:
            text = read_text(path, shown) if path.exists() else None
            old = None if text is None else parse_catalog(text, shown)
        except StoryError as error:
            if unreadable is None:
                raise
            unreadable[lang] = error  # blocks this language only; the file stays as it is
            continue
        read = None if text is None else digest(text.encode("utf-8"))
        old_pairs = _units(old)
        if scanned is not None and lang in awaited and old is not None and read is not None:
            scanned[lang] = offered(read, old, old_pairs)
        merged[lang] = merge_catalog(template, old, lang)
        lost = lost_translations(old, merged[lang]) if old is not None else []
        if lost:
            raise StoryError(shown, lost[0].linenum, f"the merge would lose {len(lost)} translation(s); "
                             "nothing was written (a storybridge bug: please report it)")
        # zh_Hant bootstrap (#18) may then redo its own untouched conversions, never a volunteer's.
        aid_catalog(config, story, lang, merged[lang], merged)
        new_pairs = _units(merged[lang])
        if new_units is not None and old_pairs != new_pairs:
            new_units.append(lang)  # what the next run's translation memory holds changed
        new_text = format_catalog(merged[lang], config.catalog_wrap)
        if changes.write(path, new_text, read=read) and written is not None:
            as_read = scanned.get(lang) if scanned is not None and old_pairs == new_pairs else None
            written[lang] = (path, remember_written(changes.digests[path], merged[lang], new_pairs, as_read))
        prune_reviews(changes, config, lang, story.slug, merged[lang])
    return merged


def _units(catalog: polib.POFile | None) -> list[tuple[str, str]]:
    """The (msgid, msgstr) a catalog offers the translation memory, in order."""
    from storybridge.project.memory_units import entry_pairs

    return [] if catalog is None else entry_pairs(catalog)


def reviewed_only(item: StoryCatalogs, lang: str, catalog: polib.POFile | None, entries: Sorted) -> Sorted:
    """``entries`` as the build takes them under ``require_review`` (issue
    17): only approved translations are accepted, the rest count as
    untranslated; for status and check, from the records ``item`` holds."""
    from storybridge.po.review import approved_msgids

    if catalog is None or lang not in item.review_required:
        return entries
    approved = approved_msgids(catalog, item.reviews.get(lang) or {})
    return replace(entries, accepted={msgid: text for msgid, text in entries.accepted.items() if msgid in approved})
