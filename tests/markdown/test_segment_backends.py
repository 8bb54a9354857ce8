"""The Rust-parser fast path must segment exactly as markdown-it-py does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_strategies import markdown_document

from storybridge.markdown import segment_tree
from storybridge.markdown.lines import join_line_by_line as _join_line_by_line
from storybridge.markdown.lines import join_lines
from storybridge.markdown.segment import (
    _line_starts,
    segment_body,
    segment_body_with_tokens,
    segment_body_with_tree,
)

SPEC = json.loads((DATA / "commonmark-0.31.2.json").read_text(encoding="utf-8"))
STORIES = sorted((Path(__file__).parents[2] / "stories").glob("*.md")) + sorted((DATA / "project").rglob("*.md"))


def test_fast_path_is_installed_and_used() -> None:
    assert segment_tree.available()
    body = "Some *text*\nthat wraps.\n"
    assert segment_body(body) == segment_body_with_tree(body)


def test_backends_agree_on_every_commonmark_example() -> None:
    disagreements = [
        example["example"]
        for example in SPEC
        if segment_body_with_tree(example["markdown"]) != segment_body_with_tokens(example["markdown"])
    ]
    assert disagreements == []


def test_backends_agree_on_windows_line_endings() -> None:
    body = "para one\r\nline two  \r\nthree\r\n\r\n> q\\\r\n> r\r\n\r\n- a\r\n  b\r\n"
    assert segment_body_with_tree(body) == segment_body_with_tokens(body)
    assert [s.msgid for s in segment_body(body)] == ["para one line two\nthree", "q\nr", "a b"]


def test_backends_agree_on_the_stories() -> None:
    for path in STORIES:
        text = path.read_text(encoding="utf-8")
        assert segment_body_with_tree(text, 3) == segment_body_with_tokens(text, 3), path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_document())
def test_backends_agree_on_generated_markdown(body: str) -> None:
    assert segment_body_with_tree(body) == segment_body_with_tokens(body)


def test_backends_agree_where_the_rust_parser_misplaces_inline_ranges() -> None:
    body = "0\n中中中中中\n\n> - *0* <em>0</em> <em>0</em>\n>   0\n>   0\n"
    assert segment_body_with_tree(body) == segment_body_with_tokens(body)


_LINES = st.text(alphabet=st.sampled_from(["a", "Z", " ", "\t", "\n", "\r", "*", "\\", "가", "中", "é"]), max_size=40)


@given(_LINES)
def test_soft_breaks_join_as_line_by_line(content: str) -> None:
    """The one-regex path agrees with the line-by-line rule: each soft
    break and the blanks around it become one space, or nothing between
    two CJK characters."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    joined = join_lines(content, {})
    assert joined == _join_line_by_line(content, {})
    assert "\n" not in joined
    if content.isascii() and "\n" in content:
        lines = content.split("\n")
        assert joined == " ".join(
            [lines[0].rstrip(" \t")]
            + [line.strip(" \t") for line in lines[1:-1]]
            + [lines[-1].lstrip(" \t")]
        )


def test_soft_breaks_between_cjk_characters_vanish() -> None:
    assert join_lines("中文\n  中文\nabc \n 한국어\n中", {}) == "中文中文 abc 한국어 中"


@given(_LINES)
def test_line_starts_follow_every_kind_of_line_end(body: str) -> None:
    expected = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", body)]
    assert _line_starts(body) == expected
