"""Review records: which catalog entries an editor approved, as TSV text.

gettext has no "approved" state, and PO editors drop or rewrite what they do
not know (Weblate keeps approval in its database only; Poedit and polib drop
unknown flags and rewrap), so approvals live beside the catalog, one file
per catalog, and never inside it. Each approval is keyed by a digest of the
entry's (msgctxt, msgid, msgstr): whoever edits the translation or the
source makes a new digest, and the entry is unreviewed with no extra step.

The file is one approval per line, tab-separated, sorted by (msgctxt,
msgid) so a re-approval changes its line in place::

    digest <TAB> reviewer <TAB> date <TAB> msgctxt <TAB> msgid <TAB> msgstr

``\\``, tab and newline in the texts are written ``\\\\``, ``\\t``, ``\\n``
(other line ends ``\\uXXXX``);
an empty msgctxt field means none (an empty context is ``\\e``). The texts
are kept so that a changed entry can show what was approved, word by word.
Pure functions: strings in, strings out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import polib

from storybridge.config import reviewer_problem
from storybridge.errors import StoryError

HEADER = (
    "# storybridge review records: one approved catalog entry per line, written by\n"
    "# `storybridge approve`; digest, reviewer, date, msgctxt, msgid, msgstr (tab-separated).\n"
)
"""The comment atop every review file, for whoever opens it."""

Key = tuple[str | None, str]
"""An entry's identity in its catalog: (msgctxt, msgid)."""


@dataclass(frozen=True, slots=True)
class Approval:
    """One entry an editor approved, as it read when they approved it."""

    digest: str
    """``entry_digest`` of the three texts below."""
    reviewer: str
    """The editor's display name (never an e-mail address)."""
    date: str
    """The day of the approval, ``YYYY-MM-DD``."""
    msgctxt: str | None
    """The entry's context, or None (stories' entries have none)."""
    msgid: str
    """The source text approved."""
    msgstr: str
    """The translation approved."""

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)


def entry_digest(msgctxt: str | None, msgid: str, msgstr: str) -> str:
    """A short digest of what an editor approves: context, source, translation.

    The texts are joined as gettext joins a context to its msgid (``\\x04``),
    then NUL and the msgstr; 16 hex digits keep lines short and are unique
    far beyond any catalog's size."""
    joined = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return hashlib.sha256(f"{joined}\0{msgstr}".encode("utf-8")).hexdigest()[:16]


def approval_of(entry: polib.POEntry, reviewer: str, day: date) -> Approval:
    """An approval of ``entry`` as it reads now."""
    return Approval(
        entry_digest(entry.msgctxt, entry.msgid, entry.msgstr),
        reviewer, day.isoformat(), entry.msgctxt, entry.msgid, entry.msgstr,
    )


# --- the file -----------------------------------------------------------

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
# What else some tools take for a line end (Python's splitlines, editors
# that honour U+2028) is written as \uXXXX, so a record is one line anywhere.
_ESCAPES.update({ch: f"\\u{ord(ch):04x}" for ch in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"})
_UNESCAPES = {escaped: ch for ch, escaped in _ESCAPES.items()}
_ESCAPED = re.compile(r"\\(?:u[0-9a-f]{4}|.)")
_DIGEST = re.compile(r"[0-9a-f]{16}\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_EMPTY_CONTEXT = "\\e"


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _unescape(text: str, shown: str, line: int) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group() not in _UNESCAPES:
            raise StoryError(shown, line, f"unknown escape {match.group()!r}")
        return _UNESCAPES[match.group()]

    return _ESCAPED.sub(one, text)


def _sort_key(approval: Approval) -> tuple[int, str, str]:
    return (approval.msgctxt is not None, approval.msgctxt or "", approval.msgid)


def format_reviews(approvals: Iterable[Approval]) -> str:
    """The review file's text: the header, then one sorted line per approval."""
    lines = [HEADER]
    for approval in sorted(approvals, key=_sort_key):
        context = _EMPTY_CONTEXT if approval.msgctxt == "" else _escape(approval.msgctxt or "")
        fields = (approval.digest, approval.reviewer, approval.date, context,
                  _escape(approval.msgid), _escape(approval.msgstr))
        lines.append("\t".join(fields) + "\n")
    return "".join(lines)


def parse_reviews(text: str, shown: str) -> dict[Key, Approval]:
    """The approvals in a review file, by entry key; a line that is not one
    (a wrong field count, a digest that does not match its texts, a bad date
    or name) is an error naming ``shown`` and the line."""
    approvals: dict[Key, Approval] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            raise StoryError(shown, number, f"expected 6 tab-separated fields, found {len(fields)}")
        digest, reviewer, day, context, msgid, msgstr = fields
        msgctxt = None if context == "" else "" if context == _EMPTY_CONTEXT else _unescape(context, shown, number)
        approval = Approval(digest, reviewer, day, msgctxt,
                            _unescape(msgid, shown, number), _unescape(msgstr, shown, number))
        _validate(approval, shown, number)
        if approval.key in approvals:
            raise StoryError(shown, number, "a second approval of the same entry")
        approvals[approval.key] = approval
    return approvals


def _validate(approval: Approval, shown: str, number: int) -> None:
    if not _DIGEST.match(approval.digest):
        raise StoryError(shown, number, "the first field must be a 16-digit hex digest")
    if approval.digest != entry_digest(approval.msgctxt, approval.msgid, approval.msgstr):
        raise StoryError(shown, number, "the digest does not match the approved text (edited by hand?)")
    problem = reviewer_problem(approval.reviewer)
    if problem is not None:
        raise StoryError(shown, number, problem)
    try:
        valid = bool(_DATE.match(approval.date)) and date.fromisoformat(approval.date) is not None
    except ValueError:
        valid = False
    if not valid:
        raise StoryError(shown, number, "the date must be YYYY-MM-DD")


# --- what the approvals say about a catalog ---------------------------------


def is_approved(entry: polib.POEntry, approvals: Mapping[Key, Approval]) -> bool:
    """True when an editor approved the entry exactly as it reads now."""
    approval = approvals.get((entry.msgctxt, entry.msgid))
    return approval is not None and approval.digest == entry_digest(entry.msgctxt, entry.msgid, entry.msgstr)


def approved_msgids(entries: Iterable[polib.POEntry], approvals: Mapping[Key, Approval]) -> set[str]:
    """The msgids of the live, non-fuzzy entries approved as they read now."""
    return {
        entry.msgid for entry in entries
        if not entry.obsolete and entry.msgstr and "fuzzy" not in entry.flags and is_approved(entry, approvals)
    }


def approval_before(entry: polib.POEntry, approvals: Mapping[Key, Approval]) -> Approval | None:
    """The approval an edit invalidated: the entry's own, when its msgstr
    changed since, or its previous source's (``#|``), when the source did."""
    own = approvals.get((entry.msgctxt, entry.msgid))
    if own is not None:
        return None if is_approved(entry, approvals) else own
    if entry.previous_msgid is not None:
        return approvals.get((entry.previous_msgctxt, entry.previous_msgid))
    return None


def approve(approvals: Mapping[Key, Approval], entries: Iterable[polib.POEntry],
            reviewer: str, day: date) -> dict[Key, Approval]:
    """``approvals`` with ``entries`` approved as they read now; an entry
    already approved as it reads keeps its reviewer and date."""
    result = dict(approvals)
    for entry in entries:
        if not is_approved(entry, result):
            result[(entry.msgctxt, entry.msgid)] = approval_of(entry, reviewer, day)
    return result


def unapprove(approvals: Mapping[Key, Approval], entries: Iterable[polib.POEntry]) -> dict[Key, Approval]:
    """``approvals`` without those of ``entries`` (current or stale)."""
    result = dict(approvals)
    for entry in entries:
        result.pop((entry.msgctxt, entry.msgid), None)
    return result


def prune(approvals: Mapping[Key, Approval], catalog: Iterable[polib.POEntry]) -> dict[Key, Approval]:
    """The approvals whose entry still exists anywhere in the catalog: live
    or obsolete, or as the previous source (``#|``) of a fuzzy entry, so an
    editor still sees what they approved before the source changed. The
    rest (entries gone for good) are dropped, by ``update`` only."""
    keys: set[Key] = set()
    for entry in catalog:
        keys.add((entry.msgctxt, entry.msgid))
        if entry.previous_msgid is not None:
            keys.add((entry.previous_msgctxt, entry.previous_msgid))
    return {key: approval for key, approval in approvals.items() if key in keys}

