"""Render a polib catalog byte for byte as GNU ``msgcat`` would print it.

Volunteers open our catalogs with Poedit, ``msgmerge`` and ``msgcat``; if
we wrote them the way polib does, the first such run would rewrap every long
string and bury real changes in the diff. So the text here is GNU gettext
0.21's own (``write-po.c``, page width 79), with one deliberate difference:
GNU prints only the flags it acts on (fuzzy, ``*-format``, ``range:``,
``no-wrap``, in that order) and drops the rest, such as ``ignore-numbers``;
we keep every flag, after ``fuzzy`` and otherwise in the order given.

Other GNU normalizations are followed, because msgcat would apply them on
the next run anyway:

- obsolete entries come after all active ones, and an obsolete entry with
  an empty (first) msgstr is left out;
- ``fuzzy`` is not shown on an entry with an empty (first) msgstr;
- references lose a leading ``./`` and duplicates, and wrap at column 79;
  a reference that is nothing but ``./`` goes (msgcat writes it as an
  empty ``#:`` line, and drops that line on its next run).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import polib

from storybridge.po.wrap import PAGE_WIDTH, wrap_field

__all__ = ["format_catalog"]



def format_catalog(catalog: polib.POFile, wrap: str = "msgcat") -> str:
    """The whole file text of ``catalog``, as ``msgcat`` prints it (with
    ``--no-wrap`` when ``wrap`` is ``"no-wrap"``)."""
    fill = wrap != "no-wrap"
    header = polib.POEntry(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in catalog.metadata.items()),
        tcomment=catalog.header,
        flags=_header_flags(catalog.metadata_is_fuzzy),
    )
    blocks = [_format_entry(header, fill)]
    blocks.extend(_format_entry(entry, fill) for entry in catalog if not entry.obsolete)
    blocks.extend(
        _format_entry(entry, fill)
        for entry in catalog
        if entry.obsolete and _first_msgstr(entry)
    )
    return "\n".join(blocks)


def _first_msgstr(entry: polib.POEntry) -> str:
    """The msgstr GNU judges an entry by (the first plural form's)."""
    if entry.msgid_plural and entry.msgstr_plural:
        return str(entry.msgstr_plural[min(entry.msgstr_plural, key=int)])
    return str(entry.msgstr)


def _header_flags(metadata_is_fuzzy: object) -> list[str]:
    """polib keeps the header's flag list here when it reads a file."""
    if isinstance(metadata_is_fuzzy, (list, tuple)):
        return [str(flag) for flag in metadata_is_fuzzy]
    return ["fuzzy"] if metadata_is_fuzzy else []


def _format_entry(entry: polib.POEntry, fill: bool = True) -> str:
    """One message, comments first, as ``message_print`` in write-po.c.

    Catalogs of one story in several languages share most entries (all of
    them while untranslated), so the text is remembered by content."""
    return _format_fields(
        entry.tcomment,
        entry.comment,
        tuple(entry.occurrences),
        tuple(entry.flags),
        entry.obsolete,
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(entry.msgstr_plural.items()),
        fill,
    )


@lru_cache(maxsize=4096)
def _format_fields(
    tcomment: str,
    comment: str,
    occurrences: tuple[tuple[str, str], ...],
    flags: tuple[str, ...],
    obsolete: bool,
    previous_msgctxt: str | None,
    previous_msgid: str | None,
    previous_msgid_plural: str | None,
    msgctxt: str | None,
    msgid: str,
    msgid_plural: str,
    msgstr: str,
    msgstr_plural: tuple[tuple[int, str], ...],
    fill: bool = True,
) -> str:
    out: list[str] = []
    if tcomment:
        out.append(_comment_lines("#", tcomment))
    if comment:
        out.append(_comment_lines("#.", comment))
    if occurrences:
        out.append(_references(occurrences))
    msgstrs = _msgstrs(msgid_plural, msgstr, msgstr_plural)
    out.append(_flags_line(flags, translated=msgstrs[0][1] != ""))
    wrap = fill and "no-wrap" not in flags
    prefix, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")
    if previous_msgctxt is not None:
        out.append(wrap_field("msgctxt", previous_msgctxt, previous, wrap=wrap))
    if previous_msgid is not None:
        out.append(wrap_field("msgid", previous_msgid, previous, wrap=wrap))
    if previous_msgid_plural is not None:
        out.append(
            wrap_field("msgid_plural", previous_msgid_plural, previous, wrap=wrap)
        )
    if msgctxt is not None:
        out.append(wrap_field("msgctxt", msgctxt, prefix, wrap=wrap))
    out.append(wrap_field("msgid", msgid, prefix, wrap=wrap))
    if msgid_plural:
        out.append(wrap_field("msgid_plural", msgid_plural, prefix, wrap=wrap))
    for keyword, text in msgstrs:
        out.append(wrap_field(keyword, text, prefix, wrap=wrap))
    return "".join(out)


def _msgstrs(
    msgid_plural: str, msgstr: str, msgstr_plural: tuple[tuple[int, str], ...]
) -> list[tuple[str, str]]:
    """(keyword, text) pairs; GNU numbers plural forms 0, 1, ... in order."""
    if not msgid_plural:
        return [("msgstr", msgstr)]
    if not msgstr_plural:
        return [("msgstr[0]", msgstr)]
    forms = sorted(msgstr_plural, key=lambda item: int(item[0]))
    return [(f"msgstr[{i}]", text) for i, (_, text) in enumerate(forms)]


def _comment_lines(mark: str, text: str) -> str:
    """One comment line per line of ``text``; GNU adds no space to a blank one."""
    return "".join(
        f"{mark} {line}\n" if line else f"{mark}\n" for line in text.split("\n")
    )


def _references(occurrences: Sequence[tuple[str, str]]) -> str:
    """``#:`` lines, filled like GNU: a reference moves on when it passes 79."""
    refs: list[str] = []
    for name, line in occurrences:
        while name.startswith("./"):
            name = name[2:]
        number = "" if line is None else str(line)
        if number.isascii() and number.isdigit():
            number = str(int(number))  # GNU reads a number and prints it back
        ref = f"{name}:{number}" if number else name
        if ref and ref not in refs:  # "./" alone: msgcat prints "#: ", then nothing
            refs.append(ref)
    if not refs:
        return ""
    out = ["#:"]
    column = 2
    for ref in refs:
        # GNU measures in bytes, not columns.
        size = (len(ref) if ref.isascii() else len(ref.encode("utf-8"))) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            out.append("\n#:")
            column = 2
        out.append(" ")
        out.append(ref)
        column += size
    out.append("\n")
    return "".join(out)


def _flags_line(flags: Sequence[str], translated: bool) -> str:
    """``#,`` line: fuzzy first, as GNU puts it, then every other flag in order.

    GNU hides ``fuzzy`` when the msgstr is empty; we do too, since the next
    msgcat would. Unlike GNU we keep flags it does not know.
    """
    shown: list[str] = []
    fuzzy = False
    for flag in flags:
        flag = flag.strip()
        if flag == "fuzzy":
            fuzzy = True
        elif flag and flag not in shown:
            shown.append(flag)
    if fuzzy and translated:
        shown.insert(0, "fuzzy")
    return "#, " + ", ".join(shown) + "\n" if shown else ""
