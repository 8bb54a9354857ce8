"""A language's memory as TMX 1.4 or as a compendium catalog, for CAT tools.

TMX is written by translate-toolkit's ``tmxfile`` (lxml underneath), not
by hand: OmegaT and Trados read what it writes. One ``<tu>`` per unit, with
the story as a ``<note>``; the header names storybridge, and its
``srclang`` is ``*all*`` when the units come from stories written in
different languages (TMX 1.4's word for that). The compendium catalog has
one entry per msgid, as GNU ``msgmerge --compendium`` expects: the first
unit's translation, every story that translated it that way in a
``memory:`` comment.
"""

from __future__ import annotations

from collections.abc import Sequence

import polib
from translate.storage.tmx import tmxfile

from storybridge.po.entry import new_entry
from storybridge.po.memory import MEMORY_COMMENT, Unit
from storybridge.text.languages import bcp47, plural_forms


def render_tmx(units: Sequence[Unit], lang: str, version: str) -> bytes:
    """TMX 1.4 of ``units`` translated into ``lang``; ``version`` is
    storybridge's, for the header."""
    sources = sorted({unit.source_lang for unit in units if unit.source_lang})
    header_lang = bcp47(sources[0]) if len(sources) == 1 else "*all*"
    store = tmxfile(sourcelanguage=header_lang, targetlanguage=bcp47(lang))
    header = store.document.getroot().find(store.namespaced("header"))
    header.set("creationtool", "storybridge")
    header.set("creationtoolversion", version)
    header.set("srclang", header_lang)
    target = bcp47(lang)
    for unit in units:
        source = bcp47(unit.source_lang) if unit.source_lang else header_lang
        store.addtranslation(unit.msgid, source, unit.msgstr, target, comment=f"story: {unit.origin}")
    return bytes(store)


def render_compendium(units: Sequence[Unit], lang: str) -> polib.POFile:
    """A catalog of ``units``, one entry per msgid, in msgid order."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = f"Translation memory of the archive in {lang}, written by storybridge."
    catalog.metadata = {
        "Project-Id-Version": "translation memory",
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    by_msgid: dict[str, polib.POEntry] = {}
    for unit in units:
        entry = by_msgid.get(unit.msgid)
        if entry is None:
            by_msgid[unit.msgid] = new_entry(unit.msgid, msgstr=unit.msgstr, comment=f"{MEMORY_COMMENT}translated in {unit.origin}")
        elif entry.msgstr == unit.msgstr:
            entry.comment += f"\n{MEMORY_COMMENT}translated in {unit.origin}"
    for msgid in sorted(by_msgid):
        catalog.append(by_msgid[msgid])
    return catalog
