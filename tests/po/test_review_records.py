"""Review records (issue 17): digests, the TSV form, and what edits do to them."""

from __future__ import annotations

from datetime import date

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storybridge.errors import StoryError
from storybridge.po.review import (
    Approval,
    approval_before,
    approve,
    approved_msgids,
    entry_digest,
    format_reviews,
    parse_reviews,
    prune,
    unapprove,
)

DAY = date(2026, 3, 1)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
names = st.text(st.characters(whitelist_categories=("L", "Nd"), whitelist_characters=" .-"), min_size=1,
                max_size=20).map(str.strip).filter(lambda n: n and "@" not in n)


def entry(msgid: str, msgstr: str, **extra: object) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **extra)


@given(st.lists(st.tuples(st.none() | texts, texts, texts, names), max_size=8))
def test_records_read_back_as_written(rows: list[tuple[str | None, str, str, str]]) -> None:
    approvals = {}
    for context, msgid, msgstr, name in rows:
        approvals[(context, msgid)] = Approval(entry_digest(context, msgid, msgstr), name, "2026-03-01",
                                               context, msgid, msgstr)
    text = format_reviews(approvals.values())
    assert parse_reviews(text, "r.tsv") == approvals
    assert format_reviews(parse_reviews(text, "r.tsv").values()) == text  # deterministic, sorted
    assert all(line.count("\t") == 5 for line in text.splitlines() if not line.startswith("#"))


def test_the_digest_covers_context_source_and_translation() -> None:
    base = entry_digest(None, "Hello", "안녕")
    assert len({base, entry_digest("", "Hello", "안녕"), entry_digest(None, "Hello!", "안녕"),
                entry_digest(None, "Hello", "안녕!")}) == 4


def test_editing_a_translation_unapproves_exactly_that_entry() -> None:
    one, two = entry("One", "하나"), entry("Two", "둘")
    approvals = approve({}, [one, two], "Editor Han", DAY)
    assert approved_msgids([one, two], approvals) == {"One", "Two"}
    two.msgstr = "둘!"
    assert approved_msgids([one, two], approvals) == {"One"}
    assert approval_before(two, approvals).msgstr == "둘"  # type: ignore[union-attr]
    assert approval_before(one, approvals) is None


def test_fuzzy_or_obsolete_entries_are_not_counted_approved() -> None:
    live = entry("One", "하나")
    approvals = approve({}, [live], "Editor Han", DAY)
    live.flags.append("fuzzy")
    assert approved_msgids([live], approvals) == set()


def test_reapproving_keeps_the_first_signature_and_unapprove_drops_it() -> None:
    one = entry("One", "하나")
    first = approve({}, [one], "Editor Han", DAY)
    again = approve(first, [one], "Editor Other", date(2026, 4, 1))
    assert again == first
    assert unapprove(again, [one]) == {}


def test_prune_keeps_obsolete_and_previous_source_drops_the_rest() -> None:
    kept, old, gone = entry("Kept", "가"), entry("Old", "나"), entry("Gone", "다")
    approvals = approve({}, [kept, old, gone], "Editor Han", DAY)
    catalog = [entry("Kept", "가", obsolete=True),
               entry("Old, edited", "나", flags=["fuzzy"], previous_msgid="Old")]
    assert set(prune(approvals, catalog)) == {(None, "Kept"), (None, "Old")}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("abc\tEd\t2026-03-01\tOne\t하나", "expected 6 tab-separated fields"),
        ("0123456789abcdef\tEd\t2026-03-01\t\tOne\t하나", "the digest does not match"),
        (f"{entry_digest(None, 'One', '하나')}\ted@example.org\t2026-03-01\t\tOne\t하나", "e-mail"),
        (f"{entry_digest(None, 'One', '하나')}\tEd\t2026-13-01\t\tOne\t하나", "YYYY-MM-DD"),
        (f"{entry_digest(None, 'One', '하나')}\tEd\t2026-03-01\t\tOne\t하\\q", "unknown escape"),
    ],
)
def test_a_bad_line_is_an_error_with_its_line(line: str, message: str) -> None:
    text = format_reviews([]) + line + "\n"
    with pytest.raises(StoryError) as caught:
        parse_reviews(text, "locale/ko/reviews/x.tsv")
    assert caught.value.line == 3 and message in caught.value.message
    assert str(caught.value).startswith("locale/ko/reviews/x.tsv:3: ")
