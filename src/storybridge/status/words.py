"""Words for editors: counting them (CJK by character) and diffing two texts word by word."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from storybridge.text.scripts import is_wide

WORD_RULE = (
    "Chinese and Japanese are counted by characters, Korean and English by words."
)
"""How words are counted, to be said in every report that shows words."""

DiffKind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class DiffPart:
    """A run of text that a source edit kept, removed or added."""

    kind: DiffKind
    """``equal`` (kept), ``delete`` (only in the previous text) or ``insert`` (only in the current)."""
    text: str
    """The run itself, spaces included, so the parts read as the text."""


_LINK_TARGET = re.compile(r"\]\([^)]*\)|<(?:https?|mailto):[^>]*>")
_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Text cut into words, single CJK characters, spaces and punctuation;
    joined, they give the text back."""
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if len(token) > 1 and any(is_wide(char) for char in token):
            found.extend(_split_wide(token))
        else:
            found.append(token)
    return found


def _split_wide(token: str) -> list[str]:
    """``ab中文cd`` → ``ab``, ``中``, ``文``, ``cd``."""
    parts: list[str] = []
    for char in token:
        if is_wide(char) or not parts or is_wide(parts[-1][-1]):
            parts.append(char)
        else:
            parts[-1] += char
    return parts


_CJK_LETTER = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def count_words(text: str) -> int:
    """Words in ``text``: each CJK character is one, Korean and English words
    are runs of letters; punctuation and link targets do not count."""
    text = _LINK_TARGET.sub("]", text)
    text, characters = _CJK_LETTER.subn(" ", text)
    return characters + len(_WORD.findall(text))



def diff_words(previous: str, current: str) -> tuple[DiffPart, ...]:
    """What changed from ``previous`` to ``current``, word by word (CJK by character)."""
    old, new = tokens(previous), tokens(current)
    parts: list[DiffPart] = []

    def add(kind: DiffKind, words: Sequence[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if parts and parts[-1].kind == kind:
            parts[-1] = DiffPart(kind, parts[-1].text + text)
        else:
            parts.append(DiffPart(kind, text))

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("equal", old[i1:i2])
        else:
            add("delete", old[i1:i2])
            add("insert", new[j1:j2])
    return tuple(parts)
