"""Python-Markdown's link reading in linear time, with the same results.

Python-Markdown's link and image processors find the ``]`` that closes a
``[`` by scanning forward from it (``getText``) and the ``)`` that closes a
target the same way (``getLink``): a translation of ten thousand ``[``
without a ``]`` costs ten thousand scans to its end, and a check that took
8.7 s for one 20 KB msgstr. Here the closing bracket of every ``[`` is
found once per text with a stack (the same nesting count, so the same
answer), and a target with no ``)`` after it is given up at once (the
original cannot close a target without one). Installed on one converter's
processors, never on the library's classes.
"""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

from markdown.inlinepatterns import LinkInlineProcessor

_local = threading.local()


def _closings(data: str) -> tuple[dict[int, int], int]:
    """For ``data``: where the ``]`` closing each ``[`` stands, by the
    position just after the ``[``, and the last ``)`` (-1 when none). The
    last text's answer is kept: the processors ask about one text many times."""
    cached = getattr(_local, "cached", None)
    if cached is not None and cached[0] is data:
        return cached[1], cached[2]
    closing: dict[int, int] = {}
    opened: list[int] = []
    for pos, char in enumerate(data):
        if char == "[":
            opened.append(pos + 1)
        elif char == "]" and opened:
            closing[opened.pop()] = pos
    last_paren = data.rfind(")")
    _local.cached = (data, closing, last_paren)
    return closing, last_paren


def _get_text(original: Any, data: str, index: int) -> tuple[str, int, bool]:
    if index == 0 or data[index - 1] != "[":
        return original(data, index)  # not after a "[": the scan as it was
    closing, _ = _closings(data)
    end = closing.get(index)
    if end is None:
        return "", len(data), False  # the text is not used when unmatched
    return data[index:end], end + 1, True


def _get_link(original: Any, data: str, index: int) -> tuple[str, str | None, int, bool]:
    _, last_paren = _closings(data)
    if last_paren < index:
        return "", None, index, False
    return original(data, index)


def make_linear(converter: Any) -> None:
    """Give ``converter``'s link and image processors the linear readings."""
    for processor in converter.inlinePatterns:
        if isinstance(processor, LinkInlineProcessor):
            processor.getText = partial(_get_text, processor.getText)
            processor.getLink = partial(_get_link, processor.getLink)


MAX_NESTING = 32
"""Brackets or parentheses nested deeper than this are not read by
Python-Markdown at all (its target scan is quadratic in the depth); no
translation needs them, so such a text is given a kind of its own, which
the ``markdown`` check reports unless the source nests as deep."""

TOO_DEEP = f"brackets or parentheses nested over {MAX_NESTING} deep"


def too_deep(text: str) -> bool:
    """``nesting(text) > MAX_NESTING``, without the walk for the texts that
    cannot be (nesting never exceeds the count of its opener): nearly all."""
    return (text.count("[") > MAX_NESTING or text.count("(") > MAX_NESTING) and nesting(text) > MAX_NESTING


def nesting(text: str) -> int:
    """How deep ``[`` and ``(`` nest in ``text`` (the deeper of the two)."""
    deepest = square = round_ = 0
    for char in text:
        if char == "[":
            square += 1
            deepest = max(deepest, square)
        elif char == "]" and square:
            square -= 1
        elif char == "(":
            round_ += 1
            deepest = max(deepest, round_)
        elif char == ")" and round_:
            round_ -= 1
    return deepest
