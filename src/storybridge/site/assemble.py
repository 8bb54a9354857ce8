"""Story + translations → localized Markdown, by splicing translated text
into the source spans; everything else is copied byte for byte."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polib
import yaml

from storybridge.checks.base import Pseudonym
from storybridge.checks.registry import CheckedEntry, errors_of, places
from storybridge.markdown.front_matter import dump_plain
from storybridge.model import Problem, Segment, Story
from storybridge.po.entry import msgstr_line

# libyaml's emitter is an order of magnitude faster and writes the same bytes
# (tests/test_yaml_speedups.py holds it to that).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A translation the build refused, and why."""

    line: int | None
    """1-based line of the entry's msgstr in its catalog (None when unknown)."""
    msgid: str
    """The source text that stays in place of the refused translation."""
    problems: tuple[Problem, ...]
    """The errors found."""


def usable_translations(
    segments: Sequence[Segment],
    entries: Iterable[polib.POEntry],
    language: str,
    markdown_extensions: tuple[str, ...] = ("extra",),
    pseudonyms: tuple[Pseudonym, ...] = (),
) -> tuple[dict[str, str], list[Rejection]]:
    """Translations the build may publish: translated, not fuzzy, not
    obsolete, and free of errors in every place their msgid stands."""
    modes, in_table = places(segments)
    accepted: dict[str, str] = {}
    rejected: list[Rejection] = []
    for entry in entries:
        if entry.obsolete or not entry.msgstr or "fuzzy" in entry.flags or entry.msgid not in modes:
            continue
        checked = CheckedEntry(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            language=language,
            modes=modes[entry.msgid],
            in_table=entry.msgid in in_table,
            flags=tuple(entry.flags),
            markdown_extensions=markdown_extensions,
            pseudonyms=pseudonyms,
        )
        errors = _errors_once(checked)
        if errors:
            rejected.append(Rejection(msgstr_line(entry), entry.msgid, tuple(errors)))
        else:
            accepted[entry.msgid] = entry.msgstr
    return accepted, rejected


_VERDICTS: dict[CheckedEntry, tuple[Problem, ...]] = {}
VERDICTS_HELD = 20_000
"""Verdicts a process keeps (some MB at most): a paragraph that repeats
across stories (a disclaimer, a recurring quote) is checked once per
translation and per place it stands in, not once per story."""


def _errors_once(checked: CheckedEntry) -> tuple[Problem, ...]:
    """``errors_of``, remembered for this process by everything the checks
    read (msgid, msgstr, flags, language, modes, extensions, pseudonyms): the
    error checks are pure functions of the entry, so a repeat gets the same
    verdict."""
    found = _VERDICTS.get(checked)
    if found is None:
        if len(_VERDICTS) >= VERDICTS_HELD:
            _VERDICTS.clear()
        found = _VERDICTS[checked] = tuple(errors_of(checked))
    return found


def render_translation(segment: Segment, msgstr: str) -> str:
    """The text that replaces a segment's span: each hard-broken line of the
    translation, with the source's break marker and continuation prefix."""
    if segment.mode == "line":
        return msgstr.strip(" \t")
    lines = [line.strip(" \t") for line in msgstr.split("\n")]
    pieces = [lines[0]]
    for line in lines[1:]:
        previous = pieces[-1]
        # A line ending in an odd run of backslashes cannot take a
        # backslash marker: the two would read as one escaped backslash.
        trailing = len(previous) - len(previous.rstrip("\\"))
        marker = "  " if segment.hard_break == "  " or trailing % 2 else "\\"
        pieces.append(f"{marker}\n{segment.continuation}{line}")
    return "".join(pieces)


def splice_body(body: str, segments: Sequence[Segment], translations: Mapping[str, str]) -> str:
    """The body with every translated segment put in place of its source."""
    pieces: list[str] = []
    position = 0
    for segment in sorted((s for s in segments if s.mode != "front-matter"), key=lambda s: s.start):
        msgstr = translations.get(segment.msgid)
        if msgstr is None or msgstr == segment.msgid:
            continue
        pieces.append(body[position : segment.start])
        pieces.append(render_translation(segment, msgstr))
        position = segment.end
    pieces.append(body[position:])
    return "".join(pieces)


def translate_front_matter(
    story: Story, segments: Sequence[Segment], translations: Mapping[str, str]
) -> dict[str, Any]:
    """The source's front matter with translated values in place."""
    front_matter = dict(story.front_matter)
    for segment in segments:
        if segment.mode != "front-matter":
            continue
        value = story.front_matter.get(segment.key)
        if isinstance(value, list):  # tags, categories: one entry per item (issue #15)
            # Each item from the source, so a translation that is another
            # item's source text is not translated again.
            front_matter[segment.key] = [translations.get(item, item) if isinstance(item, str) else item
                                         for item in value]
        else:
            front_matter[segment.key] = translations.get(segment.msgid, segment.msgid)
    return front_matter


def render_front_matter(front_matter: Mapping[str, Any]) -> str:
    """YAML front matter between ``---`` lines, keys in the given order."""
    text = dump_plain(front_matter)
    if text is not None:
        return f"---\n{text}---\n"
    text = yaml.dump(
        dict(front_matter),
        Dumper=SAFE_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1 << 16,
    )
    return f"---\n{text}---\n"
