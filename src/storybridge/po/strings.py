"""PO string tokens: where a quoted string ends, and its C escapes undone."""

from __future__ import annotations

import re

from storybridge.errors import StoryError

# The white space GNU skips between tokens; Unicode's other spaces are text.
BLANKS = " \t\f\v\r"

# A string token's text up to its closing quote, for the tokens that hold an
# inner quote or end in a backslash, or do not end in a quote at all.
_STRING_TEXT = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)
QUOTE_HINT = 'text after the closing quote: write \\" for a quote inside a translation'
"""What a volunteer who typed a quote mark into a msgstr needs to read."""
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
    "v": "\v", "\\": "\\", '"': '"',
}  # fmt: skip


def read_string(token: str, shown: str, lineno: int) -> str:
    """The value of a string token that starts at its opening quote."""
    token = token.rstrip(BLANKS)
    body = token[1:-1]
    if len(token) < 2 or token[-1] != '"' or '"' in body or body[-1:] == "\\":
        end = _STRING_TEXT.match(token, 1).end()  # type: ignore[union-attr]  # matches the empty string
        if end == len(token) or token[end] != '"':
            raise StoryError(shown, lineno, "unterminated string")
        if end != len(token) - 1:
            raise StoryError(shown, lineno, QUOTE_HINT)
    if "\\" not in body:
        return body
    if body.count("\\") == body.count("\\n"):  # the usual escapes: newlines only
        return body.replace("\\n", "\n")
    return _unescape(body, shown, lineno)


def _unescape(body: str, shown: str, lineno: int) -> str:
    """Undo C escapes exactly as GNU's ``po-lex.c`` does.

    Octal and hex escapes stand for bytes, not characters: ``\\303\\251`` is
    "é" in a UTF-8 file. Of a long hex escape GNU keeps the low byte.
    """
    has_bytes = False

    def replace(match: re.Match[str]) -> str:
        nonlocal has_bytes
        octal, hexa, char = match.groups()
        if char is not None:
            simple = _SIMPLE_ESCAPES.get(char)
            if simple is None:
                raise StoryError(shown, lineno, f"unknown escape sequence \\{char}")
            return simple
        has_bytes = True
        value = (int(octal, 8) if octal is not None else int(hexa, 16)) & 0xFF
        # A lone surrogate carries a byte through to the UTF-8 decoding.
        return chr(value) if value < 0x80 else chr(0xDC00 + value)

    text = _ESCAPE.sub(replace, body)
    if not has_bytes:
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8")
    except UnicodeDecodeError:
        raise StoryError(shown, lineno, "escaped bytes are not valid UTF-8") from None
