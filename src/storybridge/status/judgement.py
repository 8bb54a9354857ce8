"""What the publishing decision and the checks say about one catalog, for status records."""

from __future__ import annotations

from dataclasses import dataclass

from storybridge.checks.base import Finding


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the publishing decision and the checks say about one catalog,
    as ``project.status`` hands it over (``status`` cannot import ``site``)."""

    state: str
    """published, draft, withheld, embargoed or blocked."""
    reason: str
    """Why, or empty."""
    published: float
    """Published coverage in percent."""
    published_entries: int
    """Segments published translated."""
    refused: int
    """Translations refused."""
    findings: tuple[Finding, ...] = ()
    """What the checks found, errors first in catalog order."""
