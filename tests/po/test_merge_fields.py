"""po/merge field by field: what the template holds, what a new catalog's
header says, and what each old entry becomes (kept, fuzzy or obsolete).

The contract suite (tests/contracts/test_merge.py) shows that no
translation is lost; these pin the rest, which a mutation run found
unchecked: every header field, context, plural forms, comments, flags and
previous msgids, and the fuzzy threshold. Each catalog is compared as the
bytes the format writes, and GNU msgfmt -c must accept it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import polib
from conftest import msgfmt_check

from storybridge.model import Segment
from storybridge.po.entry import new_entry
from storybridge.po.format import format_catalog
from storybridge.po.merge import FUZZY_CUTOFF, format_date, make_template, merge_catalog, new_catalog_header

MOMENT = datetime(2026, 11, 27, 20, 43, tzinfo=timezone(timedelta(hours=9)))


def segment(msgid: str, line: int, comment: str = "paragraph") -> Segment:
    return Segment(msgid=msgid, line=line, end=line + 1, comment=comment, mode="inline")


def template() -> polib.POFile:
    return make_template(
        "stories/river.md",
        [
            segment("The River", 1, "front matter: title"),
            segment("She crossed at night.", 5),
            segment("She crossed at night.", 9, "list item"),
            segment("She crossed at night.", 9, "list item"),
            segment("Rice and a coat.", 12),
        ],
        "en",
        MOMENT,
    )


def test_a_header_date_is_minutes_and_offset() -> None:
    assert format_date(MOMENT) == "2026-11-27 20:43+0900"


def test_the_template_is_pinned_field_by_field() -> None:
    pot = template()
    assert pot.wrapwidth == 79
    assert pot.header == "Template for translations of stories/river.md."
    assert pot.metadata == {
        "Project-Id-Version": "stories/river.md",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-11-27 20:43+0900",
        "PO-Revision-Date": "2026-11-27 20:43+0900",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    assert [(e.msgid, e.occurrences, e.comment) for e in pot] == [
        ("The River", [("stories/river.md", "2")], "front matter: title"),
        ("She crossed at night.", [("stories/river.md", "6"), ("stories/river.md", "10")], "paragraph\nlist item"),
        ("Rice and a coat.", [("stories/river.md", "13")], "paragraph"),
    ]


def test_a_new_catalog_names_its_language_and_story() -> None:
    header, metadata = new_catalog_header(template(), "ko")
    assert header == "Korean translation of stories/river.md."
    assert metadata == template().metadata | {"Language": "ko", "Plural-Forms": "nplurals=1; plural=0;"}
    bare = polib.POFile()
    assert new_catalog_header(bare, "zh_Hans") == (
        "Chinese (Simplified) translation of the story.",
        {"Project-Id-Version": "", "Language": "zh_Hans", "Plural-Forms": "nplurals=1; plural=0;"},
    )


def old_catalog() -> polib.POFile:
    """A volunteer's catalog from an older template, with every kind of entry."""
    old = polib.POFile(wrapwidth=79)
    old.header = "Korean translation of stories/river.md.\nA volunteer's note."
    old.metadata = {"Project-Id-Version": "stories/river.md", "POT-Creation-Date": "2020-01-01 00:00+0000",
                    "PO-Revision-Date": "2021-02-03 04:05+0000", "Last-Translator": "", "Language-Team": "",
                    "Language": "ko", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=1; plural=0;"}
    old.metadata_is_fuzzy = True
    old.append(new_entry("The River", msgstr="강", tcomment="checked by the editor", flags=["no-wrap"],
                         occurrences=[("stories/river.md", "2")]))
    old.append(new_entry("The River", msgctxt="other", msgstr="다른 강"))
    old.append(new_entry("Rice and a coat.", msgstr="쌀과 외투", flags=["fuzzy", "ignore-numbers"],
                         previous_msgid="Rice and coats."))
    old.append(new_entry("She crossed the river at night.", msgstr="그녀는 밤에 강을 건넜다.", tcomment="a note",
                         flags=["c-format"]))
    old.append(new_entry("One cat", msgid_plural="%d cats", msgstr_plural={0: "고양이 %d"}, msgctxt="pets",
                         comment="a plural", tcomment="kept", flags=["c-format"], previous_msgctxt="animals",
                         previous_msgid="A cat", previous_msgid_plural="Cats"))
    old.append(new_entry("Never translated.", occurrences=[("stories/river.md", "20")]))
    return old


EXPECTED = r'''# Korean translation of stories/river.md.
# A volunteer's note.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: stories/river.md\n"
"POT-Creation-Date: 2026-11-27 20:43+0900\n"
"PO-Revision-Date: 2021-02-03 04:05+0000\n"
"Last-Translator: \n"
"Language-Team: \n"
"Language: ko\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"

# checked by the editor
#. front matter: title
#: stories/river.md:2
#, no-wrap
msgid "The River"
msgstr "강"

# a note
#. paragraph
#. list item
#: stories/river.md:6 stories/river.md:10
#, fuzzy, c-format
#| msgid "She crossed the river at night."
msgid "She crossed at night."
msgstr "그녀는 밤에 강을 건넜다."

#. paragraph
#: stories/river.md:13
#, fuzzy, ignore-numbers
#| msgid "Rice and coats."
msgid "Rice and a coat."
msgstr "쌀과 외투"

#~ msgctxt "other"
#~ msgid "The River"
#~ msgstr "다른 강"

# kept
#. a plural
#, c-format
#~| msgctxt "animals"
#~| msgid "A cat"
#~| msgid_plural "Cats"
#~ msgctxt "pets"
#~ msgid "One cat"
#~ msgid_plural "%d cats"
#~ msgstr[0] "고양이 %d"
'''


def test_an_old_catalog_merges_to_these_bytes(tmp_path: Path) -> None:
    """Kept: the header, its fuzzy mark, the translator's comment and flags
    of an exact match, a fuzzy entry's previous msgid. New: the template's date. Fuzzy: the closest old translation,
    with its msgid as #|. Obsolete: the rest that was translated, every
    field intact (context, plural, comments, flags, previous fields);
    the untranslated one is dropped."""
    merged = merge_catalog(template(), old_catalog(), "ko")
    assert merged.wrapwidth == 79
    assert format_catalog(merged) == EXPECTED
    path = tmp_path / "river.po"
    path.write_text(EXPECTED, encoding="utf-8")
    msgfmt_check(path)


def test_an_exact_match_takes_the_active_entry_not_its_obsolete_twin() -> None:
    for twins in (["옛 강", "강"], ["강", "옛 강"]):
        old = polib.POFile()
        for msgstr in twins:
            old.append(new_entry("The River", msgstr=msgstr, obsolete=msgstr == "옛 강"))
        (river,) = [e for e in merge_catalog(template(), old, "ko") if e.msgid == "The River" and not e.obsolete]
        assert river.msgstr == "강"


def test_merge_leaves_the_old_catalog_as_it_was() -> None:
    old = old_catalog()
    before = format_catalog(old)
    merge_catalog(template(), old, "ko")
    assert format_catalog(old) == before


def test_fuzzy_matching_stops_at_the_cutoff() -> None:
    """rapidfuzz's ratio: a translation 60 % alike is offered, one below is not."""
    assert FUZZY_CUTOFF == 60.0
    pot = make_template("stories/x.md", [segment("abcdefghij", 0)], "en", MOMENT)
    for source, offered in (("abcdefxxxx", True), ("abcdexxxxx", False), ("abcdefghij!", True)):
        old = polib.POFile()
        old.append(new_entry(source, msgstr="번역"))
        (entry,) = [e for e in merge_catalog(pot, old, "ko") if not e.obsolete]
        assert (entry.msgstr == "번역") is offered, source
        assert (entry.flags == ["fuzzy"]) is offered
        assert entry.previous_msgid == (source if offered else None)


def test_an_old_translation_is_offered_to_every_close_entry() -> None:
    """As msgmerge does: two new entries close to one old one both get it,
    fuzzy, and the old one, now used, is not also kept as obsolete."""
    pot = make_template("stories/x.md", [segment("Night river crossing.", 0), segment("A night river crossing!", 1)],
                        "en", MOMENT)
    old = polib.POFile()
    old.append(new_entry("Night river crossing", msgstr="밤의 강"))
    merged = merge_catalog(pot, old, "ko")
    assert [(e.msgid, e.msgstr, e.flags, e.previous_msgid, e.obsolete) for e in merged] == [
        ("Night river crossing.", "밤의 강", ["fuzzy"], "Night river crossing", False),
        ("A night river crossing!", "밤의 강", ["fuzzy"], "Night river crossing", False),
    ]
