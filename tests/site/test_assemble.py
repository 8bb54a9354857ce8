"""site/assemble in this process: a story's front matter with translated
values in place, and the YAML it is written as.

The build reaches these through the CLI; the mutation run (issue 22)
needs tests that call them here, on a real story file read and segmented
as the build does.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import polib
import yaml

from storybridge.checks.base import Pseudonym
from storybridge.markdown.segment import segment_story
from storybridge.markdown.story import read_story
from storybridge.model import Problem, Segment, Story
from storybridge.po.parse import parse_po
from storybridge.site.assemble import (
    render_front_matter,
    render_translation,
    splice_body,
    translate_front_matter,
    usable_translations,
)

GARDEN = Path(__file__).parents[1] / "data" / "project" / "stories" / "garden.md"
KEYS = ("title", "summary", "description", "tags")


def garden() -> tuple[Story, list[Segment]]:
    story = read_story(GARDEN.read_text(encoding="utf-8"), "stories/garden.md", "garden", ("en", "ko"))
    return story, segment_story(story, KEYS)


def test_translated_values_replace_the_source_and_the_rest_is_kept() -> None:
    story, segments = garden()
    before = dict(story.front_matter)
    translations = {"The Garden Behind the Church": "교회 뒤의 정원", "hope": "희망"}
    assert translate_front_matter(story, segments, translations) == {
        "title": "교회 뒤의 정원",
        "date": datetime.date(2020, 5, 1),
        "lang": "en",
        "summary": "A small garden feeds three families.",  # untranslated: the source stays
        "tags": ["garden", "희망"],  # one entry per item
    }
    assert story.front_matter == before  # the story is not changed


def test_body_translations_do_not_touch_front_matter() -> None:
    """A body segment whose text equals a front matter value (the heading
    "The garden" and the tag "garden" differ only in case) translates the
    body alone; a front matter key the story lacks is not added."""
    story, segments = garden()
    body_only = {s.msgid: "번역" for s in segments if s.mode != "front-matter"}
    translated = translate_front_matter(story, segments, body_only)
    assert translated == dict(story.front_matter)
    assert list(translated) == ["title", "date", "lang", "summary", "tags"]


def test_a_localized_file_reads_back_as_its_translation() -> None:
    story, segments = garden()
    translations = {s.msgid: f"Ω {s.msgid}" for s in segments}
    front_matter = translate_front_matter(story, segments, translations)
    text = render_front_matter(front_matter) + splice_body(story.body, segments, translations)
    again = read_story(text, "site/ko/garden.md", "garden", ("en", "ko"))
    assert again.front_matter == front_matter
    assert again.front_matter["tags"] == ["Ω garden", "Ω hope"]
    assert again.body == splice_body(story.body, segments, translations)


def test_a_very_long_value_stays_on_one_line() -> None:
    """The plain writer leaves text over 1,000 characters to PyYAML, whose
    default width (80) would fold it; ours (65,536) does not, so a long
    summary is one line and a one-word edit is a one-line diff."""
    summary = " ".join(["The garden feeds three families"] * 40)
    assert len(summary) > 1000
    text = render_front_matter({"title": "The Garden", "summary": summary})
    assert text == f"---\ntitle: The Garden\nsummary: {summary}\n---\n"
    assert yaml.safe_load(text.strip("-\n")) == {"title": "The Garden", "summary": summary}


def test_segments_in_any_order_give_the_same_front_matter() -> None:
    story, segments = garden()
    translations = {s.msgid: f"Ω {s.msgid}" for s in segments}
    expected = translate_front_matter(story, segments, translations)
    assert translate_front_matter(story, segments[::-1], translations) == expected
    assert expected["title"] == "Ω The Garden Behind the Church"


def test_each_list_item_is_translated_once_from_its_source() -> None:
    """A list of one item; a translation that is another item's source text
    (tags "hope" → "faith", "faith" → "love") is not translated again; an
    item that is not text stays as it is."""
    text = GARDEN.read_text(encoding="utf-8").replace(
        "tags: [garden, hope]", "tags: [hope, faith]\ncategories: [Testimony, 2020, {id: 7}]"
    )
    story = read_story(text, "stories/garden.md", "garden", ("en", "ko"))
    segments = segment_story(story, (*KEYS, "categories"))
    translations = {"hope": "faith", "faith": "love", "Testimony": "간증"}
    translated = translate_front_matter(story, segments, translations)
    assert translated["tags"] == ["faith", "love"]
    assert translated["categories"] == ["간증", 2020, {"id": 7}]


def flow(hard_break: str = "\\", continuation: str = "> ") -> Segment:
    return Segment(msgid="a\nb", comment="block quote", line=0, mode="flow",
                   continuation=continuation, hard_break=hard_break)


def test_a_translated_line_break_takes_the_source_marker_and_prefix() -> None:
    assert render_translation(flow(), "가\n나") == "가\\\n> 나"
    assert render_translation(flow("  ", "   "), "가\n나") == "가  \n   나"


def test_after_an_odd_run_of_backslashes_the_break_is_two_spaces() -> None:
    """``가\\`` then a backslash break would read as an escaped backslash
    and no break; an even run is whole escapes, and takes the backslash."""
    assert render_translation(flow(), "가\\\n나") == "가\\  \n> 나"
    assert render_translation(flow(), "가\\\\\\\n나") == "가\\\\\\  \n> 나"
    assert render_translation(flow(), "가\\\\\n나") == "가\\\\\\\n> 나"


def test_only_spaces_and_tabs_are_trimmed() -> None:
    """A volunteer's stray spaces and tabs go; an ideographic space (U+3000)
    is text, and so is an X."""
    heading = Segment(msgid="The garden", comment="heading 1", line=0, mode="line")
    assert render_translation(heading, " \tX 정원\u3000\t ") == "X 정원\u3000"
    assert render_translation(flow(), " X가\u3000\t\n\t\u3000나X ") == "X가\u3000\\\n> \u3000나X"


def test_an_entry_for_no_segment_of_the_story_is_skipped() -> None:
    """A catalog may hold entries the story no longer has (until the next
    update makes them obsolete): they are neither used nor refused."""
    story, segments = garden()
    stale = polib.POEntry(msgid="A paragraph since deleted.", msgstr="지워진 문단.")
    title = polib.POEntry(msgid="The Garden Behind the Church", msgstr="교회 뒤의 정원")
    assert usable_translations(segments, [stale, title], "ko") == ({title.msgid: title.msgstr}, [])


def test_only_translated_current_entries_are_published() -> None:
    """Fuzzy, obsolete and untranslated entries stay out, in any order."""
    story, segments = garden()
    summary = "A small garden feeds three families."
    entries = [
        polib.POEntry(msgid="The garden", msgstr="정원", flags=["fuzzy"]),
        polib.POEntry(msgid="Cabbage", msgstr="배추", obsolete=True),
        polib.POEntry(msgid="The Garden Behind the Church", msgstr=""),
        polib.POEntry(msgid=summary, msgstr="작은 정원이 세 가족을 먹여 살린다."),
    ]
    assert usable_translations(segments, entries, "ko") == ({summary: "작은 정원이 세 가족을 먹여 살린다."}, [])


GARDEN_KO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ko\\n"

msgid "The Garden Behind the Church"
msgstr "교회 뒤의 정원"

msgid "The garden"
msgstr ""
"정원\\n"
"둘째 줄"
'''


def test_a_refused_translation_names_its_line_msgid_and_errors_every_time() -> None:
    """A heading (a "line" place) cannot take a line break: the entry is
    refused with its msgstr's line in the catalog, its msgid and the errors;
    asked again (the verdict is remembered per process), the same answer."""
    story, segments = garden()
    entries = list(parse_po(GARDEN_KO, "locale/ko/LC_MESSAGES/garden.po"))
    for _ in range(2):
        accepted, rejected = usable_translations(segments, entries, "ko")
        assert accepted == {"The Garden Behind the Church": "교회 뒤의 정원"}
        assert [(r.line, r.msgid) for r in rejected] == [(10, "The garden")]
        assert rejected[0].problems and {p.severity for p in rejected[0].problems} == {"error"}
        assert all(isinstance(p, Problem) for p in rejected[0].problems)


def test_a_bar_is_refused_in_a_table_cell_only() -> None:
    """An unescaped ``|`` splits a table cell; in a title it is text."""
    story, segments = garden()
    cell = polib.POEntry(msgid="Cabbage", msgstr="배추 | 무")
    title = polib.POEntry(msgid="The Garden Behind the Church", msgstr="교회 | 정원")
    accepted, rejected = usable_translations(segments, [cell, title], "ko")
    assert accepted == {title.msgid: title.msgstr}
    assert [r.msgid for r in rejected] == ["Cabbage"]


def test_a_changed_pseudonym_is_refused_when_the_pseudonyms_are_given() -> None:
    text = "---\ntitle: Beans\nlang: en\n---\n\nSoon Me planted beans.\n"
    story = read_story(text, "stories/beans.md", "beans", ("en", "ko"))
    segments = segment_story(story, KEYS)
    entry = polib.POEntry(msgid="Soon Me planted beans.", msgstr="선미가 콩을 심었다.")
    pseudonyms = (Pseudonym("Soon Me", ("순미",)),)
    assert usable_translations(segments, [entry], "ko")[0] == {entry.msgid: entry.msgstr}
    accepted, rejected = usable_translations(segments, [entry], "ko", pseudonyms=pseudonyms)
    assert accepted == {} and [r.msgid for r in rejected] == [entry.msgid]


def test_a_later_translation_is_spliced_after_an_untranslated_segment() -> None:
    """Segments without a translation are skipped, not the end of the work;
    front matter segments are never spliced into the body."""
    story, segments = garden()
    body = story.body
    spliced = splice_body(body, segments, {"Cabbage": "배추", "The Garden Behind the Church": "교회 뒤의 정원"})
    assert "| 배추 | April |" in spliced
    assert "교회 뒤의 정원" not in spliced
    assert spliced == body.replace("| Cabbage | April |", "| 배추 | April |")


def test_a_line_break_is_refused_in_the_words_of_its_place() -> None:
    """The volunteer reads why: a heading must stay on one line, a title
    has no line break to keep; neither is a paragraph's hard line break."""
    story, segments = garden()
    heading = polib.POEntry(msgid="The garden", msgstr="정원\n둘째 줄")
    title = polib.POEntry(msgid="The Garden Behind the Church", msgstr="교회 뒤의\n정원")
    accepted, rejected = usable_translations(segments, [heading, title], "ko")
    assert accepted == {}
    assert [(r.msgid, [p.message for p in r.problems if p.check == "block-break"]) for r in rejected] == [
        ("The garden", ["has a line break where the source must stay on one line"]),
        ("The Garden Behind the Church", ["has a line break where the source has none"]),
    ]


def test_translations_are_read_with_the_site_s_markdown_extensions() -> None:
    """Under legacy_em, Python-Markdown reads ``setup_the_script`` as
    emphasis the source does not have; under "extra" it is a word."""
    text = "---\ntitle: Note\nlang: en\n---\n\nRun the setup script today.\n"
    story = read_story(text, "stories/note.md", "note", ("en", "ko"))
    segments = segment_story(story, KEYS)
    entry = polib.POEntry(msgid="Run the setup script today.", msgstr="오늘 setup_the_script 스크립트를 실행하세요.")
    assert usable_translations(segments, [entry], "ko", markdown_extensions=("extra",)) == ({entry.msgid: entry.msgstr}, [])
    accepted, rejected = usable_translations(segments, [entry], "ko", markdown_extensions=("legacy_em",))
    assert accepted == {}
    assert [(r.msgid, {p.check for p in r.problems}) for r in rejected] == [(entry.msgid, {"markdown"})]


def test_past_64_kib_a_value_is_folded_and_reads_back_the_same() -> None:
    """The writer's width is 65,536: below it a value keeps one line (as
    above); past it PyYAML folds at a space, which YAML reads back as the
    same text, so no line of a page's front matter grows without bound."""
    summary = " ".join(["The garden feeds three families"] * 2200)
    assert 65_536 < len(summary) < 2 * 65_536
    text = render_front_matter({"title": "The Garden", "summary": summary})
    assert max(len(line) for line in text.splitlines()) <= 65_536 + len("summary: ") + 40
    assert len(text.splitlines()) > 4  # ---, title, summary folded over two lines at least, ---
    assert yaml.safe_load(text.strip("-\n")) == {"title": "The Garden", "summary": summary}
