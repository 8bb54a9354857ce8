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
from storybridge.po.strings import BLANKS as _BLANKS
from storybridge.po.strings import read_string

__all__ = ["parse_po"]

# What a keyword line holds, and so what the string lines after it continue:
# the key of the string in the entry being read. msgstr[N] is _STRN + N.
_NOTHING = 0
_PREVIOUS_CTXT, _PREVIOUS_ID, _PREVIOUS_PLURAL = 1, 2, 3  # "#|" lines
_CTXT, _ID, _PLURAL, _STR, _STRN = 4, 5, 6, 7, 8
_COMMENT, _END = -1, -2  # not keywords: for the messages of misplaced ones

_KEYWORDS = {"msgctxt": _CTXT, "msgid": _ID, "msgid_plural": _PLURAL, "msgstr": _STR}
_PREVIOUS_KEYWORDS = {
    "msgctxt": _PREVIOUS_CTXT,
    "msgid": _PREVIOUS_ID,
    "msgid_plural": _PREVIOUS_PLURAL,
}
_NAMES = {kind: name for name, kind in _KEYWORDS.items()}

# The order of an entry, as GNU's grammar has it: which keyword may follow
# which. msgstr[N] follows msgid_plural (N = 0) or msgstr[N - 1]. A #| msgctxt
# needs a #| msgid after it.
_STARTS = frozenset({_NOTHING, _PREVIOUS_ID, _PREVIOUS_PLURAL})
_AFTER = {
    _PREVIOUS_CTXT: frozenset({_NOTHING}),
    _PREVIOUS_ID: frozenset({_NOTHING, _PREVIOUS_CTXT}),
    _PREVIOUS_PLURAL: frozenset({_PREVIOUS_ID}),
    _CTXT: _STARTS,
    _ID: _STARTS | {_CTXT},
    _PLURAL: frozenset({_ID}),
    _STR: frozenset({_ID}),
}


def parse_po(text: str, shown: str) -> polib.POFile:
    """The catalog in PO or POT ``text``; ``shown`` names the file in errors.

    Raises StoryError at the first line GNU ``msgfmt`` would refuse, such as
    an unterminated string or a second definition of an active msgid.
    """
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # GNU reads CRLF files as LF ones
        text = text.replace("\r\n", "\n")
    entries: list[polib.POEntry] = []
    msgid_lines: list[int] = []  # of each entry, for duplicate errors

    # The entry being read. ``state`` is its last keyword and ``current``
    # that keyword's string so far: its other strings are in ``strings``.
    # ``continues`` tells whether a plain string line may add to it: not
    # after a comment or #| line, nor in an obsolete entry ("#~" lines).
    start = 0
    tcomment: str | None = None
    comment: str | None = None
    occurrences: list[tuple[str, str]] = []
    flags: list[str] = []
    strings: dict[int, str] = {}
    current = ""
    continues = False
    obsolete: bool | None = None  # set by the entry's first keyword line
    state = _NOTHING
    keyword_line = msgid_line = 0

    for lineno, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        c = line[0]
        if c == '"':  # the most common line, so the shortest way
            if not continues:
                raise StoryError(shown, lineno, _stray(state, obsolete))
            body = line[1:-1]
            if line[-1] != '"' or line == '"' or '"' in body or "\\" in body:
                body = read_string(line, shown, lineno)
            current += body
            continue

        line_obsolete = False
        if c < "!" or (c == "#" and line[1:2] == "~"):
            line, line_obsolete = _plain(line, shown, lineno)
            if not line:
                continue
            c = line[0]
            if c == '"':  # indented, or after "#~"
                _continued(state, obsolete, line_obsolete, shown, lineno)
                current += read_string(line, shown, lineno)
                continue

        if state >= _STR and (c == "#" or line[:6] != "msgstr"):
            # A comment, #| line, msgctxt or msgid after a complete entry:
            # that entry is done, and this line starts the next.
            strings[state] = current
            entries.append(
                _entry(
                    start,
                    tcomment,
                    comment,
                    occurrences,
                    flags,
                    strings,
                    state,
                    obsolete,
                )
            )
            msgid_lines.append(msgid_line)
            start = 0
            tcomment = comment = None
            occurrences = []
            flags = []
            strings = {}
            continues = False
            obsolete = None
            state = _NOTHING

        if c == "m":
            if line[:8] == 'msgstr "':
                kind, quote = _STR, 7
            elif line[:7] == 'msgid "':
                kind, quote = _ID, 6
            else:
                quote = line.find('"')
                kind = _keyword(line, quote, shown, lineno)
            if kind < _STRN:
                if state not in _AFTER[kind]:
                    _misplaced(kind, state, keyword_line, shown, lineno)
            elif state != (kind - 1 if kind > _STRN else _PLURAL):
                _misplaced(kind, state, keyword_line, shown, lineno)
            if obsolete is None:
                obsolete = line_obsolete
            elif line_obsolete is not obsolete:
                raise StoryError(shown, lineno, "inconsistent use of #~")
            body = line[quote + 1 : -1]
            if (
                line[-1] != '"'
                or '"' in body
                or "\\" in body
                or (not body and quote == len(line) - 1)
            ):
                body = read_string(line[quote:], shown, lineno)
            if state:
                strings[state] = current
            current = body
            if kind == _ID:
                msgid_line = lineno
            if not start:
                start = lineno
            state = kind
            keyword_line = lineno
            continues = not obsolete
            continue

        if c != "#":
            raise StoryError(shown, lineno, _garbage(line))
        mark = line[1:2]
        if mark == "|":  # a previous string, as msgmerge leaves them
            rest = line[2:].strip(_BLANKS)
            if not rest:
                continue
            if rest[0] == '"':
                _continued(state, obsolete, line_obsolete, shown, lineno, previous=True)
                current += read_string(rest, shown, lineno)
                continue
            kind, quote = _previous_keyword(rest, shown, lineno)
            if state not in _AFTER[kind]:
                _misplaced(kind, state, keyword_line, shown, lineno)
            if obsolete is None:
                obsolete = line_obsolete
            elif line_obsolete is not obsolete:
                raise StoryError(shown, lineno, "inconsistent use of #~")
            if state:
                strings[state] = current
            current = read_string(rest[quote:], shown, lineno)
            if not start:
                start = lineno
            state = kind
            keyword_line = lineno
            continue

        if state:
            _misplaced(_COMMENT, state, keyword_line, shown, lineno)
        if not start:
            start = lineno
        if mark == ".":
            rest = line[3:] if line[2:3] == " " else line[2:]
            comment = rest if comment is None else comment + "\n" + rest
        elif mark == ":":
            refs = line[3:] if line[2:3] == " " else line[2:]
            if refs.isprintable() and " " not in refs:  # no white space: one
                name, colon, number = refs.rpartition(":")
                if colon and number.isdigit():
                    occurrences.append((name, number))
                    continue
            for ref in refs.split():
                # polib's reading: "file:line" when what follows the last
                # colon is a number, otherwise all of it is a file name.
                name, colon, number = ref.rpartition(":")
                if colon and number.isdigit():
                    occurrences.append((name, number))
                else:
                    occurrences.append((ref, ""))
        elif mark == "," or mark == "!":  # "#!" is GNU's old spelling
            rest = line[2:]
            if rest.strip():
                flags.extend([flag.strip() for flag in rest.split(",")])
        else:  # a translator comment: "#", then a space GNU drops
            rest = line[2:] if mark == " " else line[1:]
            tcomment = rest if tcomment is None else tcomment + "\n" + rest

    if state >= _STR:
        strings[state] = current
        entries.append(
            _entry(
                start, tcomment, comment, occurrences, flags, strings, state, obsolete
            )
        )
        msgid_lines.append(msgid_line)
    elif state:
        _misplaced(_END, state, keyword_line, shown, lineno)
    # Comments after the last entry belong to none; GNU drops them too.
    return _catalog(entries, msgid_lines, shown)


def _entry(
    start: int,
    tcomment: str | None,
    comment: str | None,
    occurrences: list[tuple[str, str]],
    flags: list[str],
    strings: dict[int, str],
    state: int,
    obsolete: bool | None,
) -> polib.POEntry:
    """A POEntry of the values read."""
    get = strings.get
    return new_entry(
        msgid=strings[_ID],
        msgstr=get(_STR, ""),
        msgid_plural=get(_PLURAL, ""),
        msgstr_plural=(
            {n: strings[_STRN + n] for n in range(state - _STRN + 1)}
            if state >= _STRN
            else {}
        ),
        msgctxt=get(_CTXT),
        obsolete=bool(obsolete),
        comment=comment or "",
        tcomment=tcomment or "",
        occurrences=occurrences,
        flags=flags,
        previous_msgctxt=get(_PREVIOUS_CTXT),
        previous_msgid=get(_PREVIOUS_ID),
        previous_msgid_plural=get(_PREVIOUS_PLURAL),
        linenum=start,
    )


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


# -- the lines off the usual path -------------------------------------------


def _plain(line: str, shown: str, lineno: int) -> tuple[str, bool]:
    """An indented or ``#~`` line less its indentation and ``#~``; whether it had ``#~``.

    A ``#~|`` line becomes a ``#|`` one.
    """
    line = line.lstrip(_BLANKS)
    if line[:2] != "#~":
        return line, False
    rest = line[2:]
    if rest[:1] == "|":
        return "#" + rest, True
    rest = rest.strip(_BLANKS)
    if rest and rest[0] != '"' and rest[0] != "m":
        raise StoryError(shown, lineno, "#~ must be followed by a keyword or string")
    return rest, True


def _continued(
    state: int,
    obsolete: bool | None,
    line_obsolete: bool,
    shown: str,
    lineno: int,
    previous: bool = False,
) -> None:
    """Raise unless an indented, ``#~`` or ``#|`` string line continues a string."""
    if previous:
        continues = _PREVIOUS_CTXT <= state <= _PREVIOUS_PLURAL
    else:
        continues = state >= _CTXT
    if not continues:
        raise StoryError(shown, lineno, "string with nothing to continue")
    if line_obsolete is not obsolete:
        raise StoryError(shown, lineno, "inconsistent use of #~")


def _stray(state: int, obsolete: bool | None) -> str:
    """The message for a plain string line that continues nothing."""
    if obsolete and state >= _CTXT:
        return "inconsistent use of #~"
    return "string with nothing to continue"


def _keyword(line: str, quote: int, shown: str, lineno: int) -> int:
    """The kind of a keyword line not spelt as GNU writes it, or raise."""
    keyword = line[:quote].rstrip(_BLANKS) if quote > 0 else line.split(None, 1)[0]
    kind = _KEYWORDS.get(keyword)
    if kind is None:
        if keyword[:7] != "msgstr[" or keyword[-1:] != "]":
            raise StoryError(shown, lineno, _garbage(line))
        number = keyword[7:-1]
        if not (number.isascii() and number.isdigit()):
            raise StoryError(shown, lineno, f"bad plural index in {keyword}")
        kind = _STRN + int(number)
    if quote < 0:
        raise StoryError(shown, lineno, f"{keyword} without a string")
    return kind


def _previous_keyword(rest: str, shown: str, lineno: int) -> tuple[int, int]:
    """The kind of a ``#|`` keyword line (less its ``#|``) and where its string starts."""
    quote = rest.find('"')
    keyword = rest[:quote].rstrip(_BLANKS) if quote > 0 else rest.split(None, 1)[0]
    kind = _PREVIOUS_KEYWORDS.get(keyword)
    if kind is None:
        raise StoryError(shown, lineno, f"unknown keyword {keyword!r} after #|")
    if quote < 0:
        raise StoryError(shown, lineno, f"{keyword} without a string")
    return kind, quote


def _misplaced(
    kind: int, state: int, keyword_line: int, shown: str, lineno: int
) -> NoReturn:
    """Raise for a line out of the order of an entry.

    An entry cut short before its msgstr is reported at its last keyword.
    """
    if state in (_CTXT, _ID, _PLURAL) and kind not in (_PLURAL, _STR) and kind < _STRN:
        after = {_CTXT: "msgid", _ID: "msgstr", _PLURAL: "msgstr[0]"}[state]
        raise StoryError(
            shown, keyword_line, f"{_NAMES[state]} without {after} after it"
        )
    if state == _PREVIOUS_CTXT and kind in (_CTXT, _ID):
        raise StoryError(shown, keyword_line, "#| msgctxt without #| msgid after it")
    if kind >= _STRN:
        keyword = f"msgstr[{kind - _STRN}]"
        if state == _ID or state == _STR:
            message = f"{keyword} without msgid_plural"
        elif state == _PLURAL or state >= _STRN:
            expected = 0 if state == _PLURAL else state - _STRN + 1
            message = f"{keyword} out of order, expected msgstr[{expected}]"
        else:
            message = f"{keyword} before msgid"
    elif kind == _STR:
        if state == _PLURAL:
            message = "msgstr after msgid_plural, expected msgstr[0]"
        elif state >= _STRN:
            message = f"msgstr after msgstr[{state - _STRN}]"
        else:
            message = "msgstr before msgid"
    elif kind == _PLURAL:
        message = "msgid_plural not right after msgid"
    elif kind == _COMMENT:
        message = "comment between #| lines and msgid"
    elif kind == _END:
        raise StoryError(shown, keyword_line, "#| lines without msgid after them")
    else:  # a #| keyword out of GNU's order: msgctxt, msgid, msgid_plural
        message = "#| lines out of order, or without #| msgid"
    raise StoryError(shown, lineno, message)


def _garbage(line: str) -> str:
    """The message for a line that is no comment, keyword or string."""
    text = line if len(line) <= 40 else line[:37] + "..."
    return f"not a comment, keyword or string: {text!r}"
