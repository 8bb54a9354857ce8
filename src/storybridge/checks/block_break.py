"""The ``block-break`` check: a translation changes text, never the story's block structure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry

# --- block-break -----------------------------------------------------------

_BLOCK_STARTS = [
    (re.compile(r"#{1,6}(?:[ \t]|$)"), "starts a heading"),
    (re.compile(r">"), "starts a block quote"),
    (re.compile(r"[-+*](?:[ \t]|$)"), "starts a list item"),
    (re.compile(r"\d{1,9}[.)](?:[ \t]|$)"), "starts a numbered list item"),
    (re.compile(r"(?:`{3,}|~{3,})"), "opens a code fence"),
    (
        re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$"),
        "is a thematic break",
    ),
    (re.compile(r"(?:=+|-+)[ \t]*$"), "turns the text into a heading"),
    (
        re.compile(
            r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|\|?[ \t]*:?-+:?[ \t]*\|[ \t]*$"
        ),
        "starts a table",
    ),
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
# Python-Markdown, the renderer many sites use, reads these on any line of
# a paragraph, where CommonMark sees only text: a heading needs no space
# after its '#', and definitions need no blank line before them.
_PYTHON_MARKDOWN_STARTS = [
    (
        re.compile(r"#"),
        "starts with '#', which Python-Markdown reads as a heading (write '\\#')",
    ),
    (
        re.compile(r"\*?\[[^\]]*\]:"),
        "becomes a reference, footnote or abbreviation definition",
    ),
    (
        re.compile(r":[ \t]"),
        "starts a definition for Python-Markdown's definition lists",
    ),
]
_FIRST_LINE_ONLY = [
    (
        re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$"),
        "starts an HTML block",
    ),
]


def check_block_break(entry: CheckedEntry) -> Iterator[str]:
    """A translation must not open a block its source text does not have."""
    text = entry.msgstr
    if "\r" in text:
        yield "contains a carriage return"
    for char in sorted(
        set(_CONTROL.findall(text)) - set(_CONTROL.findall(entry.msgid))
        if _CONTROL.search(text)
        else ()
    ):
        # Python-Markdown uses U+0002 and U+0003 as placeholders and drops
        # them, so "\x03#" would start a heading there.
        yield f"contains the control character U+{ord(char):04X}"
    lines = text.split("\n")
    if "line" in entry.modes and len(lines) > 1:
        yield "has a line break where the source must stay on one line"
    elif "flow" in entry.modes and len(lines) > 1 and "\n" not in entry.msgid:
        yield "has a line break where the source has none (it would become a hard line break)"
    if entry.in_table and _UNESCAPED_PIPE.search(text):
        yield "has a '|' that would split the table cell (write '\\|')"
    if entry.in_table and Counter(_BACKTICKS.findall(text)) != Counter(
        _BACKTICKS.findall(entry.msgid)
    ):
        # Python-Markdown pairs backticks across the whole row, so a stray
        # one here swallows the pipes up to a backtick in another cell.
        yield "has backticks the source cell does not have, which split the table row differently"
    if "front-matter" in entry.modes and len(lines) > 1 and "\n" not in entry.msgid:
        yield "has a line break where the source has none"
    # A front matter value (title, summary) becomes a heading or paragraph
    # on most sites' pages, so it gets the same rules as the body.
    if not entry.modes & {"flow", "line", "front-matter"}:
        return
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped:
            yield "has a blank line, which would start a new paragraph"
            continue
        if stripped[0] not in _BLOCK_FIRST_CHARACTERS:
            continue
        rules = (
            _BLOCK_STARTS
            + _PYTHON_MARKDOWN_STARTS
            + (_FIRST_LINE_ONLY if number == 0 else [])
        )
        for pattern, what in rules:
            if pattern.match(stripped) and not _starts_same(
                entry.msgid, number, pattern
            ):
                place = (
                    "the translation"
                    if number == 0
                    else f"line {number + 1} of the translation"
                )
                yield f"{place} {what}: {stripped[:20]!r}"
                break


_BLOCK_FIRST_CHARACTERS = frozenset("#>-+*0123456789`~_=|:<[")
"""The characters every rule above starts with: a line beginning otherwise
opens no block, and most lines are spared a dozen patterns."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BACKTICKS = re.compile(r"\\?`+")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _starts_same(msgid: str, number: int, pattern: re.Pattern[str]) -> bool:
    lines = msgid.split("\n")
    return number < len(lines) and pattern.match(lines[number].strip(" \t")) is not None
