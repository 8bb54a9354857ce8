"""The grammar of a PO entry as GNU gettext 0.21 has it, and the errors for lines that break it.

The keyword kinds and their order are data (which keyword may follow
which); the functions here handle the lines off the usual path and word
the one-line errors a volunteer sees, naming the line.
"""

from __future__ import annotations

from typing import NoReturn

from storybridge.errors import StoryError
from storybridge.po.strings import BLANKS as _BLANKS

# What a keyword line holds, and so what the string lines after it continue:
# the key of the string in the entry being read. msgstr[N] is STRN + N.
NOTHING = 0
PREVIOUS_CTXT, PREVIOUS_ID, PREVIOUS_PLURAL = 1, 2, 3  # "#|" lines
CTXT, ID, PLURAL, STR, STRN = 4, 5, 6, 7, 8
COMMENT, END = -1, -2  # not keywords: for the messages of misplaced ones

KEYWORDS = {"msgctxt": CTXT, "msgid": ID, "msgid_plural": PLURAL, "msgstr": STR}
PREVIOUS_KEYWORDS = {
    "msgctxt": PREVIOUS_CTXT,
    "msgid": PREVIOUS_ID,
    "msgid_plural": PREVIOUS_PLURAL,
}
NAMES = {kind: name for name, kind in KEYWORDS.items()}

# The order of an entry, as GNU's grammar has it: which keyword may follow
# which. msgstr[N] follows msgid_plural (N = 0) or msgstr[N - 1]. A #| msgctxt
# needs a #| msgid after it.
STARTS = frozenset({NOTHING, PREVIOUS_ID, PREVIOUS_PLURAL})
AFTER = {
    PREVIOUS_CTXT: frozenset({NOTHING}),
    PREVIOUS_ID: frozenset({NOTHING, PREVIOUS_CTXT}),
    PREVIOUS_PLURAL: frozenset({PREVIOUS_ID}),
    CTXT: STARTS,
    ID: STARTS | {CTXT},
    PLURAL: frozenset({ID}),
    STR: frozenset({ID}),
}


# -- the lines off the usual path -------------------------------------------


def plain(line: str, shown: str, lineno: int) -> tuple[str, bool]:
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


def continued(
    state: int,
    obsolete: bool | None,
    line_obsolete: bool,
    shown: str,
    lineno: int,
    previous: bool = False,
) -> None:
    """Raise unless an indented, ``#~`` or ``#|`` string line continues a string."""
    if previous:
        continues = PREVIOUS_CTXT <= state <= PREVIOUS_PLURAL
    else:
        continues = state >= CTXT
    if not continues:
        raise StoryError(shown, lineno, "string with nothing to continue")
    if line_obsolete is not obsolete:
        raise StoryError(shown, lineno, "inconsistent use of #~")


def stray(state: int, obsolete: bool | None) -> str:
    """The message for a plain string line that continues nothing."""
    if obsolete and state >= CTXT:
        return "inconsistent use of #~"
    return "string with nothing to continue"


def keyword(line: str, quote: int, shown: str, lineno: int) -> int:
    """The kind of a keyword line not spelt as GNU writes it, or raise."""
    keyword = line[:quote].rstrip(_BLANKS) if quote > 0 else line.split(None, 1)[0]
    kind = KEYWORDS.get(keyword)
    if kind is None:
        if keyword[:7] != "msgstr[" or keyword[-1:] != "]":
            raise StoryError(shown, lineno, garbage(line))
        number = keyword[7:-1]
        if not (number.isascii() and number.isdigit()):
            raise StoryError(shown, lineno, f"bad plural index in {keyword}")
        kind = STRN + int(number)
    if quote < 0:
        raise StoryError(shown, lineno, f"{keyword} without a string")
    return kind


def previous_keyword(rest: str, shown: str, lineno: int) -> tuple[int, int]:
    """The kind of a ``#|`` keyword line (less its ``#|``) and where its string starts."""
    quote = rest.find('"')
    keyword = rest[:quote].rstrip(_BLANKS) if quote > 0 else rest.split(None, 1)[0]
    kind = PREVIOUS_KEYWORDS.get(keyword)
    if kind is None:
        raise StoryError(shown, lineno, f"unknown keyword {keyword!r} after #|")
    if quote < 0:
        raise StoryError(shown, lineno, f"{keyword} without a string")
    return kind, quote


def misplaced(
    kind: int, state: int, keyword_line: int, shown: str, lineno: int
) -> NoReturn:
    """Raise for a line out of the order of an entry.

    An entry cut short before its msgstr is reported at its last keyword.
    """
    if state in (CTXT, ID, PLURAL) and kind not in (PLURAL, STR) and kind < STRN:
        after = {CTXT: "msgid", ID: "msgstr", PLURAL: "msgstr[0]"}[state]
        raise StoryError(
            shown, keyword_line, f"{NAMES[state]} without {after} after it"
        )
    if state == PREVIOUS_CTXT and kind in (CTXT, ID):
        raise StoryError(shown, keyword_line, "#| msgctxt without #| msgid after it")
    if kind >= STRN:
        keyword = f"msgstr[{kind - STRN}]"
        if state == ID or state == STR:
            message = f"{keyword} without msgid_plural"
        elif state == PLURAL or state >= STRN:
            expected = 0 if state == PLURAL else state - STRN + 1
            message = f"{keyword} out of order, expected msgstr[{expected}]"
        else:
            message = f"{keyword} before msgid"
    elif kind == STR:
        if state == PLURAL:
            message = "msgstr after msgid_plural, expected msgstr[0]"
        elif state >= STRN:
            message = f"msgstr after msgstr[{state - STRN}]"
        else:
            message = "msgstr before msgid"
    elif kind == PLURAL:
        message = "msgid_plural not right after msgid"
    elif kind == COMMENT:
        message = "comment between #| lines and msgid"
    elif kind == END:
        raise StoryError(shown, keyword_line, "#| lines without msgid after them")
    else:  # a #| keyword out of GNU's order: msgctxt, msgid, msgid_plural
        message = "#| lines out of order, or without #| msgid"
    raise StoryError(shown, lineno, message)


def garbage(line: str) -> str:
    """The message for a line that is no comment, keyword or string."""
    text = line if len(line) <= 40 else line[:37] + "..."
    return f"not a comment, keyword or string: {text!r}"
