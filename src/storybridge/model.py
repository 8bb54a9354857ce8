"""Frozen records passed between the stages of the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import polib

SpliceMode = Literal["flow", "line", "front-matter"]


@dataclass(frozen=True, slots=True)
class Story:
    """One source story, read and validated, not yet segmented."""

    path: str
    """Path as printed and used in catalog references, e.g. ``stories/a/b.md``."""
    slug: str
    """Path under the stories folder without ``.md``, always with ``/``."""
    text: str
    """The whole file as read (front matter included)."""
    front_matter: Mapping[str, Any]
    """The parsed YAML front matter (empty when the file has none)."""
    body: str
    """Everything after the front matter: the Markdown that is segmented."""
    body_line: int
    """0-based line of ``text`` at which ``body`` starts."""
    lang: str
    """Source language, as configured (``en``, ``ko``, ``zh_Hans`` …)."""
    lang_detected: bool = False
    """True when ``lang`` was guessed from the text, not read from front matter."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable piece of a story and where it sits in the source."""

    msgid: str
    """The text volunteers translate: inline Markdown, soft breaks joined."""
    comment: str
    """What the piece is, for translators: ``paragraph``, ``heading 2`` …"""
    line: int
    """0-based line in the story file where the piece starts."""
    mode: SpliceMode
    """How a translation is put back: ``flow`` may span lines (paragraphs),
    ``line`` must stay on one line (ATX headings, table cells),
    ``front-matter`` replaces a front matter value."""
    start: int = 0
    """Offset in ``Story.body`` of the first character replaced (flow/line)."""
    end: int = 0
    """Offset in ``Story.body`` just past the last character replaced."""
    continuation: str = ""
    """Prefix written before each extra line of a translation with hard breaks
    (``> `` in a block quote, spaces in a list item)."""
    hard_break: str = "\\"
    """The hard-break marker the source uses: a backslash or two spaces."""
    key: str = ""
    """The front matter key, for ``front-matter`` segments."""
    in_table: bool = False
    """True for table cells, where an unescaped ``|`` would split the cell."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one catalog entry, found by a check."""

    check: str
    """Name of the check, e.g. ``block-break``."""
    severity: Literal["error", "warning", "note"]
    """Errors stop an entry from being published; the rest are advice."""
    message: str
    """One sentence for the volunteer or editor."""

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
    unreadable: dict[str, Any] = field(default_factory=dict)
    """Each target language whose catalog cannot be read, with its
    ``StoryError``: it blocks that story × language only."""
    reviews: dict[str, Mapping[Any, Any]] = field(default_factory=dict)
    """Each target language's review records: ``po.review`` approvals by
    entry key (issue 17); empty when it has none."""
    review_required: tuple[str, ...] = ()
    """The languages that publish only approved translations."""


def percent_of(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, to one decimal; 100 for nothing to do.

    Never 100 while something is left (999 of 1,000 is 99.9, not a rounded
    100.0), nor 0 once something is done: editors read "100 %" as "complete"."""
    if not whole:
        return 100.0
    percent = round(100.0 * part / whole, 1)
    if part < whole:
        percent = min(percent, 99.9)
    if part > 0:
        percent = max(percent, 0.1)
    return percent
