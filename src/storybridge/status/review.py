"""Story + catalog + approvals → the review sheet: every segment in story
order with its translation and its review state, for the review page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import polib

from storybridge.checks.base import CheckedEntry
from storybridge.checks.registry import errors_of, places
from storybridge.model import Segment
from storybridge.po.review import Approval, Key, approval_before, is_approved
from storybridge.status.words import DiffPart, diff_words

State = Literal["approved", "changed", "unreviewed", "fuzzy", "refused", "untranslated"]

STATE_WORDS: Mapping[State, str] = {
    "approved": "approved",
    "changed": "changed since approval",
    "unreviewed": "not reviewed",
    "fuzzy": "fuzzy",
    "refused": "refused by a check",
    "untranslated": "not translated",
}
"""What each state is called on the page."""


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One segment of the story, side by side with its translation."""

    kind: str
    """What the segment is, as the catalog's ``#.`` says: ``heading 2``,
    ``paragraph``, ``front matter: title`` …"""
    level: int
    """The heading level (1–6), 0 for anything else."""
    source: str
    """The source text (``\\n`` = a hard line break, as in verse)."""
    translation: str
    """The msgstr on file, empty when there is none."""
    state: State
    """The entry's review state."""
    line: int
    """1-based line of the entry in its catalog, as ``approve --entry`` takes
    it; 0 when the catalog lacks the entry."""
    reviewer: str = ""
    """Who approved it (approved, or approved before a change)."""
    date: str = ""
    """When it was approved."""
    diff: tuple[DiffPart, ...] = ()
    """``changed``: the approved translation → the current one, word by
    word; ``fuzzy``: the previous source (``#|``) → the current one."""
    message: str = ""
    """``refused``: the checks' messages, joined."""


@dataclass(frozen=True, slots=True)
class ReviewSheet:
    """What the review page shows for one story in one language."""

    slug: str
    """The story's slug."""
    title: str
    """Its source title."""
    language: str
    """The target language, as configured."""
    catalog: str
    """The catalog's path as printed."""
    rows: tuple[ReviewRow, ...]
    """Every segment, in story order (front matter first)."""

    def count(self, state: State) -> int:
        return sum(1 for row in self.rows if row.state == state)


def _level(kind: str) -> int:
    if kind.startswith("heading "):
        tail = kind.removeprefix("heading ")
        return int(tail) if tail.isdigit() else 0
    return 0


def review_row(segment: Segment, entry: polib.POEntry | None, approvals: Mapping[Key, Approval],
               language: str, places_of: tuple[Mapping[str, frozenset[str]], set[str]],
               markdown_extensions: tuple[str, ...] = ("extra",)) -> ReviewRow:
    """The row of one segment, given its catalog entry (None when missing)."""
    kind, level = segment.comment, _level(segment.comment)
    if entry is None or not entry.msgstr:
        return ReviewRow(kind, level, segment.msgid, "", "untranslated", entry.linenum or 0 if entry else 0)
    base = ReviewRow(kind, level, segment.msgid, entry.msgstr, "unreviewed", entry.linenum or 0)
    if "fuzzy" in entry.flags:
        diff = diff_words(entry.previous_msgid, entry.msgid) if entry.previous_msgid else ()
        return _with(base, state="fuzzy", diff=diff)
    modes, in_table = places_of
    checked = CheckedEntry(msgid=entry.msgid, msgstr=entry.msgstr, language=language,
                           modes=modes.get(entry.msgid, frozenset({segment.mode})),
                           in_table=entry.msgid in in_table, flags=tuple(entry.flags),
                           markdown_extensions=markdown_extensions)
    errors = errors_of(checked)
    if errors:
        return _with(base, state="refused", message="; ".join(f"[{p.check}] {p.message}" for p in errors))
    if is_approved(entry, approvals):
        approval = approvals[(entry.msgctxt, entry.msgid)]
        return _with(base, state="approved", reviewer=approval.reviewer, date=approval.date)
    before = approval_before(entry, approvals)
    if before is not None:
        return _with(base, state="changed", reviewer=before.reviewer, date=before.date,
                     diff=diff_words(before.msgstr, entry.msgstr))
    return base


def _with(row: ReviewRow, **changes: object) -> ReviewRow:
    return replace(row, **changes)  # type: ignore[arg-type]


def review_sheet(slug: str, title: str, language: str, shown: str, segments: Sequence[Segment],
                 catalog: polib.POFile | None, approvals: Mapping[Key, Approval],
                 markdown_extensions: tuple[str, ...] = ("extra",)) -> ReviewSheet:
    """Every segment of a story with its translation and state, in story
    order; a msgid that stands twice in the story shows twice."""
    entries = {entry.msgid: entry for entry in catalog or () if not entry.obsolete and entry.msgctxt is None}
    places_of = places(segments)
    ordered = sorted(segments, key=lambda s: (s.mode != "front-matter", s.line, s.start))
    rows = tuple(review_row(s, entries.get(s.msgid), approvals, language, places_of, markdown_extensions)
                 for s in ordered)
    return ReviewSheet(slug, title, language, shown, rows)
