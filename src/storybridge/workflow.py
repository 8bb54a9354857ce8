"""The steps the command line names: each reads inputs, runs the pure
stages over them and stages its writes in one ``Changes``."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from storybridge.assemble import assemble_story, usable_translations
from storybridge.catalog import format_date, make_template, merge_catalog
from storybridge.config import Config
from storybridge.files import Changes, find_stories, read_text
from storybridge.languages import bcp47
from storybridge.model import Segment, Story
from storybridge.pofiles import read_catalog, render_catalog
from storybridge.segment import segment_story
from storybridge.story import read_story


@dataclass
class Report:
    """What a command did, for the CLI to print."""

    notes: list[str] = field(default_factory=list)
    """One-line messages: detected languages, refused translations …"""
    stories: int = 0
    """How many stories were processed."""


def now() -> datetime:
    """The time stamped into changed templates: ``SOURCE_DATE_EPOCH`` when
    set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(second=0, microsecond=0)


def story_path(config: Config, slug: str) -> str:
    return f"{config.stories_dir}/{slug}.md"


def template_path(config: Config, slug: str) -> Path:
    return config.locale_path / "templates" / f"{slug}.pot"


def catalog_path(config: Config, lang: str, slug: str) -> Path:
    return config.locale_path / lang / "LC_MESSAGES" / f"{slug}.po"


def catalog_shown(config: Config, lang: str, slug: str) -> str:
    return f"{config.locale_dir}/{lang}/LC_MESSAGES/{slug}.po"


def load_stories(config: Config, report: Report) -> Iterator[tuple[Story, list[Segment]]]:
    """Each story of the project, read and segmented, in slug order."""
    for path, slug in find_stories(config.stories_path, config.stories_dir):
        shown = story_path(config, slug)
        story = read_story(read_text(path, shown), shown, slug, config.languages)
        if story.lang_detected:
            report.notes.append(f"{shown}: no 'lang' in front matter; detected {story.lang}")
        report.stories += 1
        yield story, segment_story(story, config.front_matter_keys)


def targets(config: Config, story: Story) -> list[str]:
    """The languages a story is translated into."""
    return [lang for lang in config.languages if lang != story.lang]


_CREATION = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.MULTILINE)


def stage_template(changes: Changes, config: Config, story: Story, segments: list[Segment], moment: datetime) -> polib.POFile:
    """Stage the story's template; its date changes only when its entries do."""
    path = template_path(config, story.slug)
    shown = story_path(config, story.slug)
    template = make_template(shown, segments, story.lang, moment)
    if path.exists():
        old_text = read_text(path)
        old_date = _CREATION.search(old_text)
        if old_date is not None:
            dated = make_template(shown, segments, story.lang, moment)
            dated.metadata["POT-Creation-Date"] = dated.metadata["PO-Revision-Date"] = old_date.group(1)
            if render_catalog(dated) == old_text:
                return dated
    changes.write(path, render_catalog(template))
    return template


def read_template(config: Config, slug: str) -> polib.POFile | None:
    shown = f"{config.locale_dir}/templates/{slug}.pot"
    return read_catalog(template_path(config, slug), shown)


def stage_catalogs(
    changes: Changes, config: Config, story: Story, template: polib.POFile, languages: tuple[str, ...] | None
) -> dict[str, polib.POFile]:
    """Stage each target catalog of a story, merged with its template."""
    merged: dict[str, polib.POFile] = {}
    for lang in targets(config, story):
        if languages and lang not in languages:
            continue
        path = catalog_path(config, lang, story.slug)
        old = read_catalog(path, catalog_shown(config, lang, story.slug))
        merged[lang] = merge_catalog(template, old, lang)
        changes.write(path, render_catalog(merged[lang]))
    return merged


def extract(config: Config) -> Report:
    """Write ``locale/templates/<slug>.pot`` for every story."""
    report = Report()
    moment = now()
    with Changes() as changes:
        for story, segments in load_stories(config, report):
            stage_template(changes, config, story, segments, moment)
    return report


def update(config: Config, languages: tuple[str, ...] = ()) -> Report:
    """Create or merge every target catalog from the stories' templates."""
    report = Report()
    with Changes() as changes:
        for story, segments in load_stories(config, report):
            template = read_template(config, story.slug)
            if template is None:
                template = make_template(story_path(config, story.slug), segments, story.lang, now())
            stage_catalogs(changes, config, story, template, languages or None)
    return report


def build(config: Config, languages: tuple[str, ...] = ()) -> Report:
    """Write ``site/<lang>/<slug>.md`` for every story and language, and the manifest."""
    report = Report()
    manifest: list[dict[str, object]] = []
    with Changes() as changes:
        for story, segments in load_stories(config, report):
            manifest.append(stage_story_build(changes, config, story, segments, languages, report))
        changes.write(config.site_path / "manifest.json", render_manifest(manifest))
    return report


def sync(config: Config, languages: tuple[str, ...] = ()) -> Report:
    """extract + update + build in one pass over the stories."""
    report = Report()
    moment = now()
    manifest: list[dict[str, object]] = []
    with Changes() as changes:
        for story, segments in load_stories(config, report):
            template = stage_template(changes, config, story, segments, moment)
            merged = stage_catalogs(changes, config, story, template, languages or None)
            manifest.append(stage_story_build(changes, config, story, segments, languages, report, merged))
        changes.write(config.site_path / "manifest.json", render_manifest(manifest))
    return report


def stage_story_build(
    changes: Changes,
    config: Config,
    story: Story,
    segments: list[Segment],
    languages: tuple[str, ...],
    report: Report,
    catalogs: dict[str, polib.POFile] | None = None,
) -> dict[str, object]:
    """Stage a story's localized files; return its manifest record."""
    msgids = {segment.msgid for segment in segments}
    record: dict[str, object] = {
        "slug": story.slug,
        "source": story_path(config, story.slug),
        "source_lang": bcp47(story.lang),
        "source_digest": "sha256:" + hashlib.sha256(story.text.encode("utf-8")).hexdigest(),
    }
    translations: dict[str, object] = {}
    for lang in config.languages:
        if languages and lang not in languages and lang != story.lang:
            continue
        accepted: dict[str, str] = {}
        if lang != story.lang:
            shown = catalog_shown(config, lang, story.slug)
            catalog = (catalogs or {}).get(lang) or read_catalog(catalog_path(config, lang, story.slug), shown)
            if catalog is not None:
                accepted, rejected = usable_translations(segments, catalog, lang)
                for rejection in rejected:
                    for problem in rejection.problems:
                        report.notes.append(
                            f"{shown}:{rejection.line}: warning: [{problem.check}] {problem.message}; "
                            "the source text is published instead"
                        )
        relative = f"{lang}/{story.slug}.md"
        extra = {"lang": bcp47(lang), "translationKey": story.slug, "source_lang": bcp47(story.lang)}
        text = assemble_story(story, segments, accepted if lang != story.lang else {}, extra)
        changes.write(config.site_path / relative, text)
        coverage = 100.0 if lang == story.lang else _percent(len(msgids & accepted.keys()), len(msgids))
        title = (accepted.get(story.front_matter.get("title", "")) if lang != story.lang else None) or story.front_matter.get("title", "")
        translations[bcp47(lang)] = {"path": relative, "title": title, "coverage": coverage}
    record["languages"] = translations
    return record


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def render_manifest(records: list[dict[str, object]]) -> str:
    """The manifest as stable, readable JSON."""
    return json.dumps({"version": 1, "stories": records}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
