"""The registry of checks, and running them over an entry or a whole catalog.

``CHECKS`` names every check with its severity; ``storybridge check`` runs
them all, and ``build`` refuses any entry with an error, so a translation
can change text but never the story's structure or safety. Adding a check
is one module with a function that yields messages and one line here."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from storybridge.checks.base import SETTINGS, CatalogVerdicts, Check, CheckedEntry, EntryVerdicts, Finding
from storybridge.model import Problem, Segment

if TYPE_CHECKING:
    import polib

    from storybridge.checks.base import Pseudonym
    from storybridge.checks.sensitive import Guard


class _Imported:
    """A check function named by module and attribute, imported on its
    first call: knowing the checks (``--list``, the settings' validation,
    a warm ``status`` that reuses every verdict) does not load the
    libraries they judge with (Python-Markdown, phonenumbers …)."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def resolve(self) -> Callable[[CheckedEntry], Iterator[str]]:
        function: Callable[[CheckedEntry], Iterator[str]] = getattr(
            importlib.import_module(f"storybridge.checks.{self.module}"), self.name)
        return function

    def __call__(self, entry: CheckedEntry) -> Iterator[str]:
        return self.resolve()(entry)

    def __repr__(self) -> str:
        return f"storybridge.checks.{self.module}.{self.name}"


_FUNCTIONS: dict[str, Callable[[CheckedEntry], Iterator[str]]] = {}
"""Each check's function once imported, by check name."""


def check_function(name: str) -> Callable[[CheckedEntry], Iterator[str]]:
    """The function of check ``name``, imported on first use."""
    function = _FUNCTIONS.get(name)
    if function is None:
        declared = CHECKS[name].function
        function = _FUNCTIONS[name] = declared.resolve() if isinstance(declared, _Imported) else declared
    return function


# fmt: off
CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("block-break", "error", _Imported("block_break", "check_block_break"), "the translation would open a block (heading, list, quote, fence, blank line …)"),
        Check("raw-html", "error", _Imported("raw_html", "check_raw_html"), "raw HTML, an entity-encoded tag, an attribute list or a script URL the source lacks"),
        Check("markdown", "error", _Imported("markup", "check_markdown"), "links, images, emphasis, strong or code spans differ from the source's", ("markdown_extensions",)),
        Check("link-target", "error", _Imported("markup", "check_link_target"), "a link, image or autolink target that the source does not have"),
        Check("script", "error", _Imported("language", "check_script"), "a Korean sentence in Chinese characters, or a Chinese one in Hangul"),
        Check("sensitive", "error", _Imported("sensitive.check", "check_sensitive"), "a private entry, contact, ID or location detail (never silenced by a flag)", ("sensitive",)),
        Check("pseudonym", "error", _Imported("pseudonym", "check_pseudonym"), "a pseudonym rendered other than the glossary agreed, or with a surname", ("pseudonyms",)),
        Check("mdx", "error", _Imported("mdx", "check_mdx"), "a line starting with import or export, which MDX sites run as code, that the source lacks"),
        Check("language", "warning", _Imported("language", "check_language"), "the text is not in the catalog's language"),
        Check("unchanged", "warning", _Imported("language", "check_unchanged"), "the translation equals the source (names, numbers and URLs aside)"),
        Check("numbers", "warning", _Imported("numbers", "check_numbers"), "a number of the source is missing"),
        Check("tags", "warning", _Imported("numbers", "check_tags"), "a #hashtag or @handle of the source is missing"),
        Check("punctuation", "warning", _Imported("punctuation", "check_punctuation"), "sentence-end or full-/half-width punctuation that does not fit the language"),
        Check("whitespace", "warning", _Imported("punctuation", "check_whitespace"), "leading or trailing whitespace differs, or doubled spaces"),
        Check("glossary", "warning", _Imported("glossary", "check_glossary"), "a glossary term's agreed translation is missing", ("glossary",)),
        Check("fuzzy", "note", _Imported("fuzzy", "check_fuzzy"), "the entry is still marked fuzzy"),
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
            messages = tuple(check_function(name)(view))
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
    from storybridge.checks.sensitive.guard import mask_quotations
    from storybridge.po.entry import msgstr_line

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
            # An entry that holds a finding: the other checks' quotes of it may be cut or escaped.
            holds = any(p.check == "sensitive" for p in problems)
            problems = [
                Problem(p.check, p.severity, sensitive.redact(
                    mask_quotations(p.message) if holds and p.check != "sensitive" else p.message))
                for p in problems
            ]
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
