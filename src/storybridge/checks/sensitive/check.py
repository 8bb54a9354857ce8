"""The ``sensitive`` check: identifying details in a translation. An
error, so the build refuses the entry and no ``ignore-`` flag silences it;
its messages name the kind of detail and a masked context, never the text."""

from __future__ import annotations

from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry
from storybridge.checks.sensitive.guard import describe


def check_sensitive(entry: CheckedEntry) -> Iterator[str]:
    """A private entry, or a contact or location detail, in the msgstr."""
    if entry.sensitive is None:
        return
    hits = entry.sensitive.scan(entry.msgstr)
    yield from describe(entry.msgstr, hits)
