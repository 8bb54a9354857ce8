"""A shortcut past both Markdown parsers for the inline markup most segments hold.

The checks read every msgid and msgstr twice, as CommonMark (markdown-it-py)
and as Python-Markdown would, to be sure a translation keeps the source's
links, emphasis and code. Most segments hold only the plainest forms of
those: ``[text](https://…)``, ``![alt](path)``, ``*word*``, ``**words**``,
``_word_`` and single-backtick code. For such text the two parsers provably
agree, and a handful of regular expressions say what they would find, some
twenty times faster.

The reading below is taken only when nothing is left over: after removing
the plain forms, the text must hold no character either parser treats as
markup (``* _ ` [ ] < > \\ & ~ { }``, ``![``, a line break). Anything else,
an entity, raw HTML, an autolink, an escape, a link title, a
``javascript:`` target, goes to the parsers.
Why the forms are safe, in the order they are removed (the same precedence
both parsers give them):

- code spans bind tightest in both; their content starts and ends with a
  non-space, so neither strips it and both read the same text;
- a link or image whose text has no markup but code, and whose destination
  has no space, bracket, quote, parenthesis, backslash or entity, is a link
  to both, also with a double-quoted title of plain characters (no quote,
  parenthesis, backslash, entity or markup character), which both keep as
  an attribute; a scheme other than http(s) or mailto is left to the parsers,
  because markdown-it refuses some (``javascript:``) and Python-Markdown
  does not;
- underscores between letters or digits (``snake_case``) are text to both;
- ``*`` and ``**`` around text that starts and ends with a letter or digit
  are left- and right-flanking whatever is outside, so CommonMark's
  delimiter rules match them as Python-Markdown's do; text that starts
  (ends) with anything else qualifies when whitespace or the edge of the
  text is outside. ``_`` and ``__`` also need whitespace, punctuation or
  the edge outside, which CommonMark requires of underscores (and which
  satisfies Python-Markdown's "no word character"). Whitespace and
  punctuation are markdown-it's own classes: Python's ``isspace`` takes
  U+0085 and U+2028 for spaces, and a combining mark is neither. Emphasis
  holds no other emphasis of the same character, where the two parsers
  part ways.

tests/test_plain_markup.py holds the reading to both parsers on generated
text, the CommonMark examples and the shipped catalogs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

from storybridge.markdown.segment import markdown_parser


@dataclass(frozen=True, slots=True)
class PlainReading:
    """What both parsers find in a text of plain inline markup."""

    kinds: tuple[str, ...]
    """One name per construct, in source order (see ``inline.Inventory``)."""
    code_spans: tuple[str, ...]
    targets: tuple[str, ...]
    """Link hrefs and image sources as markdown-it writes them."""
    prose: str
    """The text with its markup removed and each code span a space."""


# Placeholders keep every position: a removed construct becomes a run of one
# of these, as long as the construct, so later forms may hold it but never
# match across it.
_CODE_MARK, _LINK_MARK, _EMPHASIS_MARK, _WORD_MARK = "\x01", "\x02", "\x03", "\x04"
_PLACEHOLDER_MARKS = frozenset(_CODE_MARK + _LINK_MARK + _EMPHASIS_MARK)

_CODE_SPAN = re.compile(r"`(?<![`\\]`)([^`\s\\](?:[^`\\\n\r]*[^`\s\\])?)`(?!`)")
_DESTINATION = r"([^\s()<>\\`\"'{}*\[\]\x00-\x1f\x7f]+)"
_TITLE = r'(?: +"[^"\'\\&()<>`*_\[\]{}~!^\n\r\x00-\x1f]+")?'
"""A double-quoted title of plain characters: an attribute to both parsers,
never inline text, so its content is no construct of its own."""
_IMAGE = re.compile(r"!(?<!\\!)\[([^\[\]\\`*_<>&~{}!^\n\r\x00-\x1f]+)\]\(" + _DESTINATION + _TITLE + r"\)")
_LINK = re.compile(
    r"\[(?<![!\\\]]\[)([^\[\]\\`*_<>&~{}!^\n\r\x00\x02-\x1f]+)\]\(" + _DESTINATION + _TITLE + r"\)"
)
_CONTENT = r"(?=\S)([^*_\[\]<>\\`&~{}\n\r]+?)(?<=\S)"
_STAR = re.compile(r"(\*(?<![*\\]\*)\*?)" + _CONTENT + r"\1(?!\*)")
_UNDERSCORE = re.compile(r"(_(?<![\w\\]_)_?)" + _CONTENT + r"\1(?!\w)")
_PLACEHOLDERS = re.compile(r"[\x00-\x04]")
_INTRAWORD_UNDERSCORES = re.compile(r"_(?<=[^\W_]_)_*(?=[^\W_])")
"""Underscores between letters or digits (``snake_case``), which neither
parser takes for emphasis."""
_LEFT_OVER = re.compile(r"[*_`\[\]<>\\&~{}\n\r]")
_SAFE_DESTINATION = re.compile(r"(?:https?://|mailto:)?[^:;]*$")
"""No scheme but the web's and mail's, and no ';': without one, an '&'
starts no entity, so the destination is read as it is written."""


@lru_cache(maxsize=4096)
def read_plain_markup(text: str) -> PlainReading | None:
    """What both parsers find in ``text``, or None when it holds markup
    beyond the plain forms and must be parsed."""
    if not text.isprintable() and _PLACEHOLDERS.search(text) is not None:
        return None
    found: list[tuple[int, str, str]] = []  # (start, kind, detail)
    cuts: list[tuple[int, int, str]] = []  # what the prose drops or replaces
    working = text
    if "`" in working:
        spans = list(_CODE_SPAN.finditer(working))
        for match in spans:
            found.append((match.start(), "code span", text[match.start(1) : match.end(1)]))
            cuts.append((match.start(), match.end(), " "))
        working = _blanked(working, [match.span() for match in spans], _CODE_MARK)
    if "[" in working:
        for pattern, kind, opener in ((_IMAGE, "image", 2), (_LINK, "link", 1)):
            links = list(pattern.finditer(working))
            for match in links:
                destination = match.group(2)
                if _SAFE_DESTINATION.match(destination) is None:
                    return None
                found.append((match.start(), kind, _normalized(destination)))
                cuts.append((match.start(), match.start() + opener, ""))
                cuts.append((match.end(1), match.end(), ""))
            working = _blanked(working, [match.span() for match in links], _LINK_MARK)
    if "_" in working:
        words = [match.span() for match in _INTRAWORD_UNDERSCORES.finditer(working)]
        working = _blanked(working, words, _WORD_MARK)
    for character, pattern in (("*", _STAR), ("_", _UNDERSCORE)):
        if character not in working:
            continue
        delimiters = []
        for match in list(pattern.finditer(working)):
            if not _flanking(working, match):
                return None
            width = len(match.group(1))
            found.append((match.start(), "strong" if width == 2 else "emphasis", ""))
            delimiters += [(match.start(), match.start(1) + width), (match.end() - width, match.end())]
        cuts.extend((start, end, "") for start, end in delimiters)
        working = _blanked(working, delimiters, _EMPHASIS_MARK)
    if _LEFT_OVER.search(working) is not None or "![" in working:
        return None
    found.sort()
    return PlainReading(
        kinds=tuple(kind for _, kind, _ in found),
        code_spans=tuple(detail for _, kind, detail in found if kind == "code span"),
        targets=tuple(detail for _, kind, detail in found if kind in ("link", "image")),
        prose=_cut(text, cuts),
    )


def _blanked(text: str, spans: list[tuple[int, int]], mark: str) -> str:
    """``text`` with each (start, end) span overwritten by ``mark``s."""
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], mark * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _cut(text: str, cuts: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) span replaced by its text."""
    if not cuts:
        return text
    pieces, position = [], 0
    for start, end, replacement in sorted(cuts):
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _flanking(text: str, match: re.Match[str]) -> bool:
    """Whether the emphasis ``match`` is read alike by both parsers: its
    content starts (ends) with a letter or digit, or with anything else
    right after (before) whitespace or the edge of the text; and an
    underscore has whitespace, punctuation or the edge outside, as
    CommonMark's flanking rules require (whitespace and punctuation as
    markdown-it classifies them, not as Python does)."""
    content_start, content_end = match.span(2)
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < len(text) else " "
    opens = text[content_start].isalnum() or _is_space(before)
    closes = text[content_end - 1].isalnum() or _is_space(after)
    if match.group(1)[0] == "_":
        opens = opens and (_is_space(before) or _is_punctuation(before))
        closes = closes and (_is_space(after) or _is_punctuation(after))
    return opens and closes


def _is_space(char: str) -> bool:
    return isWhiteSpace(ord(char))


def _is_punctuation(char: str) -> bool:
    """CommonMark punctuation; a placeholder stands for a construct that
    starts and ends with punctuation (a backtick, a bracket, a parenthesis)."""
    return char in _PLACEHOLDER_MARKS or isMdAsciiPunct(ord(char)) or isPunctChar(char)


URL_AS_WRITTEN = re.compile(r"(?:https?://|mailto:)?(?:[A-Za-z0-9._~/?=&#+,!$*-]|%[0-9A-Fa-f]{2})*")
"""Destinations markdown-it writes unchanged: ASCII that needs no
percent-encoding (tested against its ``normalizeLink``)."""


@lru_cache(maxsize=4096)
def _normalized(destination: str) -> str:
    """The href markdown-it writes for a destination without escapes or
    entities (percent-encoding, punycode)."""
    if URL_AS_WRITTEN.fullmatch(destination):
        return destination
    return markdown_parser().normalizeLink(destination)
