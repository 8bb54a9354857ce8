"""The linear readings of issue 13 agree with both Markdown parsers.

``literal`` claims that no markup character of a text can form a construct
(its partner is absent), so the checks read it as text without either
parser; every claim is compared here with markdown-it-py's and
Python-Markdown's own reading. ``dense`` refuses a translation holding far
more markup than any needs, unread; a source as dense is still read in
full, so its translations are still compared construct by construct.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storybridge.checks.base import CheckedEntry
from storybridge.checks.markup import check_link_target, check_markdown
from storybridge.markdown.inline import (
    MAX_MARKUP,
    Inventory,
    dense,
    inventory,
    literal,
    parsed_inventory,
    prose,
    python_markdown_kinds,
    python_markdown_reading,
)

PLAIN = "ab 가나 ,.;:()#/=-0"
PAIRS = [("[!", "]"), ("{", "}"), ("<", ">"), ("&", ";")]
MARKUP = "[]!{}<>&;~*_`\\\n"


@st.composite
def mostly_literal(draw: st.DrawFn) -> str:
    """Text in which each pair of partners mostly has one side only (the
    claims to test), now and then both (where no claim may be made)."""
    alphabet = PLAIN + "~"
    for one, other in PAIRS:
        alphabet += draw(st.sampled_from([one, other, "", one + other]))
    return draw(st.text(alphabet=alphabet, max_size=40))


def assert_read_as_text(text: str) -> None:
    assert parsed_inventory(text) == Inventory((), (), (), (), text), text
    assert python_markdown_reading(text, ("extra",)) == (), text


@given(mostly_literal())
def test_a_literal_text_is_text_to_both_parsers(text: str) -> None:
    if literal(text):
        assert_read_as_text(text)


@given(st.text(alphabet=PLAIN + MARKUP, max_size=30))
def test_literal_claims_on_any_markup_agree_with_both_parsers(text: str) -> None:
    if literal(text):
        assert_read_as_text(text)


@pytest.mark.parametrize("text", ["번역 " + "[" * 50_000, "번역 " + "![" * 30_000, "a { b " + "{" * 40_000,
                                  "x ] y > z & w ~~ v", "<<<< a"])
def test_long_runs_of_unclosed_delimiters_are_literal(text: str) -> None:
    assert literal(text)
    assert inventory(text).kinds == () and prose(text) == text
    assert python_markdown_kinds(text) == ()


@pytest.mark.parametrize("text", ["[a](b)", "a [b] c", "<http://x>", "&amp;", "a*b*", "`c`", "a\\*", "a\nb", "{: .x}"])
def test_what_may_form_a_construct_is_not_literal(text: str) -> None:
    assert not literal(text)


HOSTILE = ["**a", "_a", "*[", "[](", "[x][", "[a](", "\\"]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_a_dense_translation_is_refused_unread(pattern: str) -> None:
    msgstr = "번역 " + pattern * (100_000 // len(pattern))
    entry = CheckedEntry(msgid="Translation of a plain paragraph.", msgstr=msgstr, language="ko")
    assert dense(msgstr, entry.msgid)
    problems = list(check_markdown(entry))
    assert len(problems) == 1 and problems[0].startswith("has ") and "markup characters" in problems[0]
    assert list(check_link_target(entry)) == []  # the markdown check's to refuse


def test_a_source_as_dense_as_its_translation_is_still_read_in_full() -> None:
    msgid = "*a* " * (MAX_MARKUP // 2 + 50)
    entry = CheckedEntry(msgid=msgid, msgstr=msgid.replace("*a*", "*가*"), language="ko")
    assert not dense(entry.msgstr, entry.msgid)
    assert list(check_markdown(entry)) == []
    lost_one = CheckedEntry(msgid=msgid, msgstr=entry.msgstr.replace("*가*", "가", 1), language="ko")
    assert any("italic text" in problem for problem in check_markdown(lost_one))


@given(st.text(alphabet=PLAIN + MARKUP, max_size=60))
def test_no_text_under_the_bound_is_dense(text: str) -> None:
    """Under ``MAX_MARKUP`` markup characters every translation is read by both parsers, as before."""
    assert not dense(text)
