"""Project settings from ``[tool.storybridge]`` in pyproject.toml or storybridge.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
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
    disabled_checks: tuple[str, ...] = ()
    """Advisory checks ``storybridge check`` skips project-wide (``punctuation``
    …); error checks cannot be disabled, since the build refuses errors anyway."""
    layout: str = "by-language"
    """Publish paths: ``by-language`` (``site/<lang>/<slug>.md``) or
    ``by-suffix`` (``site/<slug>.<lang>.md``)."""
    min_coverage: float = 80.0
    """Least coverage (percent) for a translation to be published."""
    min_coverage_by_language: Mapping[str, float] = field(default_factory=dict)
    """Per-language overrides of ``min_coverage``."""
    below_threshold: str = "withhold"
    """What happens under the threshold: ``withhold`` (left out) or ``draft``
    (written with ``draft: true``)."""
    html: bool = False
    """Also write sanitized ``<slug>.html`` fragments (``build --html``)."""
    markdown_extensions: tuple[str, ...] = ("extra",)
    """Python-Markdown extensions for the HTML fragments."""
    credits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Translator display names to credit, per language; nothing else about
    volunteers ever reaches the publish folder."""
    # --- editorial review (issue 17) ---
    editor: str = ""
    """The display name ``storybridge approve`` signs with when ``--by`` is
    not given (never an e-mail address)."""
    require_review: bool = False
    """Publish only approved translations: an unapproved entry is published
    as the source text and counts as untranslated for published coverage."""
    require_review_by_language: Mapping[str, bool] = field(default_factory=dict)
    """Per-language overrides of ``require_review``."""
    review_credits: tuple[str, ...] = ()
    """Languages whose published front matter credits the reviewers (from
    the review records) and translators (``Last-Translator`` name)."""

    def requires_review(self, lang: str) -> bool:
        """Whether only approved translations of ``lang`` are published."""
        return self.require_review_by_language.get(lang, self.require_review)
    # --- end of editorial review ---
    # --- sensitive details (#16) ---
    sensitive_list: str = ""
    """Path (relative to the project) of the private list of sensitive
    terms; ``STORYBRIDGE_SENSITIVE_LIST`` wins over it. Validated, read and
    refused when published or tracked by git in ``project/sensitive.py``."""
    sensitive_allow: tuple[str, ...] = ()
    """The organisation's own public contacts (site, handle, e-mail) that
    the built-in detectors let pass."""
    # --- end sensitive details ---
    # --- publishing profiles (issue #15) ---
    site_profile: str = ""
    """The static site generator the publish folder is written for: ``hugo``,
    ``mkdocs`` (mkdocs-static-i18n) or ``jekyll``; empty for none."""
    permalink: str = ""
    """URL pattern of a story page, with ``{lang}`` and ``{slug}``; empty for
    the profile's own (``/{lang}/{slug}/``)."""
    language_codes: Mapping[str, str] = field(default_factory=dict)
    """Per-language code in paths and URLs, overriding the profile's form."""
    manifest: str = ""
    """Where the manifest goes, relative to the project; empty for
    ``<site_dir>/manifest.json``, or beside the publish folder
    (``<site_dir>.manifest.json``) when a profile is set, where no
    generator publishes it."""
    html_renderer: str = "commonmark"
    """What renders ``--html`` fragments: ``commonmark`` (markdown-it-py, as
    the stories are written) or ``python-markdown``."""
    # --- end of publishing profiles ---
    # --- catalog wrapping (issue 20) ---
    catalog_wrap: str = "msgcat"
    """How templates and catalogs break long strings: ``msgcat`` (GNU's
    default form) or ``no-wrap`` (``msgcat --no-wrap``'s, which Weblate
    writes byte for byte with ``po_line_wrap`` 65535)."""
    # --- end of catalog wrapping ---
    # --- translation memory and bootstrap (issue 18) ---
    memory: bool = True
    """``update`` fills empty entries from the other stories' catalogs of
    the same language (translation memory)."""
    memory_exact: str = "fuzzy"
    """An exact memory match is filled ``fuzzy`` (a volunteer confirms) or
    ``translated`` (GNU msgmerge ``--compendium``)."""
    memory_threshold: float = 85.0
    """Least similarity (percent, rapidfuzz's ratio) for a similar text's
    translation to be offered, fuzzy."""
    bootstrap: Mapping[str, str] = field(default_factory=dict)
    """Languages filled from another's catalog by conversion, e.g.
    ``{zh_Hant = "zh_Hans"}``: empty entries get the converted text, fuzzy."""
    bootstrap_conversion: str = "s2twp"
    """The OpenCC configuration for ``bootstrap`` (Taiwan phrasing)."""
    source: str = field(default="defaults")
    """Which file the settings came from, for messages."""

    @property
    def manifest_path(self) -> Path:
        """Where the build writes and reads its manifest."""
        if self.manifest:
            return self.root / self.manifest
        if self.site_profile:
            return self.root / f"{self.site_dir.rstrip('/')}.manifest.json"
        return self.site_path / "manifest.json"

    @property
    def stories_path(self) -> Path:
        return self.root / self.stories_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def site_path(self) -> Path:
        return self.root / self.site_dir


_LIST_KEYS = {
    "languages",
    "front_matter_keys",
    "markdown_extensions",
    "disabled_checks",
}
_STR_KEYS = {"stories_dir", "locale_dir", "site_dir"}
_CHOICES = {
    "layout": ("by-language", "by-suffix"),
    "below_threshold": ("withhold", "draft"),
    "catalog_wrap": ("msgcat", "no-wrap"),
}
# Publishing profiles (issue #15); the names are site.profiles.PROFILES'.
_STR_KEYS |= {"permalink"}
_CHOICES |= {"site_profile": ("hugo", "mkdocs", "jekyll"), "html_renderer": ("commonmark", "python-markdown")}


def load_config(root: Path, check_severities: Mapping[str, str] | None = None) -> Config:
    """Read settings for the content repository at ``root``.

    ``storybridge.toml`` (top-level keys) wins over ``[tool.storybridge]`` in
    ``pyproject.toml``; with neither, the defaults apply. ``check_severities``
    (the check registry's names and severities, which this layer may not
    import) validates ``disabled_checks``; ``project.load_project`` passes it.
    """
    for name in CONFIG_FILES:
        path = root / name
        if not path.is_file():
            # Read as "no settings", it would publish with the defaults (and no private list).
            if path.is_symlink() and not path.exists():
                raise StoryError(name, None, "is a link to nothing; storybridge reads its settings from this file")
            if path.exists():
                raise StoryError(name, None, "is a folder; storybridge reads its settings from this file")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise StoryError(path, None, f"cannot read settings: {exc}") from None
        table = (
            data
            if name == "storybridge.toml"
            else data.get("tool", {}).get("storybridge")
        )
        if table is None:
            continue
        return _config_from_table(root, path, table, check_severities or {})
    return Config(root=root)


def _config_from_table(
    root: Path, path: Path, table: dict[str, Any], check_severities: Mapping[str, str]
) -> Config:
    known = {f.name for f in fields(Config)} - {"root", "source"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise StoryError(
                path,
                None,
                f"unknown setting {key!r} (known: {', '.join(sorted(known))})",
            )
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(
                isinstance(v, str) for v in value
            ):
                raise StoryError(
                    path, None, f"setting {key!r} must be a list of strings"
                )
            values[key] = tuple(value)
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise StoryError(path, None, f"setting {key!r} must be a string")
            values[key] = value
        elif key in _CHOICES:
            if value not in _CHOICES[key]:
                raise StoryError(
                    path,
                    None,
                    f"setting {key!r} must be one of {', '.join(_CHOICES[key])}",
                )
            values[key] = value
        elif key == "min_coverage":
            values[key] = _percent(path, key, value)
        elif key == "min_coverage_by_language":
            if not isinstance(value, dict):
                raise StoryError(
                    path, None, f"setting {key!r} must be a table of language = percent"
                )
            values[key] = {
                lang: _percent(path, f"{key}.{lang}", v) for lang, v in value.items()
            }
        elif key == "html":
            if not isinstance(value, bool):
                raise StoryError(path, None, "setting 'html' must be true or false")
            values[key] = value
        elif key == "credits":
            values[key] = _credits(path, value)
        elif key == "manifest":  # publishing profiles (issue #15): inside the project, never above it
            parts = value.replace("\\", "/").split("/") if isinstance(value, str) else []
            if not parts or value.startswith("/") or ".." in parts or not value.endswith(".json"):
                raise StoryError(path, None, "setting 'manifest' must be a .json path inside the project")
            values[key] = value
        elif key == "language_codes":  # publishing profiles (issue #15)
            if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
                raise StoryError(path, None, "setting 'language_codes' must be a table of language = \"code\"")
            values[key] = value
        elif key in _MEMORY_KEYS:
            values[key] = _memory_setting(path, key, value)
        else:
            values[key] = value
    from storybridge.text.languages import normalize_language

    if "languages" in values:
        values["languages"] = tuple(
            normalize_language(lang, path) for lang in values["languages"]
        )
    for key in ("min_coverage_by_language", "credits", "language_codes"):
        if key in values:  # keys as in paths, whatever spelling the file uses
            values[key] = {normalize_language(k, path): v for k, v in values[key].items()}
    _review_settings(path, values)  # issue 17
    if "bootstrap" in values:
        values["bootstrap"] = {
            normalize_language(k, path): normalize_language(v, path) for k, v in values["bootstrap"].items()
        }
    for name in values.get("disabled_checks", ()):
        _check_can_be_disabled(path, name, check_severities)
    config = Config(root=root, source=str(path), **values)
    _check_bootstrap(path, config.bootstrap, config.languages)
    return config


def _check_bootstrap(path: Path, bootstrap: Mapping[str, str], languages: tuple[str, ...]) -> None:
    """Each bootstrapped language converts a configured Chinese language
    that is not bootstrapped itself (OpenCC converts Chinese only; a chain
    or a cycle would convert conversions)."""
    for target, source in bootstrap.items():
        pair = f"setting 'bootstrap': {target} = {source!r}"
        for lang in (target, source):
            if lang not in languages:
                raise StoryError(path, None, f"{pair}: {lang} is not one of the languages ({', '.join(languages)})")
        if target == source or not (target.startswith("zh") and source.startswith("zh")):
            raise StoryError(path, None, f"{pair}: OpenCC converts one Chinese script into the other")
        if source in bootstrap:
            raise StoryError(path, None, f"{pair}: {source} is bootstrapped itself; convert from the language people translate")


def _percent(path: Path, key: str, value: Any) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= 100
    ):
        raise StoryError(
            path, None, f"setting {key!r} must be a percentage from 0 to 100"
        )
    return float(value)


def _credits(path: Path, value: Any) -> dict[str, tuple[str, ...]]:
    """Display names per language; an e-mail address is refused outright."""
    if not isinstance(value, dict):
        raise StoryError(
            path, None, "setting 'credits' must be a table of language = [names]"
        )
    credits: dict[str, tuple[str, ...]] = {}
    for lang, names in value.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise StoryError(
                path, None, f"setting 'credits.{lang}' must be a list of names"
            )
        if any("@" in name for name in names):
            raise StoryError(
                path,
                None,
                f"setting 'credits.{lang}' holds an e-mail address; credit names only",
            )
        credits[lang] = tuple(names)
    return credits


def _check_can_be_disabled(path: Path, name: str, check_severities: Mapping[str, str]) -> None:
    if not check_severities:
        return
    if name not in check_severities:
        raise StoryError(
            path,
            None,
            f"unknown check {name!r} in 'disabled_checks' (known: {', '.join(check_severities)})",
        )
    if check_severities[name] == "error":
        raise StoryError(
            path,
            None,
            f"check {name!r} finds errors, which the build refuses anyway; it cannot be disabled",
        )


def _review_settings(path: Path, values: dict[str, Any]) -> None:
    """Validate the editorial review settings (issue 17) in place."""
    from storybridge.text.languages import normalize_language

    if "editor" in values:
        problem = None if isinstance(values["editor"], str) else "must be a string"
        problem = problem or reviewer_problem(values["editor"])
        if problem is not None:
            raise StoryError(path, None, f"setting 'editor': {problem}")
    if "require_review" in values and not isinstance(values["require_review"], bool):
        raise StoryError(path, None, "setting 'require_review' must be true or false")
    by_language = values.get("require_review_by_language", {})
    if not isinstance(by_language, dict) or not all(isinstance(v, bool) for v in by_language.values()):
        raise StoryError(path, None, "setting 'require_review_by_language' must be a table of language = true|false")
    if "require_review_by_language" in values:
        values["require_review_by_language"] = {normalize_language(k, path): v for k, v in by_language.items()}
    credited = values.get("review_credits", [])
    if not isinstance(credited, list) or not all(isinstance(v, str) for v in credited):
        raise StoryError(path, None, "setting 'review_credits' must be a list of languages")
    if "review_credits" in values:
        values["review_credits"] = tuple(normalize_language(lang, path) for lang in credited)


def reviewer_problem(name: str) -> str | None:
    """Why ``name`` cannot sign an approval, or None when it can: a display
    name only, never an e-mail address (it ends up in a repository, and with
    credits in published front matter)."""
    if not name.strip():
        return "a reviewer needs a display name (--by NAME, or 'editor' in the settings)"
    if "@" in name:
        return "an e-mail address cannot sign a review; use a display name"
    if not name.isprintable():
        return "a reviewer's name must be one line of printable text"
    if name != name.strip():
        return "a reviewer's name must not start or end with a space"
    return None


# --- translation memory and bootstrap (issue 18) ---

_MEMORY_KEYS = {"memory", "memory_exact", "memory_threshold", "bootstrap", "bootstrap_conversion"}


def _memory_setting(path: Path, key: str, value: Any) -> Any:
    """Check one translation-memory or bootstrap setting."""
    from storybridge.text.chinese import CONVERSIONS

    if key == "memory":
        if not isinstance(value, bool):
            raise StoryError(path, None, "setting 'memory' must be true or false")
        return value
    if key == "memory_threshold":
        return _percent(path, key, value)
    choices = {"memory_exact": ("fuzzy", "translated"), "bootstrap_conversion": CONVERSIONS}.get(key)
    if choices is not None:
        if value not in choices:
            raise StoryError(path, None, f"setting {key!r} must be one of {', '.join(choices)}")
        return value
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise StoryError(path, None, "setting 'bootstrap' must be a table of language = source language")
    return dict(value)
