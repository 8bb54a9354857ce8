"""Reading catalogs with clear errors; writing them in GNU gettext's form."""

from __future__ import annotations

import re
from pathlib import Path

import polib

from storybridge.errors import StoryError
from storybridge.files import Changes, read_text


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Parse catalog text; a syntax error names the file and line."""
    if not text.strip():
        return polib.POFile(wrapwidth=79)
    try:
        catalog = polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(line \d+\)", "", str(exc)).replace("in po file", "").strip()
        raise StoryError(shown, line, message.lower() or "cannot parse catalog") from None
    return catalog


def read_catalog(path: Path, shown: str) -> polib.POFile | None:
    """The catalog at ``path``, or None when there is none yet."""
    if not path.exists():
        return None
    return parse_catalog(read_text(path, shown), shown)


def render_catalog(catalog: polib.POFile) -> str:
    """Catalog text exactly as GNU ``msgcat`` would print it."""
    from storybridge.poformat import format_catalog

    return format_catalog(catalog)


def write_catalog(changes: Changes, path: Path, catalog: polib.POFile) -> bool:
    """Stage a catalog for writing; False when the file already matches."""
    return changes.write(path, render_catalog(catalog))
