"""zh_Hant bootstrapped from zh_Hans with OpenCC: fill, follow, keep a person's edit."""

from __future__ import annotations

import polib

from storybridge.po.bootstrap import bootstrap_entries
from storybridge.po.entry import new_entry
from storybridge.text.chinese import converter

S2TWP = converter("s2twp")
HOW = "zh_Hans by OpenCC s2twp"
MSGID = "The refugees took the railway north."


def entry(msgstr: str = "") -> polib.POEntry:
    return new_entry(MSGID, msgstr=msgstr, comment="paragraph")


def test_known_pairs() -> None:
    assert S2TWP("难民") == "難民"
    assert S2TWP("铁路") == "鐵路"
    assert S2TWP("软件") == "軟體"  # Taiwan phrasing, not just characters
    assert converter("s2t")("软件") == "軟件"


def test_empty_entry_is_converted_fuzzy_with_a_comment() -> None:
    entries = [entry()]
    assert bootstrap_entries(entries, {MSGID: "难民坐铁路北上。"}, S2TWP, HOW) == 1
    assert entries[0].msgstr == "難民坐鐵路北上。"
    assert entries[0].flags == ["fuzzy"]
    lines = entries[0].comment.split("\n")
    assert lines[0] == "paragraph"
    assert lines[1].startswith("bootstrap: converted from zh_Hans by OpenCC s2twp [")


def test_no_counterpart_no_change() -> None:
    entries = [entry()]
    assert bootstrap_entries(entries, {}, S2TWP, HOW) == 0
    assert entries[0].msgstr == "" and entries[0].comment == "paragraph"


def test_untouched_conversion_follows_a_changed_source() -> None:
    entries = [entry()]
    bootstrap_entries(entries, {MSGID: "难民坐铁路北上。"}, S2TWP, HOW)
    entries[0].flags = []  # a reviewer accepted it as it was
    assert bootstrap_entries(entries, {MSGID: "难民坐火车北上。"}, S2TWP, HOW) == 1
    assert entries[0].msgstr == "難民坐火車北上。"
    assert entries[0].flags == ["fuzzy"]
    # Unchanged source: nothing to do, however often it runs.
    assert bootstrap_entries(entries, {MSGID: "难民坐火车北上。"}, S2TWP, HOW) == 0


def test_a_persons_edit_is_kept_and_marked_fuzzy_once_per_change() -> None:
    entries = [entry()]
    bootstrap_entries(entries, {MSGID: "难民坐铁路北上。"}, S2TWP, HOW)
    entries[0].msgstr = "難民們搭鐵路北上。"
    entries[0].flags = []
    assert bootstrap_entries(entries, {MSGID: "难民坐火车北上。"}, S2TWP, HOW) == 1
    assert entries[0].msgstr == "難民們搭鐵路北上。"
    assert entries[0].flags == ["fuzzy"]
    assert entries[0].previous_msgid == MSGID  # editors show "the source changed"
    assert "edited since" in entries[0].comment
    entries[0].flags = []  # the volunteer reviewed it
    entries[0].previous_msgid = None
    assert bootstrap_entries(entries, {MSGID: "难民坐火车北上。"}, S2TWP, HOW) == 0
    assert entries[0].flags == [] and entries[0].previous_msgid is None


def test_a_translation_without_the_mark_is_never_touched() -> None:
    entries = [entry("難民們搭火車。")]
    assert bootstrap_entries(entries, {MSGID: "难民坐铁路北上。"}, S2TWP, HOW) == 0
    assert entries[0].msgstr == "難民們搭火車。" and entries[0].flags == []
