"""The translation memory's index and fill, on catalogs made in memory."""

from __future__ import annotations

import re

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.po import memory as memory_module
from storybridge.po import memory_words
from storybridge.po.entry import new_entry
from storybridge.po.memory import MemoryOptions, Translations, Unit, build_memories, build_memory, fill_from_memory

from memory_reference import reference_memory, reference_words

APPEAL = "Please pray for the families who are still waiting at the border tonight."
APPEAL_KO = "오늘 밤도 국경에서 기다리는 가족들을 위해 기도해 주세요."
NEAR = "Please pray for the families who are still waiting at the border today."


def catalog(*msgids: str) -> list[polib.POEntry]:
    return [new_entry(msgid) for msgid in msgids]


def test_exact_match_fills_fuzzy_by_default_naming_its_story() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "river-crossing")])
    entries = catalog(APPEAL)
    assert fill_from_memory(entries, memory, "winter-news", MemoryOptions()) == 1
    assert entries[0].msgstr == APPEAL_KO
    assert entries[0].flags == ["fuzzy"]
    assert entries[0].previous_msgid is None
    assert entries[0].comment == "memory: translated in river-crossing"


def test_exact_match_is_translated_with_the_setting() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "river-crossing")])
    entries = catalog(APPEAL)
    fill_from_memory(entries, memory, "winter-news", MemoryOptions(exact="translated"))
    assert entries[0].msgstr == APPEAL_KO and entries[0].flags == []


def test_similar_text_fills_fuzzy_with_the_matched_msgid_as_previous() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "river-crossing"), Unit("Amen.", "아멘.", "hymn")])
    entries = catalog(NEAR)
    fill_from_memory(entries, memory, "winter-news", MemoryOptions(exact="translated"))
    assert entries[0].msgstr == APPEAL_KO
    assert entries[0].flags == ["fuzzy"]
    assert entries[0].previous_msgid == APPEAL
    assert entries[0].comment.startswith("memory: a similar text (9")


def test_nothing_below_the_threshold() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "river-crossing")])
    entries = catalog("Please pray for the volunteers who drive the van through the mountains.")
    assert fill_from_memory(entries, memory, "winter-news", MemoryOptions()) == 0
    assert entries[0].msgstr == "" and entries[0].flags == []


def test_a_translators_own_work_is_never_replaced() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "river-crossing")])
    entries = catalog(APPEAL, NEAR)
    entries[0].msgstr = "내가 쓴 번역"
    entries[1].msgstr = "아직 고치는 중"
    entries[1].flags = ["fuzzy"]
    assert fill_from_memory(entries, memory, "winter-news", MemoryOptions()) == 0
    assert [e.msgstr for e in entries] == ["내가 쓴 번역", "아직 고치는 중"]
    assert entries[0].flags == [] and entries[0].comment == ""


def test_a_storys_own_translations_are_not_memory_for_itself() -> None:
    memory = build_memory([Unit(APPEAL, APPEAL_KO, "winter-news")])
    entries = catalog(APPEAL, NEAR)
    assert fill_from_memory(entries, memory, "winter-news", MemoryOptions()) == 0


def test_first_unit_given_wins_and_closest_wins_among_similar() -> None:
    tied = "Please pray for the families who are still waiting at the border tonight!"
    memory = build_memory([
        Unit(APPEAL, "첫째", "a-story"),
        Unit(APPEAL, "둘째", "b-story"),
        Unit(NEAR[:-7] + "this week.", "셋째", "c-story"),
        Unit(tied, "넷째", "d-story"),
    ])
    entries = catalog(APPEAL, APPEAL[:-1] + "?", APPEAL + " Amen")
    fill_from_memory(entries, memory, "z-story", MemoryOptions())
    assert entries[0].msgstr == "첫째"
    # "tonight." and "tonight!" are equally close to "tonight?": same
    # length, so the alphabetically first ("!" < ".") is offered.
    assert entries[1].msgstr == "넷째" and entries[1].previous_msgid == tied
    assert entries[2].msgstr == "첫째" and entries[2].previous_msgid == APPEAL


words = st.lists(st.sampled_from("pray for the families border night river rice coat home".split()), min_size=3, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(words.map(" ".join), min_size=1, max_size=12), words.map(" ".join), st.integers(50, 100))
def test_closest_agrees_with_a_scan_of_every_msgid(known: list[str], query: str, threshold: int) -> None:
    """The length window only skips msgids that could not reach the threshold."""
    from rapidfuzz import fuzz

    memory = build_memory([Unit(text, f"t:{text}", "other") for text in known])
    found = memory.closest(query, "self", threshold)
    scores = [fuzz.ratio(query, text) for text in set(known) if text != query]
    best = max(scores, default=0.0)
    if best >= threshold:
        assert found is not None and found[1] == best
    else:
        assert found is None


def test_a_large_memory_finds_near_identical_text_through_its_word_index(monkeypatch) -> None:
    """Past SCAN_LIMIT, candidates come from the rarest words: an edited
    paragraph still finds its original among many of the same length."""
    import storybridge.po.memory as memory_module

    monkeypatch.setattr(memory_module, "SCAN_LIMIT", 0)
    filler = [f"Paragraph {n} tells of families waiting at the border for news." for n in range(300)]
    memory = build_memory([Unit(text, f"t{n}", f"s{n}") for n, text in enumerate(filler)]
                          + [Unit(APPEAL, APPEAL_KO, "river-crossing")])
    found = memory.closest(NEAR, "winter-news", 85.0)
    assert found is not None and found[0].msgstr == APPEAL_KO
    assert memory.words  # the index was built
    found = memory.closest("Paragraph 17 tells of families waiting at the border for rice.", "x", 85.0)
    assert found is not None and found[0].msgstr == "t17"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(words.map(" ".join), st.sampled_from(["ko", "en"])), min_size=1, max_size=14),
    st.lists(words.map(" ".join), min_size=1, max_size=6),
    st.integers(50, 100),
)
def test_languages_sharing_one_index_find_what_each_alone_finds(
    known: list[tuple[str, str]], queries: list[str], threshold: int
) -> None:
    """The similar texts are compared once for every language (#18's
    speed): each language still gets only its own units, the best first."""
    units = {lang: [Unit(text, f"{lang}:{text}", "other") for text, own in known if own == lang] for lang in ("ko", "en")}
    shared = build_memories(units)
    for query in queries:
        for lang in ("ko", "en", "ko"):
            alone = build_memory(units[lang])
            assert shared[lang].closest(query, "self", threshold) == alone.closest(query, "self", threshold)


@given(st.text())
def test_words_are_split_as_runs_of_letters_and_digits(text: str) -> None:
    """The index's faster split finds the words a ``[^\\W_]+`` search finds,
    so the index (and which similar texts are offered) is the same."""
    assert memory_words.split_words(text) == re.findall(r"[^\W_]+", text)



# Words of every kind the fast paths tell apart: ASCII (cased, digits,
# underscores), Hangul, the punctuation split like ASCII's, CJK, and
# letters whose case folding changes them or that are not ASCII or Hangul.
VOCABULARY = (
    "Pray for THE families at the border river_side rice2 coat home night 1953 "
    "오늘 밤도 국경에서 기다리는 가족들을 위해 기도해 주세요 "
    "家族 祈祷 国境の夜 ひらがな カタカナ 河边 "
    "Straße İstanbul café ÉCOLE ﬁnal Ωmega ㄱㄴ ᄀ ① ½ x"
).split()
SEPARATORS = [" ", ", ", ". ", "_", "-", "\u201c", "\u201d", "\u2018", "\u2019", "\u2014", "\u2013", "\u2026", "\u00b7",
              "\u3000", "\u00a0", "\t", "\n", "(", "'"]
mixed_texts = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)), min_size=1, max_size=40).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    mixed_texts,
    st.text(),
    st.text(alphabet=st.characters(max_codepoint=0x7F)),
    st.text(alphabet=st.characters(blacklist_categories=())),  # lone surrogates too
))
def test_the_index_knows_a_text_by_the_words_of_the_regular_expression_split(text: str) -> None:
    """The fast splits of ASCII and of Hangul text (#18: bytes translated
    and split, no regular expression) give the words the regular
    expression gives, so the same candidates are found."""
    assert memory_words.text_words(text) == reference_words(text)


@st.composite
def memories_and_queries(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[str]]:
    """Texts of many lengths (below and above ``SHORT`` and the length
    window's reach), some repeated in several stories, and queries that
    are memory texts slightly edited, or new."""
    texts = draw(st.lists(mixed_texts, min_size=1, max_size=25))
    units = [(text, draw(st.sampled_from(["a-story", "b-story", "c-story"]))) for text in texts]
    units += [(text, "d-story") for text in draw(st.lists(st.sampled_from(texts), max_size=5))]
    queries = []
    for _ in range(draw(st.integers(1, 6))):
        base = draw(st.sampled_from(texts))
        cut = draw(st.integers(0, len(base)))
        queries.append(draw(st.sampled_from([base, base[:cut] + draw(mixed_texts) + base[cut + 1 :], draw(mixed_texts)])))
    return units, queries


def filled(memory: object, queries: list[str], threshold: int) -> list[tuple[str, list[str], str | None, str]]:
    entries = catalog(*queries)
    fill_from_memory(entries, memory, "b-story", MemoryOptions(threshold=float(threshold)))  # type: ignore[arg-type]
    return [(entry.msgstr, entry.flags, entry.previous_msgid, entry.comment) for entry in entries]


@settings(max_examples=150, deadline=None)
@given(memories_and_queries(), st.integers(50, 100), st.sampled_from([0, 3, 2000]))
def test_fills_are_those_of_the_memory_before_its_speed_ups(
    memory_and_queries: tuple[list[tuple[str, str]], list[str]], threshold: int, scan_limit: int
) -> None:
    """#18: the memory built from each catalog's pairs as read, indexed by
    the fast splits with the cycle collector paused, fills every entry
    exactly as the memory before the speed-ups (``memory_reference``)
    filled it from ``Unit``s: the same unit, score, ``#|`` and comment,
    ties, and memories past ``SCAN_LIMIT`` (looked up by word index)."""
    from unittest.mock import patch

    units, queries = memory_and_queries
    by_origin: dict[str, list[tuple[str, str]]] = {}
    for text, origin in units:
        by_origin.setdefault(origin, []).append((text, f"{origin}: {text}"))
    with patch.object(memory_module, "SCAN_LIMIT", scan_limit):
        reference = reference_memory(Unit(text, msgstr, origin) for origin, pairs in by_origin.items() for text, msgstr in pairs)
        memory = build_memories({"ko": [Translations(origin, pairs) for origin, pairs in by_origin.items()]})["ko"]
        assert filled(memory, queries, threshold) == filled(reference, queries, threshold)


def test_every_character_splits_as_the_regular_expression_split_it() -> None:
    """The fast split takes a text only when every character is one it
    knows (ASCII, Hangul syllables, common punctuation): each character of
    the Basic Multilingual Plane, beside those and alone, gives the old
    words. Random texts rarely consist of fast-path characters only, so
    this walks them all (ligatures, fullwidth forms, combining and
    zero-width marks would split differently)."""
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        for text in (f"ab{c}cd ef {c} 가{c}나 gh", f"{c}x y{c}"):
            assert memory_words.text_words(text) == reference_words(text), hex(code)


def test_the_collector_is_left_as_it_was_found() -> None:
    """Paused while the memory is built, on or off as before afterwards,
    an error in between included."""
    import gc

    was_on = gc.isenabled()
    try:
        for start_on in (True, False):
            (gc.enable if start_on else gc.disable)()
            try:
                with memory_module.collector_paused():
                    assert not gc.isenabled()
                    raise ValueError("a failure while building")
            except ValueError:
                pass
            assert gc.isenabled() == start_on
    finally:
        (gc.enable if was_on else gc.disable)()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(mixed_texts, st.text()), max_size=30), st.floats(0, 1))
def test_an_index_built_in_two_parts_is_the_index_built_at_once(texts: list[str], where: float) -> None:
    """#18: the parent indexes the first part of the msgids and a helper
    process the rest: every word's postings are those of one process
    indexing them all, in the same order."""
    from unittest.mock import patch

    with patch.object(memory_module, "SCAN_LIMIT", -1):  # any memory, even an empty one, needs the index
        at_once = build_memory([Unit(text, "x", "a-story") for text in texts])
        in_parts = build_memory([Unit(text, "x", "a-story") for text in texts])
        at_once.index_words()
        cut = int(where * len(in_parts.msgids))
        in_parts.index_words([memory_module.word_postings(in_parts.msgids, 0, cut).items(),
                              memory_module.word_postings(in_parts.msgids, cut).items()])
    assert in_parts.words == at_once.words
    assert list(in_parts.words) == list(at_once.words)  # the same order too


FEW_WORDS = st.lists(st.sampled_from("ab cd ef gh ij kl mn op qr st uv wx".split()), min_size=2, max_size=14).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(FEW_WORDS, min_size=1, max_size=40), FEW_WORDS)
def test_candidates_inside_the_length_window_are_those_filtered_afterwards(texts: list[str], query: str) -> None:
    """#18: each of the rarest words' lists is cut to the length window
    before the counting, and the candidates are still exactly those the
    reference memory finds from whole lists, filtered to the window, for
    every window (a small vocabulary makes the lists long and shared)."""
    units = [Unit(text, "x", "a-story") for text in texts]
    memory, reference = build_memory(units), reference_memory(units)
    assert memory.msgids == reference.msgids  # so that their indexes name the same texts
    memory.words.update(memory_module.word_postings(memory.msgids))  # small: no index of its own
    whole = reference._candidates(query)  # from whole lists (the reference indexes on first need)
    count = len(memory.msgids)
    for start in range(count + 1):
        for stop in range(start, count + 2):
            assert memory._candidates(query, start, stop) == [i for i in whole if start <= i < stop]
