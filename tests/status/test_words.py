"""status/words: tokens, word counts and the word diff of a fuzzy entry,
checked exactly (a mutation run found the CJK splitting and the merging of
diff parts unchecked)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storybridge.status.words import DiffPart, diff_words, tokens


def test_tokens_split_wide_characters_and_keep_runs_of_narrow_ones() -> None:
    assert tokens("ab中文cd") == ["ab", "中", "文", "cd"]
    assert tokens("中ab") == ["中", "ab"]
    assert tokens("abc中") == ["abc", "中"]
    assert tokens("x中y") == ["x", "中", "y"]
    assert tokens("她说hello世界") == ["她", "说", "hello", "世", "界"]


def test_a_replacement_is_one_delete_and_one_insert() -> None:
    assert diff_words("Three families share it.", "Four families share it.") == (
        DiffPart("delete", "Three"),
        DiffPart("insert", "Four"),
        DiffPart("equal", " families share it."),
    )


def test_cjk_changes_are_shown_by_character() -> None:
    assert diff_words("我们在四月种菜", "我们在五月种菜") == (
        DiffPart("equal", "我们在"),
        DiffPart("delete", "四"),
        DiffPart("insert", "五"),
        DiffPart("equal", "月种菜"),
    )


texts = st.text(alphabet="ab 中文,.", max_size=12)


@given(texts, texts)
def test_the_diff_gives_both_texts_back(previous: str, current: str) -> None:
    parts = diff_words(previous, current)
    assert "".join(p.text for p in parts if p.kind != "insert") == previous
    assert "".join(p.text for p in parts if p.kind != "delete") == current
    assert all(p.text for p in parts)
    assert all(first.kind != second.kind for first, second in zip(parts, parts[1:]))
    assert "".join(tokens(current)) == current


def test_a_two_character_cjk_word_is_two_tokens() -> None:
    assert tokens("中文") == ["中", "文"]
    assert tokens("中") == ["中"]


def test_a_long_text_with_common_words_still_diffs_to_the_one_change() -> None:
    """Over 200 tokens difflib's autojunk would treat frequent words and
    spaces as junk and report far more than the one word changed."""
    previous = "the cat and the dog and the bird " * 30
    current = previous.replace("dog", "fox", 1)
    assert diff_words(previous, current) == (
        DiffPart("equal", "the cat and the "),
        DiffPart("delete", "dog"),
        DiffPart("insert", "fox"),
        DiffPart("equal", previous[len("the cat and the dog"):]),
    )
