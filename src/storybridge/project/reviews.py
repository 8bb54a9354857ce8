"""The review steps: approve and unapprove entries, gather a story's
review sheet, and the publishing hooks of ``require_review`` and
``review_credits``. The records themselves are read and written by
``review_files``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import polib

from storybridge.checks.sensitive import Guard
from storybridge.config import Config, reviewer_problem
from storybridge.errors import StoryError
from storybridge.po.review import approve, approved_msgids, is_approved, unapprove
from storybridge.project.catalogs import read_catalog
from storybridge.project.files import Changes
from storybridge.project.review_files import read_reviews, stage_reviews
from storybridge.project.sensitive import load_guard, slug_mask
from storybridge.project.steps import (
    Report,
    catalog_path,
    catalog_shown,
    load_story,
    now,
    story_files,
)
from storybridge.site.assemble import usable_translations
from storybridge.status.review import ReviewSheet, review_sheet
from storybridge.status.words import DiffPart, diff_words


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """What ``approve`` or ``unapprove`` is asked to do."""

    lang: str
    """The catalogs' language."""
    slugs: tuple[str, ...] = ()
    """Only these stories (every story when empty)."""
    entries: tuple[str, ...] = ()
    """Only these entries: ``N`` or ``locale/…/x.po:N``, a catalog line as
    the reports print it (any line of the entry will do)."""
    by: str | None = None
    """The reviewer's display name; the configured ``editor`` when None."""
    approve: bool = True
    """False to withdraw approvals."""


@dataclass
class ReviewReport(Report):
    """What ``approve``/``unapprove`` changed."""

    changed: list[str] = field(default_factory=list)
    """One line per catalog whose approvals changed."""


def change_approvals(config: Config, request: ReviewRequest) -> ReviewReport:
    """Approve (or unapprove) entries of one language's catalogs; every
    review file is written together, or none when anything is wrong."""
    reviewer = _reviewer(config, request) if request.approve else ""
    if request.lang not in config.languages:
        raise StoryError("--lang", None, f"{request.lang!r} is not one of the configured languages "
                         f"({', '.join(config.languages)})")
    wanted = _wanted_entries(config, request)
    slugs = request.slugs or tuple(sorted({slug for slug, _ in wanted}))
    report = ReviewReport()
    day = now().date()
    with Changes() as changes:
        for path, slug in story_files(config, slugs):
            story, segments = load_story(config, path, slug, report.notes)
            report.stories += 1
            shown = catalog_shown(config, request.lang, slug)
            if story.lang == request.lang:
                if request.slugs:
                    raise StoryError(story.path, None, f"the story is written in {request.lang}: nothing to review")
                continue
            catalog = read_catalog(catalog_path(config, request.lang, slug), shown)
            if catalog is None:
                if request.slugs or wanted:
                    raise StoryError(shown, None, "no such catalog (run storybridge update)")
                continue
            lines = [line for (each, line) in wanted if each == slug]
            chosen = _pick(catalog, shown, lines) if wanted else None
            old = read_reviews(config, request.lang, slug)
            if request.approve:
                ready, _ = usable_translations(segments, catalog, request.lang, config.markdown_extensions)
                if chosen is not None:
                    _refuse_unready(chosen, ready, shown)
                entries = chosen if chosen is not None else [
                    e for e in catalog if not e.obsolete and ready.get(e.msgid) == e.msgstr and e.msgctxt is None]
                new = approve(old, entries, reviewer, day)
            else:
                new = unapprove(old, chosen if chosen is not None else list(catalog))
            count = sum(1 for key in new.keys() | old.keys() if new.get(key) != old.get(key))
            if count:
                stage_reviews(changes, config, request.lang, slug, new)
                verb = "approved" if request.approve else "unapproved"
                report.changed.append(f"{shown}: {verb} {count} {'entry' if count == 1 else 'entries'}")
    return report


def _reviewer(config: Config, request: ReviewRequest) -> str:
    name = request.by if request.by is not None else config.editor
    problem = reviewer_problem(name)
    if problem is not None:
        raise StoryError("--by" if request.by is not None else config.source, None, problem)
    return name


_ENTRY = re.compile(r"(?:(?P<path>.+):)?(?P<line>[0-9]+)\Z")


def _wanted_entries(config: Config, request: ReviewRequest) -> list[tuple[str, int]]:
    """(slug, line) of each ``--entry``; a bare line needs exactly one story."""
    wanted = []
    prefix = f"{config.locale_dir}/{request.lang}/LC_MESSAGES/"
    for value in request.entries:
        match = _ENTRY.match(value)
        if match is None:
            raise StoryError("--entry", None, f"{value!r}: expected LINE or CATALOG:LINE")
        where = match.group("path")
        if where is None:
            if len(request.slugs) != 1:
                raise StoryError("--entry", None, f"{value!r}: a bare line needs exactly one --story")
            slug = request.slugs[0]
        elif where.startswith(prefix) and where.endswith(".po"):
            slug = where[len(prefix):-len(".po")]
        else:
            raise StoryError("--entry", None, f"{value!r}: not a catalog of {request.lang} ({prefix}…)")
        wanted.append((slug, int(match.group("line"))))
    return wanted


def _pick(catalog: polib.POFile, shown: str, lines: list[int]) -> list[polib.POEntry]:
    """The entries that hold these catalog lines (the last one starting at or before)."""
    starts = sorted((entry.linenum, index) for index, entry in enumerate(catalog) if entry.linenum)
    picked = []
    for line in lines:
        before = [index for start, index in starts if start <= line]
        if not before:
            raise StoryError(shown, line, "no catalog entry at this line")
        entry = catalog[before[-1]]
        if entry.obsolete:
            raise StoryError(shown, line, "the entry is obsolete")
        picked.append(entry)
    return picked


def _refuse_unready(entries: list[polib.POEntry], ready: Mapping[str, str], shown: str) -> None:
    for entry in entries:
        if not entry.msgstr:
            raise StoryError(shown, entry.linenum, "cannot approve an untranslated entry")
        if "fuzzy" in entry.flags:
            raise StoryError(shown, entry.linenum, "cannot approve a fuzzy entry; review it and clear the mark first")
        if ready.get(entry.msgid) != entry.msgstr:
            raise StoryError(shown, entry.linenum, "cannot approve an entry that a check refuses "
                             "(storybridge check names the problem)")


def review_sheet_of(config: Config, lang: str, slug: str, notes: list[str]) -> tuple[ReviewSheet, str]:
    """The review sheet of one story in one language, and the story's
    source language; ``reports.review_page`` renders it."""
    if lang not in config.languages:
        raise StoryError("--lang", None, f"{lang!r} is not one of the configured languages "
                         f"({', '.join(config.languages)})")
    [(path, _)] = story_files(config, (slug,))
    story, segments = load_story(config, path, slug, notes)
    if story.lang == lang:
        raise StoryError(story.path, None, f"the story is written in {lang}: nothing to review")
    shown = catalog_shown(config, lang, slug)
    catalog = read_catalog(catalog_path(config, lang, slug), shown)
    title = story.front_matter.get("title")
    sheet = review_sheet(slug, title if isinstance(title, str) and title.strip() else slug, lang, shown,
                         segments, catalog, read_reviews(config, lang, slug), config.markdown_extensions)
    return masked_sheet(load_guard(config), sheet), story.lang


def masked_sheet(guard: Guard, sheet: ReviewSheet) -> ReviewSheet:
    """The page is a report (#16): every text it shows masked by the guard,
    the story's file name too (``stories/pak-sunhee.md`` identifies)."""
    named = slug_mask(guard, sheet.slug)

    def mask(text: str) -> str:
        text = guard.redact(text)
        return named(text) if named is not None else text

    rows = tuple(
        replace(row, source=mask(row.source), translation=mask(row.translation), reviewer=mask(row.reviewer),
                message=mask(row.message), diff=_masked_diff(mask, row.diff))
        for row in sheet.rows
    )
    return replace(sheet, slug=mask(sheet.slug), title=mask(sheet.title), catalog=mask(sheet.catalog), rows=rows)


def _masked_diff(mask: Callable[[str], str], diff: tuple[DiffPart, ...]) -> tuple[DiffPart, ...]:
    """The diff made again from both texts masked: a name split across the
    diff's parts (``<del>Pak</del> <del>Sunhee</del>``) is only found whole."""
    if not diff:
        return diff
    before = "".join(part.text for part in diff if part.kind != "insert")
    after = "".join(part.text for part in diff if part.kind != "delete")
    masked_before, masked_after = mask(before), mask(after)
    if (masked_before, masked_after) == (before, after):
        return diff
    return diff_words(masked_before, masked_after)


def reviewed_translations(config: Config, lang: str, slug: str, catalog: polib.POFile,
                          accepted: dict[str, str]) -> dict[str, str]:
    """The publishing hook of ``require_review``: of the translations the
    build accepts, only those an editor approved as they read now; the
    rest are published as the source text and count as untranslated for
    published coverage. Without the setting, ``accepted`` as it is."""
    if not config.requires_review(lang):
        return accepted
    approved = approved_msgids(catalog, read_reviews(config, lang, slug))
    return {msgid: msgstr for msgid, msgstr in accepted.items() if msgid in approved}


def credits_for(
    config: Config, lang: str, status: str, source_lang: str, slug: str, catalog: polib.POFile | None
) -> dict[str, object]:
    """The publishing hook of ``review_credits``: ``translators`` and
    ``reviewers`` for one published file, by display name; nothing for a
    language that did not opt in, the source language, or a file that is
    not plainly published (a draft, or whatever holds a story back).
    ``catalog`` is the one the build published from (merged, in a sync)."""
    from storybridge.site.credits import credit_fields

    if lang not in config.review_credits or status != "published" or lang == source_lang:
        return {}
    if catalog is None:
        return {}
    approvals = read_reviews(config, lang, slug)
    reviewers = [approvals[(entry.msgctxt, entry.msgid)].reviewer for entry in catalog
                 if not entry.obsolete and "fuzzy" not in entry.flags and is_approved(entry, approvals)]
    return credit_fields(config.credits.get(lang, ()), catalog.metadata.get("Last-Translator", ""), reviewers)
