"""The ``markdown`` and ``link-target`` checks: the same inline markup and no new link targets,
as markdown-it-py and Python-Markdown read them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry, added
from storybridge.markdown.inline import dense, inventory, markup_count, python_markdown_kinds
from storybridge.markdown.linear_links import MAX_NESTING, too_deep

# --- markdown --------------------------------------------------------------


def _too_deep(text: str) -> bool:
    return ("[" in text or "(" in text) and too_deep(text)


def check_markdown(entry: CheckedEntry) -> Iterator[str]:
    """Links, images, emphasis, strong and code spans as many as the
    source's, and code spans exactly the source's: a translation changes
    words, never formatting or code."""
    if dense(entry.msgstr, entry.msgid):
        # Read unparsed: no translation holds that much markup, and the
        # parsers would take seconds over it (issue 13).
        yield (
            f"has {markup_count(entry.msgstr)} markup characters (* _ ` [ ] < > ! \\ & ~ {{ }} line breaks), "
            f"the source {markup_count(entry.msgid)}: keep the same formatting as the source"
        )
        return
    if _too_deep(entry.msgstr) and not _too_deep(entry.msgid):
        # Both readers take time quadratic in bracket depth (markdown-it-py's
        # link labels, Python-Markdown's targets); no translation needs it.
        yield f"nests brackets or parentheses over {MAX_NESTING} deep, which the source does not"
        return
    source, target = inventory(entry.msgid), inventory(entry.msgstr)
    if sorted(source.kinds) != sorted(target.kinds):
        want, have = Counter(source.kinds), Counter(target.kinds)
        named = list(_link_problems(entry.msgid, entry.msgstr, source.targets, target.targets))
        yield from named
        if named:  # each missing link is named by its text instead of counted
            del want["link"], have["link"]
        yield from _differences(want, have, "")
    else:  # Python-Markdown's reading matters only where CommonMark's agrees
        extensions = entry.markdown_extensions
        want, have = python_markdown_kinds(entry.msgid, extensions), python_markdown_kinds(entry.msgstr, extensions)
        if sorted(want) != sorted(have):
            yield from _differences(
                Counter(want), Counter(have), " as Python-Markdown reads them"
            )
    stray = _stars(entry.msgstr) - _stars(entry.msgid) if "*" in entry.msgstr else 0
    if stray > 0 and sorted(source.kinds) == sorted(target.kinds):
        yield (
            f"has {stray} '*' the source does not have, which would show as is: "
            "remove it, or make the same bold or italic text as the source"
        )
    if source.code_spans == target.code_spans:
        return
    for code in sorted(
        (Counter(source.code_spans) - Counter(target.code_spans)).keys()
    ):
        yield f"changes or drops the code span `{code[:40]}` (code stays exactly as in the source)"


_WORDS = {
    "strong": ("bold text", "**bold**"),
    "emphasis": ("italic text", "*italic*"),
    "link": ("link", "[text](target)"),
    "image": ("image", "![text](source)"),
    "code span": ("code span", "`code`"),
    "autolink": ("web address in <…>", "<https://…>"),
    "reference link": ("reference link", "[text][label]"),
    "strikethrough": ("struck-through text", "~~text~~"),
}
"""What translators call each kind of markup, and how it is written."""


def _differences(want: Counter[str], have: Counter[str], how: str) -> Iterator[str]:
    for kind in sorted(want.keys() | have.keys()):
        if want[kind] != have[kind]:
            noun, written = _WORDS.get(kind, (kind, kind))
            plural = "" if want[kind] == 1 else ("es" if noun.endswith("ss") else "s")
            yield (
                f"the source has {want[kind]} {noun}{plural} ({written}), the translation "
                f"{have[kind]}{how}: keep the same formatting as the source"
            )


_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s)>]*)[^)]*\)")
_SPACED_LINK = re.compile(r"\][ \t]+\(")
_CODE = re.compile(r"(`+).*?\1", re.DOTALL)


def _link_problems(msgid: str, msgstr: str, want: tuple[str, ...], have: tuple[str, ...]) -> Iterator[str]:
    """Each link of the source the translation lacks, named by its text."""
    missing = Counter(want) - Counter(have)
    for match in _LINK.finditer(msgid):
        bang, text, target = match.groups()
        if bang or not missing[target]:
            continue
        missing[target] -= 1
        if _SPACED_LINK.search(msgstr) and target in msgstr:
            yield f"the link '{text[:40]}' is broken: remove the space between ] and ("
        else:
            yield f"the link '{text[:40]}' ({target[:60]}) is missing or broken: write it as [text]({target[:60]})"


def _stars(text: str) -> int:
    """Unescaped ``*`` outside code spans."""
    text = _CODE.sub("", text).replace("\\\\", "").replace("\\*", "")
    return text.count("*")


# --- link-target -----------------------------------------------------------

# Python-Markdown finds links where CommonMark does not ("[a](b c)", a
# "<x@y>" mail link), so destinations are also read the way it reads them.
_LOOSE_DESTINATION = re.compile(r"\]\(\s*<?([^\s)>]*)")
_LOOSE_AUTOLINK = re.compile(
    r"<((?:https?|ftp)://[^<>]*)>|<([^<> !]+@[^@<> ]+)>", re.IGNORECASE
)


def check_link_target(entry: CheckedEntry) -> Iterator[str]:
    """Every link, image and autolink target is one the source has."""
    if not _MAY_HOLD_TARGET.search(entry.msgstr) or dense(entry.msgstr, entry.msgid):
        return  # a dense text is the markdown check's to refuse, unread
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
    return added(Counter(target), Counter(source))


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
