"""The registry of checks, and running them over an entry or a whole catalog.

``CHECKS`` names every check with its severity; ``storybridge check`` runs
them all, and ``build`` refuses any entry with an error, so a translation
can change text but never the story's structure or safety. Adding a check
is one module with a function that yields messages and one line here."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import polib

from storybridge.checks.base import SETTINGS, CatalogVerdicts, Check, CheckedEntry, EntryVerdicts, Finding
from storybridge.checks.block_break import check_block_break
from storybridge.checks.fuzzy import check_fuzzy
from storybridge.checks.glossary import check_glossary
from storybridge.checks.language import check_language, check_script, check_unchanged
from storybridge.checks.markup import check_link_target, check_markdown
from storybridge.checks.mdx import check_mdx
from storybridge.checks.numbers import check_numbers, check_tags
from storybridge.checks.pseudonym import check_pseudonym
from storybridge.checks.punctuation import check_punctuation, check_whitespace
from storybridge.checks.raw_html import check_raw_html
from storybridge.checks.sensitive.check import check_sensitive
from storybridge.model import Problem, Segment
from storybridge.po.entry import msgstr_line

if TYPE_CHECKING:
    from storybridge.checks.base import Pseudonym
    from storybridge.checks.sensitive import Guard

# fmt: off
CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("block-break", "error", check_block_break, "the translation would open a block (heading, list, quote, fence, blank line …)"),
        Check("raw-html", "error", check_raw_html, "raw HTML, an entity-encoded tag, an attribute list or a script URL the source lacks"),
        Check("markdown", "error", check_markdown, "links, images, emphasis, strong or code spans differ from the source's", ("markdown_extensions",)),
        Check("link-target", "error", check_link_target, "a link, image or autolink target that the source does not have"),
        Check("script", "error", check_script, "a Korean sentence in Chinese characters, or a Chinese one in Hangul"),
        Check("sensitive", "error", check_sensitive, "a private entry, contact, ID or location detail (never silenced by a flag)", ("sensitive",)),
        Check("pseudonym", "error", check_pseudonym, "a pseudonym rendered other than the glossary agreed, or with a surname", ("pseudonyms",)),
        Check("mdx", "error", check_mdx, "a line starting with import or export, which MDX sites run as code, that the source lacks"),
        Check("language", "warning", check_language, "the text is not in the catalog's language"),
        Check("unchanged", "warning", check_unchanged, "the translation equals the source (names, numbers and URLs aside)"),
        Check("numbers", "warning", check_numbers, "a number of the source is missing"),
        Check("tags", "warning", check_tags, "a #hashtag or @handle of the source is missing"),
        Check("punctuation", "warning", check_punctuation, "sentence-end or full-/half-width punctuation that does not fit the language"),
        Check("whitespace", "warning", check_whitespace, "leading or trailing whitespace differs, or doubled spaces"),
        Check("glossary", "warning", check_glossary, "a glossary term's agreed translation is missing", ("glossary",)),
        Check("fuzzy", "note", check_fuzzy, "the entry is still marked fuzzy"),
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
    verdicts: EntryVerdicts | None = None,
) -> list[Problem]:
    """Every problem the selected checks find in one entry; a PO flag
    ``ignore-<check>`` on the entry silences that check there, unless it is
    an error: the build refuses those whatever the flags say, and the
    report must not promise otherwise. With ``verdicts``, a check whose
    verdict on this very entry is remembered is not run again."""
    problems: list[Problem] = []
    views: dict[tuple[str, ...], CheckedEntry] = {}
    for name in CHECKS if selected is None else selected:
        check = CHECKS[name]
        if (
            honor_flags
            and check.severity != "error"
            and f"ignore-{name}" in entry.flags
        ):
            continue
        messages = None if verdicts is None else verdicts.recall(name)
        if messages is None:
            view = views.get(check.settings)
            if view is None:
                view = views[check.settings] = seen_by(entry, check.settings)
            messages = tuple(check.function(view))
            if verdicts is not None:
                verdicts.remember(name, messages)
        problems.extend(Problem(name, check.severity, message) for message in messages)
    return problems


_DEFAULTS = {name: field.default for field in dataclasses.fields(CheckedEntry) if (name := field.name) in SETTINGS}


def seen_by(entry: CheckedEntry, settings: tuple[str, ...]) -> CheckedEntry:
    """``entry`` as a check that reads only ``settings`` sees it: the other
    settings at their defaults. A check cannot depend on a setting its
    cache key leaves out."""
    if all(name in settings or getattr(entry, name) == default for name, default in _DEFAULTS.items()):
        return entry
    # Made directly: dataclasses.replace costs four times as much, once per entry and check group.
    return CheckedEntry(entry.msgid, entry.msgstr, entry.language, entry.modes, entry.in_table, entry.flags,
                        **{name: getattr(entry, name) for name in settings})


def _short_digest(text: str) -> str:
    return base64.b64encode(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).digest()).decode()


def entry_key(entry: CheckedEntry) -> str:
    """A digest of what every check reads of the entry itself (text, flags,
    language, places), the same for the same entry in any catalog."""
    return _short_digest(repr((entry.language, entry.msgid, entry.msgstr, sorted(entry.modes), entry.in_table, entry.flags)))


_SETTING_PRINTS: dict[str, Callable[[Any], str]] = {
    "glossary": repr,
    "markdown_extensions": repr,
    # The guard's repr hides its entries; its digest covers them.
    "sensitive": lambda guard: "" if guard is None else guard.digest(),
    "pseudonyms": repr,
}


def check_salts(entry: CheckedEntry) -> dict[str, str]:
    """Each check's part of its verdicts' key, in registry order: its name
    and a digest of the settings it reads (a glossary change alters the
    glossary check's salt and no other)."""
    prints = {name: _SETTING_PRINTS[name](getattr(entry, name)) for name in SETTINGS}
    return {
        name: _short_digest(repr((name, check.severity, [prints[setting] for setting in check.settings])))
        for name, check in CHECKS.items()
    }


def errors_of(entry: CheckedEntry) -> list[Problem]:
    """The problems that keep an entry out of the published story.

    ``ignore-`` flags do not apply here: a volunteer may silence advice, but
    never publish text that breaks the story's structure or safety.
    """
    return check_entry(entry, ERROR_CHECKS, honor_flags=False)


def check_catalog(
    segments: Sequence[Segment],
    catalog: Iterable[polib.POEntry],
    language: str,
    shown: str,
    glossary: tuple[tuple[str, str], ...] = (),
    selected: Iterable[str] | None = None,
    markdown_extensions: tuple[str, ...] = ("extra",),
    sensitive: Guard | None = None,
    pseudonyms: tuple[Pseudonym, ...] = (),
    verdicts: CatalogVerdicts | None = None,
) -> list[Finding]:
    """Findings of the selected checks over every translated or fuzzy entry
    of one catalog; untranslated and obsolete entries have nothing to check.
    With a ``sensitive`` guard, what the findings quote is masked: another
    check's message may cite the text, and a msgid may hold a name. With
    ``verdicts``, what a check found in an unchanged entry is reused."""
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
            markdown_extensions=markdown_extensions,
            sensitive=sensitive,
            pseudonyms=pseudonyms,
        )
        problems = check_entry(checked, names, verdicts=None if verdicts is None else verdicts.entry(checked))
        if sensitive is not None and problems:
            msgid = sensitive.redact(entry.msgid)
            problems = [Problem(p.check, p.severity, sensitive.redact(p.message)) for p in problems]
        else:
            msgid = entry.msgid
        findings.extend(Finding(shown, msgstr_line(entry) or 0, language, msgid, problem) for problem in problems)
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
