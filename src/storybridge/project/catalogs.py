"""Reading catalogs from disk with clear errors (their syntax lives in ``po.parse``)."""

from __future__ import annotations

from pathlib import Path

import polib

from storybridge.errors import StoryError
from storybridge.po.guard import read_as_empty
from storybridge.po.parse import parse_po
from storybridge.project.files import read_text


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Catalog text parsed; a syntax error names ``shown`` and the line,
    and a text with entries is never read as an empty catalog (which an
    update would then write back, losing every translation)."""
    catalog = parse_po(text, shown)
    if read_as_empty(text, catalog):
        raise StoryError(shown, None, "holds entries storybridge cannot read; nothing was changed")
    return catalog


def read_catalog(path: Path, shown: str) -> polib.POFile | None:
    """The catalog at ``path``, or None when there is none yet; a syntax
    error names ``shown`` and the line."""
    if not path.exists():
        return None
    return parse_catalog(read_text(path, shown), shown)
