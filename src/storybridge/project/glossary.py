"""Reading the project glossary from disk (its format and check live in ``checks.glossary``)."""

from __future__ import annotations

from pathlib import Path

from storybridge.checks.glossary import Glossary, parse_glossary
from storybridge.project.files import read_text

GLOSSARY_FILE = "glossary.csv"
"""The glossary's name inside the locale folder."""


def read_glossary(path: Path, shown: str) -> Glossary:
    """The glossary at ``path``; none (empty) when the file does not exist."""
    if not path.is_file():
        return {}
    return parse_glossary(read_text(path, shown), shown)
