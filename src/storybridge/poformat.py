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
- references lose a leading ``./`` and duplicates, and wrap at column 79.
"""

from __future__ import annotations

import polib

from storybridge.linebreak import PAGE_WIDTH, wrap_field

__all__ = ["format_catalog"]


def format_catalog(catalog: polib.POFile) -> str:
    """The whole file text of ``catalog``, as ``msgcat`` prints it."""
    header = polib.POEntry(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in catalog.metadata.items()),
        tcomment=catalog.header,
        flags=_header_flags(catalog.metadata_is_fuzzy),
    )
    blocks = [_format_entry(header)]
    blocks.extend(_format_entry(entry) for entry in catalog if not entry.obsolete)
    blocks.extend(
        _format_entry(entry)
        for entry in catalog
        if entry.obsolete and _msgstrs(entry)[0][1]
    )
    return "\n".join(blocks)


def _header_flags(metadata_is_fuzzy: object) -> list[str]:
    """polib keeps the header's flag list here when it reads a file."""
    if isinstance(metadata_is_fuzzy, (list, tuple)):
        return [str(flag) for flag in metadata_is_fuzzy]
    return ["fuzzy"] if metadata_is_fuzzy else []


def _format_entry(entry: polib.POEntry) -> str:
    """One message, comments first, as ``message_print`` in write-po.c."""
    out: list[str] = []
    if entry.tcomment:
        out.append(_comment_lines("#", entry.tcomment))
    if entry.comment:
        out.append(_comment_lines("#.", entry.comment))
    if entry.occurrences:
        out.append(_references(entry.occurrences))
    msgstrs = _msgstrs(entry)
    out.append(_flags_line(entry.flags, translated=msgstrs[0][1] != ""))
    wrap = "no-wrap" not in entry.flags
    prefix, previous = ("#~ ", "#~| ") if entry.obsolete else ("", "#| ")
    if entry.previous_msgctxt is not None:
        out.append(wrap_field("msgctxt", entry.previous_msgctxt, previous, wrap=wrap))
    if entry.previous_msgid is not None:
        out.append(wrap_field("msgid", entry.previous_msgid, previous, wrap=wrap))
    if entry.previous_msgid_plural is not None:
        out.append(
            wrap_field("msgid_plural", entry.previous_msgid_plural, previous, wrap=wrap)
        )
    if entry.msgctxt is not None:
        out.append(wrap_field("msgctxt", entry.msgctxt, prefix, wrap=wrap))
    out.append(wrap_field("msgid", entry.msgid, prefix, wrap=wrap))
    if entry.msgid_plural:
        out.append(wrap_field("msgid_plural", entry.msgid_plural, prefix, wrap=wrap))
    for keyword, text in msgstrs:
        out.append(wrap_field(keyword, text, prefix, wrap=wrap))
    return "".join(out)


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(keyword, text) pairs; GNU numbers plural forms 0, 1, ... in order."""
    if not entry.msgid_plural:
        return [("msgstr", entry.msgstr)]
    if not entry.msgstr_plural:
        return [("msgstr[0]", entry.msgstr)]
    forms = sorted(entry.msgstr_plural.items(), key=lambda item: int(item[0]))
    return [(f"msgstr[{i}]", text) for i, (_, text) in enumerate(forms)]


def _comment_lines(mark: str, text: str) -> str:
    """One comment line per line of ``text``; GNU adds no space to a blank one."""
    return "".join(
        f"{mark} {line}\n" if line else f"{mark}\n" for line in text.split("\n")
    )


def _references(occurrences: list[tuple[str, str]]) -> str:
    """``#:`` lines, filled like GNU: a reference moves on when it passes 79."""
    refs: list[str] = []
    for name, line in occurrences:
        while name.startswith("./"):
            name = name[2:]
        number = "" if line is None else str(line)
        if number.isascii() and number.isdigit():
            number = str(int(number))  # GNU reads a number and prints it back
        ref = f"{name}:{number}" if number else name
        if ref not in refs:
            refs.append(ref)
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


def _flags_line(flags: list[str], translated: bool) -> str:
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
