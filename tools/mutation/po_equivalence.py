"""Evidence for the PO mutants RESULTS.md calls equivalent.

A surviving mutant is equivalent when no input tells it from the original.
For the PO reader that can be tried: each mutant named here is applied to
its module's source in memory (the repository is not touched), and the
original and the mutated ``parse_po`` read the same corpus, the
repository's catalogs, every text of tests/po/test_parse_errors.py and
some 40,000 texts made of random PO lines (seeded), some of them
grammatical. A mutant passes when every text gives the same entries (every
field), header and metadata, or the same error, word for word; for a
mutant of the writer (``format.py``), every catalog read must be written
alike, wrapped and ``no-wrap``.

    python tools/mutation/po_equivalence.py              # a few minutes on one core
    python tools/mutation/po_equivalence.py --controls   # five real mutants: each must differ

This shows no difference was found, which is evidence, not proof: the
sentence in RESULTS.md says why none can be. A mutant whose replacement
text is no longer in the source (the code changed) is reported as stale.
"""

from __future__ import annotations

import random
import sys
import types
from pathlib import Path

from storybridge.errors import StoryError

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "src" / "storybridge" / "po"

KEYWORD_END = 'if quote < 0:\n        raise StoryError(shown, lineno, f"{keyword} without a string")\n    return kind\n'
PREVIOUS_END = 'if quote < 0:\n        raise StoryError(shown, lineno, f"{keyword} without a string")\n    return kind, quote'
SHORT_REF = 'self._references(line[3:] if line[2:3] == " " else line[2:])'
KEYWORD_FAST = """if line[-1] != '"' or '"' in body or "\\\\" in body or (not body"""

# (mutmut's name, module, text, replacement): the mutant as mutmut made it.
MUTANTS: list[tuple[str, str, str, str]] = [
    ("_Reader.__init__ 4", "parse", "self.keyword_line = self.msgid_line = 0", "self.keyword_line = self.msgid_line = None"),
    ("_Reader.__init__ 5", "parse", "self.keyword_line = self.msgid_line = 0", "self.keyword_line = self.msgid_line = 1"),
    ("_Reader._comment_line 37", "parse", SHORT_REF, SHORT_REF.replace('if line[2:3] == " "', 'if (line[2:3] == " ") and False')),
    ("_Reader._comment_line 40", "parse", SHORT_REF, SHORT_REF.replace("line[2:3]", "line[3:3]")),
    ("_Reader._comment_line 41", "parse", SHORT_REF, SHORT_REF.replace("line[2:3]", "line[2:4]")),
    ("_Reader._comment_line 43", "parse", SHORT_REF, SHORT_REF.replace('== " "', '== "XX XX"')),
    ("_Reader._entry 43", "parse", "if state >= STRN else {}),", "if (state >= STRN) or True else {}),"),
    ("_Reader._keyword_line 2", "parse", """if line[:8] == 'msgstr "':""", """if line[:9] == 'msgstr "':"""),
    ("_Reader._keyword_line 4", "parse", """if line[:8] == 'msgstr "':""", """if line[:8] == 'XXmsgstr "XX':"""),
    ("_Reader._keyword_line 5", "parse", """if line[:8] == 'msgstr "':""", """if line[:8] == 'MSGSTR "':"""),
    ("_Reader._keyword_line 8", "parse", """elif line[:7] == 'msgid "':""", """elif line[:8] == 'msgid "':"""),
    ("_Reader._keyword_line 10", "parse", """elif line[:7] == 'msgid "':""", """elif line[:7] == 'XXmsgid "XX':"""),
    ("_Reader._keyword_line 11", "parse", """elif line[:7] == 'msgid "':""", """elif line[:7] == 'MSGID "':"""),
    ("_Reader._keyword_line 47", "parse",
     "elif state != (kind - 1 if kind > STRN else PLURAL):\n            misplaced(kind, state, self.keyword_line, shown, lineno)",
     "elif state != (kind - 1 if kind > STRN else PLURAL):\n            misplaced(kind, state, None, shown, lineno)"),
    ("_Reader._keyword_line 67", "parse", KEYWORD_FAST, KEYWORD_FAST.replace("line[-1]", "line[+1]")),
    ("_Reader._keyword_line 70", "parse", KEYWORD_FAST, KEYWORD_FAST.replace("""line[-1] != '"'""", """line[-1] != 'XX"XX'""")),
    ("_Reader._keyword_line 75", "parse", "(not body and quote == len(line) - 1)", "(not body or quote == len(line) - 1)"),
    ("_Reader._new_entry 1", "parse", "self.start = 0\n", "self.start = None\n"),
    ("_Reader._new_entry 3", "parse", "self.msgstr_line = 0\n", "self.msgstr_line = None\n"),
    ("_Reader._new_entry 10", "parse", 'self.current = ""\n', "self.current = None\n"),
    ("_Reader._new_entry 11", "parse", 'self.current = ""\n', 'self.current = "XXXX"\n'),
    ("_Reader._new_entry 12", "parse", "self.continues = False\n", "self.continues = None\n"),
    ("_Reader._references 7", "parse", 'name, colon, number = refs.rpartition(":")', 'name, colon, number = refs.partition(":")'),
    ("_Reader._references 8", "parse", 'name, colon, number = refs.rpartition(":")', 'name, colon, number = refs.rpartition("XX:XX")'),
    ("_Reader.read_line 26", "parse", """if line[-1] != '"' or line == '"'""", """if line[-1] != 'XX"XX' or line == '"'"""),
    ("_Reader.read_line 45", "parse", 'if c < "!" or', 'if c <= "!" or'),
    ("_Reader.read_line 46", "parse", 'if c < "!" or', 'if c < "XX!XX" or'),
    ("_Reader.read_line 47", "parse", '(c == "#" and line[1:2] == "~")', '(c == "#" or line[1:2] == "~")'),
    ("_Reader.read_line 88", "parse", 'if self.state >= STR and (c == "#" or', 'if self.state >= STR and (c == "XX#XX" or'),
    ("_Reader.finish 6", "parse",
     "misplaced(END, self.state, self.keyword_line, self.shown, self.keyword_line)",
     "misplaced(END, self.state, self.keyword_line, self.shown, None)"),
    ("keyword 6", "grammar", "line[:quote].rstrip(_BLANKS) if quote > 0", "line[:quote].rstrip(_BLANKS) if quote >= 0"),
    ("keyword 7", "grammar", "line[:quote].rstrip(_BLANKS) if quote > 0", "line[:quote].rstrip(_BLANKS) if quote > 1"),
    ("keyword 10", "grammar", "line.split(None, 1)[0]", "line.split(None, )[0]"),
    ("keyword 12", "grammar", "line.split(None, 1)[0]", "line.split(None, 2)[0]"),
    ("keyword 48", "grammar", KEYWORD_END, KEYWORD_END.replace("quote < 0", "quote <= 0")),
    ("keyword 49", "grammar", KEYWORD_END, KEYWORD_END.replace("quote < 0", "quote < 1")),
    ("previous_keyword 10", "grammar", "rest[:quote].rstrip(_BLANKS) if quote > 0", "rest[:quote].rstrip(_BLANKS) if quote >= 0"),
    ("previous_keyword 14", "grammar", "rest.split(None, 1)[0]", "rest.split(None, )[0]"),
    ("previous_keyword 16", "grammar", "rest.split(None, 1)[0]", "rest.split(None, 2)[0]"),
    ("previous_keyword 27", "grammar", PREVIOUS_END, PREVIOUS_END.replace("quote < 0", "quote <= 0")),
    ("previous_keyword 28", "grammar", PREVIOUS_END, PREVIOUS_END.replace("quote < 0", "quote < 1")),
    ("read_string 11", "strings", "if len(token) < 2 or", "if len(token) <= 2 or"),
    ("read_string 12", "strings", "if len(token) < 2 or", "if len(token) < 3 or"),
    ("read_string 13", "strings", "token[-1] != '\"' or '\"' in body", "token[+1] != '\"' or '\"' in body"),
    ("read_string 16", "strings", "token[-1] != '\"' or '\"' in body", "token[-1] != 'XX\"XX' or '\"' in body"),
    ("read_string 56", "strings", 'body.count("\\\\n")', 'body.count("XX\\\\nXX")'),
    ("_unescape 1", "strings", "has_bytes = False\n\n", "has_bytes = None\n\n"),
    ("_unescape 2", "strings", "has_bytes = False\n\n", "has_bytes = True\n\n"),
    ("_unescape 52", "strings", 'text.encode("utf-8", "surrogateescape")', 'text.encode("UTF-8", "surrogateescape")'),
    ("_unescape 56", "strings", '.decode("utf-8")', '.decode("UTF-8")'),
    # the writer: every catalog read is written with and without wrapping
    ("format_catalog 1", "format", 'wrap: str = "msgcat"', 'wrap: str = "XXmsgcatXX"'),
    ("format_catalog 2", "format", 'wrap: str = "msgcat"', 'wrap: str = "MSGCAT"'),
    ("format_catalog 12", "format", '        msgid="",\n        msgstr="".join(', '        msgstr="".join('),
    ("_first_msgstr 4", "format", "min(entry.msgstr_plural, key=int)", "min(entry.msgstr_plural, key=None)"),
    ("_first_msgstr 6", "format", "min(entry.msgstr_plural, key=int)", "min(entry.msgstr_plural, )"),
    ("_format_entry 1", "format", "polib.POEntry, fill: bool = True)", "polib.POEntry, fill: bool = False)"),
    ("_msgstrs 9", "format", "sorted(msgstr_plural, key=lambda item: int(item[0]))", "sorted(msgstr_plural, key=None)"),
    ("_msgstrs 11", "format", "sorted(msgstr_plural, key=lambda item: int(item[0]))", "sorted(msgstr_plural, )"),
    ("_references 30", "format", "(len(ref) if ref.isascii() else", "(len(ref) if (ref.isascii()) and False else"),
    ("_references 35", "format", "if column > 2 and column + size > PAGE_WIDTH:", "if column > 3 and column + size > PAGE_WIDTH:"),
    ("_flags_line 2", "format", "fuzzy = False\n", "fuzzy = None\n"),
]

# Mutants that are not equivalent, to show the check can tell (--controls).
CONTROLS: list[tuple[str, str, str, str]] = [
    ("control: _keyword_line 60", "parse", "body = line[quote + 1 : -1]", "body = line[quote - 1 : -1]"),
    ("control: _references wrapping", "format", "if column > 2 and column + size > PAGE_WIDTH:",
     "if column > 60 and column + size > PAGE_WIDTH:"),
    ("control: _msgstrs reversed", "format", "sorted(msgstr_plural, key=lambda item: int(item[0]))",
     "sorted(msgstr_plural, key=lambda item: -int(item[0]))"),
    ("control: read_string", "strings", 'body.count("\\\\n")', 'body.count("\\\\t")'),
    ("control: keyword", "grammar", "line.split(None, 1)[0]", "line.split(None, 1)[-1]"),
]

FRAGMENTS = [
    'msgid "a"', 'msgid "b"', 'msgid ""', 'msgstr "x"', 'msgstr ""', 'msgstr "', 'msgid "', 'msgctxt "c"',
    'msgid_plural "p"', 'msgstr[0] "f"', 'msgstr[1] "g"', 'msgstr[2] "h"', 'msgstr[0]"f"', 'msgid"a"', 'msgstr"x"',
    '"y"', '"', '""', '"a"b"', '"z\\n"', '"\\t\\303\\251"', '  "k"', '\t"k"', '#~ msgid "a"', '#~ msgstr "x"',
    '#~ "y"', '#~| msgid "o"', '#| msgid "o"', '#| msgctxt "pc"', '#| msgid_plural "op"', '#| "q"', '#|msgid "o"',
    '#. e', '#.e', '#: a.md:1 b.md:2', '#:a.md:1', '#: a.md', '#:  a.md:3', '#: a:b:c', '#: a.md:x', '#, fuzzy',
    '#,fuzzy, c-format', '#! fuzzy', '# t', '#t', '#', '!x', ' ', 'garbage', 'msgfoo "x"', 'msgstr[x] "y"', 'msgid',
    'msgid a b', 'msgstr "a\\"', '"Language: ko\\n"', 'm~x', '#~', '#~ ', '\u00a0"x"', 'msgstr "x"\u00a0',
    'msgid "a" ', 'msgstr  "x"', 'msgstr\t"x"', 'm"x"', '#| m"x"', '#| msgid', 'msgstr[0 "x"',
    "#: " + " ".join(f"stories/s{n}.md:{n}" for n in range(1, 30)), "#: " + " ".join(f"이야기/{n}.md:{n}" for n in range(1, 20)),
    "#: " + "a" * 90 + ".md:1 b.md:2", "#, fuzzy, c-format, fuzzy, no-wrap",
]
ESCAPES = ["\\n", "\\t", "\\303\\251", "\\x41", '\\"', "\\\\", "\\a\\b", "\\200", "\\q", "\\1011", "a\\", '"', "",
           "\\n\\n", "\\xe9", "\\303"]


def corpus() -> list[str]:
    """The texts both readers get."""
    sys.path.insert(0, str(ROOT / "tests" / "po"))
    from test_parse_errors import ERRORS

    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("**/*.po", "**/*.pot")
        for path in sorted(ROOT.glob(pattern))
        if not {".mutation", ".venv"} & set(path.parts)
    ]
    texts += [text for text, _, _ in ERRORS.values()]
    rng = random.Random(22)
    for _ in range(30_000):
        lines = [rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12))]
        texts.append(rng.choice(["\n", "\n\n", "\r\n", "\r"]).join(lines) + rng.choice(["", "\n"]))
    for _ in range(10_000):
        texts.append(_grammatical(rng))
    for escape in ESCAPES:
        for line in ('msgstr "%s"', 'msgstr "%s" ', 'msgstr "%s"\t', 'msgstr "%s"x'):
            texts.append('msgid "a"\n' + line % escape + "\n")
            texts.append('msgid "a"\nmsgstr ""\n' + (line % escape)[7:] + "\n")
    return texts


def _grammatical(rng: random.Random) -> str:
    """A catalog of a few entries in GNU's order, most of them readable."""
    out = []
    for n in range(rng.randint(1, 5)):
        obsolete = rng.random() < 0.2
        mark = "#~ " if obsolete else ""
        if rng.random() < 0.5:
            out.append(rng.choice(["# t", "#t", "#. e", "#.e", "#: a.md:1", "#:a.md:1 b", "#, fuzzy", "#! c-format"]))
        if rng.random() < 0.3:
            refs = [f"{rng.choice(['s', '이야기', 'stories/long-name'])}/{k}.md:{k}" for k in range(rng.randint(1, 25))]
            out.append("#: " + " ".join(refs))
        if rng.random() < 0.3:
            out.append(("#~| " if obsolete else "#| ") + 'msgid "o"')
        if rng.random() < 0.3:
            out.append(f'{mark}msgctxt "c{n}"')
        out.append(f'{mark}msgid "m{n}"' + rng.choice(["", f'\n{mark}"more"']))
        if rng.random() < 0.3:
            out.append(f'{mark}msgid_plural "ps"')
            forms = ["", "f", "f\\n"]
            out += [f'{mark}msgstr[{k}] "{rng.choice(forms)}"' for k in range(rng.randint(1, 3))]
        else:
            out.append(mark + rng.choice(['msgstr ""', 'msgstr "x"', 'msgstr"x"', 'msgstr "x\\"y"', f'msgstr ""\n{mark}"z"']))
        out.append("")
    return "\n".join(out)


def _load(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)  # noqa: S102 - our own source, mutated
    return module


def _reading(module: types.ModuleType, text: str, writer: types.ModuleType | None = None) -> tuple[object, ...]:
    try:
        catalog = module.parse_po(text, "x.po")
    except StoryError as error:
        return ("error", str(error))
    except Exception as error:  # a crash is a difference too
        return ("crash", type(error).__name__)
    entries = [sorted(vars(entry).items(), key=str) for entry in catalog]
    if writer is not None:
        written = (writer.format_catalog(catalog), writer.format_catalog(catalog, "no-wrap"))
        return ("written", *written)
    return ("read", catalog.header, list(catalog.metadata.items()), catalog.metadata_is_fuzzy, entries)


def main(mutants: list[tuple[str, str, str, str]]) -> int:
    sources = {name: (PO / f"{name}.py").read_text(encoding="utf-8") for name in ("parse", "grammar", "strings", "format")}
    texts = corpus()
    original = _load(sources["parse"], "parse_original")
    expected = [_reading(original, text) for text in texts]
    writer = _load(sources["format"], "format_original")
    written = [_reading(original, text, writer) for text in texts]
    print(f"{len(texts)} texts: {sum(r[0] == 'read' for r in expected)} read, "
          f"{sum(r[0] == 'error' for r in expected)} refused")
    differing = 0
    for name, module, old, new in mutants:
        source = sources[module]
        if source.count(old) != 1:
            print(f"{name}: stale (its text is not in {module}.py once)")
            differing += 1
            continue
        if module == "format":
            mutated_writer = _load(source.replace(old, new), f"format_{name}")
            found = [text for text, w in zip(texts, written) if _reading(original, text, mutated_writer) != w]
            differing += bool(found)
            print(f"{name}: " + (f"DIFFERS on {len(found)} texts, e.g. {found[0]!r}" if found else "same on every text"))
            continue
        qualified = f"storybridge.po.{module}"
        saved = sys.modules[qualified]
        if module != "parse":  # parse imports the mutated module's functions
            sys.modules[qualified] = _load(source.replace(old, new), qualified)
        try:
            parse_source = sources["parse"].replace(old, new) if module == "parse" else sources["parse"]
            mutated = _load(parse_source, f"parse_{name}")
        finally:
            sys.modules[qualified] = saved
        found = [text for text, reading in zip(texts, expected) if _reading(mutated, text) != reading]
        differing += bool(found)
        print(f"{name}: " + (f"DIFFERS on {len(found)} texts, e.g. {found[0]!r}" if found else "same on every text"))
    return 1 if differing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--controls"]:  # each must differ: exit 1 is the expected outcome
        sys.exit(main(CONTROLS))
    sys.exit(main(MUTANTS))
