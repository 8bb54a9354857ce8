"""Segments → template; merge(template, catalog) → catalog, like GNU msgmerge.

Pure functions over polib objects: the caller passes dates and languages in,
so the output never depends on the clock or the machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polib
from rapidfuzz import fuzz, process

from storybridge.model import Segment
from storybridge.po.bootstrap import BOOTSTRAP_COMMENT
from storybridge.po.entry import new_entry
from storybridge.po.memory import MEMORY_COMMENT
from storybridge.text.languages import english_name, plural_forms

FUZZY_CUTOFF = 60.0
"""Least similarity (0–100, rapidfuzz's ratio) for an old translation to be
offered as a fuzzy match; GNU msgmerge uses the same 0.6 threshold."""


def format_date(moment: datetime) -> str:
    """A PO header date: ``2026-11-27 20:43+0000``."""
    return moment.strftime("%Y-%m-%d %H:%M%z")


def make_template(story_path: str, segments: Sequence[Segment], source_lang: str, created: datetime) -> polib.POFile:
    """The template (.pot) of one story: one entry per distinct msgid, in
    source order, each with every place it occurs and what block it is."""
    template = polib.POFile(wrapwidth=79)
    template.header = f"Template for translations of {story_path}."
    stamp = format_date(created)
    template.metadata = {
        "Project-Id-Version": story_path,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": source_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    by_msgid: dict[str, polib.POEntry] = {}
    for segment in segments:
        reference = (story_path, str(segment.line + 1))
        entry = by_msgid.get(segment.msgid)
        if entry is None:
            entry = new_entry(segment.msgid, occurrences=[reference], comment=segment.comment)
            by_msgid[segment.msgid] = entry
            template.append(entry)
            continue
        if reference not in entry.occurrences:
            entry.occurrences.append(reference)
        if segment.comment not in entry.comment.split("\n"):
            entry.comment += "\n" + segment.comment
    return template


def new_catalog_header(template: polib.POFile, lang: str) -> tuple[str, dict[str, str]]:
    """Header comment and fields for a catalog that does not exist yet."""
    metadata = dict(template.metadata)
    metadata["Project-Id-Version"] = template.metadata.get("Project-Id-Version", "")
    metadata["Language"] = lang
    metadata["Plural-Forms"] = plural_forms(lang)
    source = template.metadata.get("Project-Id-Version", "the story")
    return f"{english_name(lang)} translation of {source}.", metadata


def merge_catalog(template: polib.POFile, old: polib.POFile | None, lang: str) -> polib.POFile:
    """Bring a catalog up to date with its template, losing no translation.

    Exact matches keep their translation and flags; a changed segment gets
    the closest old translation, marked fuzzy, with the old msgid as ``#|``;
    old entries that no segment uses any more become obsolete (``#~``).
    """
    merged = polib.POFile(wrapwidth=79)
    if old is None:
        merged.header, merged.metadata = new_catalog_header(template, lang)
        old_entries: list[polib.POEntry] = []
    else:
        merged.header = old.header
        merged.metadata = dict(old.metadata)
        merged.metadata_is_fuzzy = old.metadata_is_fuzzy
        merged.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
        old_entries = list(old)
    exact: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in old_entries:
        key = (entry.msgctxt, entry.msgid)
        if key not in exact or (exact[key].obsolete and not entry.obsolete):
            exact[key] = entry
    used: set[int] = set()
    pending: list[tuple[polib.POEntry, polib.POEntry]] = []
    for wanted in template:
        previous = exact.get((wanted.msgctxt, wanted.msgid))
        entry = _copy_for(wanted)
        if previous is not None:
            used.add(id(previous))
            entry.msgstr = previous.msgstr
            entry.msgstr_plural = dict(previous.msgstr_plural)
            entry.tcomment = previous.tcomment
            entry.flags = list(previous.flags)
            entry.comment = _carry_comments(entry.comment, previous.comment)
            if "fuzzy" in previous.flags:
                entry.previous_msgid = previous.previous_msgid
                entry.previous_msgctxt = previous.previous_msgctxt
        else:
            pending.append((wanted, entry))
        merged.append(entry)
    _fill_fuzzy([entry for _, entry in pending], old_entries, used)
    # One definition per message, as msgfmt demands and msgmerge does: an
    # old obsolete twin of a message already written is dropped.
    written = {(entry.msgctxt, entry.msgid) for entry in merged}
    for entry in old_entries:
        key = (entry.msgctxt, entry.msgid)
        if id(entry) in used or not _has_translation(entry) or key in written:
            continue
        written.add(key)
        merged.append(_obsolete_copy(entry))
    return merged


def _obsolete_copy(entry: polib.POEntry) -> polib.POEntry:
    """``entry`` as an obsolete one (``#~``), leaving the caller's catalog as it was."""
    return new_entry(
        entry.msgid,
        msgstr=entry.msgstr,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        msgctxt=entry.msgctxt,
        obsolete=True,
        comment=entry.comment,
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        linenum=entry.linenum,
    )


def _copy_for(wanted: polib.POEntry) -> polib.POEntry:
    return new_entry(
        wanted.msgid,
        msgctxt=wanted.msgctxt,
        occurrences=list(wanted.occurrences),
        comment=wanted.comment,
    )


CARRIED_COMMENTS = (MEMORY_COMMENT, BOOTSTRAP_COMMENT)
"""Extracted comments that storybridge wrote into a catalog (not the
template) and that stay with the translation they describe: where a
memory match came from, what a conversion was made from."""


def _carry_comments(comment: str, previous: str) -> str:
    if not any(mark in previous for mark in CARRIED_COMMENTS):
        return comment
    carried = [line for line in previous.split("\n") if line.startswith(CARRIED_COMMENTS)]
    return "\n".join([comment, *carried]) if comment and carried else comment or "\n".join(carried)


def _has_translation(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _fill_fuzzy(entries: list[polib.POEntry], old_entries: list[polib.POEntry], used: set[int]) -> None:
    """Give each new entry the closest translated old entry that no exact
    match claimed; those old entries are then kept as the fuzzy ones."""
    candidates = [e for e in old_entries if id(e) not in used and _has_translation(e)]
    if not entries or not candidates:
        return
    choices = [c.msgid for c in candidates]
    claimed: set[int] = set()
    for entry in entries:
        best = process.extractOne(entry.msgid, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            continue
        source = candidates[best[2]]
        entry.msgstr = source.msgstr
        entry.tcomment = source.tcomment
        entry.flags = ["fuzzy"] + [flag for flag in source.flags if flag != "fuzzy"]
        entry.previous_msgid = source.previous_msgid if "fuzzy" in source.flags and source.previous_msgid else source.msgid
        entry.previous_msgctxt = source.msgctxt
        claimed.add(id(source))
    used.update(claimed)
