"""The one publishing decision per story × language, that every command shows.

``build`` and ``sync`` write what it decides, ``status`` (every format),
``check`` and the manifest report it: published, draft, withheld, embargoed
or blocked, with its reasons and its *published coverage* (the share of the
story's segments that go out translated: fuzzy, untranslated and refused
entries count as untranslated). Pure: no file, no clock, no print.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import polib

from storybridge.checks.base import Finding
from storybridge.checks.pseudonym import Pseudonym
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Segment, Story, percent_of
from storybridge.site.assemble import usable_translations
from storybridge.site.profiles import get_profile, profile_path

State = Literal["published", "draft", "withheld", "embargoed", "blocked", "pseudo"]
"""``published`` and ``draft`` (``draft: true``) are written; ``withheld``
(below the coverage threshold), ``embargoed`` (``publish: false``) and
``blocked`` (a catalog that cannot be read, or a guard's veto) are not;
``pseudo`` is the layout-testing locale, never published."""

WRITTEN: frozenset[str] = frozenset({"published", "draft", "pseudo"})
"""The states whose file the build writes."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """One translation kept out of the published story, and why."""

    line: int | None
    """1-based line of the entry's ``msgstr`` in its catalog (None when unknown)."""
    msgid: str
    """The source text that is published in its place."""
    check: str
    """What refused it: a check name (``block-break``) or a guard (``review``)."""
    message: str
    """Why, in words for the translator."""


@dataclass(frozen=True, slots=True)
class Veto:
    """What a guard outside the checks adds to a decision: the sensitive-detail
    guard (#16) blocks a story × language with a ``reason``; required review
    (#17) ``refuses`` the entries nobody approved. Either, or both."""

    guard: str
    """Who vetoes, e.g. ``sensitive`` or ``review``."""
    reason: str | None = None
    """When set, the story × language is ``blocked`` for this reason. It is
    shown in the manifest and reports, so it must name the finding without
    repeating it (contract 6)."""
    refused: tuple[Refusal, ...] = ()
    """Entries to publish in the source language: they count as untranslated."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether and where one story is published in one language."""

    lang: str
    """The language as configured (``zh_Hans``)."""
    status: State
    """The state, see ``State``."""
    reason: str | None
    """Why it is not published as it is, in words for editors (None when it is)."""
    path: str | None
    """Path under the publish folder, or None when nothing is written."""
    coverage: float
    """Published coverage: percent of the story's segments published translated."""
    fuzzy: int
    """Entries that wait for review after a source edit."""
    refused: tuple[Refusal, ...] = ()
    """Translations kept out: error checks and guards' vetoes, by catalog line."""
    translated: int = 0
    """Segments published translated."""
    total: int = 0
    """Segments in the story."""
    threshold: float = 0.0
    """The coverage the policy asks for in this language."""

    @property
    def written(self) -> bool:
        """True when the build writes this language's file."""
        return self.status in WRITTEN

    def summary(self) -> str:
        """``draft (75 % < 80 %, 2 entries refused)``: the state and why."""
        details = [self.reason] if self.reason else []
        if self.refused and self.status != "blocked":
            count = len({refusal.msgid for refusal in self.refused})
            details.append(f"{count} {'entry' if count == 1 else 'entries'} refused")
        return self.status + (f" ({', '.join(details)})" if details else "")


@dataclass(frozen=True, slots=True)
class Sorted:
    """A catalog's entries as the build takes them."""

    accepted: dict[str, str] = field(default_factory=dict)
    """msgid → msgstr of every translation that may be published."""
    refused: tuple[Refusal, ...] = ()
    """Translations an error check refused."""
    fuzzy: int = 0
    """Active fuzzy entries."""


UNREADABLE = "its catalog cannot be read"
"""How the reason of a language blocked by its unreadable catalog starts."""
WITHHELD_BY_STORY = "the story withholds this language (withhold_languages)"
"""The reason of a language the story's front matter withholds (#16)."""


def withheld_languages(front_matter: Mapping[str, Any]) -> frozenset[str]:
    """The languages front matter ``withhold_languages`` keeps the story out
    of (a list, or one code); codes as configured (``zh_Hans``, ``zh-Hans``)."""
    value = front_matter.get("withhold_languages") or ()
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(str(name).replace("-", "_") for name in names)


def output_path(layout: str, lang: str, slug: str, suffix: str = ".md") -> str:
    """Where a localized file goes under the publish folder."""
    if layout == "by-suffix":
        return f"{slug}.{lang}{suffix}"
    return f"{lang}/{slug}{suffix}"


def page_path(config: Config, lang: str, slug: str) -> str:
    """Where a language's page goes, as the configured profile (#15) or layout says."""
    profile = get_profile(config)
    return output_path(config.layout, lang, slug) if profile is None else profile_path(config, profile, lang, slug)


def threshold(config: Config, lang: str) -> float:
    """The published coverage a language needs (``min_coverage``, or its override)."""
    return config.min_coverage_by_language.get(lang, config.min_coverage)


def sort_entries(
    segments: Sequence[Segment], catalog: Iterable[polib.POEntry] | None, lang: str,
    markdown_extensions: tuple[str, ...] = ("extra",), pseudonyms: tuple[Pseudonym, ...] = (),
) -> Sorted:
    """Accepted and refused translations of one catalog (None: none yet)."""
    if catalog is None:
        return Sorted()
    entries = list(catalog)
    accepted, rejected = usable_translations(segments, entries, lang, markdown_extensions, pseudonyms)
    refused = tuple(
        Refusal(rejection.line, rejection.msgid, problem.check, problem.message)
        for rejection in rejected
        for problem in rejection.problems
    )
    fuzzy = sum(1 for entry in entries if entry.fuzzy and not entry.obsolete)
    return Sorted(accepted, refused, fuzzy)


def sort_by_findings(catalog: Iterable[polib.POEntry], msgids: Collection[str], findings: Iterable[Finding]) -> Sorted:
    """What ``sort_entries`` gives, from the findings of a check run that
    included every error check (``status`` has them already, and need not
    run the error checks twice). The ``sensitive`` check's findings do not
    refuse an entry: the sensitive guard blocks the whole language instead."""
    errors: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.problem.severity == "error" and finding.problem.check != "sensitive":
            errors.setdefault(finding.msgid, []).append(finding)
    accepted: dict[str, str] = {}
    refused: list[Refusal] = []
    fuzzy = 0
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            fuzzy += 1
            continue
        if not entry.msgstr or entry.msgid not in msgids:
            continue
        if entry.msgid in errors:
            refused.extend(
                Refusal(f.line or None, f.msgid, f.problem.check, f.problem.message) for f in errors[entry.msgid]
            )
        else:
            accepted[entry.msgid] = entry.msgstr
    return Sorted(accepted, tuple(refused), fuzzy)


def decide(
    config: Config,
    story: Story,
    lang: str,
    msgids: Collection[str],
    entries: Sorted | None,
    *,
    unreadable: StoryError | None = None,
    vetoes: Sequence[Veto] = (),
) -> Decision:
    """The publishing decision for ``story`` in ``lang``.

    ``msgids`` are the story's segment texts; ``entries`` its catalog's
    accepted and refused translations (``sort_entries``; None or empty when
    there is no catalog); ``unreadable`` the one-line error of a catalog
    that cannot be read, which blocks this language only (the reason names
    its line, never its text).

    ``vetoes`` is the one door for other guards: each ``Veto`` may block
    the language with a reason (the sensitive-detail guard) and may refuse
    entries, which then count as untranslated (required review). The order
    of precedence: ``withhold_languages`` (withheld, #16), ``publish:
    false`` (embargoed), then an unreadable
    catalog or a veto's reason (blocked), then the coverage policy
    (published, or below ``threshold`` draft or withheld, as
    ``below_threshold`` says)."""
    entries = entries or Sorted()
    profile = get_profile(config)
    path = page_path(config, lang, story.slug)
    needed = 0.0 if lang == story.lang else threshold(config, lang)
    vetoed = {refusal.msgid for veto in vetoes for refusal in veto.refused}
    refused = entries.refused + tuple(refusal for veto in vetoes for refusal in veto.refused)
    unique = set(msgids)
    if lang == story.lang:
        translated = len(unique)
    else:
        translated = sum(1 for msgid in unique if msgid in entries.accepted and msgid not in vetoed)
    coverage = percent_of(translated, len(unique))

    def made(status: State, reason: str | None, where: str | None) -> Decision:
        return Decision(lang, status, reason, where, coverage, entries.fuzzy, refused, translated, len(unique), needed)

    if lang in withheld_languages(story.front_matter):  # sensitive details (#16)
        return made("withheld", WITHHELD_BY_STORY, None)
    if story.front_matter.get("publish") is False:
        return made("embargoed", "the story says publish: false", None)
    blocks = [veto.reason for veto in vetoes if veto.reason]
    if unreadable is not None:
        line = f" at line {unreadable.line}" if unreadable.line else ""
        blocks.insert(0, UNREADABLE + line)
    if blocks:
        return made("blocked", "; ".join(blocks), None)
    if coverage >= needed:
        return made("published", None, path)
    reason = f"{coverage:g} % < {needed:g} %"
    if config.below_threshold == "draft":
        if profile is not None and profile.drafts == "omit":  # hook: issue #15
            return made("withheld", f"{reason}; {profile.name} has no drafts", None)
        return made("draft", reason, path)
    return made("withheld", reason, None)


def published_translations(entries: Sorted, vetoes: Sequence[Veto] = ()) -> dict[str, str]:
    """The translations the build splices in: accepted and not vetoed."""
    vetoed = {refusal.msgid for veto in vetoes for refusal in veto.refused}
    return {msgid: msgstr for msgid, msgstr in entries.accepted.items() if msgid not in vetoed}


def change_line(slug: str, lang: str, before: str | None, after: Decision) -> str | None:
    """``ko/pray40nk: published → draft (75 % < 80 %, 2 entries refused)``,
    or None when the state did not change."""
    if before == after.status:
        return None
    was = before if before is not None else "new"
    return f"{lang}/{slug}: {was} → {after.summary()}"


def previous_states(record: Mapping[str, Any] | None) -> dict[str, str]:
    """language tag → state, from a story's manifest record of the last build."""
    if not record:
        return {}
    languages = record.get("languages")
    if not isinstance(languages, Mapping):
        return {}
    return {
        str(tag): str(entry.get("status"))
        for tag, entry in languages.items()
        if isinstance(entry, Mapping)
    }
