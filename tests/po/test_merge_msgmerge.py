"""po/merge against GNU msgmerge: which old translation a changed entry
gets, and what its ``#|`` and flags say.

Each case is a small old catalog and a new template, merged by storybridge
and by ``msgmerge --previous``; the active entries must agree field by
field (msgctxt, msgid, msgstr, fuzzy, previous msgctxt and msgid). These
are the choices a mutation run found unchecked: the similarity measure,
which old entries may be offered, an entry with no match among others,
and an old entry that was itself fuzzy. Where storybridge chooses
otherwise than msgmerge, a test below says so.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from storybridge.po.entry import new_entry
from storybridge.po.format import format_catalog
from storybridge.po.merge import merge_catalog
from storybridge.po.parse import parse_po

HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = dict(HEADER)
    for entry in entries:
        po.append(entry)
    return po


def template(*msgids: str | tuple[str, str]) -> polib.POFile:
    """A template of ``msgids``; a pair is (msgctxt, msgid)."""
    return catalog(*(new_entry(m[1], msgctxt=m[0]) if isinstance(m, tuple) else new_entry(m) for m in msgids))


def fields(po: polib.POFile) -> list[tuple[object, ...]]:
    return [
        (e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgctxt, e.previous_msgid)
        for e in po
        if not e.obsolete
    ]


def msgmerge(old: polib.POFile, pot: polib.POFile, folder: Path) -> polib.POFile:
    """What GNU msgmerge makes of the same two files."""
    (folder / "old.po").write_text(format_catalog(old), encoding="utf-8")
    (folder / "new.pot").write_text(format_catalog(pot), encoding="utf-8")
    done = subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "-", "old.po", "new.pot"],
        cwd=folder, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    return parse_po(done.stdout, "msgmerge output")


def assert_as_msgmerge(old: polib.POFile, pot: polib.POFile, folder: Path) -> list[tuple[object, ...]]:
    ours = fields(merge_catalog(pot, old, "ko"))
    assert ours == fields(msgmerge(old, pot, folder))
    return ours


def test_a_short_segment_cut_from_a_long_one_is_not_offered(tmp_path: Path) -> None:
    """Similarity is the plain ratio (msgmerge's fstrcmp), not rapidfuzz's
    WRatio, which scores a piece of a longer text as 88 % alike."""
    old = catalog(new_entry(
        "The river was cold that night, and we waited for hours by the bank until the soldiers left.",
        msgstr="그날 밤 강은 차가웠고, 우리는 군인들이 떠날 때까지 강둑에서 몇 시간을 기다렸다.",
    ))
    ours = assert_as_msgmerge(old, template("The river was cold that night."), tmp_path)
    assert ours == [(None, "The river was cold that night.", "", False, None, None)]


def test_an_entry_without_a_match_does_not_stop_the_ones_after_it(tmp_path: Path) -> None:
    old = catalog(new_entry("We waited for hours by the bank.", msgstr="우리는 강둑에서 몇 시간을 기다렸다."))
    pot = template("Zebra xylophone quartz.", "We waited for many hours by the bank.")
    ours = assert_as_msgmerge(old, pot, tmp_path)
    assert ours[1][2:] == ("우리는 강둑에서 몇 시간을 기다렸다.", True, None, "We waited for hours by the bank.")


def test_an_untranslated_old_entry_is_offered_to_no_one(tmp_path: Path) -> None:
    """Else the new entry would be fuzzy with an empty msgstr and a ``#|``."""
    old = catalog(new_entry("We waited for hours by the bank.", msgstr=""))
    (entry,) = merge_catalog(template("We waited for many hours by the bank."), old, "ko")
    assert (entry.msgstr, entry.flags, entry.previous_msgid) == ("", [], None)
    assert_as_msgmerge(old, template("We waited for many hours by the bank."), tmp_path)


def test_a_fuzzy_entry_changed_again_keeps_the_first_previous_msgid(tmp_path: Path) -> None:
    """The ``#|`` shows what the translation was made from, not the
    intermediate text nobody translated; one ``fuzzy`` flag, not two."""
    old = catalog(new_entry("The river was cold at midnight.", msgstr="그날 밤 강은 차가웠다.",
                            flags=["fuzzy"], previous_msgid="The river was cold at night."))
    pot = template("The river was so cold at midnight.")
    ours = assert_as_msgmerge(old, pot, tmp_path)
    assert ours == [(None, "The river was so cold at midnight.", "그날 밤 강은 차가웠다.", True, None,
                     "The river was cold at night.")]
    (entry,) = merge_catalog(pot, old, "ko")
    assert entry.flags == ["fuzzy"]


def test_a_stale_previous_msgid_on_a_confirmed_entry_is_not_shown(tmp_path: Path) -> None:
    """A volunteer who confirmed a translation (took ``fuzzy`` off) may
    leave its ``#|``: the translation is now of the msgid, so that is
    what the new ``#|`` shows."""
    old = catalog(new_entry("We waited for hours by the bank.", msgstr="우리는 강둑에서 몇 시간을 기다렸다.",
                            previous_msgid="Stale text from long ago."))
    ours = assert_as_msgmerge(old, template("We waited for many hours by the bank."), tmp_path)
    assert ours[0][5] == "We waited for hours by the bank."


def test_context_is_kept_and_shown_as_previous_context(tmp_path: Path) -> None:
    """Templates storybridge makes carry no msgctxt, but a catalog merged
    with another tool's template may: exact matches, fuzzy matches and
    fuzzy entries keep their context as msgmerge does."""
    old = catalog(
        new_entry("The River", msgctxt="title", msgstr="강"),
        new_entry("A cold river at night", msgctxt="caption", msgstr="밤의 차가운 강"),
        new_entry("The Tumen river", msgctxt="caption", msgstr="두만강", flags=["fuzzy"],
                  previous_msgctxt="old caption", previous_msgid="A river"),
    )
    pot = template(("title", "The River"), ("caption", "A cold river at midnight"), ("caption", "The Tumen river"))
    assert assert_as_msgmerge(old, pot, tmp_path) == [
        ("title", "The River", "강", False, None, None),
        ("caption", "A cold river at midnight", "밤의 차가운 강", True, "caption", "A cold river at night"),
        ("caption", "The Tumen river", "두만강", True, "old caption", "A river"),
    ]


def test_an_exact_match_is_not_offered_again_as_fuzzy() -> None:
    """storybridge's own choice (msgmerge differs): an old entry that an
    unchanged segment claimed is not also offered to a new, similar one;
    the new one stays empty for the memory step or the volunteer."""
    old = catalog(new_entry("Rice and a warm coat.", msgstr="쌀과 따뜻한 외투"))
    merged = merge_catalog(template("Rice and a warm coat.", "Rice and a warm coat!"), old, "ko")
    assert [(e.msgid, e.msgstr, e.flags) for e in merged] == [
        ("Rice and a warm coat.", "쌀과 따뜻한 외투", []),
        ("Rice and a warm coat!", "", []),
    ]


@pytest.mark.parametrize("swapped", [False, True])
def test_of_two_obsolete_twins_the_first_is_revived(swapped: bool) -> None:
    """msgmerge refuses such a file; the parser reads it, and the first
    definition (the one msgfmt names) comes back, deterministically."""
    twins = [new_entry("The River", msgstr=text, obsolete=True) for text in ("옛 강", "더 옛 강")]
    if swapped:
        twins.reverse()
    (entry,) = merge_catalog(template("The River"), catalog(*twins), "ko")
    assert entry.msgstr == twins[0].msgstr and not entry.obsolete


def test_a_template_without_a_creation_date_gives_an_empty_one() -> None:
    """A hand-made template may lack the field: the merged header says
    nothing rather than something made up."""
    old = catalog(new_entry("The River", msgstr="강"))
    old.metadata["POT-Creation-Date"] = "2020-01-01 00:00+0000"
    merged = merge_catalog(template("The River"), old, "ko")
    assert merged.metadata["POT-Creation-Date"] == ""
    assert '"POT-Creation-Date: \\n"' in format_catalog(merged)


def test_memory_and_bootstrap_notes_stay_with_their_translation() -> None:
    """storybridge's own notes (``#. memory:``, ``#. bootstrap:``) are not
    in the template: an exact match keeps them after the template's
    comment, in their order; other old extracted comments (the template's
    former ones, a mark in mid-line) are replaced by the template's."""
    old = catalog(
        new_entry("The River", msgstr="강", comment="paragraph\nmemory: translated in stories/a.md"),
        new_entry("Rice", msgstr="쌀", comment="memory: translated in b\nold note\nbootstrap: from zh_Hans"),
        new_entry("A coat", msgstr="외투", comment="heading 2\nmind the memory: x"),
        new_entry("Night", msgstr="밤", comment="bootstrap: from zh_Hans\nmemory: translated in e"),
        new_entry("Dawn", msgstr="새벽", comment="memory: translated in c d"),
    )
    pot = catalog(
        new_entry("The River", comment="paragraph"),
        new_entry("Rice", comment="list item"),
        new_entry("A coat", comment="paragraph"),
        new_entry("Night"),
        new_entry("Dawn", comment="paragraph"),
    )
    assert [e.comment for e in merge_catalog(pot, old, "ko")] == [
        "paragraph\nmemory: translated in stories/a.md",
        "list item\nmemory: translated in b\nbootstrap: from zh_Hans",
        "paragraph",
        "bootstrap: from zh_Hans\nmemory: translated in e",
        "paragraph\nmemory: translated in c d",
    ]
