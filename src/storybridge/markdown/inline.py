"""Inline Markdown inventories: what a msgid and its msgstr must share.

The inventory comes from markdown-it-py's inline parser, the one that cut
the story into segments, so links, emphasis and code spans are told apart
exactly as CommonMark reads them: nested brackets, escapes and code spans
that hold markup are where regexes go wrong. Python-Markdown, which many
sites render with, reads some text differently ("``0`" is code to it, "a
*b * c" is not), so its reading is taken as well.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from xml.etree import ElementTree as etree

import markdown
from markdown_it.token import Token

from storybridge.markdown.linear_links import TOO_DEEP, make_linear, too_deep
from storybridge.markdown.plain_markup import read_plain_markup
from storybridge.markdown.segment import markdown_parser

_KIND_OF_OPENING = {
    "em_open": "emphasis",
    "strong_open": "strong",
    "s_open": "strikethrough",
}


@dataclass(frozen=True, slots=True)
class Inventory:
    """The inline constructs of one text, in source order."""

    kinds: tuple[str, ...]
    """One name per construct: ``link``, ``autolink``, ``image``,
    ``emphasis``, ``strong``, ``code span``, ``reference link``."""
    code_spans: tuple[str, ...]
    """The content of each code span, which a translation copies as it is."""
    targets: tuple[str, ...]
    """Link hrefs, image sources and autolink URLs, as the renderer writes them."""
    references: tuple[str, ...]
    """Labels of explicit reference links (``[text][label]``, ``[label][]``)."""
    prose: str
    """What a reader sees: text, link text and image descriptions; code
    spans, raw HTML and autolink URLs are replaced by a space each."""


# Reference links resolve against definitions elsewhere in the story, which
# an entry cannot see, so markdown-it leaves them as text here. The explicit
# forms are counted by their brackets; a shortcut ``[label]`` is left alone,
# because brackets are also ordinary prose ("[sic]", "[editor's note]").
_EXPLICIT_REFERENCE = re.compile(
    r"(?<!\\)\[((?:\\.|[^\[\]\\])*)\][ \t]?\[((?:\\.|[^\[\]\\])*)\]"
)


_MARKUP = re.compile(r"[*_`\[\]<>!\\&~{}\n]")
"""Characters without which text has no inline markup, in either parser:
most sentences of a story, which then skip both parsers."""


_INERT_WITHOUT = (("]", "[!"), ("[", "]!"), ("}", "{"), ("{", "}"), (">", "<"), ("<", ">"), (";", "&"))
"""(partner, characters): the characters are plain text when their partner is absent."""


def literal(text: str) -> bool:
    """Whether no markup character of ``text`` can form a construct in
    either parser, so both read it all as text: decided in linear time,
    without the parsers, which take seconds over a long run of
    delimiters that never close (a msgstr of 100,000 ``[``).

    A character is inert when its partner is absent from the whole text:
    ``[`` and ``!`` (an image's) without a ``]``, ``]`` without a ``[``,
    ``{``/``}`` (Python-Markdown's attribute lists) without the other,
    ``<``/``>`` (autolinks, raw HTML) without the other, ``&`` (entities)
    without a ``;``; ``~`` is text to CommonMark. Emphasis, code,
    escapes and line breaks are never inert. tests/markdown/test_inline_fast_paths.py
    holds this to both parsers on generated text."""
    drop = "~" + "".join(inert for partner, inert in _INERT_WITHOUT if partner not in text)
    return _MARKUP.search(text.translate(_DROPPED[drop])) is None


class _Dropped(dict[str, dict[int, None]]):
    """``str.maketrans`` tables that delete the given characters, made once each."""

    def __missing__(self, characters: str) -> dict[int, None]:
        table = self[characters] = dict.fromkeys(map(ord, characters))
        return table


_DROPPED = _Dropped()

MAX_MARKUP = 2000
"""Markup characters one text may hold before a translation is refused
unread (``dense``): both parsers take time that grows faster than the
text (each delimiter a token, Python-Markdown rebuilding the text per
match), seconds at 100 KB. The densest paragraph of this repository's
stories and documents holds some 200."""


def markup_count(text: str) -> int:
    """How many characters of ``text`` either parser may read as markup."""
    return sum(text.count(character) for character in "*_`[]<>!\\&~{}\n")


def dense(text: str, source: str = "") -> bool:
    """Whether ``text`` holds over ``MAX_MARKUP`` markup characters (and over
    twice its ``source``'s) that may form constructs: more than any
    translation needs, and more than the parsers read in bounded time."""
    count = markup_count(text)
    return count > MAX_MARKUP and count > 2 * markup_count(source) and not literal(text)


@lru_cache(maxsize=8192)
def inventory(text: str) -> Inventory:
    """The inline inventory of ``text`` (cached: every check asks for it)."""
    if _MARKUP.search(text) is None or literal(text):
        return Inventory((), (), (), (), text)
    plain = read_plain_markup(text)
    if plain is not None:
        return Inventory(plain.kinds, plain.code_spans, plain.targets, (), plain.prose)
    if "[" in text and too_deep(text):
        # markdown-it-py reads an unclosed link label once per "[" to the
        # text's end: quadratic. Such a text is refused by the markdown
        # check anyway; its brackets are read as text, for the prose.
        return parsed_inventory(text.replace("[", "\\["))
    return parsed_inventory(text)


def parsed_inventory(text: str) -> Inventory:
    """The inventory as markdown-it-py's inline parser reads ``text``."""
    kinds: list[str] = []
    codes: list[str] = []
    targets: list[str] = []
    prose: list[str] = []
    children = markdown_parser().parseInline(text, {})[0].children or []
    _walk(children, kinds, codes, targets, prose)
    references = []
    for match in _EXPLICIT_REFERENCE.finditer(text):
        label = match.group(2) or match.group(1)
        references.append(" ".join(label.split()).casefold())
        kinds.append("reference link")
    return Inventory(
        tuple(kinds), tuple(codes), tuple(targets), tuple(references), "".join(prose)
    )


def _walk(
    tokens: Sequence[Token],
    kinds: list[str],
    codes: list[str],
    targets: list[str],
    prose: list[str],
) -> None:
    in_autolink = False
    for token in tokens:
        kind = token.type
        if kind == "link_open":
            in_autolink = token.markup == "autolink"
            kinds.append("autolink" if in_autolink else "link")
            targets.append(str(token.attrs.get("href", "")))
            prose.append(" " if in_autolink else "")
        elif kind == "link_close":
            in_autolink = False
        elif kind == "image":
            kinds.append("image")
            targets.append(str(token.attrs.get("src", "")))
            prose.append(
                "".join(
                    child.content
                    for child in token.children or ()
                    if child.type == "text"
                )
            )
        elif kind in _KIND_OF_OPENING:
            kinds.append(_KIND_OF_OPENING[kind])
        elif kind == "code_inline":
            kinds.append("code span")
            codes.append(token.content)
            prose.append(" ")
        elif kind == "html_inline":
            prose.append(" ")
        elif kind in ("text", "text_special") and not in_autolink:
            prose.append(token.content)
        elif kind == "softbreak":
            prose.append(" ")
        elif kind == "hardbreak":
            prose.append("\n")


def prose(text: str) -> str:
    """What a reader sees of ``text`` (see ``Inventory.prose``). A ``dense``
    text is taken as it is written, unparsed: the ``markdown`` check
    refuses it (unless its source is as dense)."""
    if dense(text):
        return text
    return inventory(text).prose


PYTHON_MARKDOWN_KINDS = {
    "a": "link",
    "img": "image",
    "em": "emphasis",
    "strong": "strong",
    "code": "code span",
    "sup": "footnote",
    "abbr": "abbreviation",
}
"""The inline elements Python-Markdown makes from Markdown, by the names the
inventory uses."""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.kinds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in PYTHON_MARKDOWN_KINDS:
            self.kinds.append(PYTHON_MARKDOWN_KINDS[tag])


_local = threading.local()


def _python_markdown(extensions: tuple[str, ...]) -> markdown.Markdown:
    """One converter per thread and extension set: a Markdown instance
    keeps state between conversions, and building one per call costs more
    than the conversion."""
    converters = getattr(_local, "converters", None)
    if converters is None:
        converters = _local.converters = {}
    converter = converters.get(extensions)
    if converter is None:
        converter = converters[extensions] = markdown.Markdown(extensions=list(extensions))
        make_linear(converter)
    return converter


SHORTCUT_EXTENSIONS = frozenset(
    {"extra", "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables"}
)
""""extra" and its parts, against which the plain-markup shortcut is tested;
with any other extension every text is parsed."""


@lru_cache(maxsize=8192)
def python_markdown_kinds(text: str, extensions: tuple[str, ...] = ("extra",)) -> tuple[str, ...]:
    """The inline constructs Python-Markdown (with ``extensions``) makes of ``text``.

    Only its inline processor runs, on a paragraph holding ``text``: the
    block parser and the serializer would cost twice as much and add
    nothing for one segment's text. Raw HTML, which it stashes rather than
    parses, is read for tags too.
    """
    if _MARKUP.search(text) is None:
        return ()
    if SHORTCUT_EXTENSIONS.issuperset(extensions):
        if literal(text):
            return ()
        plain = read_plain_markup(text)
        if plain is not None:
            return plain.kinds
    if ("[" in text or "(" in text) and too_deep(text):
        return (TOO_DEEP,)
    if "\\" in text and _MARKUP.search(_ESCAPED.sub("", text)) is None:
        # Only escapes: no element, and Python-Markdown would rebuild the
        # text once per escape (quadratic in a line of backslashes).
        return ()
    return python_markdown_reading(text, extensions)


_ESCAPED = re.compile(r"\\.", re.DOTALL)


def python_markdown_reading(text: str, extensions: tuple[str, ...] = ("extra",)) -> tuple[str, ...]:
    """The inline constructs Python-Markdown's inline pass makes of ``text``."""
    converter = _python_markdown(extensions)
    converter.reset()
    root = etree.Element("div")
    etree.SubElement(root, "p").text = text
    converter.treeprocessors["inline"].run(root)
    kinds = [PYTHON_MARKDOWN_KINDS[element.tag] for element in root.iter() if element.tag in PYTHON_MARKDOWN_KINDS]
    parser = _Elements()
    for raw in converter.htmlStash.rawHtmlBlocks:
        parser.feed(str(raw))
    parser.close()
    return tuple(kinds + parser.kinds)
