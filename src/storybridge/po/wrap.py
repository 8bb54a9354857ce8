"""Break one PO string into quoted lines exactly where GNU gettext 0.21 does.

``msgcat``, ``msgmerge`` and ``xgettext`` print every string through
``wrap()`` in gettext's ``write-po.c``, which breaks lines where
libunistring's ``ulc_width_linebreaks`` allows (Unicode line breaking,
UAX #14). Volunteers run those tools on our catalogs, so we break exactly
where they do: any other choice turns each such run into a diff of rewrapped
lines.

The reference is GNU gettext 0.21 with libunistring 1.0 (Unicode 14.0.0, as
in Debian bookworm). Later libunistring releases changed the rules (LB15a-c,
LB19a, LB28a), so a newer gettext may wrap some strings differently.

Not modelled: gettext forbids breaks inside the printf directives of entries
flagged ``*-format``. Directives hardly ever contain a break opportunity
(``%s``, ``%(name)s`` and ``{0}`` have none), so only contrived strings care.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from storybridge.po.wrap_columns import _CLASS, _NEEDS_FULL, _WIDTH, _columns, escape
from storybridge.po.wrap_tables import (
    _AL,
    _BA,
    _BK,
    _CM,
    _CR,
    _DIRECT,
    _HL,
    _HL_BA,
    _HY,
    _INDIRECT,
    _LF,
    _PAIR,
    _RI,
    _SP,
    _ZW,
    _ZWJ,
)

__all__ = ["PAGE_WIDTH", "escape", "wrap_field"]

PAGE_WIDTH = 79
"""msgcat's default ``--width``."""


def _in_escape(esc: str, i: int) -> bool:
    """Whether ``esc[i]`` is the second character of an escape sequence."""
    j = i - 1
    while j >= 0 and esc[j] == "\\":
        j -= 1
    return (i - 1 - j) % 2 == 1


def _is_break(esc: str, i: int, no_break_at: int) -> bool:
    """Break opportunity before ``esc[i]``, for text the fast path takes."""
    ch = esc[i]
    if ch == " " or i == no_break_at:
        return False
    if esc[i - 1] == "\\" and _in_escape(esc, i):
        return False
    j = i - 1
    while j >= 0 and esc[j] == " ":
        j -= 1
    if j < 0:
        return False
    rule = _PAIR[_CLASS[esc[j]]][_CLASS[ch]]
    return rule == _DIRECT or (rule == _INDIRECT and j < i - 1)


def _ascii_break_after() -> frozenset[str]:
    """Printable ASCII characters a break may follow in ASCII text.

    A space, or a character whose row holds a direct break against some
    ASCII class; after any other, ASCII text cannot break (``,``, ``-``,
    ``/`` qualify, letters and digits do not). Lets the fast path skip
    through words without testing each position.
    """
    printable = [chr(cp) for cp in range(0x20, 0x7F)]
    columns = {_CLASS[ch] for ch in printable} - {_SP}
    return frozenset(
        ch
        for ch in printable
        if ch == " " or any(_PAIR[_CLASS[ch]][col] == _DIRECT for col in columns)
    )


_ASCII_BREAK_AFTER = _ascii_break_after()


def _fast_breaks(
    esc: str, cum: list[int] | None, start: int, width: int, no_break_at: int
) -> list[int]:
    """Greedy line breaks, testing opportunities only near each line end.

    Equivalent to libunistring's piece-by-piece loop: a line takes every
    piece (text up to the next opportunity) that ends within ``width``, and
    always at least one. ``cum[i]`` is the column after ``esc[:i]``; None
    means one column per character.
    """
    n = len(esc)
    total = n if cum is None else cum[n]
    breaks: list[int] = []
    b, column, at_b = 0, start, 0  # line start, its column, columns before it
    while column + total - at_b > width:
        room = width - column + at_b  # last column a break may come after
        limit = room if cum is None else bisect_right(cum, room) - 1
        limit = min(limit, n - 1)
        o = limit
        if cum is None:
            while o > b and (
                esc[o - 1] not in _ASCII_BREAK_AFTER
                or not _is_break(esc, o, no_break_at)
            ):
                o -= 1
        else:
            while o > b and not _is_break(esc, o, no_break_at):
                o -= 1
        if o <= b:  # the first piece overflows: break after it
            o = max(limit, b) + 1
            while o < n and not _is_break(esc, o, no_break_at):
                o += 1
            if o >= n:
                break
        breaks.append(o)
        b, column, at_b = o, 0, (o if cum is None else cum[o])
    return breaks


def _any_break(esc: str, no_break_at: int) -> bool:
    """Whether the fast-path text ``esc`` may break anywhere at all."""
    return any(_is_break(esc, i, no_break_at) for i in range(1, len(esc)))


def _opportunities(esc: str) -> list[int]:
    """UAX #14 as libunistring 1.0 applies it: 0 no, 1 possible, 2 mandatory."""
    result = [0] * len(esc)
    prev = last = _BK  # previous character; last one not a space or mark
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(esc):
        cls = _CLASS[ch]
        if cls == _BK or cls == _LF or cls == _CR:
            result[i] = 2
            prev, last, seen_space = cls, _BK, False
        else:
            if cls == _SP:
                seen_space = True
            elif cls == _ZW:
                last, seen_space = _ZW, False
            elif cls == _CM or cls == _ZWJ:
                # A mark continues its base (LB9), or stands as AL (LB10).
                if last == _BK:
                    last, seen_space = _AL, False
                elif last == _ZW or seen_space:
                    result[i] = 1
                    last, seen_space = _AL, False
            else:
                if last == _BK:
                    pass
                elif last == _ZW:
                    result[i] = 1
                elif prev == _ZWJ:
                    pass
                elif last == _RI and cls == _RI:
                    result[i] = 1 if seen_space or ri_count % 2 == 0 else 0
                elif prev == _HL_BA:
                    pass
                else:
                    rule = _PAIR[last][cls]
                    if rule == _DIRECT or (rule == _INDIRECT and seen_space):
                        result[i] = 1
                last, seen_space = cls, False
            prev = _HL_BA if prev == _HL and (cls == _HY or cls == _BA) else cls
        ri_count = ri_count + 1 if cls == _RI else 0
    return result


def _full_breaks(
    esc: str, start: int, width: int, no_break_at: int, first_only: bool
) -> list[int]:
    """libunistring's width loop, character by character, for any text."""
    kinds = _opportunities(esc)
    for i in range(1, len(esc)):
        if esc[i - 1] == "\\" and _in_escape(esc, i):
            kinds[i] = 0
    if no_break_at >= 0:
        kinds[no_break_at] = 0
    breaks: list[int] = []
    piece_start = -1
    column, piece = start, 0
    for i, ch in enumerate(esc):
        kind = kinds[i]
        if kind and piece_start >= 0 and column + piece > width:
            breaks.append(piece_start)
            if first_only:
                return breaks
            column = 0
        if kind == 2:  # a line separator: the next piece starts at column 0
            piece_start, column, piece = -1, 0, 0
            continue
        if kind == 1:
            piece_start, column, piece = i, column + piece, 0
        piece += _WIDTH[ch]
    if piece_start >= 0 and column + piece > width:
        breaks.append(piece_start)
    return breaks


@lru_cache(maxsize=8192)
def wrap_field(
    keyword: str,
    value: str,
    prefix: str = "",
    *,
    page_width: int = PAGE_WIDTH,
    wrap: bool = True,
) -> str:
    """Render ``keyword "value"`` as msgcat does, each line ending in ``\\n``.

    Memoized: a story's msgids are wrapped once for its template and every
    catalog that repeats them.

    ``prefix`` starts every line (``"#~ "`` for obsolete entries, ``"#| "``
    for previous strings). ``wrap=False`` is the ``no-wrap`` flag: only the
    breaks after embedded newlines remain.
    """
    # Columns for the text of a continuation line: prefix and quotes taken.
    width = (page_width if wrap else 1 << 30) - 1 - (len(prefix) + 1)
    start = len(keyword) + 1  # the same on the first line: keyword and space
    if "\n" not in value:
        portions = [value]
    else:  # each portion but the last keeps its newline, as in write-po.c
        portions = [p + "\n" for p in value.split("\n")]
        tail = portions.pop()
        if tail != "\n":
            portions.append(tail[:-1])
    out: list[str] = []
    last = len(portions) - 1
    for k, portion in enumerate(portions):
        esc = escape(portion)
        no_break_at = len(esc) - 2 if portion[-1:] == "\n" else -1
        if last == 0 and start + 2 * len(esc) <= width:  # fits, however wide
            out.append(f'{prefix}{keyword} "{esc}"\n')
            break
        if esc.isascii() and esc.isprintable():
            cum = None
            total = len(esc)
        else:
            cum = _columns(esc)
            total = cum[-1]
            if total >= _NEEDS_FULL:
                out.append(
                    _full_portion(
                        keyword,
                        esc,
                        prefix,
                        start,
                        width,
                        no_break_at,
                        k == 0,
                        k < last,
                    )
                )
                continue
        breaks = _fast_breaks(esc, cum, 0, width, no_break_at) if total > width else []
        if k == 0:
            # gettext opens with an empty string when the text has a newline
            # inside or would wrap after the keyword.
            if not esc or (
                k == last
                and start <= width
                and (
                    start + total <= width
                    or not (breaks or _any_break(esc, no_break_at))
                )
            ):
                out.append(f'{prefix}{keyword} "{esc}"\n')
                continue
            out.append(f'{prefix}{keyword} ""\n')
        a = 0
        for b in breaks:
            out.append(f'{prefix}"{esc[a:b]}"\n')
            a = b
        out.append(f'{prefix}"{esc[a:]}"\n')
    return "".join(out)


def _full_portion(
    keyword: str,
    esc: str,
    prefix: str,
    start: int,
    width: int,
    no_break_at: int,
    first: bool,
    more: bool,
) -> str:
    """One portion of text that needs the full rules, lines as in wrap_field."""
    out: list[str] = []
    if first:
        if not esc or not (
            more or start > width or _full_breaks(esc, start, width, no_break_at, True)
        ):
            return f'{prefix}{keyword} "{esc}"\n'
        out.append(f'{prefix}{keyword} ""\n')
    a = 0
    for b in _full_breaks(esc, 0, width, no_break_at, False):
        out.append(f'{prefix}"{esc[a:b]}"\n')
        a = b
    out.append(f'{prefix}"{esc[a:]}"\n')
    return "".join(out)
