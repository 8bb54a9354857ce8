"""Reading the project glossary from disk (its format and check live in ``checks.glossary``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storybridge.config import Config
from storybridge.project.files import read_text

if TYPE_CHECKING:  # the parsers load on use: a no-op sync only hashes the file
    from storybridge.checks.glossary import Glossary
    from storybridge.checks.pseudonym import Pseudonyms

GLOSSARY_FILE = "glossary.csv"
"""The glossary's name inside the locale folder."""


def glossary_path(config: Config) -> Path:
    return config.locale_path / GLOSSARY_FILE


def read_glossary(path: Path, shown: str) -> Glossary:
    """The glossary at ``path``; none (empty) when the file does not exist."""
    from storybridge.checks.glossary import parse_glossary

    if not path.is_file():
        return {}
    return parse_glossary(read_text(path, shown), shown)


def read_project_glossary(config: Config) -> tuple[Glossary, Pseudonyms]:
    """The project's glossary and its pseudonym rows (#16), from one read of
    ``locale/glossary.csv``; both empty when there is none. The file is
    validated as a glossary first, so a bad row names its line."""
    from storybridge.checks.glossary import parse_glossary
    from storybridge.checks.pseudonym import parse_pseudonyms

    path, shown = glossary_path(config), f"{config.locale_dir}/{GLOSSARY_FILE}"
    if not path.is_file():
        return {}, {}
    text = read_text(path, shown)
    return parse_glossary(text, shown), parse_pseudonyms(text)
