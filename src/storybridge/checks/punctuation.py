"""The ``punctuation`` and ``whitespace`` checks: sentence ends, full/half width, stray spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry
from storybridge.markdown.inline import prose
from storybridge.text.scripts import (
    script_of,
)

# --- punctuation -----------------------------------------------------------

_FULL_WIDTH = {",": "，", ".": "。", "!": "！", "?": "？", ":": "：", ";": "；"}
_HALF_WIDTH = {full: half for half, full in _FULL_WIDTH.items()} | {"．": "."}
_HALF_WIDTH_PUNCTUATION = re.compile("[" + re.escape("".join(_FULL_WIDTH)) + "]")
"""The half-width marks ``_FULL_WIDTH`` replaces."""
_FULL_WIDTH_PUNCTUATION = re.compile("[" + re.escape("".join(_HALF_WIDTH)) + "]")
"""The full-width marks ``_HALF_WIDTH`` replaces."""
_SENTENCE_ENDS = set(".!?") | set("。！？．")
_ELLIPSES = ("..", "…", "⋯")
_OPEN_ENDINGS = frozenset(""")]>`"'”’»」』）】〉》""")
"""A text ending in one of these ends in a quote, bracket or code span."""
_KOREAN_PREDICATE_ENDS = set("다요죠")
"""Korean prose ends a statement with one of these and a period; a noun
ending ("접근 허용") takes none, which is not a mistake."""


def check_punctuation(entry: CheckedEntry) -> Iterator[str]:
    """Sentence ends and full-/half-width punctuation as the catalog's
    language writes them: 。！？ and ，：； in Chinese; . ! ? in Korean and
    English. Texts that end in a quote, bracket, link, code span, URL or
    ellipsis are left alone, as are sources with no sentence end."""
    language = entry.language.split("_")[0]
    if (
        language not in ("zh", "ko", "en")
        or entry.msgstr.strip() == entry.msgid.strip()
    ):
        return
    endings = list(_ending_problems(entry.msgid, entry.msgstr, language))
    yield from (message for _, message in endings)
    reported = {char for char, _ in endings}
    yield from (
        message for message in _width_problems(prose(entry.msgstr), language, reported)
    )


def _ending(text: str) -> str | None:
    """The last character of ``text`` when it can end a sentence, else None
    (empty, a quote, bracket, link, code span, URL or ellipsis)."""
    text = text.rstrip().rstrip("*_~").rstrip()
    if not text or text.endswith(_ELLIPSES) or text[-1] in _OPEN_ENDINGS:
        return None
    # A URL at the end: "://" after the start of the last word. Looked up
    # from the end, since a pattern anchored at "$" is tried at every
    # position of a long text.
    if text.rsplit(None, 1)[-1].find("://", 1) >= 0:
        return None
    return text[-1]


def _ending_problems(
    msgid: str, msgstr: str, language: str
) -> Iterator[tuple[str, str]]:
    """(character, message) for a sentence end that does not fit."""
    source, target = _ending(msgid), _ending(msgstr)
    if target is None:
        return
    if "\n" in msgid:
        source = None  # lines of verse: a hymnal's punctuation, not prose rules
    stripped = msgstr.rstrip().rstrip("*_~").rstrip()
    before = stripped[-2] if len(stripped) > 1 else ""
    if language == "zh":
        if target in ".!?" and script_of(before) == "han":
            yield (
                target,
                f"ends with a half-width {target!r}; Chinese ends a sentence with {_FULL_WIDTH[target]!r}",
            )
        elif source in _SENTENCE_ENDS and script_of(target) is not None:
            yield (
                "",
                f"has no sentence end; the source ends with {source!r} (Chinese: '。', '！' or '？')",
            )
        return
    quoting = script_of(before) in (
        "han",
        "kana",
    )  # a quotation in that language may end so
    if target in "。！？．" and not quoting:
        yield (
            target,
            f"ends with a full-width {target!r}; {_language_label(language)} ends a sentence with {_HALF_WIDTH[target]!r}",
        )
    elif source in _SENTENCE_ENDS and _needs_end(target, language):
        yield "", f"has no sentence end; the source ends with {source!r}"


def _needs_end(last: str, language: str) -> bool:
    if language == "ko":
        return last in _KOREAN_PREDICATE_ENDS
    return script_of(last) == "latin" or last.isdigit()


def _width_problems(text: str, language: str, reported: set[str]) -> Iterator[str]:
    """Full-width punctuation in Korean or English, half-width between
    Chinese characters; each character reported once."""
    # Only the punctuation of the table can be reported: visit just those.
    marks = _HALF_WIDTH_PUNCTUATION if language == "zh" else _FULL_WIDTH_PUNCTUATION
    for match in marks.finditer(text):
        index, char = match.start(), match.group()
        before = text[index - 1] if index else ""
        if language == "zh":
            after = text[index + 1 :].lstrip(" ")[:1]
            between_han = script_of(before) == "han" and (
                script_of(after) == "han" or (not after and char in ",;:")
            )
            if char in _FULL_WIDTH and between_han and char not in reported:
                reported.add(char)
                yield f"half-width {char!r} in Chinese text; write {_FULL_WIDTH[char]!r}"
        elif (
            char in _HALF_WIDTH
            and script_of(before) not in ("han", "kana")
            and char not in reported
        ):
            # After Han or kana it may close a quotation in that language.
            reported.add(char)
            yield f"full-width {char!r} in {_language_label(language)} text; write {_HALF_WIDTH[char]!r}"


def _language_label(language: str) -> str:
    return {"ko": "Korean", "en": "English", "zh": "Chinese"}[language]


# --- whitespace ------------------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_DOUBLED = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_BLANKS_TOGETHER = re.compile(r"[ \t]{2}")
"""What every doubled space needs; most translations have none."""


def check_whitespace(entry: CheckedEntry) -> Iterator[str]:
    """Leading and trailing whitespace as in the source, and no doubled
    spaces the source does not have (code spans aside; the ideographic
    space U+3000 of CJK typesetting is not counted)."""
    source, target = entry.msgid, entry.msgstr
    if _edge(source, 0) != _edge(target, 0):
        yield (
            "starts with whitespace the source does not have"
            if _edge(target, 0)
            else "drops the whitespace the source starts with"
        )
    if _edge(source, -1) != _edge(target, -1):
        yield (
            "ends with whitespace the source does not have"
            if _edge(target, -1)
            else "drops the whitespace the source ends with"
        )
    if _BLANKS_TOGETHER.search(target) and _doubled(target) > _doubled(source):
        yield "has doubled spaces"


def _edge(text: str, index: int) -> bool:
    return bool(text) and text[index] in " \t\n"


def _doubled(text: str) -> int:
    return sum(
        len(_DOUBLED.findall(line)) for line in _CODE_SPAN.sub("`c`", text).split("\n")
    )
