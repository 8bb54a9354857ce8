"""The sensitive-details guard of the build: which story × language is
blocked, and the notes that say where, never what.

Three places are looked at (#16): the source story (front matter, body
and the images it shows), every msgstr of each target catalog, and each
file as built, just before it is staged. A finding in the source blocks
every language (untranslated text falls back to the source); a finding in
a catalog or a built file blocks that language. Blocked decisions leave no
trace in the publish folder or the manifest (``site.publish.private``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import polib

from storybridge.checks.sensitive import Guard
from storybridge.checks.sensitive.locate import (
    Located,
    block_reason,
    catalog_findings,
    locate,
)
from storybridge.config import Config
from storybridge.model import Story
from storybridge.project.sensitive import source_findings
from storybridge.site.publish import Decision, block


def note(where: str, item: Located, outcome: str) -> str:
    """One line for the build's log: ``file:line: error: [sensitive] …``."""
    return f"{where}{f':{item.line}' if item.line else ''}: error: [sensitive] {item.message}; {outcome}"


def source_blocks(config: Config, guard: Guard, story: Story, notes: list[str]) -> str | None:
    """The reason every language of ``story`` is blocked, or None."""
    found = source_findings(config, guard, story)
    if not found:
        return None
    notes.extend(note(story.path, item, "the story is not published in any language") for item in found)
    return block_reason(story.path, found)


def catalog_blocks(guard: Guard, catalog: Iterable[polib.POEntry], shown: str, lang: str, notes: list[str]) -> str | None:
    """The reason ``lang`` is blocked by its catalog, or None."""
    found = catalog_findings(guard, catalog)
    if not found:
        return None
    notes.extend(note(shown, item, f"the story is not published in {lang}") for item in found)
    return block_reason(shown, found)


def built_blocks(guard: Guard, shown: str, text: str, lang: str, notes: list[str]) -> str | None:
    """The reason a file as built is not staged, or None."""
    found = locate(guard, text)
    if not found:
        return None
    notes.extend(note(shown, item, f"the story is not published in {lang}") for item in found)
    return block_reason(shown, found)


def apply_blocks(decisions: Sequence[Decision], reasons: dict[str, str]) -> list[Decision]:
    """The decisions with each language in ``reasons`` blocked."""
    return [block(d, reasons[d.lang]) if d.lang in reasons and d.status != "blocked" else d for d in decisions]


BuiltText = Callable[[Decision], str]
"""Renders the file a decision would publish (front matter and body)."""
Explain = Callable[[str], "str | None"]
"""Names, by catalog line, the published translations of a language that
hold a finding (and notes them); None when none does."""


def check_built(guard: Guard, decisions: Sequence[Decision], source_lang: str, render: BuiltText,
                explain: Explain, site_dir: str, notes: list[str]) -> list[Decision]:
    """Every decision whose built file holds a finding, blocked. The
    source language's file is the source, already read; a finding in a
    translation's file is named by its catalog line when a translation
    holds it, else by the built file's line."""
    reasons: dict[str, str] = {}
    for decision in decisions:
        if decision.path is None or decision.status in ("blocked", "pseudo") or decision.lang == source_lang:
            continue
        text = render(decision)
        if not guard.scan(text):
            continue
        reason = explain(decision.lang)
        if reason is None:
            reason = built_blocks(guard, f"{site_dir}/{decision.path}", text, decision.lang, notes)
        if reason is not None:
            reasons[decision.lang] = reason
    return apply_blocks(decisions, reasons)
