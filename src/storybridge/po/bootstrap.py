"""Bootstrap one language's catalog from another's: zh_Hant from zh_Hans.

Every empty entry whose counterpart in the source catalog is translated
gets that translation through a converter (OpenCC's ``s2twp``), marked
fuzzy with an extracted comment, so a volunteer reviews rather than types.
The comment holds two short digests, of the counterpart that was converted
and of what the conversion wrote, so a later update can tell an untouched
conversion (which follows a changed counterpart) from one a person edited
(which is kept, and marked fuzzy with a ``#|`` when its counterpart
changes). Pure: the converter is passed in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence

import polib

BOOTSTRAP_COMMENT = "bootstrap: "
"""Prefix of the extracted comment on a converted entry; the merge carries
comments with this prefix over to the next update."""

_MARK = re.compile(r"^bootstrap: .* \[([0-9a-f]{8}) ([0-9a-f]{8})\]$")


def digest(text: str) -> str:
    """Eight hex digits of SHA-256: enough to notice a change, short
    enough not to clutter the comment."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def bootstrap_entries(
    entries: Sequence[polib.POEntry],
    counterparts: Mapping[str, str],
    convert: Callable[[str], str],
    how: str,
) -> int:
    """Fill or refresh ``entries`` from ``counterparts`` (msgid → the other
    language's accepted translation) with ``convert``; ``how`` names the
    conversion in the comment (``zh_Hans by OpenCC s2twp``). Returns how
    many entries changed."""
    changed = 0
    for entry in entries:
        if entry.obsolete or entry.msgid_plural or not entry.msgid:
            continue
        source = counterparts.get(entry.msgid)
        if not source:
            continue
        mark = _find_mark(entry)
        if not entry.msgstr:
            _convert_into(entry, source, convert, how)
            changed += 1
        elif mark is not None and mark[0] != digest(source):
            changed += _follow(entry, source, convert, how, mark[1])
    return changed


def _follow(
    entry: polib.POEntry, source: str, convert: Callable[[str], str], how: str, written: str
) -> int:
    """The counterpart changed since the conversion: an untouched
    conversion follows it; a person's edit is kept, marked fuzzy with a
    ``#|`` previous msgid."""
    if digest(entry.msgstr) == written:
        _convert_into(entry, source, convert, how)
        return 1
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    # A ``#|`` is what editors show as "the source changed, review this";
    # the msgid is the source there is (a merge's older one is kept).
    if not entry.previous_msgid:
        entry.previous_msgid = entry.msgid
        entry.previous_msgctxt = entry.msgctxt
    # Remember the counterpart now reviewed against, keep the edit's digest
    # mismatch: the entry stays a person's, and is flagged once per change.
    _set_mark(entry, f"{BOOTSTRAP_COMMENT}{how}, edited since; the source changed [{digest(source)} {written}]")
    return 1


def _convert_into(entry: polib.POEntry, source: str, convert: Callable[[str], str], how: str) -> None:
    """Fill ``entry`` with the conversion of ``source``, fuzzy for a reviewer."""
    entry.msgstr = convert(source)
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    _set_mark(entry, f"{BOOTSTRAP_COMMENT}converted from {how} [{digest(source)} {digest(entry.msgstr)}]")


def _find_mark(entry: polib.POEntry) -> tuple[str, str] | None:
    for line in entry.comment.split("\n"):
        found = _MARK.match(line)
        if found:
            return found.group(1), found.group(2)
    return None


def _set_mark(entry: polib.POEntry, mark: str) -> None:
    lines = [line for line in entry.comment.split("\n") if line and not line.startswith(BOOTSTRAP_COMMENT)]
    entry.comment = "\n".join([*lines, mark])
