"""One story's publish-folder files, staged: decisions, front matter, bodies, manifest record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
import polib
from storybridge.site.assemble import (
    render_front_matter,
    splice_body,
    translate_front_matter,
    usable_translations,
)
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.files import Changes, read_text
from storybridge.model import Segment, Story
from storybridge.project.catalogs import read_catalog
from storybridge.project.reviews import credits_for, reviewed_translations
from storybridge.site.decision import (
    Decision,
    Sorted,
    change_line,
    previous_states,
    decide,
    output_path,
    published_translations,
    sort_entries,
)
from storybridge.site.publish import (
    PSEUDO_LOCALE,
    alternates,
    localized_front_matter,
    manifest_record,
    pseudo_translate,
    render_html,
)
from storybridge.po.entry import msgstr_line
from storybridge.po.format import format_catalog
from storybridge.po.parse import parse_po
from storybridge.text.languages import bcp47
from storybridge.project.steps import (
    catalog_path,
    catalog_shown,
)
from storybridge.project.tasks import StoryResult, StoryTask


def stage_site(
    task: StoryTask, story: Story, segments: list[Segment], merged: dict[str, polib.POFile],
    changes: Changes, result: StoryResult, unreadable: Mapping[str, StoryError] | None = None,
) -> None:
    """Stage one story's localized files and make its manifest record, as
    the publishing decision (``site.decision``) says. A catalog that cannot
    be read (in ``unreadable``, or found so here) blocks its own language:
    its last published file stays as it is, and the error goes to
    ``result.errors``."""
    config, steps = task.config, task.steps
    msgids = {segment.msgid for segment in segments}
    source_digest = "sha256:" + hashlib.sha256(story.text.encode("utf-8")).hexdigest()
    accepted: dict[str, dict[str, str]] = {}
    decisions: list[Decision] = []
    failed = dict(unreadable or {})
    for lang in config.languages:
        entries = None
        if lang != story.lang and lang not in failed:
            try:
                entries = _sorted_entries(config, story, segments, lang, merged)
            except StoryError as error:
                failed[lang] = error
        error = failed.get(lang)
        decision = decide(config, story, lang, msgids, entries, unreadable=error)
        decisions.append(decision)
        accepted[lang] = published_translations(entries) if entries is not None else {}
        if error is not None:
            result.errors.append(f"{error.where}: error: {error.message}")
            result.kept.append(output_path(config.layout, lang, story.slug))
        for refusal in decision.refused:
            where = f"{catalog_shown(config, lang, story.slug)}:{refusal.line}" if refusal.line else catalog_shown(config, lang, story.slug)
            result.notes.append(f"{where}: error [{refusal.check}] {refusal.message} (not published: the source text stands in)")
    if steps.pseudo:
        accepted[PSEUDO_LOCALE] = _pseudo_translations(segments)
        path = output_path(config.layout, PSEUDO_LOCALE, story.slug)
        decisions.append(Decision(PSEUDO_LOCALE, "pseudo", "pseudo-locale for layout testing", path, 0.0, 0))
    result.changes.extend(_changes(story, decisions, task.previous))
    links = alternates(decisions, story.lang)
    titles: dict[str, str] = {}
    for decision in decisions:
        translated = translate_front_matter(story, segments, accepted[decision.lang])
        titles[decision.lang] = str(translated.get("title", ""))
        if decision.path is None:
            continue
        result.files.append(decision.path)
        html_path = decision.path[: -len(".md")] + ".html" if steps.html or config.html else None
        if html_path:
            result.files.append(html_path)
        if steps.languages and decision.lang not in steps.languages and decision.lang != story.lang:
            continue
        front_matter = localized_front_matter(
            translated, config=config, slug=story.slug, decision=decision,
            source_lang=story.lang, source_digest=source_digest, links=links,
        )
        # Hook of issue 17: credits by display name, for the languages that opt in.
        front_matter.update(credits_for(config, decision.lang, decision.status, story.lang, story.slug))
        body = splice_body(story.body, segments, accepted[decision.lang])
        changes.write(config.site_path / decision.path, render_front_matter(front_matter) + body)
        if html_path:
            changes.write(config.site_path / html_path, render_html(body, config.markdown_extensions))
    embargoed = all(d.status == "embargoed" for d in decisions if d.lang != PSEUDO_LOCALE)
    result.record = None if embargoed else manifest_record(
        story.slug, story.path, story.lang, source_digest, titles, decisions, links
    )


def _changes(story: Story, decisions: list[Decision], previous: Mapping[str, str] | None) -> list[str]:
    """One line per language whose state changed since the last build
    (``previous``: tag → state from its manifest; None when unknown)."""
    if previous is None:
        return []
    lines = []
    for decision in decisions:
        if decision.lang == PSEUDO_LOCALE:
            continue
        line = change_line(story.slug, decision.lang, previous.get(bcp47(decision.lang)), decision)
        if line is not None and not (decision.status == "embargoed" and bcp47(decision.lang) not in previous):
            lines.append(line)
    return lines


def _sorted_entries(
    config: Config, story: Story, segments: list[Segment], lang: str, merged: dict[str, polib.POFile],
) -> Sorted:
    """Accepted and refused translations of one catalog (raises StoryError
    when it cannot be read)."""
    shown = catalog_shown(config, lang, story.slug)
    catalog = merged.get(lang)
    if catalog is None:
        catalog = read_catalog(catalog_path(config, lang, story.slug), shown)
    entries = sort_entries(segments, catalog, lang, config.markdown_extensions)
    if catalog is not None:
        # Hook of issue 17: with require_review, only approved translations
        # go out; the rest count as untranslated (not as refused).
        entries = replace(entries, accepted=reviewed_translations(config, lang, story.slug, catalog, entries.accepted))
    if catalog is not None and any(refusal.line is None for refusal in entries.refused):
        # A catalog merged in memory has no line numbers: read them off
        # the text it is written as (rare: only when something is refused).
        lines = {entry.msgid: msgstr_line(entry) for entry in parse_po(format_catalog(catalog), shown)}
        entries = replace(entries, refused=tuple(replace(r, line=lines.get(r.msgid)) for r in entries.refused))
    return entries


def _pseudo_translations(segments: list[Segment]) -> dict[str, str]:
    entries = [polib.POEntry(msgid=s.msgid, msgstr=pseudo_translate(s.msgid)) for s in segments]
    accepted, _ = usable_translations(segments, entries, PSEUDO_LOCALE)
    return accepted


def previous_files(config: Config) -> set[str]:
    """Files the last build wrote, from its manifest: the only ones a build
    may remove. Paths that could leave the publish folder are ignored."""
    path = config.site_path / "manifest.json"
    if not path.exists():
        return set()
    shown = f"{config.site_dir}/manifest.json"
    text = read_text(path, shown)
    # The list closes the document: parse just it, not every story's record.
    start = text.rfind('\n  "files": [')
    try:
        files = json.loads("{" + text[start:]) if start >= 0 else json.loads(text)
        files = files.get("files", [])
    except (json.JSONDecodeError, AttributeError) as exc:
        raise StoryError(shown, None, f"not a storybridge manifest: {exc}") from None
    return {
        name for name in files
        if isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/") and name != "manifest.json"
    }


def manifest_states(config: Config) -> dict[str, dict[str, str]]:
    """slug → (language tag → state) from the last build's manifest, for
    when there is no cache to tell; empty when there is no manifest."""
    path = config.site_path / "manifest.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        stories = document.get("stories", [])
        return {str(record["slug"]): previous_states(record) for record in stories if isinstance(record, dict)}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}
