"""The steps the command line names: each reads inputs, runs the pure
stages over them and stages its writes in one ``Changes``."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from datetime import datetime, timezone
from pathlib import Path

import polib

from storybridge.assemble import render_front_matter, splice_body, translate_front_matter, usable_translations
from storybridge.catalog import format_date, make_template, merge_catalog
from storybridge.config import Config
from storybridge.files import Changes, find_stories, read_text
from storybridge.errors import StoryError
from storybridge.publish import (
    PSEUDO_LOCALE,
    Decision,
    alternates,
    decide,
    localized_front_matter,
    manifest_record,
    output_path,
    pseudo_translate,
    render_html,
    render_manifest,
)
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


@dataclass
class StoryCatalogs:
    """A story with its segments, template and the catalogs on disk, for
    the commands that only read (status, check)."""

    story: Story
    segments: list[Segment]
    template: polib.POFile | None
    """The template on disk, or None when ``extract`` was never run."""
    catalogs: dict[str, polib.POFile | None]
    """Each target language's catalog, or None when it does not exist yet."""
    shown: dict[str, str]
    """Each target language's catalog path as printed (``locale/ko/LC_MESSAGES/x.po``)."""


def load_story_catalogs(
    config: Config, report: Report, languages: tuple[str, ...] = (), slugs: tuple[str, ...] = ()
) -> Iterator[StoryCatalogs]:
    """Every story (or those in ``slugs``) with its catalogs in ``languages``
    (default: all its targets), read-only, one story at a time."""
    for story, segments in load_stories(config, report):
        if slugs and story.slug not in slugs:
            continue
        langs = [lang for lang in targets(config, story) if not languages or lang in languages]
        shown = {lang: catalog_shown(config, lang, story.slug) for lang in langs}
        yield StoryCatalogs(
            story=story,
            segments=segments,
            template=read_template(config, story.slug),
            catalogs={lang: read_catalog(catalog_path(config, lang, story.slug), shown[lang]) for lang in langs},
            shown=shown,
        )


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


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What ``build`` writes besides the localized Markdown."""

    languages: tuple[str, ...] = ()
    """Only these languages are written (all when empty); the manifest
    always describes every language."""
    html: bool = False
    """Also write sanitized HTML fragments next to the Markdown."""
    pseudo: bool = False
    """Also write the pseudo-locale ``qps`` for layout testing."""


def build(config: Config, options: BuildOptions = BuildOptions()) -> Report:
    """Write the publish folder: localized Markdown and the manifest."""
    report = Report()
    with Changes() as changes:
        site = SiteWriter(changes, config, options)
        for story, segments in load_stories(config, report):
            site.add(story, segments, {}, report)
        site.finish()
    return report


def sync(config: Config, options: BuildOptions = BuildOptions()) -> Report:
    """extract + update + build in one pass over the stories."""
    report = Report()
    moment = now()
    with Changes() as changes:
        site = SiteWriter(changes, config, options)
        for story, segments in load_stories(config, report):
            template = stage_template(changes, config, story, segments, moment)
            merged = stage_catalogs(changes, config, story, template, options.languages or None)
            site.add(story, segments, merged, report)
        site.finish()
    return report


class SiteWriter:
    """Stages the publish folder story by story, then the manifest and the
    removal of files an earlier build wrote that are no longer wanted."""

    def __init__(self, changes: Changes, config: Config, options: BuildOptions) -> None:
        self.changes = changes
        self.config = config
        self.options = options
        self.records: list[dict[str, Any]] = []
        self.files: list[str] = []
        self.previous = _previous_files(config)

    def add(self, story: Story, segments: list[Segment], merged: dict[str, polib.POFile], report: Report) -> None:
        """Stage one story's localized files and remember its manifest record."""
        config, options = self.config, self.options
        msgids = {segment.msgid for segment in segments}
        digest = "sha256:" + hashlib.sha256(story.text.encode("utf-8")).hexdigest()
        accepted: dict[str, dict[str, str]] = {}
        decisions: list[Decision] = []
        for lang in config.languages:
            translations, fuzzy = ({}, 0) if lang == story.lang else self._translations(story, segments, lang, merged, report)
            accepted[lang] = translations
            coverage = 100.0 if lang == story.lang else _percent(len(msgids & translations.keys()), len(msgids))
            decisions.append(decide(config, story.front_matter, story.slug, lang, story.lang, coverage, fuzzy))
        if options.pseudo:
            accepted[PSEUDO_LOCALE] = _pseudo_translations(segments)
            decisions.append(
                Decision(PSEUDO_LOCALE, "pseudo", "pseudo-locale for layout testing", output_path(config.layout, PSEUDO_LOCALE, story.slug), 0.0, 0)
            )
        links = alternates(decisions, story.lang)
        titles: dict[str, str] = {}
        for decision in decisions:
            translated = translate_front_matter(story, segments, accepted[decision.lang])
            titles[decision.lang] = str(translated.get("title", ""))
            if decision.path is None:
                continue
            self.files.append(decision.path)
            if options.languages and decision.lang not in options.languages and decision.lang != story.lang:
                continue
            front_matter = localized_front_matter(
                translated, config=config, slug=story.slug, decision=decision,
                source_lang=story.lang, source_digest=digest, links=links,
            )
            body = splice_body(story.body, segments, accepted[decision.lang])
            self.changes.write(config.site_path / decision.path, render_front_matter(front_matter) + body)
            if options.html or config.html:
                html_path = decision.path[: -len(".md")] + ".html"
                self.files.append(html_path)
                self.changes.write(config.site_path / html_path, render_html(body, config.markdown_extensions))
        self.records.append(
            manifest_record(story.slug, story_path(config, story.slug), story.lang, digest, titles, decisions, links)
        )

    def _translations(
        self, story: Story, segments: list[Segment], lang: str, merged: dict[str, polib.POFile], report: Report
    ) -> tuple[dict[str, str], int]:
        """Accepted translations and the fuzzy count of one catalog."""
        shown = catalog_shown(self.config, lang, story.slug)
        catalog = merged.get(lang) or read_catalog(catalog_path(self.config, lang, story.slug), shown)
        if catalog is None:
            return {}, 0
        accepted, rejected = usable_translations(segments, catalog, lang)
        for rejection in rejected:
            for problem in rejection.problems:
                report.notes.append(
                    f"{shown}:{rejection.line}: warning: [{problem.check}] {problem.message}; "
                    "the source text is published instead"
                )
        fuzzy = sum(1 for entry in catalog if entry.fuzzy and not entry.obsolete)
        return accepted, fuzzy

    def finish(self) -> None:
        """Stage the manifest and the removal of stale files."""
        config = self.config
        self.changes.write(config.site_path / "manifest.json", render_manifest(config.layout, self.records, self.files))
        for stale in sorted(self.previous - set(self.files)):
            self.changes.remove(config.site_path / stale)


def _pseudo_translations(segments: list[Segment]) -> dict[str, str]:
    entries = [polib.POEntry(msgid=s.msgid, msgstr=pseudo_translate(s.msgid)) for s in segments]
    accepted, _ = usable_translations(segments, entries, PSEUDO_LOCALE)
    return accepted


def _previous_files(config: Config) -> set[str]:
    """Files the last build wrote, from its manifest: the only ones a build
    may remove. Paths that could leave the publish folder are ignored."""
    path = config.site_path / "manifest.json"
    if not path.exists():
        return set()
    shown = f"{config.site_dir}/manifest.json"
    try:
        files = json.loads(read_text(path, shown)).get("files", [])
    except (json.JSONDecodeError, AttributeError) as exc:
        raise StoryError(shown, None, f"not a storybridge manifest: {exc}") from None
    return {
        name for name in files
        if isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/") and name != "manifest.json"
    }


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0
