"""Quality checks over catalog entries: each a small function yielding problems.

The registry ``CHECKS`` names every check with its severity; ``storybridge
check`` runs them all, and ``build`` refuses any entry with an error, so a
translation can change text but never the story's structure or safety.
The error checks live here; the advisory ones (warnings, infos) in
``advice.py``. ``check_catalog`` runs them over one catalog, for the
command line and for reports that count problems per story and language.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polib

from storybridge.checks import advice
from storybridge.markdown.inline import inventory, python_markdown_kinds
from storybridge.model import Problem, Segment

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """What a check needs to know about one translated entry."""

    msgid: str
    """The source text."""
    msgstr: str
    """The translation under test."""
    language: str
    """The catalog's language (``ko``, ``zh_Hans``, ``en`` …)."""
    modes: frozenset[str] = frozenset({"flow"})
    """How the entry is spliced back (see ``Segment.mode``): one msgid can
    stand in several places, and each place's rules apply."""
    in_table: bool = False
    """True when the entry is a table cell."""
    flags: tuple[str, ...] = ()
    """The entry's PO flags, e.g. ``fuzzy`` or ``ignore-numbers``."""
    glossary: tuple[tuple[str, str], ...] = field(default=())
    """Agreed (source term, translation) pairs for the catalog's language."""


CheckFunction = Callable[[CheckedEntry], Iterator[str]]

# --- block-break -----------------------------------------------------------

_BLOCK_STARTS = [
    (re.compile(r"#{1,6}(?:[ \t]|$)"), "starts a heading"),
    (re.compile(r">"), "starts a block quote"),
    (re.compile(r"[-+*](?:[ \t]|$)"), "starts a list item"),
    (re.compile(r"\d{1,9}[.)](?:[ \t]|$)"), "starts a numbered list item"),
    (re.compile(r"(?:`{3,}|~{3,})"), "opens a code fence"),
    (
        re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$"),
        "is a thematic break",
    ),
    (re.compile(r"(?:=+|-+)[ \t]*$"), "turns the text into a heading"),
    (
        re.compile(
            r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|\|?[ \t]*:?-+:?[ \t]*\|[ \t]*$"
        ),
        "starts a table",
    ),
    (
        re.compile(
            r"<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)|"
            r"</?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
            r"details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|"
            r"head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|"
            r"option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)"
            r"(?:[ \t>]|/>|$)",
            re.IGNORECASE,
        ),
        "starts an HTML block",
    ),
]
# Python-Markdown, the renderer many sites use, reads these on any line of
# a paragraph, where CommonMark sees only text: a heading needs no space
# after its '#', and definitions need no blank line before them.
_PYTHON_MARKDOWN_STARTS = [
    (
        re.compile(r"#"),
        "starts with '#', which Python-Markdown reads as a heading (write '\\#')",
    ),
    (
        re.compile(r"\*?\[[^\]]*\]:"),
        "becomes a reference, footnote or abbreviation definition",
    ),
    (
        re.compile(r":[ \t]"),
        "starts a definition for Python-Markdown's definition lists",
    ),
]
_FIRST_LINE_ONLY = [
    (
        re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$"),
        "starts an HTML block",
    ),
]


def check_block_break(entry: CheckedEntry) -> Iterator[str]:
    """A translation must not open a block its source text does not have."""
    text = entry.msgstr
    if "\r" in text:
        yield "contains a carriage return"
    for char in sorted(
        set(_CONTROL.findall(text)) - set(_CONTROL.findall(entry.msgid))
        if _CONTROL.search(text)
        else ()
    ):
        # Python-Markdown uses U+0002 and U+0003 as placeholders and drops
        # them, so "\x03#" would start a heading there.
        yield f"contains the control character U+{ord(char):04X}"
    lines = text.split("\n")
    if "line" in entry.modes and len(lines) > 1:
        yield "has a line break where the source must stay on one line"
    elif "flow" in entry.modes and len(lines) > 1 and "\n" not in entry.msgid:
        yield "has a line break where the source has none (it would become a hard line break)"
    if entry.in_table and _UNESCAPED_PIPE.search(text):
        yield "has a '|' that would split the table cell (write '\\|')"
    if entry.in_table and Counter(_BACKTICKS.findall(text)) != Counter(
        _BACKTICKS.findall(entry.msgid)
    ):
        # Python-Markdown pairs backticks across the whole row, so a stray
        # one here swallows the pipes up to a backtick in another cell.
        yield "has backticks the source cell does not have, which split the table row differently"
    if "flow" not in entry.modes and "line" not in entry.modes:
        return
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if not stripped:
            yield "has a blank line, which would start a new paragraph"
            continue
        if stripped[0] not in _BLOCK_FIRST_CHARACTERS:
            continue
        rules = (
            _BLOCK_STARTS
            + _PYTHON_MARKDOWN_STARTS
            + (_FIRST_LINE_ONLY if number == 0 else [])
        )
        for pattern, what in rules:
            if pattern.match(stripped) and not _starts_same(
                entry.msgid, number, pattern
            ):
                place = (
                    "the translation"
                    if number == 0
                    else f"line {number + 1} of the translation"
                )
                yield f"{place} {what}: {stripped[:20]!r}"
                break


_BLOCK_FIRST_CHARACTERS = frozenset("#>-+*0123456789`~_=|:<[")
"""The characters every rule above starts with: a line beginning otherwise
opens no block, and most lines are spared a dozen patterns."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BACKTICKS = re.compile(r"\\?`+")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _starts_same(msgid: str, number: int, pattern: re.Pattern[str]) -> bool:
    lines = msgid.split("\n")
    return number < len(lines) and pattern.match(lines[number].strip(" \t")) is not None


# --- raw-html --------------------------------------------------------------

# Both renderers turn these into links, so link-target judges them, not raw-html.
_AUTOLINK = re.compile(
    r"<(?:https?|ftp)://[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>", re.IGNORECASE
)
_RAW_TAG = re.compile(
    r"<\s*/?\s*[A-Za-z][^<>]*>?|<!--.*?(?:-->|$)|<[?!][^<>]*>?", re.DOTALL
)
# Python-Markdown's attr_list ("extra") sets any attribute, onclick included,
# from "{: ...}" after an element or at the end of a block.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*[^}\n ][^}\n]*\}")
_SCRIPT_URL = re.compile(
    r"\b(?:java|vb|live)script\s*:|\bdata\s*:\s*(?:[a-z][\w.+-]*/[\w.+-]+|[;,])",
    re.IGNORECASE,
)


def check_raw_html(entry: CheckedEntry) -> Iterator[str]:
    """No raw HTML, encoded tag, attribute list or script URL that the source
    text lacks. Code spans are not exempt: their content must equal the
    source's anyway (see ``markdown``), and renderers disagree on where a
    code span starts once backslashes are involved."""
    source, target = entry.msgid, entry.msgstr
    # Each finding needs its own character in the translation: most
    # entries have none and are spared the patterns.
    if "<" in target or "&" in target:
        raw_source, raw_target = (
            Counter(_html_pieces(source)),
            Counter(_html_pieces(target)),
        )
        for piece in _added(raw_target, raw_source):
            yield f"adds raw HTML {piece[:40]!r}"
        if "&" in target:
            encoded_source = Counter(_html_pieces(_decoded(source))) - raw_source
            encoded_target = Counter(_html_pieces(_decoded(target))) - raw_target
            for piece in _added(encoded_target, encoded_source):
                yield f"adds an entity-encoded tag {piece[:40]!r}"
    if "{" in target:
        for found in _added(
            Counter(_attribute_lists(target)), Counter(_attribute_lists(source))
        ):
            yield f"adds an attribute list {found[:40]!r}, which sets HTML attributes in Python-Markdown"
    if ":" in target or "&" in target:
        urls = list(_script_urls(target))
        if urls:
            for found in _added(Counter(urls), Counter(_script_urls(source))):
                yield f"adds a {found!r} URL"


def _added(target: Counter[str], source: Counter[str]) -> list[str]:
    """What ``target`` has more of than ``source``, in a stable order."""
    return sorted((target - source).keys())


def _html_pieces(text: str) -> Iterable[str]:
    # A backslash does not make a tag safe: Python-Markdown cannot escape '<'.
    text = _AUTOLINK.sub(" ", text)
    for match in _RAW_TAG.finditer(text):
        yield re.sub(r"\s+", " ", match.group())


def _decoded(text: str) -> str:
    """``text`` with HTML entities decoded until none is left, as a careless
    second decoding downstream would see it."""
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _attribute_lists(text: str) -> Iterable[str]:
    return (
        re.sub(r"\s+", " ", match.group()) for match in _ATTRIBUTE_LIST.finditer(text)
    )


_URL_BREAKERS = re.compile(r"[\t\n\r\\]")


def _script_urls(text: str) -> Iterable[str]:
    # Browsers drop tabs and newlines inside a URL, and entities are decoded
    # in link destinations, so "java&#x09;script:" is still a script URL.
    if "&" in text:
        text = _decoded(text)
    if _URL_BREAKERS.search(text):
        text = _URL_BREAKERS.sub("", text)
    for match in _SCRIPT_URL.finditer(text):
        yield re.match(r"[A-Za-z]+", match.group()).group().lower() + ":"  # type: ignore[union-attr]


# --- markdown --------------------------------------------------------------


def check_markdown(entry: CheckedEntry) -> Iterator[str]:
    """Links, images, emphasis, strong and code spans as many as the
    source's, and code spans exactly the source's: a translation changes
    words, never formatting or code."""
    source, target = inventory(entry.msgid), inventory(entry.msgstr)
    if sorted(source.kinds) != sorted(target.kinds):
        yield from _differences(Counter(source.kinds), Counter(target.kinds), "")
    else:  # Python-Markdown's reading matters only where CommonMark's agrees
        want, have = python_markdown_kinds(entry.msgid), python_markdown_kinds(entry.msgstr)
        if sorted(want) != sorted(have):
            yield from _differences(
                Counter(want), Counter(have), " as Python-Markdown reads them"
            )
    if source.code_spans == target.code_spans:
        return
    for code in sorted(
        (Counter(source.code_spans) - Counter(target.code_spans)).keys()
    ):
        yield f"changes or drops the code span `{code[:40]}` (code stays exactly as in the source)"


def _differences(want: Counter[str], have: Counter[str], how: str) -> Iterator[str]:
    for kind in sorted(want.keys() | have.keys()):
        if want[kind] != have[kind]:
            yield f"{kind}: {have[kind]} in the translation, {want[kind]} in the source{how}"


# --- link-target -----------------------------------------------------------

# Python-Markdown finds links where CommonMark does not ("[a](b c)", a
# "<x@y>" mail link), so destinations are also read the way it reads them.
_LOOSE_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)")
_LOOSE_AUTOLINK = re.compile(
    r"<((?:https?|ftp)://[^<>]*)>|<([^<> !]+@[^@<> ]+)>", re.IGNORECASE
)


def check_link_target(entry: CheckedEntry) -> Iterator[str]:
    """Every link, image and autolink target is one the source has."""
    if not _MAY_HOLD_TARGET.search(entry.msgstr):
        return
    added = _added_targets(_targets(entry.msgstr), _targets(entry.msgid))
    if not added:
        added = _added_targets(
            _loose_targets(entry.msgstr), _loose_targets(entry.msgid)
        )
    for target in added:
        yield f"adds the link target {target[:60]!r}, which the source does not have"


_MAY_HOLD_TARGET = re.compile(r"\]|<")
"""What every link, image, reference and autolink ends or starts with."""


def _added_targets(target: list[str], source: list[str]) -> list[str]:
    if not target or sorted(target) == sorted(source):
        return []
    return _added(Counter(target), Counter(source))


def _targets(text: str) -> list[str]:
    found = inventory(text)
    return [*found.targets, *(f"[{label}]" for label in found.references)]


def _loose_targets(text: str) -> list[str]:
    found = [match.group(1) for match in _LOOSE_DESTINATION.finditer(text)]
    found.extend(
        match.group(1) or f"mailto:{match.group(2)}"
        for match in _LOOSE_AUTOLINK.finditer(text)
    )
    return found


# --- registry --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """A named check with its severity."""

    name: str
    severity: Severity
    function: CheckFunction
    rule: str = ""
    """One line for ``storybridge check --list`` and the README."""


# fmt: off
CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("block-break", "error", check_block_break, "the translation would open a block (heading, list, quote, fence, blank line …)"),
        Check("raw-html", "error", check_raw_html, "raw HTML, an entity-encoded tag, an attribute list or a script URL the source lacks"),
        Check("markdown", "error", check_markdown, "links, images, emphasis, strong or code spans differ from the source's"),
        Check("link-target", "error", check_link_target, "a link, image or autolink target that the source does not have"),
        Check("language", "warning", advice.check_language, "the text is not in the catalog's language"),
        Check("unchanged", "warning", advice.check_unchanged, "the translation equals the source (names, numbers and URLs aside)"),
        Check("numbers", "warning", advice.check_numbers, "a number of the source is missing"),
        Check("tags", "warning", advice.check_tags, "a #hashtag or @handle of the source is missing"),
        Check("punctuation", "warning", advice.check_punctuation, "sentence-end or full-/half-width punctuation that does not fit the language"),
        Check("whitespace", "warning", advice.check_whitespace, "leading or trailing whitespace differs, or doubled spaces"),
        Check("glossary", "warning", advice.check_glossary, "a glossary term's agreed translation is missing"),
        Check("fuzzy", "info", advice.check_fuzzy, "the entry is still marked fuzzy"),
    )
}
# fmt: on


ERROR_CHECKS = tuple(name for name, check in CHECKS.items() if check.severity == "error")
"""The checks whose findings keep an entry out of the published story."""


def check_entry(
    entry: CheckedEntry,
    selected: Iterable[str] | None = None,
    *,
    honor_flags: bool = True,
) -> list[Problem]:
    """Every problem the selected checks find in one entry; a PO flag
    ``ignore-<check>`` on the entry silences that check there, unless it is
    an error: the build refuses those whatever the flags say, and the
    report must not promise otherwise."""
    problems: list[Problem] = []
    for name in CHECKS if selected is None else selected:
        check = CHECKS[name]
        if (
            honor_flags
            and check.severity != "error"
            and f"ignore-{name}" in entry.flags
        ):
            continue
        problems.extend(
            Problem(name, check.severity, message) for message in check.function(entry)
        )
    return problems


def errors_of(entry: CheckedEntry) -> list[Problem]:
    """The problems that keep an entry out of the published story.

    ``ignore-`` flags do not apply here: a volunteer may silence advice, but
    never publish text that breaks the story's structure or safety.
    """
    return check_entry(entry, ERROR_CHECKS, honor_flags=False)


# --- catalogs --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in one catalog entry, located for an editor."""

    file: str
    """The catalog as printed, e.g. ``locale/ko/LC_MESSAGES/garden.po``."""
    line: int
    """1-based line where the entry starts (polib's ``linenum``)."""
    language: str
    """The catalog's language."""
    msgid: str
    """The entry's source text."""
    problem: Problem
    """What is wrong."""


def check_catalog(
    segments: Sequence[Segment],
    catalog: Iterable[polib.POEntry],
    language: str,
    shown: str,
    glossary: tuple[tuple[str, str], ...] = (),
    selected: Iterable[str] | None = None,
) -> list[Finding]:
    """Findings of the selected checks over every translated or fuzzy entry
    of one catalog; untranslated and obsolete entries have nothing to check."""
    names = tuple(CHECKS if selected is None else selected)
    modes, in_table = places(segments)
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete or not entry.msgstr:
            continue
        checked = CheckedEntry(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            language=language,
            modes=modes.get(entry.msgid, frozenset({"flow"})),
            in_table=entry.msgid in in_table,
            flags=tuple(entry.flags),
            glossary=glossary,
        )
        findings.extend(
            Finding(shown, entry.linenum, language, entry.msgid, problem)
            for problem in check_entry(checked, names)
        )
    return findings


def places(segments: Sequence[Segment]) -> tuple[dict[str, frozenset[str]], set[str]]:
    """How each msgid is spliced back (one msgid may stand in several
    places) and which msgids are table cells."""
    modes: dict[str, set[str]] = defaultdict(set)
    in_table: set[str] = set()
    for segment in segments:
        modes[segment.msgid].add(segment.mode)
        if segment.in_table:
            in_table.add(segment.msgid)
    return {msgid: frozenset(kinds) for msgid, kinds in modes.items()}, in_table
