"""One story's publish-folder files, staged: decisions, front matter, bodies, manifest record."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

import polib

from storybridge.checks.pseudonym import pseudonyms_for
from storybridge.checks.sensitive import Guard
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.markdown.story import front_matter_strings, parse_front_matter, split_front_matter
from storybridge.model import Segment, Story
from storybridge.po.entry import msgstr_line
from storybridge.po.format import format_catalog
from storybridge.po.parse import parse_po
from storybridge.project.catalogs import read_catalog
from storybridge.project.files import Changes, read_text
from storybridge.project.reviews import credits_for, reviewed_translations
from storybridge.project.site_guard import (
    apply_blocks,
    built_blocks,
    catalog_blocks,
    check_built,
    source_blocks,
)
from storybridge.project.steps import (
    catalog_path,
    catalog_shown,
)
from storybridge.project.tasks import StoryResult, StoryTask
from storybridge.site.assemble import (
    render_front_matter,
    splice_body,
    translate_front_matter,
    usable_translations,
)
from storybridge.site.decision import (
    Decision,
    Sorted,
    Veto,
    change_line,
    decide,
    output_path,
    page_path,
    previous_states,
    published_translations,
    sort_entries,
)
from storybridge.site.html import render_fragment
from storybridge.site.profiles import get_profile, public_record, rebreak
from storybridge.site.publish import (
    PSEUDO_LOCALE,
    alternates,
    localized_front_matter,
    manifest_record,
    private,
    pseudo_translate,
)
from storybridge.text.languages import bcp47


def stage_site(
    task: StoryTask, story: Story, segments: list[Segment], merged: dict[str, polib.POFile],
    changes: Changes, result: StoryResult, unreadable: Mapping[str, StoryError] | None = None,
) -> None:
    """Stage one story's localized files and make its manifest record, as
    the publishing decision (``site.decision``) says. A catalog that cannot
    be read (in ``unreadable``, or found so here) blocks its own language:
    its last published file stays as it is (``_kept_pages`` says when), and
    the error goes to ``result.errors``."""
    config, steps = task.config, task.steps
    msgids = {segment.msgid for segment in segments}
    source_digest = "sha256:" + hashlib.sha256(story.text.encode("utf-8")).hexdigest()
    accepted: dict[str, dict[str, str]] = {}
    decisions: list[Decision] = []
    failed = dict(unreadable or {})
    blocked: dict[str, str] = {}  # language → why (#16)
    published: dict[str, tuple[str, list[polib.POEntry]]] = {}  # language → its catalog, the entries accepted
    source_blocked = source_blocks(config, task.guard, story, result.notes)
    catalogs: dict[str, polib.POFile] = {}  # language → the catalog read, for the credits
    for lang in config.languages:
        entries = None
        if lang != story.lang and lang not in failed:
            try:  # only the catalog's own syntax is contained; other bad input stops the build
                catalog = merged.get(lang) or read_catalog(
                    catalog_path(config, lang, story.slug), catalog_shown(config, lang, story.slug))
            except StoryError as error:
                failed[lang] = error
            else:
                if catalog is not None:
                    catalogs[lang] = catalog
                entries = _sorted_entries(task, story, segments, lang, catalog, result.notes, blocked, published)
        error = failed.get(lang)
        # The one door for other guards (Veto); the sensitive guard blocks
        # below (apply_blocks, check_built), review filters _sorted_entries.
        vetoes: list[Veto] = []
        decision = decide(config, story, lang, msgids, entries, unreadable=error, vetoes=vetoes)
        decisions.append(decision)
        accepted[lang] = published_translations(entries, vetoes) if entries is not None else {}
        if error is not None:
            result.errors.append(f"{error.where}: error: {task.guard.redact(error.message)}")  # it quotes the line
        for refusal in decision.refused:
            where = catalog_shown(config, lang, story.slug) + (f":{refusal.line}" if refusal.line else "")
            result.notes.append(
                f"{where}: error [{refusal.check}] {task.guard.redact(refusal.message)}"
                " (not published: the source text stands in)"
            )
    if steps.pseudo:
        accepted[PSEUDO_LOCALE] = _pseudo_translations(segments)
        path = output_path(config.layout, PSEUDO_LOCALE, story.slug)
        decisions.append(Decision(PSEUDO_LOCALE, "pseudo", "pseudo-locale for layout testing", path, 0.0, 0))
    if source_blocked is not None:
        blocked = {decision.lang: source_blocked for decision in decisions}
    decisions = apply_blocks(decisions, blocked)
    decisions = check_built(
        task.guard, decisions, story.lang, lambda d: _plain_file(story, segments, accepted[d.lang]),
        lambda lang: catalog_blocks(task.guard, published[lang][1], published[lang][0], lang, result.notes)
        if lang in published else None,
        config.site_dir, result.notes,
    )
    result.kept.extend(_kept_pages(task, story.slug, decisions, failed, source_blocked, result.notes))
    result.blocked = any(decision.status == "blocked" and private(decision) for decision in decisions)
    result.changes.extend(_changes(story, decisions, task.previous))
    if all(private(decision) for decision in decisions):
        return  # nothing of the story may reach the publish folder or the manifest
    _write_files(task, story, segments, accepted, decisions, source_digest, changes, result, catalogs)


def _write_files(
    task: StoryTask, story: Story, segments: list[Segment], accepted: dict[str, dict[str, str]],
    decisions: list[Decision], source_digest: str, changes: Changes, result: StoryResult,
    catalogs: Mapping[str, polib.POFile],
) -> None:
    """Stage the files the decisions say to write, and the manifest record;
    ``catalogs`` are those the translations came from (for the credits)."""
    config, steps = task.config, task.steps
    links = alternates(decisions, story.lang)
    # --- hook: publishing profiles (site/profiles.py, issue #15) ---
    # A generator whose reader lacks CommonMark's backslash break gets two
    # spaces, in the Markdown (MkDocs) or only in the HTML (python-markdown).
    profile = get_profile(config)
    source_body, site_segments = rebreak(story.body, segments, profile.hard_break if profile else None)
    python_markdown = config.html_renderer == "python-markdown" and (steps.html or config.html)
    pm_body, pm_segments = rebreak(source_body, site_segments, "  " if python_markdown else None)
    # --- end of hook ---
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
        credits = credits_for(config, decision.lang, decision.status, story.lang, story.slug, catalogs.get(decision.lang))
        front_matter.update(_guarded_credits(task.guard, credits))
        body = splice_body(source_body, site_segments, accepted[decision.lang])
        changes.write(config.site_path / decision.path, render_front_matter(front_matter) + body)
        if html_path:
            if python_markdown:
                body = splice_body(pm_body, pm_segments, accepted[decision.lang])
            changes.write(config.site_path / html_path,
                          render_fragment(body, config.html_renderer, config.markdown_extensions, story.path))
    record = manifest_record(story.slug, story.path, story.lang, source_digest, titles, decisions, links)
    result.record = public_record(record, written=bool(result.files))  # issue #15: names only what is public


def _kept_pages(
    task: StoryTask, slug: str, decisions: list[Decision], unreadable: Collection[str],
    source_blocked: str | None, notes: list[str],
) -> list[str]:
    """The last published pages of the languages whose catalog cannot be
    read that stay in the publish folder (the rest of its files go). Only
    where the final decision is public: a story withheld in that language,
    embargoed, or blocked for identifying details (in the source: every
    language) leaves none. And only a page in which the guard finds nothing
    now: the private list may have grown since it was published (a finding
    is noted like one in a built file). The skip cache replays this list, so
    the rule lives here only."""
    if source_blocked is not None:
        return []
    config = task.config
    kept = []
    for decision in decisions:
        if decision.lang not in unreadable or private(decision):
            continue
        path = page_path(config, decision.lang, slug)
        try:
            text = (config.site_path / path).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            continue  # none there, or unreadable: nothing is known to be safe to keep
        if built_blocks(task.guard, f"{config.site_dir}/{path}", _page_as_read(text), decision.lang, notes) is None:
            kept.append(path)
    return kept


_HARD_BREAK = re.compile(r"\\\n[ \t>]*")


def _page_as_read(text: str) -> str:
    """A published page as a reader reads it (see ``_plain_file``): its
    front matter values as YAML decodes them, its hard line breaks joined;
    a page whose front matter cannot be read, as it is, followed by its
    text joined (so nothing is read less)."""
    try:
        yaml_text, body, _ = split_front_matter(text, "page")
        values = parse_front_matter(yaml_text, "page")
    except StoryError:
        return text + "\n" + _HARD_BREAK.sub(" ", text)
    return _front_as_read(values) + _HARD_BREAK.sub(" ", body)


def _plain_file(story: Story, segments: list[Segment], translations: dict[str, str]) -> str:
    """A language's file as a reader of the page reads it, before the fields
    the build adds: what the guard reads before anything is staged. Not the
    bytes built: those escape what a reader sees whole (a tab in a YAML
    title is written ``\\t``, a line break in a paragraph as a backslash
    and a new line), which would hide a name written across them. So each
    front matter value stands as it is, and each translation in one line."""
    translated = translate_front_matter(story, segments, translations)
    flat = {msgid: msgstr.replace("\n", " ") for msgid, msgstr in translations.items()}
    return _front_as_read(translated) + splice_body(story.body, segments, flat)


def _front_as_read(values: Mapping[str, object]) -> str:
    """Front matter as a reader reads it: each value unescaped, on one line."""
    return "---\n" + "".join(f"{key}: {_as_line(value)}\n" for key, value in values.items()) + "---\n"


def _as_line(value: object) -> str:
    return " ".join(front_matter_strings(value)).replace("\n", " ")


def _changes(story: Story, decisions: list[Decision], previous: Mapping[str, str] | None) -> list[str]:
    """One line per language whose state changed since the last build
    (``previous``: tag → state from its manifest; None when unknown). A
    language that leaves no trace (embargoed, or blocked by identifying
    details) is named only when it was published before."""
    if previous is None:
        return []
    lines = []
    for decision in decisions:
        if decision.lang == PSEUDO_LOCALE:
            continue
        before = previous.get(bcp47(decision.lang))
        if private(decision) and before is None:
            continue
        line = change_line(story.slug, decision.lang, before, decision)
        if line is not None:
            lines.append(line)
    return lines


def _sorted_entries(
    task: StoryTask, story: Story, segments: list[Segment], lang: str,
    catalog: polib.POFile | None, notes: list[str], blocked: dict[str, str],
    published: dict[str, tuple[str, list[polib.POEntry]]],
) -> Sorted:
    """Accepted and refused translations of one catalog (None: none yet). A msgstr that will not be published (fuzzy,
    refused) with identifying details puts the language in ``blocked``; the
    accepted ones are read as part of the file as read (``_plain_file``,
    ``check_built``), and go to ``published`` so a finding there can be
    named by its catalog line."""
    config = task.config
    shown = catalog_shown(config, lang, story.slug)
    if catalog is None:
        return Sorted()
    entries = sort_entries(segments, catalog, lang, config.markdown_extensions, pseudonyms_for(task.pseudonyms, lang))
    # Hook of issue 17: with require_review, only approved translations
    # go out; the rest count as untranslated (not as refused).
    entries = replace(entries, accepted=reviewed_translations(config, lang, story.slug, catalog, entries.accepted))
    used = [entry for entry in catalog if not entry.obsolete and entries.accepted.get(entry.msgid) == entry.msgstr]
    unused = [entry for entry in catalog if not entry.obsolete and entries.accepted.get(entry.msgid) != entry.msgstr]
    published[lang] = (shown, used)
    reason = catalog_blocks(task.guard, unused, shown, lang, notes)
    if reason is not None:
        blocked[lang] = reason
    if any(refusal.line is None for refusal in entries.refused):
        lines = _lines_as_written(catalog, shown, config.catalog_wrap)
        entries = replace(entries, refused=tuple(replace(r, line=lines.get(r.msgid)) for r in entries.refused))
    return entries


def _lines_as_written(catalog: polib.POFile, shown: str, wrap: str) -> dict[str, int | None]:
    """Where each entry's msgstr of a catalog merged in this run stands in
    the file as it is written (a merged catalog was never read, so it has
    no lines); only called when a translation is refused."""
    written = parse_po(format_catalog(catalog, wrap), shown)
    return {entry.msgid: msgstr_line(entry) for entry in written if not entry.obsolete}


def _pseudo_translations(segments: list[Segment]) -> dict[str, str]:
    entries = [polib.POEntry(msgid=s.msgid, msgstr=pseudo_translate(s.msgid)) for s in segments]
    accepted, _ = usable_translations(segments, entries, PSEUDO_LOCALE)
    return accepted


def previous_files(config: Config) -> set[str]:
    """Files the last build wrote, from its manifest (and from one it left in
    the publish folder before a profile moved it): the only ones a build
    may remove. Paths that could leave the publish folder are ignored."""
    files: set[str] = set()
    for path in [config.manifest_path, *moved_manifests(config)]:
        if path.exists():
            files |= _files_of(config, path)
    return files


def moved_manifests(config: Config) -> list[Path]:
    """The manifest an earlier build wrote in the publish folder, when the
    configuration now puts it elsewhere (issue #15): it goes, so no
    generator publishes it. A foreign ``manifest.json`` there (a web app
    manifest) is not storybridge's and stays."""
    old = config.site_path / "manifest.json"
    if old == config.manifest_path or not old.is_file():
        return []
    try:
        data = json.loads(old.read_bytes())
    except (ValueError, OSError):
        return []
    if isinstance(data, dict) and {"version", "layout", "stories", "files"} <= data.keys():
        return [old]
    return []


def _files_of(config: Config, path: Path) -> set[str]:
    shown = _shown(config, path)
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
    try:
        document = json.loads(config.manifest_path.read_text(encoding="utf-8"))
        stories = document.get("stories", [])
        return {str(record["slug"]): previous_states(record) for record in stories if isinstance(record, dict)}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


def _shown(config: Config, path: Path) -> str:
    """A path as messages print it: relative to the project when inside."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _guarded_credits(guard: Guard, credits: dict[str, object]) -> dict[str, object]:
    """``credits`` without the names the guard finds a detail in (a
    translator on the private list, a ``Last-Translator`` with a phone
    number): a name in the published front matter is on the site (#16)."""
    kept: dict[str, object] = {}
    for key, names in credits.items():
        safe = [name for name in names if not guard.scan(name)] if isinstance(names, list) else names
        if safe:
            kept[key] = safe
    return kept
