"""Reading catalogs with clear errors; writing them in GNU gettext's form."""

from __future__ import annotations

from pathlib import Path

import polib

from storybridge.project.files import Changes, read_text
from storybridge.po.parse import parse_po


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Parse catalog text; a syntax error names the file and line."""
    return parse_po(text, shown)


def read_catalog(path: Path, shown: str) -> polib.POFile | None:
    """The catalog at ``path``, or None when there is none yet."""
    if not path.exists():
        return None
    return parse_catalog(read_text(path, shown), shown)


def render_catalog(catalog: polib.POFile) -> str:
    """Catalog text exactly as GNU ``msgcat`` would print it."""
    from storybridge.po.format import format_catalog

    return format_catalog(catalog)


def write_catalog(changes: Changes, path: Path, catalog: polib.POFile) -> bool:
    """Stage a catalog for writing; False when the file already matches."""
    return changes.write(path, render_catalog(catalog))
