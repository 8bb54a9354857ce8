"""Catalog entries made without polib's constructor.

``polib.POEntry()`` reads each attribute out of ``kwargs`` one at a time,
which costs more than reading the entry from a file does; the reader and
the merge make tens of thousands of entries per run.
"""

from __future__ import annotations

import polib

_new_object = object.__new__


def new_entry(
    msgid: str,
    *,
    msgstr: str = "",
    msgid_plural: str = "",
    msgstr_plural: dict[int, str] | None = None,
    msgctxt: str | None = None,
    obsolete: bool = False,
    comment: str = "",
    tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
    flags: list[str] | None = None,
    previous_msgctxt: str | None = None,
    previous_msgid: str | None = None,
    previous_msgid_plural: str | None = None,
    linenum: int | None = None,
) -> polib.POEntry:
    """A POEntry made without polib's constructor, which reads each
    attribute out of ``kwargs`` and costs more than reading the entry.
    Attributes are set in its order, so entries share their keys as
    polib's do."""
    entry = _new_object(polib.POEntry)
    entry.msgid = msgid
    entry.msgstr = msgstr
    entry.msgid_plural = msgid_plural
    entry.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
    entry.msgctxt = msgctxt
    entry.obsolete = obsolete
    entry.encoding = "utf-8"
    entry.comment = comment
    entry.tcomment = tcomment
    entry.occurrences = [] if occurrences is None else occurrences
    entry.flags = [] if flags is None else flags
    entry.previous_msgctxt = previous_msgctxt
    entry.previous_msgid = previous_msgid
    entry.previous_msgid_plural = previous_msgid_plural
    entry.linenum = linenum
    return entry


def msgstr_line(entry: polib.POEntry) -> int | None:
    """1-based line of the entry's ``msgstr`` as ``po.parse`` read it, where
    a translator looks for a translation's problem; the entry's first line
    for entries made in memory (None when that is unknown too)."""
    line = getattr(entry, "msgstr_line", None)
    return line if line else entry.linenum
