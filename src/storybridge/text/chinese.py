"""Simplified ⇄ Traditional Chinese conversion with OpenCC.

OpenCC converts phrase by phrase, not character by character, and its
``s2twp`` configuration also uses Taiwan's words (软件 → 軟體); ``s2t``,
``s2tw`` and ``s2hk`` are the other usual choices. A converter is built
once per process and configuration (loading its dictionaries is the
costly part).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from storybridge.errors import StoryError

CONVERSIONS = ("s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s")
"""OpenCC configurations accepted in ``bootstrap_conversion``."""


@lru_cache(maxsize=None)
def converter(conversion: str) -> Callable[[str], str]:
    """OpenCC's ``convert`` for one configuration (``s2twp`` …)."""
    if conversion not in CONVERSIONS:
        raise StoryError("bootstrap_conversion", None, f"unknown OpenCC conversion {conversion!r} (known: {', '.join(CONVERSIONS)})")
    import opencc

    return opencc.OpenCC(f"{conversion}.json" if not conversion.endswith(".json") else conversion).convert
