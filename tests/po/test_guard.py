"""The last guard under every merge: no translation read is ever dropped."""

from __future__ import annotations

import polib
from storybridge.po.guard import lost_translations, read_as_empty
from storybridge.po.merge import merge_catalog
from storybridge.project.catalogs import parse_catalog

OLD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "River"\nmsgstr "강"\n\nmsgid "Gone"\nmsgstr "사라짐"\n'


def catalog(text: str) -> polib.POFile:
    return parse_catalog(text, "x.po")


def test_a_merge_keeps_every_translation_as_active_fuzzy_or_obsolete() -> None:
    old = catalog(OLD)
    template = catalog('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "River"\nmsgstr ""\n')
    merged = merge_catalog(template, old, "ko")
    assert lost_translations(old, merged) == []
    assert [e.msgid for e in merged if e.obsolete] == ["Gone"]


def test_a_dropped_translation_is_named() -> None:
    old = catalog(OLD)
    dropped = catalog(OLD.replace('msgstr "사라짐"', 'msgstr ""'))
    assert [e.msgid for e in lost_translations(old, dropped)] == ["Gone"]


def test_a_text_with_entries_parsed_as_none_is_caught() -> None:
    assert read_as_empty(OLD, polib.POFile())
    assert not read_as_empty("# only a comment\n", polib.POFile())
    assert not read_as_empty(OLD, catalog(OLD))


def test_cr_only_text_parses_to_the_same_entries() -> None:
    assert [(e.msgid, e.msgstr) for e in catalog(OLD.replace("\n", "\r"))] == [(e.msgid, e.msgstr) for e in catalog(OLD)]
