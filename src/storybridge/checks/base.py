"""What every check shares: the entry under test, severities, and located findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from storybridge.model import Problem

if TYPE_CHECKING:
    from storybridge.checks.sensitive import Guard

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Pseudonym:
    """One pseudonym row of the glossary, for one language."""

    source: str
    """The pseudonym as the source stories write it."""
    renderings: tuple[str, ...]
    """Its agreed renderings in the row's language (``a|b`` in the file)."""


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
    markdown_extensions: tuple[str, ...] = ("extra",)
    """The Python-Markdown extensions the site renders with (config
    ``markdown_extensions``): the translation must read alike under them."""
    sensitive: Guard | None = None
    """The private list and detectors (#16); None: the check has nothing to look for."""
    pseudonyms: tuple[Pseudonym, ...] = ()
    """The glossary's pseudonyms for the catalog's language (#16)."""


CheckFunction = Callable[[CheckedEntry], Iterator[str]]

SETTINGS: tuple[str, ...] = ("glossary", "markdown_extensions", "sensitive", "pseudonyms")
"""The fields of a ``CheckedEntry`` that come from the project, not from
the entry: a check sees only those it declares (``Check.settings``), so
its cached verdicts are keyed on exactly what it reads."""


# --- registry --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Check:
    """A named check with its severity."""

    name: str
    severity: Severity
    function: CheckFunction
    rule: str = ""
    """One line for ``storybridge check --list`` and the README."""
    settings: tuple[str, ...] = ()
    """The ``SETTINGS`` it reads (e.g. ``glossary``); it is handed an entry
    with the others at their defaults, and a change of one of these
    invalidates its cached verdicts and no other check's."""


# --- cached verdicts -------------------------------------------------------


class EntryVerdicts(Protocol):
    """The remembered verdicts of one entry, check by check (``project.verdicts``)."""

    def recall(self, check: str) -> tuple[str, ...] | None:
        """The messages ``check`` gave this very entry under the same
        settings and code, or None when it has to run."""

    def remember(self, check: str, messages: tuple[str, ...]) -> None:
        """Keep what ``check`` found, for the next run."""


class CatalogVerdicts(Protocol):
    """Where ``check_catalog`` looks up and leaves the verdicts of one catalog's entries."""

    def entry(self, entry: CheckedEntry) -> EntryVerdicts:
        """The verdicts kept for an entry with this text, flags and places."""


# --- catalogs --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in one catalog entry, located for an editor."""

    file: str
    """The catalog as printed, e.g. ``locale/ko/LC_MESSAGES/garden.po``."""
    line: int
    """1-based line of the entry's ``msgstr``, where the translator looks."""
    language: str
    """The catalog's language."""
    msgid: str
    """The entry's source text."""
    problem: Problem
    """What is wrong."""

def added(target: Counter[str], source: Counter[str]) -> list[str]:
    """What ``target`` has more of than ``source``, in a stable order."""
    return sorted((target - source).keys())

