"""The private list's matcher: the spellings a volunteer may type by
accident are found, everyday words are not, and nothing is repeated.
Every name here is invented."""

from __future__ import annotations

import pickle

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.checks.registry import check_catalog
from storybridge.checks.sensitive import MASK, Guard, describe, parse_list, redact
from storybridge.markdown.segment import segment_body
from storybridge.errors import StoryError

LIST = """\
# invented people, for tests only
윤다솜 | Dasom Yoon
梁曉雯
Corwin Vale
Kim Soonmee
Marguerite Ama Osei
"""


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(parse_list(LIST, "private.txt"))


def labels(guard: Guard, text: str) -> list[str]:
    return [hit.label for hit in guard.scan(text)]


@pytest.mark.parametrize(
    "text, entry",
    [
        ("어제 윤다솜가 교회에 왔다.", 2),  # Hangul inside a word, particle attached
        ("윤다솜는 웃었다", 2),
        ("윤 다솜 씨", 2),  # a space between surname and name
        ("梁晓雯来了。", 3),  # list in traditional, text in simplified
        ("我們見到梁曉雯了", 3),
        ("梁·曉雯", 3),
        ("We met Corwin-\u200bVale there.", 4),  # hyphen and zero-width space
        ("We met Ｃｏｒｗｉｎ Ｖａｌｅ there.", 4),  # full-width letters
        ("We met \u202ecorwinvale\u202c there.", 4),  # bidi controls, no space, lower case
        ("We met CORWIN VALE.", 4),
        ("Dasom Yoon wrote.", 2),  # a variant written in the list
        ("Yoon Dasom wrote.", 2),  # romanized from Hangul, surname as people spell it
        ("yundasom", 2),  # Revised Romanization
        ("Liang Xiaowen came.", 3),  # pinyin from Han
        ("Xiaowen Liang came.", 3),  # given name first
        ("We met Corwyn Vale.", 4),  # edit distance 1, Latin name of 5+ letters
        ("Liang Xiaowan came.", 3),
        # Written so that only a reader of the page sees it (as_read):
        ("어제 *윤다*솜가 왔다.", 2),  # emphasis inside the name
        ("&#50980;&#45796;&#49564;", 2),  # character references
        ("We met Corwin&nbsp;Vale.", 4),
        ("We met Corwin <b>Vale</b>.", 4),
        ("We met Córwin Vále.", 4),  # accents
        ("윤ㆍ다솜", 2),  # the Hangul middle dot, which NFKC turns into U+119E
        ("We met Corwin<!-- -->Vale.", 4),  # an HTML comment
        ("See https://example.org/%EC%9C%A4%EB%8B%A4%EC%86%9C", 2),  # percent-encoded in a link
        ("We met C*orwin* Vale.", 4),
        ("> 어제 윤다\n> 솜가 왔다.", 2),  # broken across two lines of a quotation
        # Surname, a comma, the given name, as lists of names write them
        ("Signed: Vale, Corwin.", 4),  # from the list's "Corwin Vale"
        ("VALE , CORWIN", 4),
        ("Yoon, Dasom wrote.", 2),  # from the Hangul, surname as people spell it
        ("Yun, Dasom wrote.", 2),
        ("Liang, Xiaowen came.", 3),  # from the Han
        ("Kim, Soonmee came.", 5),  # the list writes the surname first: "Kim Soonmee"
        ("Osei, Marguerite Ama came.", 6),  # three words, surname last
    ],
)
def test_finds_every_spelling(guard: Guard, text: str, entry: int) -> None:
    assert f"matches private entry {entry}" in labels(guard, text)


@pytest.mark.parametrize(
    "text",
    [
        "다솜이는 학교에 갔다.",  # the given name alone is not the entry
        "The valley was cold; Corwin's house stood alone.",
        "Corwin valeted the car.",  # Latin spellings match whole words only
        "a corwinvalence",
        "梁先生来了。",
        "Corwyn Vane came.",  # two edits away
        "liang xiaowan",  # near spellings must read as a name (capitalized)
        "We met *Corwin*'s brother &amp; Vale's neighbour — twice.",
        "그는 이삼일 후에 오일 동안 사구칠 했다.",  # digit words, but no run of seven
        "2015.9~2016.1 북송되었다.",  # a range of dates, as Korean life stories write them
        "2019.3.12~4.15 중국 연길에서 일했다.",
        "1994~1998",
        "Vale, Corwinsville and Ashby",  # whole words only
        "Dasom, Yoonhee and Corwin's friends",  # whole words only
    ],
)
def test_leaves_other_text_alone(guard: Guard, text: str) -> None:
    assert labels(guard, text) == []


@pytest.mark.parametrize(
    "text",
    ["They met with joy, song and dance.", "When she was young, Lee taught her to read.", "You may, Han said, go."],
)
def test_the_comma_form_is_a_name_only_when_written_as_one(text: str) -> None:
    """Entries whose parts are everyday words: ``Song, Joy`` is the entry,
    ``joy, song`` in a sentence is not."""
    common = Guard(parse_list("Joy Song\nYoung Lee\nMay Han\n", "private.txt"))
    assert common.scan(text) == []
    assert [hit.label for hit in common.scan("Song, Joy came; Lee, Young and Han, May too.")] == [
        "matches private entry 1", "matches private entry 2", "matches private entry 3"]


def test_messages_mask_what_they_found(guard: Guard) -> None:
    text = "Yesterday we met Corwin-Vale at the station near the river."
    hits = guard.scan(text)
    (message,) = describe(text, hits)
    assert message == f"matches private entry 4: Yesterday we met {MASK} at the station near the…"
    assert "Corwin" not in message and "Vale" not in message
    assert redact(text, hits) == f"Yesterday we met {MASK} at the station near the river."


def test_repr_and_errors_never_show_an_entry() -> None:
    guard = Guard(parse_list(LIST, "private.txt"))
    assert "Corwin" not in repr(guard) and "다솜" not in repr(guard)
    with pytest.raises(StoryError) as raised:
        parse_list("ok\n  -  | \u200b \n", "private.txt")
    assert str(raised.value) == "private.txt:2: an entry of the private list has nothing to match"


def test_guard_travels_to_workers(guard: Guard) -> None:
    copy = pickle.loads(pickle.dumps(guard))
    assert labels(copy, "윤다솜가") == ["matches private entry 2"]


_IGNORABLE = st.sampled_from(["", " ", "-", "\u200b", "\u200d", "\u2060", "\u00ad", "\u202a", "\u2011", "\u3000", "_", "·"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_IGNORABLE, min_size=10, max_size=10), st.lists(st.booleans(), min_size=10, max_size=10),
       st.booleans())
def test_ignorable_characters_and_case_never_hide_a_name(
    guard: Guard, gaps: list[str], upper: list[bool], wide: bool
) -> None:
    """Property: 'Corwin Vale' with any of the ignorable characters between
    its letters, in any case, half or full width, is still found."""
    letters = "corwinvale"
    spelled = "".join(
        gap + (char.upper() if up else char) for gap, char, up in zip(gaps, letters, upper)
    )
    if wide:
        spelled = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in spelled)
    assert "matches private entry 4" in labels(guard, f"we met {spelled} today")


_PROSE = st.lists(st.sampled_from([*"abcdefghij klmnop.,", "교회", "에서", "花园", "了"]), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(_PROSE, _PROSE, st.sampled_from(["윤다솜", "Dasom Yoon", "梁曉雯", "梁晓雯", "Corwin Vale", "010-5555-0134"]))
def test_what_is_found_is_never_repeated(guard: Guard, before: str, after: str, secret: str) -> None:
    """Property (contract 6): a planted name or number anywhere in any text
    is found, and neither the redacted text nor any message repeats it."""
    text = f"{before} {secret} {after}"
    hits = guard.scan(text)
    assert hits
    shown = [redact(text, hits), *describe(text, hits)]
    for piece in shown:
        assert secret not in piece


@pytest.mark.parametrize(
    "text",
    ["Call 010\u20135555\u20130134.", "Call 010\u200b5555\u200b0134.", "Call 010\u20145555\u20140134.",
     "Call 010&#45;5555&#45;0134.", "공일공 오오오오 공일삼사로 연락하세요.", "请拨打幺三九 一二三四 五六七八。",
     "Call 010\\-5555\\-0134.", "010 오오오오 공일삼사로 연락하세요.", "*공일공* 오오오오 공일삼사로 연락하세요.",
     "Call 010·5555·0134."],
)
def test_a_phone_number_behind_dashes_or_invisible_characters_is_found(guard: Guard, text: str) -> None:
    """Only a reader of the page sees the number whole; no part of it is shown."""
    assert labels(guard, text) == ["phone number"]
    redacted = guard.redact(text)
    assert MASK in redacted and not any(part in redacted for part in ("5555", "0134", "오오오오", "一二三四"))


@pytest.mark.parametrize(
    "message",
    [
        "the translation starts a heading: '# Corwin\\tVale came'",  # repr escapes a tab
        "has a sentence that is not Korean: 'Corwin\\u200bVale called.'",
        "adds the link target 'https://example.org/%EC%9C%A4%EB%8B%A4%EC%86%9C', which the source does not have",
        "adds the link target https://example.org/Corwin%20Vale",
    ],
)
def test_a_message_quoting_a_finding_escaped_or_encoded_is_masked(guard: Guard, message: str) -> None:
    redacted = guard.redact(message)
    assert MASK in redacted
    assert not any(part in redacted for part in ("Corwin", "%EC", "Vale"))


def test_other_checks_never_quote_an_entry_holding_a_finding(guard: Guard) -> None:
    """Their quotes may be cut short where the finding no longer reads as
    one (nine digits of a phone number): every quote is masked whole."""
    entry = polib.POEntry(msgid="Everyone prayed.", msgstr="모두 기도했다. Call the old pastor today on 139 1234 5678.")
    findings = check_catalog(segment_body("Everyone prayed.\n"), [entry], "ko", "ko/s.po", sensitive=guard)
    assert {finding.problem.check for finding in findings} >= {"sensitive", "language"}
    assert not any(digits in finding.problem.message for finding in findings for digits in ("139", "1234", "5678"))


def test_a_detail_only_the_page_shows_is_masked_beside_one_found_as_written(guard: Guard) -> None:
    text = "Call 010-5555-0134 or Corwin&nbsp;Vale."
    assert set(labels(guard, text)) == {"matches private entry 4", "phone number"}
    assert guard.redact(text) == MASK


@pytest.mark.parametrize(
    "text",
    [
        '<a href="tel:010-5555-0134">call</a> or 010&#45;6666&#45;0134',  # the second of the same kind
        "Call 010-5555-0134, or *010* *6666* *0134*.",
        "Write to so*ra*@example.org or corwin@example.org.",
    ],
)
def test_a_second_detail_of_the_same_kind_is_never_shown(guard: Guard, text: str) -> None:
    assert guard.redact(text) == MASK


@pytest.mark.parametrize(
    "text",
    ["Call *010* 5555 0134.", "Call 010-*5555*-0134.", "Call `010` `5555` `0134`.", "Call 010_5555_0134.",
     "Call 010 ~~5555~~ 0134.", "Call 010\u318d5555\u318d0134.", "공일공·오오오오·공일삼사로 연락하세요."],
)
def test_emphasis_or_code_marks_never_hide_a_phone_number(guard: Guard, text: str) -> None:
    assert "phone number" in labels(guard, text)


@pytest.mark.parametrize("text", ["Write to so*ra*@example.org.", "Write to **sora**@example.org.", "sora@*example*.org"])
def test_emphasis_never_hides_an_address(guard: Guard, text: str) -> None:
    assert "e-mail address" in labels(guard, text)


@pytest.mark.parametrize("text", ["date: 2019-03-12 15:44:55", "2019.3.12 15:44", "I was *very* happy in 2019.",
                                  "the **1950** war", "<!--x " * 2000])
def test_dates_emphasis_and_unclosed_comments_are_no_finding(guard: Guard, text: str) -> None:
    assert labels(guard, text) == []


def test_a_finding_only_the_page_shows_is_located_by_its_line(guard: Guard) -> None:
    from storybridge.checks.sensitive.locate import locate

    found = locate(guard, "A title\n\nA first paragraph.\n\nWe met Corwin&nbsp;Vale.\n", first_line=3)
    assert [(item.line, item.label) for item in found] == [(7, "matches private entry 4")]


@pytest.mark.parametrize(
    "text",
    [
        "윤다<!-- " + "x" * 250 + " -->솜",  # a long comment inside the name
        "We met Corwin <span style=\"" + "a" * 600 + "\">Vale</span>.",  # a long pasted style
    ],
)
def test_long_markup_inside_a_name_hides_nothing(guard: Guard, text: str) -> None:
    assert labels(guard, text)


def test_a_paragraph_is_read_again_with_the_one_before_it(guard: Guard) -> None:
    """The label of an ID often stands a paragraph before it."""
    assert "messaging ID" in labels(guard, "微信号：\n\nsora\\_1234")


def test_what_was_found_as_written_is_masked_alone(guard: Guard) -> None:
    """A text whose second reading finds nothing new keeps its other words:
    a message stays useful (an underscore beside a digit asks for one)."""
    text = "File name too long: 'stories/call 010-5555-0134 or Corwin Vale in test_a_0.jpg'"
    redacted = guard.redact(text)
    assert redacted.startswith("File name too long: 'stories/call ████ or ████ in test_a_0.jpg'")


@pytest.mark.parametrize("text", ["B&#121;eon Sora", "Byéon Sora", "변<!-- -->소라"])
def test_a_longer_entry_hidden_around_a_shorter_one_masks_the_whole_text(text: str) -> None:
    """A given name listed beside the full name: the given name, found as
    written, must not leave the hidden surname printed beside it."""
    nested = Guard(parse_list("변소라 | Byeon Sora\n소라 | Sora\n", "private.txt"))
    assert nested.redact(text) == MASK
