"""The JSON report: a versioned document whose schema is the TypedDicts below."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Literal, TypedDict

from storybridge.status.coverage import Coverage, LanguageTotals, Status
from storybridge.status.words import WORD_RULE
from storybridge.text.languages import bcp47

SCHEMA_VERSION: Literal[1] = 1
"""Raised when a field changes meaning or goes away; new fields keep it."""


class CoverageRecord(TypedDict):
    """One story in one target language."""

    slug: str  # the story's slug: its path under stories/ without .md
    title: str  # its title in the source language
    source_language: str  # the story's language, as configured (en)
    language: str  # the target language, as configured (zh_Hans), as --lang takes it
    tag: str  # the same as a BCP 47 tag (zh-Hans)
    catalog: str  # locale/<language>/LC_MESSAGES/<slug>.po
    exists: bool  # false when the catalog was never created
    total: int  # active entries (obsolete ones and the header do not count)
    translated: int  # translated, not fuzzy (polib's translated_entries())
    fuzzy: int  # translated, but to review after a source edit
    untranslated: int  # the rest
    percent: float  # translated / total * 100, one decimal; 100 when total is 0, 0 when no catalog
    source_words: int  # words of the source text of the active entries (see word_count)
    translated_words: int  # words of the source text of the translated entries
    revised: str | None  # the catalog's PO-Revision-Date
    stale: bool  # the catalog is missing or behind its template: run update
    stale_reason: str  # why, in a few words ("" when not stale)
    errors: int  # problems `storybridge check` rates as errors (the build refuses those entries)
    warnings: int  # problems it rates as warnings
    state: str  # the publishing decision: published, draft, withheld, embargoed or blocked
    reason: str  # why, when not plainly published ("75 % < 80 %"); "" otherwise
    published: float  # published coverage: refused, fuzzy and untranslated entries count as untranslated
    refused: int  # translations the build refuses (published in the source language)
    reviewed: int  # translated entries an editor approved as they read now (storybridge approve)
    reviewed_percent: float  # reviewed / total * 100, one decimal: the published coverage under require_review
    review_required: bool  # true when this language publishes only approved translations
    blocked: str  # why identifying details keep it unpublished: file, line, kind, never the text ("" when not)
    problems: list[ProblemRecord]  # every error, warning and note, in catalog order


class ProblemRecord(TypedDict):
    """One finding of the checks in a catalog."""

    file: str  # the catalog, locale/<language>/LC_MESSAGES/<slug>.po
    line: int  # the line of the entry's msgstr (0: the file as a whole)
    severity: str  # error (not published), warning or note
    check: str  # the check's name, or "catalog" for a catalog that cannot be read
    message: str  # in words for the translator


class TotalsRecord(TypedDict):
    """Sums over the stories of one language (``language`` null: over all)."""

    language: str | None  # as configured (ko); null for the overall totals
    name: str  # the language's own name (한국어), or "all languages"
    english: str  # its English name (Korean); "" overall
    stories: int  # catalogs summed
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    percent: float  # of the sums, as for one record
    source_words: int
    translated_words: int
    stale: int  # catalogs missing or behind their template
    published: float  # published coverage of the sums (what --fail-under compares)
    reviewed: int  # sum of the records' reviewed
    reviewed_percent: float  # of the sums


class StatusDocument(TypedDict):
    """The whole ``storybridge status --format json`` output."""

    version: Literal[1]  # SCHEMA_VERSION
    word_count: str  # how words are counted, in one sentence
    coverage: list[CoverageRecord]  # by slug, then by configured language order
    languages: list[TotalsRecord]  # in configured order
    totals: TotalsRecord  # over every record


def coverage_record(record: Coverage) -> CoverageRecord:
    return CoverageRecord(
        slug=record.slug,
        title=record.title,
        source_language=record.source_lang,
        language=record.language,
        tag=bcp47(record.language),
        catalog=record.catalog,
        exists=record.exists,
        total=record.total,
        translated=record.translated,
        fuzzy=record.fuzzy,
        untranslated=record.untranslated,
        percent=record.percent,
        source_words=record.source_words,
        translated_words=record.translated_words,
        revised=record.revised,
        stale=record.stale,
        stale_reason=record.stale_reason,
        errors=record.errors,
        warnings=record.warnings,
        state=record.state,
        reason=record.reason,
        published=record.published,
        refused=record.refused,
        problems=[
            ProblemRecord(
                file=f.file, line=f.line, severity=f.problem.severity, check=f.problem.check, message=f.problem.message
            )
            for f in record.findings
        ],
        reviewed=record.reviewed,
        reviewed_percent=record.reviewed_percent,
        review_required=record.review_required,
        blocked=record.blocked,
    )


def totals_record(totals: LanguageTotals) -> TotalsRecord:
    return TotalsRecord(
        language=totals.language or None,
        name=totals.name,
        english=totals.english,
        stories=totals.stories,
        total=totals.total,
        translated=totals.translated,
        fuzzy=totals.fuzzy,
        untranslated=totals.untranslated,
        percent=totals.percent,
        source_words=totals.source_words,
        translated_words=totals.translated_words,
        stale=totals.stale,
        published=totals.published,
        reviewed=totals.reviewed,
        reviewed_percent=totals.reviewed_percent,
    )


def status_document(status: Status) -> StatusDocument:
    """The status as plain data, ready for ``json.dumps``."""
    return StatusDocument(
        version=SCHEMA_VERSION,
        word_count=WORD_RULE,
        coverage=[coverage_record(record) for record in status.coverage],
        languages=[totals_record(totals) for totals in status.languages],
        totals=totals_record(status.overall),
    )


def render_json(status: Status) -> str:
    """The status as stable, readable JSON (UTF-8, not escaped)."""
    return "".join(json_pieces(status, (record for record in status.coverage)))


def _indented(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(…, indent=2)`` writes it ``depth`` levels down."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def json_pieces(summary: Status, records: Iterable[Coverage]) -> Iterator[str]:
    """The same bytes as ``json.dumps(status_document(…), indent=2)``, in
    pieces: the records one at a time as ``records`` gives them, then the
    totals from ``summary`` (whose own records are not read)."""
    yield (
        "{\n"
        f'  "version": {json.dumps(SCHEMA_VERSION)},\n'
        f'  "word_count": {json.dumps(WORD_RULE, ensure_ascii=False)},\n'
        '  "coverage": ['
    )
    first = True
    for record in records:
        yield ("\n    " if first else ",\n    ") + _indented(coverage_record(record), 2)
        first = False
    yield (
        ("]" if first else "\n  ]")
        + f',\n  "languages": {_indented([totals_record(totals) for totals in summary.languages], 1)}'
        + f',\n  "totals": {_indented(totals_record(summary.overall), 1)}'
        + "\n}\n"
    )
