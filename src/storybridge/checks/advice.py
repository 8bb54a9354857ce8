"""Advisory checks: warnings and notes for the volunteer and the editor.

They never stop the build, so each one leans towards silence: a tired
volunteer learns to ignore a check that cries wolf (Weblate's end-stop check
on Chinese and Korean is the cautionary tale), and then misses the real
mistake. Each function takes a ``CheckedEntry`` and yields messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from storybridge.markdown.inline import prose
from storybridge.text.scripts import (
    SCRIPT_NAMES,
    count_scripts,
    expected_script,
    handles,
    hashtags,
    script_of,
    without_non_words,
)

if TYPE_CHECKING:
    from storybridge.checks.registry import CheckedEntry

# --- language --------------------------------------------------------------

FOREIGN_SHARE = 0.3
"""Below this weighted share of the expected script a text is foreign; a
Korean sentence with an English name stays well above it."""
SENTENCE_WORDS = 4
"""A sentence with no letter of the expected script and at least this many
words (or CJK characters) is an untranslated sentence, not a name."""
DETECT_LETTERS = 60
"""langdetect guesses only on texts with at least this many letters: on
shorter ones it calls English Dutch or Afrikaans."""

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def check_language(entry: CheckedEntry) -> Iterator[str]:
    """The text is in the catalog's language: judged by Unicode script first,
    then, for Latin-script catalogs, by langdetect on longer texts."""
    expected = expected_script(entry.language)
    if expected is None or entry.msgstr.strip() == entry.msgid.strip():
        return  # unknown language; an unchanged text is `unchanged`'s to report
    text = prose(entry.msgstr)
    counts = count_scripts(text)
    if counts.total < 2 or counts.only_names:
        return
    wanted = SCRIPT_NAMES[expected]
    if counts.share(expected) < FOREIGN_SHARE:
        yield f"looks like {SCRIPT_NAMES[counts.dominant() or 'other']}, not {wanted}"
        return
    for sentence in _SENTENCE.findall(text):
        if _foreign_sentence(sentence, expected):
            yield f"has a sentence that is not {wanted}: {sentence.strip()[:40]!r}"
            return
    if expected == "latin" and counts.letters.get("latin", 0) >= DETECT_LETTERS:
        guess = _detected(without_non_words(text))
        if guess is not None and guess != entry.language.split("_")[0]:
            yield f"looks like {_language_name(guess)}, not {wanted} (langdetect)"


def _foreign_sentence(sentence: str, expected: str) -> bool:
    counts = count_scripts(sentence)
    if counts.letters.get(expected, 0) or counts.only_names or not counts.letters:
        return False
    if counts.dominant() == "latin":
        return len(counts.latin_words) >= SENTENCE_WORDS
    return sum(counts.letters.values()) >= SENTENCE_WORDS


def _detected(text: str) -> str | None:
    """langdetect's confident guess (seeded, so repeatable), or None."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang.split("-")[0] if best.prob >= 0.9 else None


def _language_name(code: str) -> str:
    from babel import UnknownLocaleError

    from storybridge.text.languages import english_name

    try:
        return english_name(code)
    except (UnknownLocaleError, ValueError):
        return code  # Babel does not know every langdetect code


# --- unchanged -------------------------------------------------------------


def check_unchanged(entry: CheckedEntry) -> Iterator[str]:
    """The translation equals the source although the source has words to
    translate (names, numbers, URLs and tags alone stay as they are)."""
    if entry.msgstr.strip() != entry.msgid.strip():
        return
    counts = count_scripts(prose(entry.msgid))
    if counts.letters and not counts.only_names:
        yield "is the same as the source text; translate it, or leave it empty for now"


# --- numbers ---------------------------------------------------------------

_AMOUNT = re.compile(
    r"(\d+(?:[.,]\d+)*)\s*((?:[십백천만억조十百千万萬亿億兆])*)(?:\s*(thousand|million|billion)\b)?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_MULTIPLIERS = {
    "십": 10, "백": 100, "천": 1000, "만": 10**4, "억": 10**8, "조": 10**12,
    "十": 10, "百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12,
    "thousand": 1000, "million": 10**6, "billion": 10**9,
}  # fmt: skip


def check_numbers(entry: CheckedEntry) -> Iterator[str]:
    """Every number of the source is in the translation, in any of its
    usual forms: 1,000 = 1000, 100,000 = 10만 = 10万, 1.5 million = 150만."""
    if _DIGIT.search(entry.msgid) is None and "&" not in entry.msgid and (
        entry.msgid.isascii() or _DIGIT.search(unicodedata.normalize("NFKC", entry.msgid)) is None
    ):
        return  # no number in the source, nor one an entity or NFKC makes (&half;, ①)
    have: set[str] = set()
    for _, forms in _amounts(entry.msgstr):
        have |= forms
    missing = [written for written, forms in _amounts(entry.msgid) if not forms & have]
    for number in dict.fromkeys(missing):
        yield f"the number {number} is missing"


def _amounts(text: str) -> list[tuple[str, set[str]]]:
    """Each number of ``text`` (URLs, code and tags left out), as written and
    as the set of strings that denote it."""
    words = unicodedata.normalize("NFKC", without_non_words(prose(text), numbers=False))
    amounts = []
    for match in _AMOUNT.finditer(words):
        digits = _plain_number(match.group(1))
        forms = {digits}
        factor = 1
        for unit in list(match.group(2)) + (
            [match.group(3).lower()] if match.group(3) else []
        ):
            factor *= _MULTIPLIERS[unit]
        if factor != 1:
            try:
                value = Decimal(digits) * factor
            except InvalidOperation:
                value = None
            if value is not None and value == value.to_integral_value():
                forms.add(str(int(value)))
        amounts.append((match.group(1), forms))
    return amounts


def _plain_number(text: str) -> str:
    """``1,000`` → ``1000``; a comma that does not group thousands is a
    decimal comma."""
    head, *groups = text.split(",")
    if groups and all(len(group.split(".")[0]) == 3 for group in groups):
        return head + "".join(groups)
    return text.replace(",", ".")


# --- tags ------------------------------------------------------------------


def check_tags(entry: CheckedEntry) -> Iterator[str]:
    """Every #hashtag and @handle of the source is kept (a Korean particle
    may follow it: "@crossingbordersnk를")."""
    if not any(char in entry.msgid for char in "#@&"):
        return  # no tag in the source ('&' for an entity that reads as one)
    source, target = prose(entry.msgid), prose(entry.msgstr)
    found = [tag.casefold() for tag in hashtags(target) + handles(target)]
    for tag in dict.fromkeys(hashtags(source) + handles(source)):
        if not any(_same_tag(tag.casefold(), other) for other in found):
            yield f"{tag} is missing: keep hashtags and @handles as they are"


def _same_tag(wanted: str, found: str) -> bool:
    if found.startswith(wanted):
        return True
    # A source written in Korean may carry its own particle: "#북한난민을".
    rest = wanted[len(found) :]
    return (
        wanted.startswith(found)
        and len(found) > 2
        and 0 < len(rest) <= 2
        and all(script_of(char) == "hangul" for char in rest)
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


# --- glossary --------------------------------------------------------------


def check_glossary(entry: CheckedEntry) -> Iterator[str]:
    """A glossary term in the source has one of its agreed translations in
    the msgstr (matched case-insensitively; a Korean particle may follow)."""
    source, target = prose(entry.msgid), prose(entry.msgstr).casefold()
    for term, translation in entry.glossary:
        alternatives = _alternatives(translation)
        if any(
            _term_pattern(t).search(source) for t in _alternatives(term)
        ) and not any(alt.strip(_QUOTES).casefold() in target for alt in alternatives):
            agreed = " or ".join(repr(alt) for alt in alternatives)
            yield f"glossary: {term!r} is translated as {agreed}"


_QUOTES = "《》〈〉「」『』‘’“”\"' "
"""Marks around an agreed translation ("《我心灵得安宁》") that the text may
drop where the term is not a title: the check is about the words."""
_ALTERNATIVES = re.compile(r"\||\s+/\s+")


def _alternatives(cell: str) -> list[str]:
    """A glossary cell's alternatives: separated by '|' or by ' / ', which
    spreadsheet-minded editors write as well."""
    return [alt.strip() for alt in _ALTERNATIVES.split(cell) if alt.strip()]


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    """Whole words for Latin terms (an English plural 's' allowed); CJK
    terms stand inside words, since particles attach to them."""
    pattern = re.escape(term.strip())
    if term[:1].isascii() and term[:1].isalnum():
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if term[-1:].isascii() and term[-1:].isalnum():
        pattern += r"(?:e?s)?(?![A-Za-z0-9])"
    return re.compile(pattern, re.IGNORECASE)


# --- fuzzy -----------------------------------------------------------------


def check_fuzzy(entry: CheckedEntry) -> Iterator[str]:
    """A fuzzy entry is not published until a reviewer clears the mark."""
    if "fuzzy" in entry.flags:
        yield "is fuzzy: the source text is published until a reviewer checks it and removes the mark"
