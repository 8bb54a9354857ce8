"""Project settings from ``[tool.storybridge]`` in pyproject.toml or storybridge.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from storybridge.errors import StoryError

CONFIG_FILES = ("storybridge.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class Config:
    """Settings of one content repository; every field has a usable default."""

    root: Path = Path(".")
    """The content repository: every other path is relative to it."""
    languages: tuple[str, ...] = ("en", "ko", "zh_Hans")
    """Languages the stories are published in; each story's targets are these
    minus its own source language."""
    stories_dir: str = "stories"
    """Where the source stories live."""
    locale_dir: str = "locale"
    """Where templates and catalogs live (``templates/``, ``<lang>/LC_MESSAGES``)."""
    site_dir: str = "site"
    """The publish folder that the website imports."""
    front_matter_keys: tuple[str, ...] = ("title", "summary", "description")
    """Front matter keys whose string values are translated."""
    source: str = field(default="defaults")
    """Which file the settings came from, for messages."""

    @property
    def stories_path(self) -> Path:
        return self.root / self.stories_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def site_path(self) -> Path:
        return self.root / self.site_dir


_LIST_KEYS = {"languages", "front_matter_keys"}
_STR_KEYS = {"stories_dir", "locale_dir", "site_dir"}


def load_config(root: Path) -> Config:
    """Read settings for the content repository at ``root``.

    ``storybridge.toml`` (top-level keys) wins over ``[tool.storybridge]`` in
    ``pyproject.toml``; with neither, the defaults apply.
    """
    for name in CONFIG_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StoryError(path, None, f"cannot read settings: {exc}") from None
        table = data if name == "storybridge.toml" else data.get("tool", {}).get("storybridge")
        if table is None:
            continue
        return _config_from_table(root, path, table)
    return Config(root=root)


def _config_from_table(root: Path, path: Path, table: dict[str, Any]) -> Config:
    known = {f.name for f in fields(Config)} - {"root", "source"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise StoryError(path, None, f"unknown setting {key!r} (known: {', '.join(sorted(known))})")
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise StoryError(path, None, f"setting {key!r} must be a list of strings")
            values[key] = tuple(value)
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise StoryError(path, None, f"setting {key!r} must be a string")
            values[key] = value
        else:
            values[key] = value
    if "languages" in values:
        from storybridge.languages import normalize_language

        values["languages"] = tuple(normalize_language(lang, path) for lang in values["languages"])
    return Config(root=root, source=str(path), **values)
