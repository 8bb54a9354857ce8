"""The advice checks' shortcuts say what the long way says.

Each shortcut skips work when a text cannot produce a finding (no digit, no
tag character) or reads the end of a text without patterns tried at every
position. Here each is compared with its definition on generated text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.checks import numbers, punctuation
from storybridge.checks.registry import CheckedEntry
from storybridge.markdown.inline import prose
from storybridge.text.scripts import handles, hashtags, script_of

_PIECES = [
    "a", "Jo", " ", "  ", "\t", "\u00a0", "\u3000", "\x1c", ".", "..", "…", "⋯", "!", "?", "。",
    "”", ")", "]", "`", "*", "_", "~", "://", "https://x.org/a", "x", "1", "1,000", "2.5", "①",
    "¹", "１２", "٣", "10만", "万", "million", "#tag", "@jo", "&#35;x", "&num;x", "&commat;y", "&half;", "&#xBD;", "&frac14;", "a@b.org",
    "C#", "#1", "조 씨", "中文", "[a](b)", "`c`",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
# Letters and marks from every range the script counter treats apart.
scripts_texts = st.text(
    alphabet="abcXYZ éÉßçñøłđ ΩπЖж 가힣ᄀᇿㄱㆎ ぁゟァヿㇰ 一龥㐀䶵豈 ٣٤ا ﬁ ½²"
    "'’- .,!?;:。！？．，：；()\"@#1 \t\n\u3000\u00a0\U00020000",
    max_size=60,
)

_OLD_ELLIPSIS = re.compile(r"(?:\.{2,}|…+|⋯+)$")
_OLD_OPEN_ENDING = re.compile(r"""[)\]>`"'”’»」』）】〉》]$|\S+://\S*$""")


def _ending_by_patterns(text: str) -> str | None:
    """``_ending`` as it was written with end-anchored patterns."""
    text = text.rstrip().rstrip("*_~").rstrip()
    if not text or _OLD_ELLIPSIS.search(text) or _OLD_OPEN_ENDING.search(text):
        return None
    return text[-1]


@settings(max_examples=1000)
@given(texts)
def test_sentence_ends_are_read_as_the_patterns_read_them(text: str) -> None:
    assert punctuation._ending(text) == _ending_by_patterns(text)


def _missing_numbers_the_long_way(msgid: str, msgstr: str) -> list[str]:
    have: set[str] = set()
    for _, forms in numbers._amounts(msgstr):
        have |= forms
    missing = [written for written, forms in numbers._amounts(msgid) if not forms & have]
    return [f"the number {number} is missing" for number in dict.fromkeys(missing)]


def _missing_tags_the_long_way(msgid: str, msgstr: str) -> list[str]:
    source, target = prose(msgid), prose(msgstr)
    found = [tag.casefold() for tag in hashtags(target) + handles(target)]
    return [
        f"{tag} is missing: keep hashtags and @handles as they are"
        for tag in dict.fromkeys(hashtags(source) + handles(source))
        if not any(numbers._same_tag(tag.casefold(), other) for other in found)
    ]


@settings(max_examples=1000)
@given(texts, texts)
def test_skipping_sources_without_numbers_or_tags_loses_no_finding(msgid: str, msgstr: str) -> None:
    entry = CheckedEntry(msgid=msgid, msgstr=msgstr, language="ko")
    assert list(numbers.check_numbers(entry)) == _missing_numbers_the_long_way(msgid, msgstr)
    assert list(numbers.check_tags(entry)) == _missing_tags_the_long_way(msgid, msgstr)


def test_numbers_only_nfkc_reveals_are_still_checked() -> None:
    entry = CheckedEntry(msgid="Step ① of ¹", msgstr="단계", language="ko")
    assert list(numbers.check_numbers(entry)) == ["the number 1 is missing"]


def test_numbers_written_as_entities_are_still_checked() -> None:
    entry = CheckedEntry(msgid="&half; cup of rice", msgstr="밥 한 컵", language="ko")
    found = list(numbers.check_numbers(entry))
    assert found and found == _missing_numbers_the_long_way(entry.msgid, entry.msgstr)


def test_a_tag_written_as_an_entity_is_still_checked() -> None:
    entry = CheckedEntry(msgid="Pray &num;Pray40NK", msgstr="기도하세요", language="ko")
    assert list(numbers.check_tags(entry)) == ["#Pray40NK is missing: keep hashtags and @handles as they are"]


@settings(max_examples=1000)
@given(texts, texts)
def test_doubled_spaces_are_found_as_before(msgid: str, msgstr: str) -> None:
    entry = CheckedEntry(msgid=msgid, msgstr=msgstr, language="ko")
    doubled = punctuation._doubled(msgstr) > punctuation._doubled(msgid)
    assert ("has doubled spaces" in list(punctuation.check_whitespace(entry))) == doubled


def every_character(text: str, language: str) -> list[str]:
    """The width scan as it was: every character visited."""
    reported: set[str] = set()
    found = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        if language == "zh":
            after = text[index + 1 :].lstrip(" ")[:1]
            between_han = script_of(before) == "han" and (
                script_of(after) == "han" or (not after and char in ",;:")
            )
            if char in punctuation._FULL_WIDTH and between_han and char not in reported:
                reported.add(char)
                found.append(char)
        elif char in punctuation._HALF_WIDTH and script_of(before) not in ("han", "kana") and char not in reported:
            reported.add(char)
            found.append(char)
    return found


@settings(max_examples=400, deadline=None)
@given(scripts_texts, st.sampled_from(["zh", "ko", "en"]))
def test_width_scan_visits_what_matters(text: str, language: str) -> None:
    problems = list(punctuation._width_problems(text, language, set()))
    assert [p.split("'")[1] for p in problems] == every_character(text, language)
