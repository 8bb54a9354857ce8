"""Every error the PO reader gives, word for word, at its line.

A volunteer sees one line, ``file:line: message``; it must name the right
line and say what is wrong in gettext's terms. tests/po/test_parse.py
checks a few messages by a fragment; a mutation run (issue 22) changed
the others (another message, another line, no message at all) and no test
noticed. Here each is whole, and GNU msgfmt must refuse each text too.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from storybridge.errors import StoryError
from storybridge.po.parse import parse_po

SHOWN = "locale/ko/LC_MESSAGES/river.po"

# name: (PO text, line named, message)
ERRORS: dict[str, tuple[str, int, str]] = {
    # strings.py
    "unterminated": ('msgid "a"\nmsgstr "x\n', 2, "unterminated string"),
    "unterminated continuation": ('msgid "a"\nmsgstr "x"\n"y\n', 3, "unterminated string"),
    "quote inside": (
        'msgid "a"\nmsgstr "say "hi""\n', 2,
        'text after the closing quote: write \\" for a quote inside a translation',
    ),
    "unknown escape": ('msgid "a"\nmsgstr "\\q"\n', 2, "unknown escape sequence \\q"),
    # GNU only warns of this one: a str cannot hold it
    "invalid UTF-8": ('msgid "a"\nmsgstr "\\200"\n', 2, "escaped bytes are not valid UTF-8"),
    # grammar.plain, continued, stray
    "#~ garbage": ('msgid "a"\nmsgstr "x"\n\n#~ garbage\n', 4, "#~ must be followed by a keyword or string"),
    "indented string first": ('  "x"\nmsgid "a"\nmsgstr "x"\n', 1, "string with nothing to continue"),
    "#~ string continues a live entry": ('msgid "a"\nmsgstr "x"\n#~ "y"\n', 3, "inconsistent use of #~"),
    "string first": ('"x"\nmsgid "a"\nmsgstr "x"\n', 1, "string with nothing to continue"),
    "string after #|": ('#| msgid "old"\n"x"\nmsgid "a"\nmsgstr "x"\n', 2, "string with nothing to continue"),
    "string after #~|": (
        '#~| msgid "old"\n"x"\n#~ msgid "a"\n#~ msgstr "x"\n', 2, "string with nothing to continue",
    ),
    "string after #~ msgctxt": ('#~ msgctxt "c"\n"x"\n#~ msgid "a"\n#~ msgstr "x"\n', 2, "inconsistent use of #~"),
    "string after #~ msgstr": ('#~ msgid "a"\n#~ msgstr "x"\n"y"\n', 3, "inconsistent use of #~"),
    "#| string with nothing to continue": ('#| "old"\nmsgid "a"\nmsgstr "x"\n', 1, "string with nothing to continue"),
    # grammar.keyword, previous_keyword
    "unknown keyword": ('msgid "a"\nmsgfoo "x"\n', 2, "not a comment, keyword or string: 'msgfoo \"x\"'"),
    "bad plural index": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[x] "y"\n', 3, "bad plural index in msgstr[x]",
    ),
    "msgid without a string": ("msgid\nmsgstr \"x\"\n", 1, "msgid without a string"),
    "msgstr[0] without a string": ('msgid "a"\nmsgid_plural "b"\nmsgstr[0]\n', 3, "msgstr[0] without a string"),
    "unknown #| keyword": ('#| msgstr "old"\nmsgid "a"\nmsgstr "x"\n', 1, "unknown keyword 'msgstr' after #|"),
    "#| msgid without a string": ("#| msgid\nmsgid \"a\"\nmsgstr \"x\"\n", 1, "msgid without a string"),
    # grammar.misplaced: an entry cut short, named at its last keyword
    "msgctxt twice": ('msgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "x"\n', 1, "msgctxt without msgid after it"),
    "msgctxt at the end": ('msgid "a"\nmsgstr "x"\n\nmsgctxt "c"\n', 4, "msgctxt without msgid after it"),
    "msgid without msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr "x"\n', 1, "msgid without msgstr after it"),
    "msgid_plural without forms": (
        'msgid "a"\nmsgid_plural "b"\n\nmsgid "c"\nmsgstr "x"\n', 2, "msgid_plural without msgstr[0] after it",
    ),
    "#| msgctxt without #| msgid": (
        '#| msgctxt "c"\nmsgid "a"\nmsgstr "x"\n', 1, "#| msgctxt without #| msgid after it",
    ),
    "#| msgctxt before msgctxt": (
        '#| msgctxt "c"\nmsgctxt "d"\nmsgid "a"\nmsgstr "x"\n', 1, "#| msgctxt without #| msgid after it",
    ),
    "#| lines at the end": ('msgid "a"\nmsgstr "x"\n\n#| msgid "old"\n', 4, "#| lines without msgid after them"),
    # grammar.misplaced: a keyword out of order, named at its own line
    "form without plural": ('msgid "a"\nmsgstr[0] "x"\n', 2, "msgstr[0] without msgid_plural"),
    "form after msgstr": ('msgid "a"\nmsgstr "x"\nmsgstr[0] "y"\n', 3, "msgstr[0] without msgid_plural"),
    "second form first": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "y"\n', 3, "msgstr[1] out of order, expected msgstr[0]",
    ),
    "third form second": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4,
        "msgstr[2] out of order, expected msgstr[1]",
    ),
    "fourth form third": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[3] "z"\n', 5,
        "msgstr[3] out of order, expected msgstr[2]",
    ),
    "form first": ('msgstr[0] "x"\nmsgid "a"\nmsgstr "x"\n', 1, "msgstr[0] before msgid"),
    "msgstr after msgid_plural": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr "x"\n', 3, "msgstr after msgid_plural, expected msgstr[0]",
    ),
    "msgstr after a form": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr "y"\n', 4, "msgstr after msgstr[0]",
    ),
    "msgstr after the second form": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr "z"\n', 5, "msgstr after msgstr[1]",
    ),
    "msgstr first": ('msgstr "x"\nmsgid "a"\nmsgstr "x"\n', 1, "msgstr before msgid"),
    "msgid_plural after msgstr": (
        'msgid "a"\nmsgstr "x"\nmsgid_plural "b"\n', 3, "msgid_plural not right after msgid",
    ),
    "comment after #|": ('#| msgid "old"\n#. note\nmsgid "a"\nmsgstr "x"\n', 2, "comment between #| lines and msgid"),
    "#| msgid_plural alone": (
        '#| msgid_plural "old"\nmsgid "a"\nmsgstr "x"\n', 1, "#| lines out of order, or without #| msgid",
    ),
    "#| msgctxt after #| msgid": (
        '#| msgid "old"\n#| msgctxt "c"\nmsgid "a"\nmsgstr "x"\n', 2, "#| lines out of order, or without #| msgid",
    ),
    # parse: #~ on some lines of an entry only, duplicates
    "#~ msgid, live msgstr": ('#~ msgid "a"\nmsgstr "x"\n', 2, "inconsistent use of #~"),
    "duplicate": ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 4, "duplicate msgid, first defined on line 1"),
    "duplicate with context": (
        '#. note\nmsgctxt "c"\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "x"\n\nmsgctxt "c"\nmsgid "a"\nmsgstr "y"\n',
        10, "duplicate msgid, first defined on line 3",
    ),
    # issue 22, by hand: Unicode spaces other than GNU's blanks are text, not blanks
    "no-break space before the quote": (
        'msgctxt\u00a0"c"\nmsgid "a"\nmsgstr "x"\n', 1, "not a comment, keyword or string: 'msgctxt\\xa0\"c\"'",
    ),
    "no-break space after #~": ('#~\u00a0msgid "a"\n#~ msgstr "x"\n', 1, "#~ must be followed by a keyword or string"),
    "no-break space after the string": (
        'msgid "a"\nmsgstr "x"\u00a0\n', 2, 'text after the closing quote: write \\" for a quote inside a translation',
    ),
    "no-break space before a #| string": (
        '#| msgid\u00a0"old"\nmsgid "a"\nmsgstr "x"\n', 1, "unknown keyword 'msgid\\xa0' after #|",
    ),
    "no-break space indenting a string": (
        'msgid "a"\nmsgstr "x"\n \u00a0"y"\n', 3, "not a comment, keyword or string: '\\xa0\"y\"'",
    ),
    "unit separator indenting a string": (
        'msgid "a"\nmsgstr "x"\n\x1f"y"\n', 3, "not a comment, keyword or string: '\\x1f\"y\"'",
    ),
    # issue 22, by hand: keyword spellings
    "escaped closing quote": ('msgid "a"\nmsgstr "ab\\"\n', 2, "unterminated string"),
    "msgid and two words": ('msgid a b\nmsgstr "x"\n', 1, "msgid without a string"),
    "#| msgid and two words": ('#| msgid a b\nmsgid "a"\nmsgstr "x"\n', 1, "msgid without a string"),
    "msgstr[0 without its bracket": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0 "x"\n', 3, "not a comment, keyword or string: 'msgstr[0 \"x\"'",
    ),
    "#| m and a string": ('#| m"x"\nmsgid "a"\nmsgstr "x"\n', 1, "unknown keyword 'm' after #|"),
    # issue 22, by hand: errors on #| lines
    "msgstr after #| msgctxt": ('#| msgctxt "c"\nmsgstr "x"\n', 2, "msgstr before msgid"),
    "#| msgid after msgctxt": ('msgctxt "c"\n#| msgid "old"\nmsgid "a"\nmsgstr "x"\n', 1, "msgctxt without msgid after it"),
    "#| line live in an obsolete entry": (
        '#~| msgctxt "c"\n#| msgid "old"\n#~ msgid "a"\n#~ msgstr "x"\n', 2, "inconsistent use of #~",
    ),
    "#| msgid unterminated": ('#| msgid "old\nmsgid "a"\nmsgstr "x"\n', 1, "unterminated string"),
    "#| continuation unterminated": ('#| msgid "old"\n#| "b\nmsgid "a"\nmsgstr "x"\n', 2, "unterminated string"),
    # issue 22, the full run: the fast paths for the usual lines must refuse what the slow one does
    "msgstr and a lone quote": ('msgid "a"\nmsgstr "\n', 2, "unterminated string"),
    "a lone quote continuing": ('msgid "a"\nmsgstr ""\n"\n', 3, "unterminated string"),
    "quote inside a continuation": (
        'msgid "a"\nmsgstr ""\n"say "hi""\n', 3,
        'text after the closing quote: write \\" for a quote inside a translation',
    ),
    "indented continuation unterminated": ('msgid "a"\nmsgstr ""\n  "x\n', 3, "unterminated string"),
    "#~ continuation unterminated": ('#~ msgid "a"\n#~ msgstr ""\n#~ "x\n', 3, "unterminated string"),
    "no-break space after a #| string": (
        '#| msgid "old"\u00a0\nmsgid "a"\nmsgstr "x"\n', 1,
        'text after the closing quote: write \\" for a quote inside a translation',
    ),
    "no-break space before a #| keyword": (
        '#|\u00a0msgid "old"\nmsgid "a"\nmsgstr "x"\n', 1, "unknown keyword '\\xa0msgid' after #|",
    ),
    # garbage: a long line is cut to 37 characters and "..."
    "garbage of 40": ('msgid "a"\nmsgstr "x"\n' + "g" * 40 + "\n", 3, f"not a comment, keyword or string: '{'g' * 40}'"),
    "garbage of 41": (
        'msgid "a"\nmsgstr "x"\n' + "g" * 41 + "\n", 3, f"not a comment, keyword or string: '{'g' * 37}...'",
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_the_error_names_its_line_and_says_what_is_wrong(name: str) -> None:
    text, line, message = ERRORS[name]
    with pytest.raises(StoryError) as raised:
        parse_po(text, SHOWN)
    assert str(raised.value) == f"{SHOWN}:{line}: {message}"
    assert (raised.value.path, raised.value.line, raised.value.message) == (SHOWN, line, message)


@pytest.mark.parametrize("name", sorted(set(ERRORS) - {"invalid UTF-8"}))
def test_gnu_msgfmt_refuses_each_text_too(tmp_path: Path, name: str) -> None:
    path = tmp_path / "river.po"
    path.write_text(ERRORS[name][0], encoding="utf-8")
    done = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode != 0, done.stderr
