"""Contract 3: updating catalogs never loses what a volunteer wrote."""

from __future__ import annotations

from datetime import datetime, timezone

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.po.merge import make_template, merge_catalog
from storybridge.markdown.segment import segment_body

MOMENT = datetime(2024, 1, 1, tzinfo=timezone.utc)

PARAGRAPHS = [
    "She crossed the river at night and walked until morning.",
    "The church gave her rice, a coat and a place to sleep.",
    "Her mother was sold to a man in another province.",
    "Today she works in a restaurant and sends money home.",
    "We pray that she will find peace and safety soon.",
    "Thank you for standing with North Korean refugees.",
]


def template_of(paragraphs: list[str]) -> polib.POFile:
    body = "\n\n".join(paragraphs) + "\n"
    return make_template("stories/x.md", segment_body(body), "en", MOMENT)


def translated(template: polib.POFile) -> polib.POFile:
    catalog = merge_catalog(template, None, "ko")
    for entry in catalog:
        entry.msgstr = f"번역: {entry.msgid}"
    return catalog


def all_translations(catalog: polib.POFile) -> set[str]:
    return {entry.msgstr for entry in catalog if entry.msgstr}


def test_unchanged_entries_keep_translation_and_flags() -> None:
    old = translated(template_of(PARAGRAPHS))
    old[0].flags.append("fuzzy")
    old[1].tcomment = "checked by the editor"
    merged = merge_catalog(template_of(PARAGRAPHS), old, "ko")
    assert [e.msgstr for e in merged] == [e.msgstr for e in old]
    assert merged[0].fuzzy and not merged[2].fuzzy
    assert merged[1].tcomment == "checked by the editor"


def test_edited_entry_becomes_fuzzy_with_previous_msgid() -> None:
    old = translated(template_of(PARAGRAPHS))
    edited = list(PARAGRAPHS)
    edited[2] = "Her mother was sold to a man in a distant province."
    merged = merge_catalog(template_of(edited), old, "ko")
    entry = merged.find(edited[2])
    assert entry is not None and entry.fuzzy
    assert entry.previous_msgid == PARAGRAPHS[2]
    assert entry.msgstr == f"번역: {PARAGRAPHS[2]}"
    assert not merged.obsolete_entries()


def test_removed_entry_becomes_obsolete_and_comes_back() -> None:
    old = translated(template_of(PARAGRAPHS))
    shorter = PARAGRAPHS[:3] + PARAGRAPHS[4:]
    merged = merge_catalog(template_of(shorter), old, "ko")
    obsolete = merged.obsolete_entries()
    assert [e.msgid for e in obsolete] == [PARAGRAPHS[3]]
    assert obsolete[0].msgstr == f"번역: {PARAGRAPHS[3]}"
    revived = merge_catalog(template_of(PARAGRAPHS), merged, "ko")
    entry = revived.find(PARAGRAPHS[3])
    assert entry is not None and entry.msgstr == f"번역: {PARAGRAPHS[3]}" and not entry.fuzzy
    assert not revived.obsolete_entries()


def test_merge_leaves_the_old_catalog_as_it_was() -> None:
    """The caller's catalog is input, not scratch space: a merge that turns
    entries obsolete must not turn them obsolete in the catalog it read."""
    from storybridge.po.format import format_catalog

    old = translated(template_of(PARAGRAPHS))
    before = format_catalog(old)
    merged = merge_catalog(template_of(PARAGRAPHS[:2]), old, "ko")
    assert len(merged.obsolete_entries()) == 4
    assert format_catalog(old) == before
    assert not old.obsolete_entries()


def test_new_catalog_has_full_header() -> None:
    catalog = merge_catalog(template_of(PARAGRAPHS), None, "zh_Hans")
    assert catalog.metadata["Language"] == "zh_Hans"
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert all(not e.msgstr for e in catalog)


edits = st.lists(
    st.tuples(st.sampled_from(["keep", "edit", "delete", "insert", "swap"]), st.integers(0, 5)), max_size=8
)


@settings(max_examples=200, deadline=None)
@given(edits)
def test_no_translation_is_ever_lost(operations: list[tuple[str, int]]) -> None:
    old = translated(template_of(PARAGRAPHS))
    paragraphs = list(PARAGRAPHS)
    for operation, index in operations:
        index %= max(len(paragraphs), 1)
        if operation == "edit" and paragraphs:
            paragraphs[index] = paragraphs[index].replace(" ", "  ", 1).replace("a", "the", 1)
        elif operation == "delete" and paragraphs:
            del paragraphs[index]
        elif operation == "insert":
            paragraphs.insert(index, f"A new paragraph number {index} about hope.")
        elif operation == "swap" and len(paragraphs) > 1:
            paragraphs[index], paragraphs[-1] = paragraphs[-1], paragraphs[index]
    merged = merge_catalog(template_of(paragraphs), old, "ko")
    assert all_translations(old) <= all_translations(merged)
    for entry in merged:
        if entry.fuzzy and not entry.obsolete:
            assert entry.previous_msgid
        if entry.msgstr and not entry.obsolete and not entry.fuzzy:
            assert entry.msgstr == f"번역: {entry.msgid}"
    twice = merge_catalog(template_of(paragraphs), merged, "ko")
    assert all_translations(old) <= all_translations(twice)


def test_an_obsolete_twin_of_a_live_message_is_dropped_as_msgmerge_does(tmp_path) -> None:
    """A catalog may hold a message and an obsolete copy of it (our reader
    allows it, as merges leave them); the merge writes one definition, so
    msgfmt -c still accepts the result."""
    from conftest import msgfmt_check
    from storybridge.po.format import format_catalog
    from storybridge.po.parse import parse_po

    old = translated(template_of(PARAGRAPHS))
    text = format_catalog(old) + f'\n#~ msgid "{PARAGRAPHS[0]}"\n#~ msgstr "옛 번역"\n'
    reread = parse_po(text, "old.po")
    for paragraphs in (PARAGRAPHS, PARAGRAPHS[1:]):
        merged = merge_catalog(template_of(paragraphs), reread, "ko")
        keys = [(e.msgctxt, e.msgid) for e in merged]
        assert len(keys) == len(set(keys))
        path = tmp_path / "merged.po"
        path.write_text(format_catalog(merged), encoding="utf-8")
        msgfmt_check(path)
