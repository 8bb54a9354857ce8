"""PO details a mutation run (issue 22) found unchecked: where ``#:`` lines
wrap, ``--no-wrap``, the header's fuzzy mark, obsolete plural entries,
references without a line number, header fields over several lines, and
octal escapes next to U+0080.

The oracles: GNU msgcat must leave our text as it is (``render_and_check``),
``msgcat --no-wrap`` must print what we print with ``wrap="no-wrap"``, and
polib reads header fields and references as our reader does.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from test_format import make_catalog, render_and_check

from storybridge.po.entry import msgstr_line, new_entry
from storybridge.po.format import format_catalog
from storybridge.po.parse import parse_po

LONG = "She crossed the river at night with her two children and a bag of rice, " * 3


def test_references_wrap_where_msgcat_wraps_them(tmp_path: Path) -> None:
    """Every length of reference, so that each line ends at, just under and
    just over column 79; ASCII and Korean file names (GNU counts bytes)."""
    entries = []
    for size in range(1, 40):
        for stem in ("s" * size, "이" * (size // 3 + 1)):
            occurrences = [(f"{stem}/{n}.md", str(n)) for n in range(1, 12)]
            entries.append(new_entry(f"{stem} {size}", msgstr="x", occurrences=occurrences))
    entries.append(new_entry("long", msgstr="x", occurrences=[("stories/" + "a" * 80 + ".md", "1"), ("b.md", "2")]))
    text = render_and_check(make_catalog(*entries), tmp_path)
    assert f"#: stories/{'a' * 80}.md:1\n#: b.md:2\n" in text  # a long first reference is not put on a line of its own


def test_a_reference_without_a_line_number(tmp_path: Path) -> None:
    text = render_and_check(make_catalog(new_entry("a", msgstr="x", occurrences=[("stories/a.md", None)])), tmp_path)
    assert "#: stories/a.md\n" in text


def test_no_wrap_is_what_msgcat_no_wrap_prints(tmp_path: Path) -> None:
    catalog = make_catalog(
        new_entry(LONG, msgstr=LONG),
        new_entry(LONG + "again", msgstr=LONG, obsolete=True),
    )
    catalog.metadata["Project-Id-Version"] = LONG
    path = tmp_path / "long.po"
    path.write_text(format_catalog(catalog), encoding="utf-8")
    gnu = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True).stdout
    ours = format_catalog(catalog, wrap="no-wrap")
    assert ours == gnu
    assert f'"Project-Id-Version: {LONG}\\n"' in ours and f'#~ msgid "{LONG}again"' in ours


def test_the_header_fuzzy_mark_from_a_bool(tmp_path: Path) -> None:
    """A catalog made in code says fuzzy with True (polib's own reading
    gives a list of flags, tested in test_format)."""
    catalog = make_catalog(new_entry("a", msgstr="x"))
    catalog.metadata_is_fuzzy = True
    assert render_and_check(catalog, tmp_path).startswith('#, fuzzy\nmsgid ""\n')
    catalog.metadata_is_fuzzy = False
    assert render_and_check(catalog, tmp_path).startswith('msgid ""\n')


def test_an_obsolete_plural_is_kept_by_its_first_form(tmp_path: Path) -> None:
    """As msgcat: an obsolete entry whose first msgstr is empty is left out."""
    kept = new_entry("One cat", msgid_plural="%d cats", msgstr_plural={0: "고양이", 1: ""}, obsolete=True)
    dropped = new_entry("One dog", msgid_plural="%d dogs", msgstr_plural={0: "", 1: "개"}, obsolete=True)
    text = render_and_check(make_catalog(new_entry("a", msgstr="x"), kept, dropped), tmp_path)
    assert '#~ msgid "One cat"' in text and "One dog" not in text


def test_references_are_read_as_polib_reads_them() -> None:
    """A colon not followed by a number is part of the file name."""
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#: notes:draft\n#: notes:draft stories/a.md:3 b:\n#: stories/b.md:12\n"
        'msgid "a"\nmsgstr "x"\n'
    )
    (entry,) = parse_po(text, "x.po")
    assert entry.occurrences == polib.pofile(text)[0].occurrences == [
        ("notes:draft", ""), ("notes:draft", ""), ("stories/a.md", "3"), ("b:", ""), ("stories/b.md", "12"),
    ]


def test_header_fields_over_several_lines_are_read_as_polib_reads_them() -> None:
    """A line without a colon continues the field before it; before any
    field it belongs to none."""
    text = (
        'msgid ""\nmsgstr ""\n"no field yet\\n"\n"Project-Id-Version: stories/river.md\\n"\n'
        '"  and its sequel\\n"\n"Language: ko\\n"\n\nmsgid "a"\nmsgstr "x"\n'
    )
    metadata = parse_po(text, "x.po").metadata
    assert metadata == polib.pofile(text).metadata == {
        "Project-Id-Version": "stories/river.md\nand its sequel", "Language": "ko",
    }


def test_octal_escapes_around_u0080() -> None:
    """Escapes are bytes: ``\\302\\200`` is U+0080 in UTF-8, ``\\177`` is
    DEL; a lone ``\\200`` is no UTF-8 at all."""
    text = 'msgid "a"\nmsgstr "\\302\\200|\\177|\\303\\251"\n'
    assert parse_po(text, "x.po")[0].msgstr == "\u0080|\x7f|é"


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def _msgcat(text: str, tmp_path: Path) -> str:
    path = tmp_path / "in.po"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout


def test_keywords_without_a_blank_before_the_quote_read_as_msgcat_reads_them(tmp_path: Path) -> None:
    """GNU needs no blank between a keyword and its string (issue 22)."""
    text = HEADER + (
        '#| msgctxt"pc"\n#| msgid"old"\n#| msgid_plural"olds"\n'
        'msgctxt"c"\nmsgid"a"\nmsgid_plural"b"\nmsgstr[0]"x"\nmsgstr[1]"y"\n'
    )
    assert format_catalog(parse_po(text, "in.po")) == _msgcat(text, tmp_path)


def test_string_continuations_of_every_keyword_read_as_msgcat_reads_them(tmp_path: Path) -> None:
    """A string line may continue each #| keyword and an indented one msgctxt (issue 22)."""
    text = HEADER + (
        '#| msgctxt "pc"\n#| "d"\n#| msgid "old"\n#| msgid_plural "olds"\n#| "e"\n'
        'msgctxt "c"\n  "k"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )
    ours = format_catalog(parse_po(text, "in.po"))
    assert ours == _msgcat(text, tmp_path)
    assert '#| msgctxt "pcd"\n' in ours and '#| msgid_plural "oldse"\n' in ours and 'msgctxt "ck"\n' in ours


def test_the_header_is_found_after_other_entries(tmp_path: Path) -> None:
    """The header is the live entry with msgid "" and no msgctxt, wherever it stands (issue 22)."""
    text = 'msgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid ""\nmsgstr "y"\n\nmsgid ""\nmsgstr "Language: ko\\n"\n'
    _msgcat(text, tmp_path)  # GNU reads it
    catalog = parse_po(text, "in.po")
    assert catalog.metadata == {"Language": "ko"}
    assert [(entry.msgctxt, entry.msgid) for entry in catalog] == [(None, "a"), ("c", "")]


def test_an_obsolete_header_is_not_the_header() -> None:
    """Unlike GNU, which calls it a duplicate, we let an obsolete entry repeat a
    live msgid (merges leave them); an obsolete header stays an obsolete entry."""
    text = '#~ msgid ""\n#~ msgstr "Language: ja\\n"\n\nmsgid ""\nmsgstr "Language: ko\\n"\n'
    catalog = parse_po(text, "in.po")
    assert catalog.metadata == {"Language": "ko"}
    assert [(entry.msgid, entry.msgstr, entry.obsolete) for entry in catalog] == [("", "Language: ja\n", True)]


def test_previous_plural_forms_and_flags_print_as_msgcat_prints_them(tmp_path: Path) -> None:
    """#| msgid_plural, a repeated flag, forms given out of order, a plural without forms (issue 22)."""
    plural = new_entry("One cat", msgid_plural="%d cats", msgstr_plural={1: "%d b", 0: "a"})
    plural.previous_msgid, plural.previous_msgid_plural = "One dog", "%d dogs"
    plural.flags = ["c-format", "c-format"]
    catalog = make_catalog(plural)
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    text = render_and_check(catalog, tmp_path)
    assert '#, c-format\n#| msgid "One dog"\n#| msgid_plural "%d dogs"\n' in text
    assert 'msgstr[0] "a"\nmsgstr[1] "%d b"\n' in text
    text = render_and_check(make_catalog(new_entry("One bird", msgid_plural="%d birds")), tmp_path)
    assert 'msgid_plural "%d birds"\nmsgstr[0] ""\n' in text


def test_comments_without_their_space_read_as_msgcat_reads_them(tmp_path: Path) -> None:
    """``#note``, ``#.note``, ``#:file:3``, ``#|msgid`` need no space after the
    mark, and ``#!`` is GNU's old spelling of ``#,`` (issue 22)."""
    text = HEADER + (
        '#note\n#.extracted\n#:stories/a.md:3\n#! fuzzy\nmsgid "a"\nmsgstr "x"\n\n'
        '#|msgid "old"\nmsgid "b"\nmsgstr "y"\n'
    )
    ours = format_catalog(parse_po(text, "in.po"))
    assert ours == _msgcat(text, tmp_path)
    assert '# note\n#. extracted\n#: stories/a.md:3\n#, fuzzy\nmsgid "a"\n' in ours
    assert '#| msgid "old"\nmsgid "b"\n' in ours


def test_the_msgstr_line_is_where_the_translation_is(tmp_path: Path) -> None:
    """Messages about a translation name its msgstr line (a plural's first
    form), not the entry's first comment; an entry read from text has one."""
    text = (
        '# first\n#, fuzzy\nmsgid "a"\nmsgstr "x"\n\n'
        '#. note\nmsgctxt "c"\nmsgid "b"\nmsgid_plural "bs"\nmsgstr[0] "y"\nmsgstr[1] "ys"\n\n'
        'msgid "c"\nmsgstr ""\n"z"\n'
    )
    _msgcat(text, tmp_path)  # GNU reads it
    entries = parse_po(text, "in.po")
    assert [(entry.linenum, entry.msgstr_line, msgstr_line(entry)) for entry in entries] == [
        (1, 4, 4), (6, 10, 10), (13, 14, 14)
    ]


def test_a_plural_entry_has_an_empty_msgstr_as_polib_gives_it() -> None:
    text = HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    (ours,), (polibs,) = parse_po(text, "in.po"), polib.pofile(text)
    assert (ours.msgstr, ours.msgstr_plural) == (polibs.msgstr, polibs.msgstr_plural) == ("", {0: "x", 1: "y"})


def test_an_obsolete_plural_without_forms_is_left_out(tmp_path: Path) -> None:
    """As an obsolete entry with an empty msgstr is (msgcat drops it), one
    made in code with a plural and no forms at all."""
    kept = new_entry("a", msgstr="x")
    empty = new_entry("One cat", msgid_plural="%d cats", obsolete=True)
    assert format_catalog(make_catalog(kept, empty)) == render_and_check(make_catalog(kept), tmp_path)
