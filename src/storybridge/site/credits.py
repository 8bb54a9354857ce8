"""Credits in published front matter (issue 17): translators and reviewers
by display name only, for the languages whose settings opt in.

Pure functions. Names come from the review records (who approved what is
published) and from a catalog's ``Last-Translator`` header, of which only
the name is kept: an address, or a name that holds an ``@``, is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_ADDRESS = re.compile(r"<[^<>]*>")
_PLACEHOLDER = "FULL NAME"


def translator_name(last_translator: str) -> str | None:
    """``Kim J. <kim@example.org>`` → ``Kim J.``; None when no name is left
    (empty, gettext's ``FULL NAME`` placeholder, or anything with an ``@``)."""
    name = " ".join(_ADDRESS.sub(" ", last_translator).split())
    if not name or name == _PLACEHOLDER or "@" in name or "<" in name or ">" in name:
        return None
    return name


def credit_fields(configured: Iterable[str], last_translator: str, reviewers: Iterable[str]) -> dict[str, Any]:
    """The ``translators`` and ``reviewers`` keys of one published file:
    the configured names first, then the catalog's last translator; the
    reviewers sorted. A key with no name is left out."""
    translators = list(dict.fromkeys(name for name in configured if "@" not in name))
    last = translator_name(last_translator)
    if last is not None and last not in translators:
        translators.append(last)
    fields: dict[str, Any] = {}
    if translators:
        fields["translators"] = translators
    names = sorted({name for name in reviewers if "@" not in name})
    if names:
        fields["reviewers"] = names
    return fields
