"""Pseudonym consistency (#16): glossary rows noted 'pseudonym' are
rendered as agreed, never with a surname added. Names are invented."""

from __future__ import annotations

import pytest

from storybridge.checks.pseudonym import check_pseudonyms, parse_pseudonyms, pseudonyms_for

GLOSSARY = """\
source,language,translation,note
Soon Me,ko,순미,pseudonym of the mother
Soon Me,zh_Hans,顺美,Pseudonym
순미,en,Soon Me,pseudonym
Lent,ko,사순절,not a pseudonym
"""
PSEUDONYMS = parse_pseudonyms(GLOSSARY)


def messages(msgid: str, msgstr: str, language: str) -> list[str]:
    return list(check_pseudonyms(msgid, msgstr, pseudonyms_for(PSEUDONYMS, language)))


def test_only_rows_noted_pseudonym_count() -> None:
    assert sorted(PSEUDONYMS) == ["en", "ko", "zh_Hans"]
    assert all(p.source != "Lent" for items in PSEUDONYMS.values() for p in items)


@pytest.mark.parametrize(
    "msgid, msgstr, language",
    [
        ("Soon Me smiled.", "순미가 웃었다.", "ko"),  # particle attached
        ("Soon Me smiled.", "이 순미가 웃었다.", "ko"),  # a word before, not a surname
        ("Soon Me smiled.", "顺美笑了。", "zh_Hans"),
        ("순미가 웃었다.", "Soon-Me smiled.", "en"),  # hyphen folded
        ("순미가 웃었다.", "Then Soon Me smiled.", "en"),
        ("The soon meeting", "곧 있을 모임", "ko"),  # not the pseudonym: whole words only
    ],
)
def test_agreed_renderings_pass(msgid: str, msgstr: str, language: str) -> None:
    assert messages(msgid, msgstr, language) == []


@pytest.mark.parametrize(
    "msgid, msgstr, language, message",
    [
        ("Soon Me smiled.", "선미가 웃었다.", "ko", "renders the pseudonym 'Soon Me' differently from the glossary (순미)"),
        ("Soon Me smiled.", "顺梅笑了。", "zh_Hans", "renders the pseudonym 'Soon Me' differently from the glossary (顺美)"),
        ("Soon Me smiled.", "김순미가 웃었다.", "ko", "adds a surname to the pseudonym 'Soon Me'"),
        ("Soon Me smiled.", "王顺美笑了。", "zh_Hans", "adds a surname to the pseudonym 'Soon Me'"),
        ("순미가 웃었다.", "Kim Soon Me smiled.", "en", "adds a surname to the pseudonym '순미'"),
        ("순미가 웃었다.", "Soon Me Park smiled.", "en", "adds a surname to the pseudonym '순미'"),
        ("Soon Me smiled.", "김 순미가 웃었다.", "ko", "adds a surname to the pseudonym 'Soon Me'"),  # a space
        ("Soon Me smiled.", "남궁순미가 웃었다.", "ko", "adds a surname to the pseudonym 'Soon Me'"),  # two syllables
        ("Soon Me smiled.", "洪顺美笑了。", "zh_Hans", "adds a surname to the pseudonym 'Soon Me'"),  # Korean, in Hanja
        ("Soon Me smiled.", "金 顺美笑了。", "zh_Hans", "adds a surname to the pseudonym 'Soon Me'"),
        ("순미가 웃었다.", "Byeon Soon Me smiled.", "en", "adds a surname to the pseudonym '순미'"),
    ],
)
def test_other_renderings_and_surnames_are_errors(msgid: str, msgstr: str, language: str, message: str) -> None:
    assert messages(msgid, msgstr, language) == [message]


def test_a_surname_the_source_has_may_stay() -> None:
    assert messages("Kim Soon Me smiled.", "김순미가 웃었다.", "ko") == []


def test_a_surname_split_by_emphasis_is_read_as_the_page_shows_it() -> None:
    from storybridge.checks.base import CheckedEntry
    from storybridge.checks.pseudonym import check_pseudonym

    entry = CheckedEntry(msgid="Soon Me smiled.", msgstr="홍*순미*가 웃었다.", language="ko",
                         pseudonyms=pseudonyms_for(PSEUDONYMS, "ko"))
    assert list(check_pseudonym(entry)) == ["adds a surname to the pseudonym 'Soon Me'"]


@pytest.mark.parametrize(
    "msgid, msgstr, language",
    [
        ("순미가 웃었다.", "In Hong Kong Soon Me found work.", "en"),  # a place, not a surname
        ("순미가 웃었다.", "In Viet Nam Soon Me waited.", "en"),
        ("Soon Me smiled.", "책 세 권 순미에게 주었다.", "ko"),  # 권: a counter
        ("Soon Me smiled.", "문이 탁 순미가 들어왔다.", "ko"),  # 탁: a sound
        ("Soon Me smiled.", "우리 편 순미가 이겼다.", "ko"),  # 편: a side
        ("Soon Me smiled.", "他在河南顺美找到了工作。", "zh_Hans"),  # 南 ends a place name
        ("Soon Me smiled.", "国庆顺美回家了。", "zh_Hans"),
        ("Soon Me smiled.", "花了三千元顺美才回来。", "zh_Hans"),
        ("Soon Me smiled.", "关于顺美的故事。", "zh_Hans"),  # 于, 江, 谢: surnames that end everyday words
        ("Soon Me smiled.", "过了鸭绿江顺美才停下。", "zh_Hans"),
        ("Soon Me smiled.", "谢谢顺美。", "zh_Hans"),
    ],
)
def test_everyday_words_before_a_pseudonym_are_no_surname(msgid: str, msgstr: str, language: str) -> None:
    assert messages(msgid, msgstr, language) == []
