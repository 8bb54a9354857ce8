"""Reading catalogs from disk with clear errors (their syntax lives in ``po.parse``)."""

from __future__ import annotations

from pathlib import Path

import polib

from storybridge.po.parse import parse_po
from storybridge.project.files import read_text


def read_catalog(path: Path, shown: str) -> polib.POFile | None:
    """The catalog at ``path``, or None when there is none yet; a syntax
    error names ``shown`` and the line."""
    if not path.exists():
        return None
    return parse_po(read_text(path, shown), shown)
