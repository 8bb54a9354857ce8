"""Read PO text strictly, as GNU gettext 0.21 reads it, into polib objects.

polib's own reader is lax where it matters to volunteers (it drops the last
character of an unterminated string and lets some garbage through) and slow
(a state machine of method calls and a regex for every line). This reader
makes one pass over the lines, dispatching on their first character, and
refuses what ``msgfmt`` refuses, naming the line. Two differences: escapes
that make invalid UTF-8 are refused (GNU warns; a str cannot hold them),
and an obsolete entry may repeat another's msgid (GNU refuses that too).

Entries hold the values polib gives them, except where polib loses what GNU
keeps: ``#~|`` previous strings of obsolete entries, blank comment lines
before the first and blank ``#.`` lines, spaces at the end of comments,
``\\a``, octal and hex escapes, characters such as U+2028 that Python's
``splitlines`` takes for line ends, and the comments above the first entry
of a file without a header (polib makes them the catalog's header; GNU and
this reader give them to the entry). ``linenum`` is the entry's first line,
its first comment included.
"""

from __future__ import annotations

from typing import NoReturn

import polib

from storybridge.errors import StoryError
from storybridge.po.entry import new_entry
from storybridge.po.grammar import (
    AFTER,
    COMMENT,
    CTXT,
    END,
    ID,
    NOTHING,
    PLURAL,
    PREVIOUS_CTXT,
    PREVIOUS_ID,
    PREVIOUS_PLURAL,
    STR,
    STRN,
    continued,
    garbage,
    keyword,
    misplaced,
    plain,
    previous_keyword,
    stray,
)
from storybridge.po.strings import BLANKS as _BLANKS
from storybridge.po.strings import read_string

__all__ = ["parse_po"]


def parse_po(text: str, shown: str) -> polib.POFile:
    """The catalog in PO or POT ``text``; ``shown`` names the file in errors.

    Raises StoryError at the first line GNU ``msgfmt`` would refuse, such as
    an unterminated string or a second definition of an active msgid.
    """
    text = text.removeprefix("\ufeff")
    # GNU reads CRLF as LF, but takes a lone CR (old Mac) for a blank, so a
    # CR-only file is one line to it, the rest a comment after the first "#".
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(shown)
    for lineno, line in enumerate(text.split("\n"), 1):
        if line:
            reader.read_line(line, lineno)
    return reader.finish()


class _Reader:
    """One pass over a catalog's lines, dispatching on their first character.

    ``state`` is the last keyword of the entry being read and ``current``
    that keyword's string so far; its other strings are in ``strings``.
    ``continues`` tells whether a plain string line may add to it: not
    after a comment or #| line, nor in an obsolete entry ("#~" lines).
    """

    __slots__ = (
        "shown", "entries", "msgid_lines", "start", "tcomment", "comment", "occurrences",
        "flags", "strings", "current", "continues", "obsolete", "state", "keyword_line", "msgid_line",
        "msgstr_line",
    )

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.entries: list[polib.POEntry] = []
        self.msgid_lines: list[int] = []  # of each entry, for duplicate errors
        self.keyword_line = self.msgid_line = 0
        self._new_entry()

    def _new_entry(self) -> None:
        self.start = 0
        self.msgstr_line = 0
        self.tcomment: str | None = None
        self.comment: str | None = None
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.strings: dict[int, str] = {}
        self.current = ""
        self.continues = False
        self.obsolete: bool | None = None  # set by the entry's first keyword line
        self.state = NOTHING

    def read_line(self, line: str, lineno: int) -> None:
        """Read one non-empty line."""
        c = line[0]
        if c == '"':  # the most common line, so the shortest way
            if not self.continues:
                raise StoryError(self.shown, lineno, stray(self.state, self.obsolete))
            body = line[1:-1]
            if line[-1] != '"' or line == '"' or '"' in body or "\\" in body:
                body = read_string(line, self.shown, lineno)
            self.current += body
            return
        line_obsolete = False
        if c < "!" or (c == "#" and line[1:2] == "~"):
            line, line_obsolete = plain(line, self.shown, lineno)
            if not line:
                return
            c = line[0]
            if c == '"':  # indented, or after "#~"
                continued(self.state, self.obsolete, line_obsolete, self.shown, lineno)
                self.current += read_string(line, self.shown, lineno)
                return
        if self.state >= STR and (c == "#" or line[:6] != "msgstr"):
            # A comment, #| line, msgctxt or msgid after a complete entry:
            # that entry is done, and this line starts the next.
            self._end_entry()
        if c == "m":
            self._keyword_line(line, lineno, line_obsolete)
        elif c != "#":
            raise StoryError(self.shown, lineno, garbage(line))
        elif line[1:2] == "|":  # a previous string, as msgmerge leaves them
            self._previous_line(line[2:].strip(_BLANKS), lineno, line_obsolete)
        else:
            self._comment_line(line, lineno)

    def _end_entry(self) -> None:
        self.strings[self.state] = self.current
        self.entries.append(self._entry())
        self.msgid_lines.append(self.msgid_line)
        self._new_entry()

    def _set_obsolete(self, line_obsolete: bool, lineno: int) -> None:
        if self.obsolete is None:
            self.obsolete = line_obsolete
        elif line_obsolete is not self.obsolete:
            raise StoryError(self.shown, lineno, "inconsistent use of #~")

    def _begin(self, kind: int, body: str, lineno: int) -> None:
        """Start the string of keyword ``kind`` with ``body``."""
        if self.state:
            self.strings[self.state] = self.current
        self.current = body
        if not self.start:
            self.start = lineno
        self.state = kind
        self.keyword_line = lineno

    def _keyword_line(self, line: str, lineno: int, line_obsolete: bool) -> None:
        shown, state = self.shown, self.state
        if line[:8] == 'msgstr "':
            kind, quote = STR, 7
        elif line[:7] == 'msgid "':
            kind, quote = ID, 6
        else:
            quote = line.find('"')
            kind = keyword(line, quote, shown, lineno)
        if kind < STRN:
            if state not in AFTER[kind]:
                misplaced(kind, state, self.keyword_line, shown, lineno)
        elif state != (kind - 1 if kind > STRN else PLURAL):
            misplaced(kind, state, self.keyword_line, shown, lineno)
        self._set_obsolete(line_obsolete, lineno)
        body = line[quote + 1 : -1]
        if line[-1] != '"' or '"' in body or "\\" in body or (not body and quote == len(line) - 1):
            body = read_string(line[quote:], shown, lineno)
        if kind == ID:
            self.msgid_line = lineno
        elif kind >= STR and not self.msgstr_line:
            self.msgstr_line = lineno
        self._begin(kind, body, lineno)
        self.continues = not self.obsolete

    def _previous_line(self, rest: str, lineno: int, line_obsolete: bool) -> None:
        """A ``#|`` line, less its mark."""
        if not rest:
            return
        shown = self.shown
        if rest[0] == '"':
            continued(self.state, self.obsolete, line_obsolete, shown, lineno, previous=True)
            self.current += read_string(rest, shown, lineno)
            return
        kind, quote = previous_keyword(rest, shown, lineno)
        if self.state not in AFTER[kind]:
            misplaced(kind, self.state, self.keyword_line, shown, lineno)
        self._set_obsolete(line_obsolete, lineno)
        self._begin(kind, read_string(rest[quote:], shown, lineno), lineno)

    def _comment_line(self, line: str, lineno: int) -> None:
        if self.state:
            misplaced(COMMENT, self.state, self.keyword_line, self.shown, lineno)
        if not self.start:
            self.start = lineno
        mark = line[1:2]
        if mark == ".":
            rest = line[3:] if line[2:3] == " " else line[2:]
            self.comment = rest if self.comment is None else self.comment + "\n" + rest
        elif mark == ":":
            self._references(line[3:] if line[2:3] == " " else line[2:])
        elif mark == "," or mark == "!":  # "#!" is GNU's old spelling
            rest = line[2:]
            if rest.strip():
                self.flags.extend([flag.strip() for flag in rest.split(",")])
        else:  # a translator comment: "#", then a space GNU drops
            rest = line[2:] if mark == " " else line[1:]
            self.tcomment = rest if self.tcomment is None else self.tcomment + "\n" + rest

    def _references(self, refs: str) -> None:
        occurrences = self.occurrences
        if refs.isprintable() and " " not in refs:  # no white space: one
            name, colon, number = refs.rpartition(":")
            if colon and number.isdigit():
                occurrences.append((name, number))
                return
        for ref in refs.split():
            # polib's reading: "file:line" when what follows the last
            # colon is a number, otherwise all of it is a file name.
            name, colon, number = ref.rpartition(":")
            if colon and number.isdigit():
                occurrences.append((name, number))
            else:
                occurrences.append((ref, ""))

    def finish(self) -> polib.POFile:
        """The catalog read, once every line is."""
        if self.state >= STR:
            self._end_entry()
        elif self.state:  # an entry cut short: named at its last keyword
            misplaced(END, self.state, self.keyword_line, self.shown, self.keyword_line)
        # Comments after the last entry belong to none; GNU drops them too.
        return _catalog(self.entries, self.msgid_lines, self.shown)

    def _entry(self) -> polib.POEntry:
        """A POEntry of the values read."""
        strings, state = self.strings, self.state
        get = strings.get
        entry = new_entry(
            msgid=strings[ID],
            msgstr=get(STR, ""),
            msgid_plural=get(PLURAL, ""),
            msgstr_plural=({n: strings[STRN + n] for n in range(state - STRN + 1)} if state >= STRN else {}),
            msgctxt=get(CTXT),
            obsolete=bool(self.obsolete),
            comment=self.comment or "",
            tcomment=self.tcomment or "",
            occurrences=self.occurrences,
            flags=self.flags,
            previous_msgctxt=get(PREVIOUS_CTXT),
            previous_msgid=get(PREVIOUS_ID),
            previous_msgid_plural=get(PREVIOUS_PLURAL),
            linenum=self.start,
        )
        # Messages about a translation point at its msgstr, not at the
        # entry's first comment (``po.entry.msgstr_line``).
        entry.msgstr_line = self.msgstr_line or self.start
        return entry


def _catalog(
    entries: list[polib.POEntry], msgid_lines: list[int], shown: str
) -> polib.POFile:
    """The POFile of ``entries``, its header entry taken out as metadata.

    GNU refuses a second definition of a message, and so do we among active
    entries; an obsolete entry may repeat a live msgid, as merges leave them.
    """
    keys = [(entry.msgctxt, entry.msgid) for entry in entries if not entry.obsolete]
    unique = set(keys)
    if len(unique) != len(keys):
        _duplicate(entries, msgid_lines, shown)
    catalog = polib.POFile(wrapwidth=79)
    if (None, "") in unique:
        at = next(
            i
            for i, entry in enumerate(entries)
            if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete
        )
        header = entries.pop(at)
        catalog.header = header.tcomment
        catalog.metadata_is_fuzzy = header.flags
        _read_metadata(header.msgstr, catalog.metadata)
    list.extend(catalog, entries)  # POFile.append would look for duplicates
    return catalog


def _duplicate(
    entries: list[polib.POEntry], msgid_lines: list[int], shown: str
) -> NoReturn:
    """Raise at the second definition of a message."""
    seen: dict[tuple[str | None, str], int] = {}
    for entry, line in zip(entries, msgid_lines):
        if not entry.obsolete:
            first = seen.setdefault((entry.msgctxt, entry.msgid), line)
            if first != line:
                raise StoryError(
                    shown, line, f"duplicate msgid, first defined on line {first}"
                )
    raise AssertionError("no duplicate")  # pragma: no cover


def _read_metadata(msgstr: str, metadata: dict[str, str]) -> None:
    """Header fields as polib reads them: "Key: value" lines, in order.

    A line without a colon continues the previous value after a newline.
    """
    key = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
