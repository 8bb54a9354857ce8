"""Catalogs → coverage records: how far each story is in each language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polib

from storybridge.checks.base import Finding
from storybridge.model import Segment, StoryCatalogs, percent_of
from storybridge.po.review import Approval, Key, approved_msgids
from storybridge.status.judgement import Judgement
from storybridge.status.words import DiffPart, count_words, diff_words
from storybridge.text.languages import display_name, english_name


@dataclass(frozen=True, slots=True)
class Pending:
    """One entry that still needs a translator: untranslated or fuzzy."""

    msgid: str
    """The current source text."""
    msgstr: str
    """The translation on file: for a fuzzy entry, the one to review; else empty."""
    where: str
    """The first place the text occurs, ``stories/x.md:12``, or empty."""
    previous: str | None = None
    """For a fuzzy entry, the source text the translation was made for (``#|``)."""
    diff: tuple[DiffPart, ...] = ()
    """For a fuzzy entry with a previous text, what changed, word by word."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """The state of one story in one target language."""

    slug: str
    """The story's slug, e.g. ``news/winter``."""
    title: str
    """The story's title in its source language (its slug when it has none)."""
    source_lang: str
    """The story's source language (``en`` …)."""
    language: str
    """The target language, as configured (``zh_Hans`` …)."""
    catalog: str
    """The catalog's path as printed, ``locale/ko/LC_MESSAGES/x.po``."""
    exists: bool
    """False when the catalog was never created (``update`` not run)."""
    total: int
    """Active entries: translated + fuzzy + untranslated (obsolete ones and the header do not count)."""
    translated: int
    """Entries with a translation that is neither fuzzy nor obsolete (polib's ``translated()``)."""
    fuzzy: int
    """Entries whose translation needs review after a source edit."""
    untranslated: int
    """The other active entries: no translation yet."""
    percent: float
    """translated / total × 100, to one decimal; 100 when total is 0, 0 when there is no catalog."""
    source_words: int
    """Words in the source text of all active entries (see ``WORD_RULE``)."""
    translated_words: int
    """Words in the source text of the translated entries."""
    revised: str | None
    """The catalog's ``PO-Revision-Date``, or None when it has none."""
    stale: bool
    """True when the catalog is behind its template (``update`` was not run) or missing."""
    stale_reason: str
    """Why it is stale, in a few words; empty when it is not."""
    errors: int = 0
    """Problems ``storybridge check`` rates as errors (the build refuses those entries)."""
    warnings: int = 0
    """Problems ``storybridge check`` rates as warnings."""
    state: str = ""
    """The publishing decision (``site.decision``): published, draft,
    withheld, embargoed or blocked; empty when not judged."""
    reason: str = ""
    """Why, when it is not plainly published (``75 % < 80 %``)."""
    published: float = 0.0
    """Published coverage: segments published translated, in percent
    (refused, fuzzy and untranslated entries count as untranslated)."""
    published_entries: int = 0
    """Segments published translated."""
    refused: int = 0
    """Translations the build refuses (an error check, or a guard)."""
    findings: tuple[Finding, ...] = ()
    """Every error, warning and note the checks find, in catalog order,
    each with the line of its msgstr."""
    fuzzy_entries: tuple[Pending, ...] = ()
    """The fuzzy entries, in catalog order, with what changed in their source."""
    untranslated_entries: tuple[Pending, ...] = ()
    """The untranslated entries, in catalog order."""
    reviewed: int = 0
    """Translated entries an editor approved as they read now (issue 17)."""
    reviewed_percent: float = 0.0
    """reviewed / total × 100 (one decimal): the published coverage under ``review_required``."""
    review_required: bool = False
    """True when the language publishes only approved translations."""
    blocked: str = ""  # why identifying details keep it unpublished: file, line, kind, never the text (#16)


@dataclass(frozen=True, slots=True)
class LanguageTotals:
    """The sums over every story in one target language (or over all of them)."""

    language: str
    """The language as configured (``ko``); empty for the overall totals."""
    name: str
    """The language's own name (한국어, 中文 (简体)); ``all languages`` overall."""
    english: str
    """The language's English name (Korean); empty overall."""
    stories: int
    """How many story catalogs are summed."""
    total: int
    """Sum of ``Coverage.total``."""
    translated: int
    """Sum of ``Coverage.translated``."""
    fuzzy: int
    """Sum of ``Coverage.fuzzy``."""
    untranslated: int
    """Sum of ``Coverage.untranslated``."""
    percent: float
    """translated / total × 100, to one decimal (100 when total is 0)."""
    source_words: int
    """Sum of ``Coverage.source_words``."""
    translated_words: int
    """Sum of ``Coverage.translated_words``."""
    stale: int
    """How many of the catalogs are stale or missing."""
    published: float = 0.0
    """Published coverage of the sums: published entries / total × 100."""
    reviewed: int = 0
    """Sum of ``Coverage.reviewed``."""
    reviewed_percent: float = 0.0
    """reviewed / total × 100, to one decimal."""


@dataclass(frozen=True, slots=True)
class Status:
    """Everything a status report shows."""

    coverage: tuple[Coverage, ...]
    """One record per story and target language, in slug then language order."""
    languages: tuple[LanguageTotals, ...]
    """Totals per language, in configured order."""
    overall: LanguageTotals
    """Totals over every record."""



def _header_date(catalog: polib.POFile | None, key: str) -> str | None:
    value = (catalog.metadata.get(key, "") if catalog is not None else "").strip()
    return value if value and not value.startswith("YEAR") else None


def _parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M%z")
    except ValueError:
        return None


def _keys(entries: Iterable[polib.POEntry]) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in entries if not entry.obsolete}


def staleness(
    catalog: polib.POFile | None,
    template: polib.POFile | None,
    story: set[tuple[str | None, str]] | None = None,
) -> str:
    """Why ``catalog`` is behind, or empty when it is not.

    ``story`` holds the story's current segments, when known. A template
    that differs from them was not extracted again after an edit; a catalog
    that lacks a template entry (or keeps one the template dropped) was not
    updated, and neither was one whose template was created after the
    catalog was last merged.
    """
    if catalog is None:
        return "no catalog yet"
    if template is not None and story is not None and _keys(template) != story:
        return "story edited since extract (run extract, update)"
    expected = _keys(template) if template is not None else story
    if expected is not None:
        active = _keys(catalog)
        new, removed = len(expected - active), len(active - expected)
        if new or removed:
            changes = [
                f"{new} new" if new else "",
                f"{removed} removed" if removed else "",
            ]
            return (
                "source changed: "
                + ", ".join(change for change in changes if change)
                + " (run update)"
            )
    created = _parse_date(_header_date(template, "POT-Creation-Date"))
    merged = _parse_date(_header_date(catalog, "POT-Creation-Date"))
    if created is not None and merged is not None and created > merged:
        return "template is newer (run update)"
    return ""


def _where(entry: polib.POEntry) -> str:
    if not entry.occurrences:
        return ""
    path, line = entry.occurrences[0]
    return f"{path}:{line}" if line else path


def _to_review(catalog: polib.POFile) -> tuple[Pending, ...]:
    return tuple(
        Pending(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            where=_where(entry),
            previous=entry.previous_msgid,
            diff=diff_words(entry.previous_msgid, entry.msgid)
            if entry.previous_msgid
            else (),
        )
        for entry in catalog.fuzzy_entries()
    )


def measure_catalog(
    slug: str,
    title: str,
    source_lang: str,
    language: str,
    shown: str,
    template: polib.POFile | None,
    catalog: polib.POFile | None,
    segments: Sequence[Segment] = (),
    details: bool = True,
    judgement: Judgement | None = None,
    unreadable: bool = False,
    approvals: Mapping[Key, Approval] | None = None,
    review_required: bool = False,
) -> Coverage:
    """The coverage of one catalog (None when it does not exist), by polib's
    definitions; the story's ``segments``, when given, also tell whether its
    template is behind the story."""
    story_ids = list(dict.fromkeys(segment.msgid for segment in segments))
    story: set[tuple[str | None, str]] | None = (
        {(None, msgid) for msgid in story_ids} if segments else None
    )
    expected_ids = (
        [entry.msgid for entry in template if not entry.obsolete]
        if template is not None
        else story_ids
    )
    reason = "" if unreadable else staleness(catalog, template, story)
    if catalog is None:
        # Nothing to count in: the story is all to do, and counts as 0 %.
        translated: list[polib.POEntry] = []
        active = expected_ids
        review: tuple[Pending, ...] = ()
        entries = (
            [entry for entry in template if not entry.obsolete]
            if template is not None
            else []
        )
        todo = tuple(
            Pending(msgid=entry.msgid, msgstr="", where=_where(entry))
            for entry in entries
        ) or tuple(Pending(msgid=msgid, msgstr="", where="") for msgid in expected_ids)
    else:
        translated = catalog.translated_entries()
        active = [entry.msgid for entry in catalog if not entry.obsolete]
        review = _to_review(catalog)
        todo = tuple(
            Pending(msgid=entry.msgid, msgstr="", where=_where(entry))
            for entry in catalog.untranslated_entries()
        )
    total = len(active)
    found = judgement.findings if judgement else ()
    return Coverage(
        slug=slug,
        title=title,
        source_lang=source_lang,
        language=language,
        catalog=shown,
        exists=catalog is not None or unreadable,
        total=total,
        translated=len(translated),
        fuzzy=len(review),
        untranslated=len(todo),
        percent=percent_of(len(translated), total) if catalog is not None else 0.0,
        source_words=sum(count_words(msgid) for msgid in active),
        translated_words=sum(count_words(entry.msgid) for entry in translated),
        revised=_header_date(catalog, "PO-Revision-Date"),
        stale=bool(reason),
        stale_reason=reason,
        errors=sum(1 for f in found if f.problem.severity == "error"),
        warnings=sum(1 for f in found if f.problem.severity == "warning"),
        **_judged(judgement),
        fuzzy_entries=review if details else (),
        untranslated_entries=todo if details else (),
        reviewed=(reviewed := len(approved_msgids(translated, approvals)) if approvals else 0),
        reviewed_percent=percent_of(reviewed, total) if catalog is not None else 0.0,
        review_required=review_required,
    )


def _judged(judgement: Judgement | None) -> dict[str, Any]:
    """The decision's fields of a ``Coverage`` (their defaults when not judged)."""
    if judgement is None:
        return {}
    return {
        "state": judgement.state, "reason": judgement.reason, "published": judgement.published,
        "published_entries": judgement.published_entries, "refused": judgement.refused,
        "findings": judgement.findings,
    }


Judge = Callable[["StoryCatalogs", str], Judgement]
"""The publishing decision and the checks' findings for one story's catalog of a language."""


def measure_story(
    item: StoryCatalogs, details: bool = True, judge: Judge | None = None
) -> list[Coverage]:
    """One record per target language of a story read with its catalogs."""
    story = item.story
    title = story.front_matter.get("title")
    return [
        measure_catalog(
            slug=story.slug,
            title=title if isinstance(title, str) and title.strip() else story.slug,
            source_lang=story.lang,
            language=language,
            shown=item.shown[language],
            template=item.template,
            catalog=catalog,
            segments=item.segments,
            details=details,
            judgement=judge(item, language) if judge else None,
            unreadable=language in item.unreadable,
            approvals=item.reviews.get(language),
            review_required=language in item.review_required,
        )
        for language, catalog in item.catalogs.items()
    ]


def total_up(records: Sequence[Coverage], language: str = "") -> LanguageTotals:
    """The sums over ``records``: one language's when ``language`` is given, else all."""
    total = sum(record.total for record in records)
    translated = sum(record.translated for record in records)
    return LanguageTotals(
        language=language,
        name=display_name(language) if language else "all languages",
        english=english_name(language) if language else "",
        stories=len(records),
        total=total,
        translated=translated,
        fuzzy=sum(record.fuzzy for record in records),
        untranslated=sum(record.untranslated for record in records),
        percent=percent_of(translated, total),
        source_words=sum(record.source_words for record in records),
        translated_words=sum(record.translated_words for record in records),
        stale=sum(1 for record in records if record.stale),
        published=percent_of(sum(record.published_entries for record in records), total),
        reviewed=(reviewed := sum(record.reviewed for record in records)),
        reviewed_percent=percent_of(reviewed, total),
    )


def summarize(records: Iterable[Coverage], languages: Sequence[str]) -> Status:
    """Records sorted by slug and language, with totals per language and overall."""
    order = {language: index for index, language in enumerate(languages)}
    ordered = tuple(
        sorted(
            records,
            key=lambda r: (r.slug, order.get(r.language, len(order)), r.language),
        )
    )
    present = sorted(
        {record.language for record in ordered},
        key=lambda lang: (order.get(lang, len(order)), lang),
    )
    return Status(
        coverage=ordered,
        languages=tuple(
            total_up([r for r in ordered if r.language == lang], lang)
            for lang in present
        ),
        overall=total_up(ordered),
    )
