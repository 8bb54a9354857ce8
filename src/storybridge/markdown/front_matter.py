"""Front matter as PyYAML writes it, without PyYAML, for the usual shapes.

Every published file's front matter went through PyYAML's representer,
which costs a Python call per node even with libyaml's emitter: 7 % of a
build. Front matter is a flat mapping of short scalars, a few
lists of them and one level of nested mappings, and for those PyYAML's
output is easy to state: ``key: value`` lines, block sequences without
indentation, nested mappings indented by two, scalars plain.

``dump_plain`` writes exactly that, and only where PyYAML would write it
the same way: every string must be one PyYAML leaves plain (no quotes),
every number one whose text is plain, and no list, mapping or date may
stand in two places (PyYAML writes an alias there). Anything else (a
string that would need quotes, an empty list, a datetime, deeper nesting)
returns None and the caller asks PyYAML. tests/test_yaml_speedups.py
compares the two on generated data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from yaml.resolver import Resolver

_IMPLICIT = Resolver.yaml_implicit_resolvers
"""First character → the patterns that would read a plain scalar as
something other than a string (bool, int, float, null, timestamp …)."""

_PLAIN = re.compile(
    r"[^-?:,\[\]{}#&*!|>'\"%@`. \x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
    r"(?:[^\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff:# ]"
    r"|:(?=[^ ])|(?<! )#| (?=[^ #]))*"
)
"""Text PyYAML (and libyaml) writes as a plain scalar in block context,
resolvers aside: no indicator first, no ``: `` or `` #`` inside, no space
at either end or doubled, printable, no line break, nothing astral. Some
text PyYAML would also leave plain is refused here; PyYAML then writes it."""

_LONGEST = 1000
"""Longer text goes to PyYAML: near its line width it folds plain scalars."""


def dump_plain(mapping: Mapping[str, Any]) -> str | None:
    """``yaml.dump(mapping, allow_unicode=True, sort_keys=False,
    default_flow_style=False, width=1 << 16)``, or None when the data
    holds something this writer does not promise to write the same way."""
    if not mapping or _shares_objects(mapping):
        return None
    lines: list[str] = []
    for key, value in mapping.items():
        if not _plain_key(key):
            return None
        if isinstance(value, Mapping):
            if not value:
                return None
            lines.append(f"{key}:\n")
            if not _mapping_lines(value, "  ", lines):
                return None
        elif isinstance(value, list):
            if not value:
                return None
            lines.append(f"{key}:\n")
            for item in value:
                if isinstance(item, Mapping):
                    if not item or not _mapping_lines(item, "  ", lines, first="- "):
                        return None
                    continue
                text = _scalar(item)
                if text is None:
                    return None
                lines.append(f"- {text}\n")
        else:
            text = _scalar(value)
            if text is None:
                return None
            lines.append(f"{key}: {text}\n")
    return "".join(lines)


def _shares_objects(mapping: Mapping[str, Any]) -> bool:
    """Whether a list, mapping or date stands in two places: PyYAML writes
    the second as an alias (``&id001`` … ``*id001``), as front matter read
    with YAML anchors has it."""
    seen: set[int] = set()
    values: list[Any] = list(mapping.values())
    while values:
        value = values.pop()
        if isinstance(value, (list, Mapping, dt.date)):
            if id(value) in seen:
                return True
            seen.add(id(value))
            if isinstance(value, list):
                values.extend(value)
            elif isinstance(value, Mapping):
                values.extend(value.values())
    return False


def _mapping_lines(
    mapping: Mapping[Any, Any], indent: str, lines: list[str], first: str | None = None
) -> bool:
    """A nested mapping of scalars; ``first`` prefixes its first line
    (``- `` for a mapping in a sequence) instead of ``indent``."""
    for key, value in mapping.items():
        text = _scalar(value)
        if not _plain_key(key) or text is None:
            return False
        lines.append(f"{first if first is not None else indent}{key}: {text}\n")
        first = None
    return True


def _plain_key(key: Any) -> bool:
    return isinstance(key, str) and len(key) < 100 and _plain_string(key) is not None


def _scalar(value: Any) -> str | None:
    """A scalar's text as PyYAML writes it, or None."""
    if isinstance(value, str):
        return _plain_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if not math.isfinite(value) or "e" in text:
            return None
        return text
    if type(value) is dt.date:
        return value.isoformat()
    return None


def _plain_string(text: str) -> str | None:
    if len(text) > _LONGEST or not _PLAIN.fullmatch(text):
        return None
    for _, pattern in _IMPLICIT.get(text[0], ()):
        if pattern.match(text):
            return None  # PyYAML would quote it to keep it a string
    return text
