"""Quality checks over catalog entries: each a small function yielding problems.

The registry ``CHECKS`` names every check with its severity; ``storybridge
check`` runs them all, and ``build`` refuses any entry with an error, so a
translation can change text but never the story's structure or safety.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from storybridge.model import Problem

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """What a check needs to know about one translated entry."""

    msgid: str
    """The source text."""
    msgstr: str
    """The translation under test."""
    language: str
    """The catalog's language (``ko``, ``zh_Hans``, ``en`` …)."""
    modes: frozenset[str] = frozenset({"flow"})
    """How the entry is spliced back (see ``Segment.mode``): one msgid can
    stand in several places, and each place's rules apply."""
    in_table: bool = False
    """True when the entry is a table cell."""
    flags: tuple[str, ...] = ()
    """The entry's PO flags, e.g. ``fuzzy`` or ``ignore-numbers``."""
    glossary: tuple[tuple[str, str], ...] = field(default=())
    """Agreed (source term, translation) pairs for the catalog's language."""


CheckFunction = Callable[[CheckedEntry], Iterator[str]]

# --- block-break -----------------------------------------------------------

_BLOCK_STARTS = [
    (re.compile(r"#{1,6}(?:[ \t]|$)"), "starts a heading"),
    (re.compile(r">"), "starts a block quote"),
    (re.compile(r"[-+*](?:[ \t]|$)"), "starts a list item"),
    (re.compile(r"\d{1,9}[.)](?:[ \t]|$)"), "starts a numbered list item"),
    (re.compile(r"(?:`{3,}|~{3,})"), "opens a code fence"),
    (re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$"), "is a thematic break"),
    (re.compile(r"(?:=+|-+)[ \t]*$"), "turns the text into a heading"),
    (re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|\|?[ \t]*:?-+:?[ \t]*\|[ \t]*$"), "starts a table"),
    (
        re.compile(
            r"<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)|"
            r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
            r"details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|"
            r"head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|"
            r"option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)"
            r"(?:[ \t>]|/>|$)",
            re.IGNORECASE,
        ),
        "starts an HTML block",
    ),
]
_FIRST_LINE_ONLY = [
    (re.compile(r"\[[^\]]+\]:"), "becomes a link reference definition"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$"), "starts an HTML block"),
]


def check_block_break(entry: CheckedEntry) -> Iterator[str]:
    """A translation must not open a block its source text does not have."""
    text = entry.msgstr
    if "\r" in text:
        yield "contains a carriage return"
    lines = text.split("\n")
    if "line" in entry.modes and len(lines) > 1:
        yield "has a line break where the source must stay on one line"
    if entry.in_table and _UNESCAPED_PIPE.search(text):
        yield "has a '|' that would split the table cell (write '\\|')"
    if "flow" not in entry.modes and "line" not in entry.modes:
        return
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped:
            yield "has a blank line, which would start a new paragraph"
            continue
        rules = _BLOCK_STARTS + _FIRST_LINE_ONLY if number == 0 else _BLOCK_STARTS
        for pattern, what in rules:
            if pattern.match(stripped) and not _starts_same(entry.msgid, number, pattern):
                place = "the translation" if number == 0 else f"line {number + 1} of the translation"
                yield f"{place} {what}: {stripped[:20]!r}"
                break


_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _starts_same(msgid: str, number: int, pattern: re.Pattern[str]) -> bool:
    lines = msgid.split("\n")
    return number < len(lines) and pattern.match(lines[number].strip(" \t")) is not None


# --- raw-html --------------------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>")
_RAW_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>?|<!--.*?(?:-->|$)|<[?!][^<>]*>?", re.DOTALL)
_ENCODED_TAG = re.compile(r"&(?:lt|#0*60|#x0*3c);\s*/?\s*[A-Za-z]", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"\b(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


def _outside_code(text: str) -> str:
    return _CODE_SPAN.sub(" ", text)


def check_raw_html(entry: CheckedEntry) -> Iterator[str]:
    """No raw HTML, encoded tag or script URL that the source text lacks."""
    source = _outside_code(entry.msgid)
    target = _outside_code(entry.msgstr)
    allowed = Counter(_html_pieces(source))
    for piece, count in Counter(_html_pieces(target)).items():
        if count > allowed[piece]:
            yield f"adds raw HTML {piece[:40]!r}"
    known_encoded = Counter(m.group().lower() for m in _ENCODED_TAG.finditer(source))
    for found, count in Counter(m.group().lower() for m in _ENCODED_TAG.finditer(target)).items():
        if count > known_encoded[found]:
            yield f"adds an entity-encoded tag {found!r}"
    known_schemes = Counter(m.group().lower().replace(" ", "") for m in _BAD_SCHEME.finditer(source))
    for found, count in Counter(m.group().lower().replace(" ", "") for m in _BAD_SCHEME.finditer(target)).items():
        if count > known_schemes[found]:
            yield f"adds a {found!r} URL"


def _html_pieces(text: str) -> Iterable[str]:
    text = _AUTOLINK.sub(" ", text)
    for match in _RAW_TAG.finditer(text):
        start = match.start()
        backslashes = len(text[:start]) - len(text[:start].rstrip("\\"))
        if backslashes % 2 == 0:
            yield re.sub(r"\s+", " ", match.group())


# --- registry --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """A named check with its severity."""

    name: str
    severity: Severity
    function: CheckFunction


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("block-break", "error", check_block_break),
        Check("raw-html", "error", check_raw_html),
    )
}


def check_entry(entry: CheckedEntry, selected: Iterable[str] | None = None, *, honor_flags: bool = True) -> list[Problem]:
    """Every problem the selected checks find in one entry; a PO flag
    ``ignore-<check>`` on the entry silences that check there."""
    problems: list[Problem] = []
    for name in CHECKS if selected is None else selected:
        check = CHECKS[name]
        if honor_flags and f"ignore-{name}" in entry.flags:
            continue
        problems.extend(Problem(name, check.severity, message) for message in check.function(entry))
    return problems


def errors_of(entry: CheckedEntry) -> list[Problem]:
    """The problems that keep an entry out of the published story.

    ``ignore-`` flags do not apply here: a volunteer may silence advice, but
    never publish text that breaks the story's structure or safety.
    """
    errors = [name for name, check in CHECKS.items() if check.severity == "error"]
    return check_entry(entry, errors, honor_flags=False)
