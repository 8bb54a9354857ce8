"""parse_po() reads catalogs as polib does where polib is right, and as GNU does.

The oracles: polib's own reading of the same text for the fields it gets
right, format_catalog() for the round trip (parse, render again, the same
bytes), GNU msgfmt for what must be refused, and the line each error names.
"""

from __future__ import annotations

import json

import subprocess
from pathlib import Path

import polib
import pytest
from conftest import DATA, run, snapshot
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_format import RARE_CHARS, STORY_CHARS, full_header, story_text

from storybridge.errors import StoryError
from storybridge.po.format import format_catalog
from storybridge.po.entry import new_entry
from storybridge.po.parse import parse_po

LOCALE = Path(__file__).parents[2] / "locale"
SHIPPED = sorted(LOCALE.rglob("*.po")) + sorted(LOCALE.rglob("*.pot"))
BAD = DATA / "bad"

ENTRY_FIELDS = (
    "msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "obsolete",
    "comment", "tcomment", "occurrences", "flags", "linenum",
    "previous_msgctxt", "previous_msgid", "previous_msgid_plural",
)  # fmt: skip


def assert_same_as_polib(ours: polib.POFile, text: str) -> None:
    """Every field of every entry equals polib's reading of ``text``.

    Except what polib forgets: the ``#~|`` lines of obsolete entries (it
    skips them, so their previous strings and first line differ).
    """
    theirs = polib.pofile(text)
    assert ours.header == theirs.header
    assert list(ours.metadata.items()) == list(theirs.metadata.items())
    assert ours.metadata_is_fuzzy == theirs.metadata_is_fuzzy
    assert len(ours) == len(theirs)
    for mine, polibs in zip(ours, theirs):
        assert type(mine) is polib.POEntry
        # the attributes POEntry() sets, then the line of the msgstr (for messages)
        assert list(vars(mine)) == [*vars(polibs), "msgstr_line"]
        forgotten = mine.obsolete and (
            mine.previous_msgid is not None or mine.previous_msgctxt is not None
        )
        for field in ENTRY_FIELDS:
            if forgotten and (field.startswith("previous_") or field == "linenum"):
                continue
            value, expected = getattr(mine, field), getattr(polibs, field)
            if field == "obsolete":  # polib says 1 and 0
                expected = bool(expected)
            assert value == expected, (field, mine.linenum, value, expected)
        if not forgotten:
            assert str(mine) == str(polibs)  # polib's own rendering agrees too
    assert ours.percent_translated() == theirs.percent_translated()


# -- the shipped catalogs ---------------------------------------------------


@pytest.mark.parametrize(
    "path", SHIPPED, ids=lambda path: str(path.relative_to(LOCALE))
)
def test_shipped_catalog_reads_as_polib_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    catalog = parse_po(text, str(path))
    assert format_catalog(catalog) == text
    assert_same_as_polib(catalog, text)
    assert catalog.wrapwidth == 79


# -- generated catalogs -----------------------------------------------------

FLAGS = ["fuzzy", "python-format", "no-wrap", "ignore-numbers", "markdown-text"]
# No colon: "a:12" with no line number reads back as file "a", line "12".
PATH_CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789/._-가나")
# Characters polib reads differently from GNU: it takes the splitlines()
# separators for line ends, and knows no \a escape.
POLIB_BLIND = set("\u2028\u2029\x85\x1c\x1d\x1e\a")
ESCAPED = list('\\"\n\t\r\a\b\f\v')


def _comment_chars(chars: list[str], polib_safe: bool) -> list[str]:
    """A comment ends at a newline (and a CRLF one at its CR); polib's
    splitlines() also ends it at other controls and separators."""
    if polib_safe:
        return [c for c in chars if c.isprintable() or c == "\t"]
    return [c for c in chars if c not in "\n\r"]


def comment_text(
    chars: list[str], polib_safe: bool, blank_lines: bool
) -> st.SearchStrategy[str]:
    """Comment lines; polib drops trailing white space and blank ``#.`` lines."""
    line = st.text(alphabet=chars, max_size=40)
    if polib_safe:  # polib also forgets blank lines before the first
        line = line.filter(
            lambda s: s == s.rstrip() and (blank_lines or s.strip() != "")
        )
        lines = st.lists(line, min_size=1, max_size=3).filter(
            lambda lines: lines[0] != ""
        )
    else:
        lines = st.lists(line, min_size=1, max_size=3)
    return lines.map("\n".join)


@st.composite
def entries(draw: st.DrawFn, chars: list[str], polib_safe: bool) -> polib.POEntry:
    """One entry with any of the fields GNU writes, maybe obsolete or plural."""
    text = story_text(chars)
    comment_chars = _comment_chars(chars, polib_safe)
    entry = polib.POEntry(
        msgctxt=draw(st.none() | text),
        msgid=draw(text),
        tcomment=draw(st.just("") | comment_text(comment_chars, polib_safe, True)),
        comment=draw(st.just("") | comment_text(comment_chars, polib_safe, False)),
        occurrences=draw(
            st.lists(
                st.tuples(
                    st.text(alphabet=PATH_CHARS, min_size=1, max_size=30),
                    st.sampled_from(["", "1", "12", "400"]),
                ),
                max_size=6,
            )
        ),
        flags=draw(st.lists(st.sampled_from(FLAGS), max_size=3, unique=True)),
        obsolete=draw(st.booleans()),
    )
    if draw(st.booleans()):
        entry.msgid_plural = draw(text)
        forms = draw(st.lists(st.just("") | text, min_size=1, max_size=3))
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = draw(st.just("") | text)
    if draw(st.booleans()):
        entry.previous_msgid = draw(text)
        entry.previous_msgctxt = draw(st.none() | text)
        if draw(st.booleans()):
            entry.previous_msgid_plural = draw(text)
    return entry


def catalogs(chars: list[str], polib_safe: bool) -> st.SearchStrategy[polib.POFile]:
    def build(args: tuple[list[polib.POEntry], str, bool]) -> polib.POFile:
        items, header, fuzzy = args
        catalog = polib.POFile()
        catalog.header = header
        catalog.metadata = full_header()
        catalog.metadata_is_fuzzy = ["fuzzy"] if fuzzy else []
        catalog.extend(items)
        return catalog

    comment_chars = _comment_chars(chars, polib_safe)
    return st.tuples(
        st.lists(
            entries(chars, polib_safe),
            min_size=1,
            max_size=12,
            unique_by=lambda entry: (entry.msgctxt, entry.msgid),
        ),
        st.just("") | comment_text(comment_chars, polib_safe, True),
        st.booleans(),
    ).map(build)


@settings(max_examples=100, deadline=None)
@given(catalogs(STORY_CHARS + RARE_CHARS * 2 + ESCAPED * 2 + ["\x85", "\u2029"], False))
def test_generated_catalog_survives_parse_and_render(catalog: polib.POFile) -> None:
    text = format_catalog(catalog)
    assert format_catalog(parse_po(text, "generated.po")) == text


@settings(max_examples=100, deadline=None)
@given(
    catalogs(
        [c for c in STORY_CHARS + RARE_CHARS + ESCAPED if c not in POLIB_BLIND], True
    )
)
def test_generated_catalog_reads_as_polib_reads_it(catalog: polib.POFile) -> None:
    text = format_catalog(catalog)
    parsed = parse_po(text, "generated.po")
    assert format_catalog(parsed) == text
    assert_same_as_polib(parsed, text)


# -- what polib loses and GNU keeps -----------------------------------------

OBSOLETE_WITH_PREVIOUS = """\
msgid ""
msgstr ""
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Kept"
msgstr "유지"

# kept for reuse
#, fuzzy
#~| msgctxt "old context"
#~| msgid ""
#~| "A previous msgid long enough to be wrapped over two lines by msgcat, as "
#~| "GNU does."
#~ msgctxt "front matter"
#~ msgid "apple"
#~ msgid_plural "apples"
#~ msgstr[0] "사과"
"""


def test_obsolete_previous_strings_survive_a_round_trip(tmp_path: Path) -> None:
    catalog = parse_po(OBSOLETE_WITH_PREVIOUS, "ko.po")
    gone = catalog[1]
    assert gone.obsolete and gone.linenum == 9 and gone.tcomment == "kept for reuse"
    assert gone.previous_msgctxt == "old context"
    assert gone.previous_msgid == (
        "A previous msgid long enough to be wrapped over two lines by msgcat, as GNU does."
    )
    assert (gone.msgctxt, gone.msgid, gone.msgid_plural) == (
        "front matter",
        "apple",
        "apples",
    )
    assert gone.msgstr_plural == {0: "사과"} and gone.flags == ["fuzzy"]
    assert format_catalog(catalog) == OBSOLETE_WITH_PREVIOUS
    path = tmp_path / "ko.po"  # and GNU prints it the same, so it is its form
    path.write_text(OBSOLETE_WITH_PREVIOUS, encoding="utf-8")
    catted = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    assert catted.stdout.decode("utf-8") == OBSOLETE_WITH_PREVIOUS


def test_escapes_are_undone_as_gnu_does() -> None:
    text = 'msgid "a"\nmsgstr "\\a\\b\\f\\v\\r\\t\\n\\\\\\" caf\\303\\251 \\x41\\x4142 \\1011"\n'
    assert parse_po(text, "x.po")[0].msgstr == '\a\b\f\v\r\t\n\\" café AB A1'


def test_comments_keep_what_polib_drops() -> None:
    text = (
        "#  two spaces, one kept \n#\n#.  extracted\n#.\n#. second\n"
        '#:a.md:3 b.md c:d.md:7\n#,fuzzy, no-wrap\nmsgid "x"\nmsgstr "y"\n'
    )
    entry = parse_po(text, "x.po")[0]
    assert entry.tcomment == " two spaces, one kept \n"
    assert entry.comment == " extracted\n\nsecond"
    assert entry.occurrences == [("a.md", "3"), ("b.md", ""), ("c:d.md", "7")]
    assert entry.flags == ["fuzzy", "no-wrap"]


def test_entry_line_is_its_first_line() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n'
        'msgid "bare"\nmsgstr "a"\n\n'
        '#. commented\nmsgctxt "c"\nmsgid "x"\nmsgstr "b"\n'
        'msgctxt "no blank line before"\nmsgid "y"\nmsgstr "c"\n\n'
        '#| msgid "older"\nmsgid "z"\nmsgstr "d"\n'
    )
    assert [entry.linenum for entry in parse_po(text, "x.po")] == [5, 8, 12, 16]


def test_crlf_bom_and_indentation_read_as_gnu_reads_them() -> None:
    plain = '# note\nmsgid "a"\nmsgstr ""\n"b"\n'
    odd = '\ufeff# note\r\n  msgid "a"\r\n\tmsgstr ""  \r\n   "b"\r\n'
    (expected,), (entry,) = parse_po(plain, "x.po"), parse_po(odd, "x.po")
    assert vars(entry) == vars(expected)


def test_cr_only_text_reads_as_its_lf_twin() -> None:
    """Old Mac line ends. GNU takes a lone CR for a blank, so after the first
    comment it reads the rest of such a file as that comment and finds no
    entries; we read the lines (and po.guard refuses a file read as empty)."""
    text = '# note\nmsgid "a"\nmsgstr ""\n"b"\n\nmsgid "c"\nmsgstr "d"\n'
    assert [vars(entry) for entry in parse_po(text.replace("\n", "\r"), "x.po")] == [
        vars(entry) for entry in parse_po(text, "x.po")
    ]


def test_empty_text_is_an_empty_catalog() -> None:
    catalog = parse_po("", "x.po")
    assert len(catalog) == 0 and catalog.metadata == {} and catalog.header == ""


# -- what must be refused ---------------------------------------------------

BAD_CATALOGS = {
    "broken-catalog.po": (7, "not a comment, keyword or string"),
    "duplicate-msgid.po": (17, "duplicate msgid, first defined on line 12"),
    "forms-out-of-order.po": (13, "msgstr[1] out of order, expected msgstr[0]"),
    "forms-without-plural.po": (12, "msgstr[0] without msgid_plural"),
    "garbage-line.po": (
        14,
        "not a comment, keyword or string: 'this line is not gettext'",
    ),
    "invalid-utf8-escape.po": (13, "escaped bytes are not valid UTF-8"),
    "missing-msgstr.po": (12, "msgid without msgstr"),
    "mixed-obsolete.po": (11, "inconsistent use of #~"),
    "msgstr-before-msgid.po": (12, "msgstr before msgid"),
    "plural-without-forms.po": (13, "msgstr after msgid_plural, expected msgstr[0]"),
    "stray-string.po": (12, "string with nothing to continue"),
    "text-after-quote.po": (13, "text after the closing quote"),
    "unknown-escape.po": (13, "unknown escape sequence \\q"),
    "unterminated-continuation.po": (16, "unterminated string"),
    "unterminated-string.po": (13, "unterminated string"),
}


@pytest.mark.parametrize("name", sorted(BAD_CATALOGS))
def test_bad_catalog_is_refused_at_its_line(name: str) -> None:
    line, message = BAD_CATALOGS[name]
    shown = f"locale/ko/LC_MESSAGES/{name}"
    with pytest.raises(StoryError) as raised:
        parse_po((BAD / name).read_text(encoding="utf-8"), shown)
    assert (raised.value.path, raised.value.line) == (shown, line)
    assert message in raised.value.message
    assert str(raised.value).startswith(f"{shown}:{line}: ")


# GNU reads bytes and only warns about an escape that breaks UTF-8; we read
# text, which cannot hold such a string.
@pytest.mark.parametrize("name", sorted(set(BAD_CATALOGS) - {"invalid-utf8-escape.po"}))
def test_gnu_msgfmt_refuses_them_too(name: str) -> None:
    done = subprocess.run(
        ["msgfmt", "-o", "/dev/null", str(BAD / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0, done.stderr


# Entries in GNU's order, and lines that may break it: shuffled together,
# they must be refused exactly when GNU msgfmt refuses them.
SHAPES = [
    ["#. ex", 'msgid "a"', 'msgstr "x"'],
    ['msgctxt "c"', 'msgid "a"', 'msgstr "x"', '"more"'],
    ["#, fuzzy", '#| msgctxt "oc"', '#| msgid "old"', 'msgid "a"', 'msgid_plural "p"']
    + ['msgstr[0] "y"', 'msgstr[1] "z"'],
    ["# note", '#~| msgid "old"', '#~ msgid "a"', '#~ msgstr "x"', '#~ "more"'],
]
LINES = [
    'msgid "a"', 'msgstr "x"', 'msgctxt "c"', 'msgid_plural "p"', 'msgstr[0] "y"',
    'msgstr[1] "z"', '"more"', "# note", "#. ex", "#: f.md:1", "#, fuzzy", '#| msgid "old"',
    '#| msgctxt "oc"', '#| msgid_plural "ops"', '#| "more"', '#~ msgid "a"', '#~ msgstr "x"',
    '#~ "more"', '#~| msgid "old"', '#~ msgstr[0] "y"', "", "", '  msgstr "x"', 'msgid ""',
]  # fmt: skip


@st.composite
def mixed_lines(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for k in range(draw(st.integers(1, 4))):  # each entry its own msgid
        shape = draw(st.sampled_from(SHAPES))
        lines += [line.replace('"a"', f'"a{k}"') for line in shape] + [""]
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        if lines and draw(st.booleans()):
            del lines[min(at, len(lines) - 1)]
        else:
            lines.insert(at, draw(st.sampled_from(LINES)))
    return "\n".join(lines) + "\n"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mixed_lines())
def test_refused_exactly_when_gnu_msgfmt_refuses(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mixed.po"
    path.write_text(text, encoding="utf-8")
    gnu = subprocess.run(
        ["msgfmt", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        parse_po(text, "mixed.po")
    except StoryError:
        assert gnu.returncode != 0, text
    else:
        # GNU also refuses an obsolete entry that repeats another msgid.
        assume(not ("duplicate message definition" in gnu.stderr and "#~" in text))
        assert gnu.returncode == 0, (text, gnu.stderr)


def test_unterminated_msgstr_blocks_its_language_and_changes_nothing(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgid "The garden"') + 1
    assert lines[at] == 'msgstr ""'
    lines[at] = 'msgstr "정원'  # polib would read "정" and lose the rest
    path.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(project)
    result = run("build", project=project)
    assert result.exit_code == 1
    expected = f"locale/ko/LC_MESSAGES/garden.po:{at + 1}: error: unterminated string"
    assert result.output.strip().splitlines()[-1] == expected
    # the rest is built as before, and the blocked language's file stays
    after = snapshot(project)
    for kept in ("site/ko/garden.md", "locale/ko/LC_MESSAGES/garden.po"):
        assert after[kept] == before[kept]
    ko = json.loads(after["site/manifest.json"][0])["stories"][0]["languages"]["ko"]
    assert ko["status"] == "blocked" and "site/ko/garden.md" not in str(ko)


def test_new_entry_is_what_polib_makes() -> None:
    """Entries made without polib's constructor hold the same attributes,
    in the same order, as polib's own (so they compare and copy alike)."""
    fields = dict(msgid="x", msgctxt="c", occurrences=[("a.md", "1")], comment="note", flags=["fuzzy"])
    polib_entry, ours = polib.POEntry(**fields), new_entry(**fields)  # type: ignore[arg-type]
    assert list(vars(ours).items()) == list(vars(polib_entry).items())
    assert list(vars(new_entry("y")).items()) == list(vars(polib.POEntry(msgid="y")).items())
