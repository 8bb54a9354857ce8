"""The ``fuzzy`` note: the entry waits for review, so the source text is published."""

from __future__ import annotations

from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry

# --- fuzzy -----------------------------------------------------------------


def check_fuzzy(entry: CheckedEntry) -> Iterator[str]:
    """A fuzzy entry is not published until a reviewer clears the mark."""
    if "fuzzy" in entry.flags:
        yield "is fuzzy: the source text is published until a reviewer checks it and removes the mark"
