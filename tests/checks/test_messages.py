"""Messages for translators, in plain words with the fix (issue #14, item 4).

Each test holds one message to its exact text: they are what a volunteer
reads in the check output, the status report and the build's summary."""

from __future__ import annotations

import pytest

from storybridge.checks.base import CheckedEntry
from storybridge.checks.registry import check_entry, errors_of
from storybridge.errors import StoryError
from storybridge.po.parse import parse_po


def messages(msgid: str, msgstr: str, language: str = "ko", **extra: object) -> list[tuple[str, str, str]]:
    entry = CheckedEntry(msgid=msgid, msgstr=msgstr, language=language, **extra)  # type: ignore[arg-type]
    return [(p.severity, p.check, p.message) for p in check_entry(entry)]


def test_an_unescaped_quote_says_how_to_write_one() -> None:
    text = 'msgid "She said hello."\nmsgstr "그녀는 "안녕"이라고 말했습니다."\n'
    with pytest.raises(StoryError) as raised:
        parse_po(text, "locale/ko/LC_MESSAGES/x.po")
    assert str(raised.value) == (
        'locale/ko/LC_MESSAGES/x.po:2: text after the closing quote: write \\" for a quote inside a translation'
    )


def test_a_space_between_bracket_and_parenthesis_is_named() -> None:
    found = messages("Read [our blog](https://example.org/blog).", "[우리 블로그] (https://example.org/blog)를 읽으세요.")
    assert ("error", "markdown", "the link 'our blog' is broken: remove the space between ] and (") in found


def test_a_missing_link_is_named_by_its_text() -> None:
    found = messages(
        "See [the map](https://example.org/map) and [the list](https://example.org/list).",
        "[지도](https://example.org/map)를 보세요.",
    )
    assert ("error", "markdown", "the link 'the list' (https://example.org/list) is missing or broken: "
            "write it as [text](https://example.org/list)") in found
    assert not any("link:" in message for _, _, message in found)


def test_bold_and_italic_are_called_so() -> None:
    found = messages("She says **thank you** to *everyone*.", "그녀는 모두에게 감사하다고 말합니다.")
    assert ("error", "markdown", "the source has 1 bold text (**bold**), the translation 0: keep the same formatting as the source") in found
    assert ("error", "markdown", "the source has 1 italic text (*italic*), the translation 0: keep the same formatting as the source") in found
    assert not any("strong" in message or "emphasis" in message for _, _, message in found)


def test_stray_emphasis_markers_are_caught_and_refused() -> None:
    entry = CheckedEntry("She says **thank you**.", "그녀는 **감사합니다**라고 말합니다**.", "ko")
    assert [(p.check, p.message) for p in errors_of(entry)] == [
        ("markdown", "has 2 '*' the source does not have, which would show as is: "
                     "remove it, or make the same bold or italic text as the source"),
    ]
    assert errors_of(CheckedEntry("She says **thank you**.", "그녀는 **감사합니다**라고 말합니다.", "ko")) == []


def test_the_glossary_says_what_to_write() -> None:
    found = messages(
        "We are blessed.", "우리는 기쁩니다.", glossary=(("blessing|blessed", "복|축복"),)
    )
    assert ("warning", "glossary", "write '복' or '축복' for 'blessed', as the glossary agrees") in found


@pytest.mark.parametrize(
    ("language", "msgstr", "message"),
    [
        ("ko", "土地很硬，我们一起努力工作。",
         "is written in Chinese characters, but this is the Korean catalog: translate it into Korean (Hangul)"),
        ("zh_Hans", "땅이 단단했고 우리는 함께 일했습니다.",
         "is written in Korean (Hangul), but this is the Chinese catalog: translate it into Chinese"),
    ],
)
def test_a_translation_in_the_wrong_script_is_an_error(language: str, msgstr: str, message: str) -> None:
    entry = CheckedEntry("The soil was hard and we worked together.", msgstr, language)
    assert [(p.severity, p.check, p.message) for p in errors_of(entry)] == [("error", "script", message)]
    assert not [p for p in check_entry(entry) if p.check == "language"]  # said once


@pytest.mark.parametrize(
    ("language", "msgstr"),
    [
        ("ko", "김 씨(金)가 「主祷文」을 읽었습니다."),  # a name and a quoted term
        ("zh_Hans", "赵女士（조 씨）说“谢谢”。"),
    ],
)
def test_names_and_quoted_terms_in_the_other_script_pass(language: str, msgstr: str) -> None:
    assert errors_of(CheckedEntry("Mrs. Kim read the prayer.", msgstr, language)) == []


def test_front_matter_values_get_the_body_rules() -> None:
    title = CheckedEntry("A Garden in Winter", "# 겨울 정원", "ko", modes=frozenset({"front-matter"}))
    assert [(p.check, p.message) for p in errors_of(title)] == [
        ("block-break", "the translation starts a heading: '# 겨울 정원'"),
    ]
