"""The ``numbers`` and ``tags`` checks: what the source counts and tags, the translation keeps."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from storybridge.checks.base import CheckedEntry
from storybridge.markdown.inline import prose
from storybridge.text.scripts import (
    handles,
    hashtags,
    script_of,
    without_non_words,
)

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
