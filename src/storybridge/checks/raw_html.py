"""The ``raw-html`` check: no HTML, entity-encoded tag, attribute list or script URL the source lacks."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from storybridge.checks.base import CheckedEntry, added

# --- raw-html --------------------------------------------------------------

# Both renderers turn these into links, so link-target judges them, not raw-html.
_AUTOLINK = re.compile(
    r"<(?:https?|ftp)://[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>", re.IGNORECASE
)
_RAW_TAG = re.compile(
    r"<\s*/?\s*[A-Za-z][^<>]*>?|<!--.*?(?:-->|$)|<[?!][^<>]*>?", re.DOTALL
)
# Python-Markdown's attr_list ("extra") sets any attribute, onclick included,
# from "{: ...}" after an element or at the end of a block.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*[^{}\n ][^{}\n]*\}")  # no "{" inside: one pass, not one per "{"
_SCRIPT_URL = re.compile(
    r"\b(?:java|vb|live)script\s*:|\bdata\s*:\s*(?:[a-z][\w.+-]*/[\w.+-]+|[;,])",
    re.IGNORECASE,
)


def check_raw_html(entry: CheckedEntry) -> Iterator[str]:
    """No raw HTML, encoded tag, attribute list or script URL that the source
    text lacks. Code spans are not exempt: their content must equal the
    source's anyway (see ``markdown``), and renderers disagree on where a
    code span starts once backslashes are involved."""
    source, target = entry.msgid, entry.msgstr
    # Each finding needs its own character in the translation: most
    # entries have none and are spared the patterns.
    if "<" in target or "&" in target:
        raw_source, raw_target = (
            Counter(_html_pieces(source)),
            Counter(_html_pieces(target)),
        )
        for piece in added(raw_target, raw_source):
            yield f"adds raw HTML {piece[:40]!r}"
        if "&" in target:
            encoded_source = Counter(_html_pieces(_decoded(source))) - raw_source
            encoded_target = Counter(_html_pieces(_decoded(target))) - raw_target
            for piece in added(encoded_target, encoded_source):
                yield f"adds an entity-encoded tag {piece[:40]!r}"
    if "{" in target:
        for found in added(
            Counter(_attribute_lists(target)), Counter(_attribute_lists(source))
        ):
            yield f"adds an attribute list {found[:40]!r}, which sets HTML attributes in Python-Markdown"
    if ":" in target or "&" in target:
        urls = list(_script_urls(target))
        if urls:
            for found in added(Counter(urls), Counter(_script_urls(source))):
                yield f"adds a {found!r} URL"


def _html_pieces(text: str) -> Iterable[str]:
    # A backslash does not make a tag safe: Python-Markdown cannot escape '<'.
    text = _AUTOLINK.sub(" ", text)
    for match in _RAW_TAG.finditer(text):
        yield re.sub(r"\s+", " ", match.group())


def _decoded(text: str) -> str:
    """``text`` with HTML entities decoded until none is left, as a careless
    second decoding downstream would see it."""
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _attribute_lists(text: str) -> Iterable[str]:
    return (
        re.sub(r"\s+", " ", match.group()) for match in _ATTRIBUTE_LIST.finditer(text)
    )


_URL_BREAKERS = re.compile(r"[\t\n\r\\]")


def _script_urls(text: str) -> Iterable[str]:
    # Browsers drop tabs and newlines inside a URL, and entities are decoded
    # in link destinations, so "java&#x09;script:" is still a script URL.
    if "&" in text:
        text = _decoded(text)
    if _URL_BREAKERS.search(text):
        text = _URL_BREAKERS.sub("", text)
    for match in _SCRIPT_URL.finditer(text):
        yield re.match(r"[A-Za-z]+", match.group()).group().lower() + ":"  # type: ignore[union-attr]
