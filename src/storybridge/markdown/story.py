"""Source text → Story: front matter, body and source language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.text.languages import (
    covered_languages,
    detect_language,
    match_language,
    normalize_language,
)

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it: same results, much faster."""

_FENCE = re.compile(r"^---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, 0-based line where the body starts).

    Front matter is a YAML block between a first line ``---`` and the next
    line ``---`` (or ``...``), as Jekyll and Hugo read it.
    """
    opening = _FENCE.match(text)
    if opening is None:
        return "", text, 0
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise StoryError(path, 1, "front matter opened with '---' is never closed")
    yaml_text = text[opening.end() : closing.start()]
    body_line = text.count("\n", 0, closing.end()) + (0 if closing.group().endswith("\n") else 1)
    return yaml_text, text[closing.end() :], body_line


def parse_front_matter(yaml_text: str, path: str) -> dict[str, Any]:
    """Parse front matter safely; a YAML error names the story's own line."""
    if not yaml_text.strip():
        return {}
    try:
        data = yaml.load(yaml_text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise StoryError(path, line, f"front matter is not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise StoryError(path, 1, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise StoryError(path, 2, "front matter must be a mapping of keys to values")
    _check_withholding_keys(data, yaml_text, path)
    return data


WITHHOLDING_KEYS = ("publish", "withhold_languages")
"""The keys that keep a story, or some of its languages, off the site
(#16): a spelling the site would not read as one, or a value that is not
what they take, is an error rather than silently published."""


_NEAR_KEYS = {
    "publish": "publish", "withholdlanguages": "withhold_languages", "withholdlanguage": "withhold_languages",
    "withheldlanguages": "withhold_languages", "withholdlang": "withhold_languages", "withhold": "withhold_languages",
    "withholdinglanguages": "withhold_languages", "withholdlangs": "withhold_languages",
}
"""Spellings of the withholding keys the site would not honour (case,
hyphens, camelCase, the singular), by the key meant."""


def _check_withholding_keys(data: dict[Any, Any], yaml_text: str, path: str) -> None:
    for key in data:
        near = _NEAR_KEYS.get(re.sub(r"[-_\s]", "", str(key).casefold()))
        if near is not None and key != near:
            raise StoryError(path, _key_line(yaml_text, str(key)), f"front matter key {key!r} means nothing: write '{near}'")
    if data.get("publish") is not False:
        for key, value in data.items():
            if not isinstance(value, (str, bool)):
                continue  # a list or mapping is no such flag (and may be an alias bomb, too big to print)
            said = str(value).strip().casefold()
            site_key = str(key).casefold()
            if (site_key == "published" and said in ("false", "no", "off")) or (
                site_key == "draft" and said in ("true", "yes", "on")
            ):
                shown = said if isinstance(value, bool) else str(value)
                raise StoryError(path, _key_line(yaml_text, str(key)), f"'{key}: {shown}' is a site's key, which "
                                 "storybridge does not read: write 'publish: false' to keep the story back")
    if "publish" in data and not isinstance(data["publish"], bool):
        raise StoryError(path, _key_line(yaml_text, "publish"), "'publish' must be true or false, without quotes")
    value = data.get("withhold_languages")
    if value is not None and not isinstance(value, str) and not (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        raise StoryError(path, _key_line(yaml_text, "withhold_languages"), "'withhold_languages' must be a list of language codes")


def front_matter_strings(value: Any) -> list[str]:
    """Every string inside a front matter value (lists and mappings walked,
    keys too; a number as written, since a phone number may be one), each
    container once: YAML aliases may share one many times or hold
    themselves (``&x [*x]``)."""
    found: list[str] = []
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            found.append(str(item))
        elif isinstance(item, (list, dict)) and id(item) not in seen:
            seen.add(id(item))
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend(reversed(children))
    return found


def withhold_codes_written(front_matter: Mapping[str, Any]) -> list[str]:
    """The codes front matter ``withhold_languages`` names, as written: a
    list, or codes separated by commas or spaces."""
    value = front_matter.get("withhold_languages") or ()
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [code for item in items if isinstance(item, str) for code in re.split(r"[\s,]+", item) if code]


def withheld_codes(front_matter: Mapping[str, Any], languages: tuple[str, ...], path: str, yaml_text: str = "") -> list[str]:
    """The configured languages front matter ``withhold_languages`` names:
    a list, or codes separated by commas or spaces, each written any way
    Babel reads (``KO``, ``zh-hans``, ``zh_CN``; ``zh`` withholds every
    Chinese one). An unknown code is an error; a known one that names no
    configured language withholds nothing."""
    line = _key_line(yaml_text, "withhold_languages") if yaml_text else None
    withheld: list[str] = []
    for code in withhold_codes_written(front_matter):
        normalize_language(code, path, line)  # an unknown code is an error, naming the line
        withheld.extend(lang for lang in covered_languages(code, languages) if lang not in withheld)
    return withheld


def read_story(text: str, path: str, slug: str, languages: tuple[str, ...]) -> Story:
    """Build a Story from its text; the source language comes from ``lang``
    in front matter or, when missing, from langdetect on the body."""
    yaml_text, body, body_line = split_front_matter(text, path)
    front_matter = parse_front_matter(yaml_text, path)
    lang_value = front_matter.get("lang")
    detected = False
    if lang_value is None:
        guess = detect_language(_plain_text(body))
        if guess is None:
            raise StoryError(path, 1, "no 'lang' in front matter and the language cannot be detected")
        lang = normalize_language(guess, path)
        detected = True
    else:
        if not isinstance(lang_value, str):
            raise StoryError(path, _key_line(yaml_text, "lang"), "'lang' must be a language code")
        lang = normalize_language(lang_value, path, _key_line(yaml_text, "lang"))
    if front_matter.get("withhold_languages"):
        front_matter["withhold_languages"] = withheld_codes(front_matter, languages, path, yaml_text)
    return Story(
        path=path,
        slug=slug,
        text=text,
        front_matter=front_matter,
        body=body,
        body_line=body_line,
        lang=match_language(lang, languages),
        lang_detected=detected,
    )


def front_matter_lines(text: str) -> Mapping[str, int]:
    """0-based line of each top-level front matter key, for catalog references."""
    lines: dict[str, int] = {}
    if _FENCE.match(text) is None:
        return lines
    for number, line in enumerate(text.splitlines()[1:], start=1):
        if _CLOSE.match(line + "\n"):
            break
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
    return lines


def _key_line(yaml_text: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", yaml_text, re.MULTILINE)
    return 2 + (yaml_text.count("\n", 0, match.start()) if match else 0)


def _plain_text(body: str) -> str:
    """Body text with the most common Markdown syntax removed, for detection."""
    text = re.sub(r"```.*?```", " ", body, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[#>*_`\[\]|-]+", " ", text)
