"""GFM table cells as segments, located in the source row by row (markdown-it-py's tokens)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from storybridge.markdown.lines import SourceLines
from storybridge.model import Segment

_ESCAPED_PIPE_OR_PIPE = re.compile(r"\\.|\|")


def table_segments(
    tokens: list[Token], source: SourceLines, first_line: int
) -> Iterator[Segment]:
    """Table cells: the raw cell text, split on unescaped pipes as GFM does."""
    row_map: list[int] | None = None
    cells: list[Token] = []
    for token in tokens:
        if token.type == "tr_open":
            row_map, cells = token.map, []
        elif token.type == "inline" and row_map is not None:
            cells.append(token)
        elif token.type == "tr_close" and row_map is not None:
            yield from _row_segments(row_map[0], cells, source, first_line)
            row_map = None


def _row_segments(
    line_number: int, cells: list[Token], source: SourceLines, first_line: int
) -> Iterator[Segment]:
    line_start, line = source.line(line_number)
    located = _locate_cells(line, [cell.content for cell in cells])
    if located is None:
        return  # the row cannot be matched exactly: copy it untranslated
    for start, end in located:
        if start == end:
            continue
        yield Segment(
            msgid=line[start:end],
            comment="table cell",
            line=line_number + first_line,
            mode="line",
            start=line_start + start,
            end=line_start + end,
            in_table=True,
        )


_CONTAINER_PREFIX = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*")


def _locate_cells(line: str, contents: list[str]) -> list[tuple[int, int]] | None:
    """Spans of a row's cells, past any block quote or list prefix, such that
    each raw cell unescapes to the content markdown-it found."""
    prefix_end = _CONTAINER_PREFIX.match(line).end()  # type: ignore[union-attr]
    for skip in range(prefix_end + 1):
        spans = _cell_spans(line[skip:])[: len(contents)]
        if len(spans) >= len([c for c in contents if c]) and all(
            line[skip + a : skip + b].replace("\\|", "|") == content
            for (a, b), content in zip(spans, contents)
        ):
            return [(skip + a, skip + b) for a, b in spans]
    return None


def _cell_spans(line: str) -> list[tuple[int, int]]:
    """Start and end of each cell's trimmed text in a table row line."""
    bounds = [-1]
    for match in _ESCAPED_PIPE_OR_PIPE.finditer(line):
        if match.group() == "|":
            bounds.append(match.start())
    bounds.append(len(line))
    spans = []
    for left, right in zip(bounds, bounds[1:]):
        start, end = left + 1, right
        while start < end and line[start] in " \t":
            start += 1
        while end > start and line[end - 1] in " \t":
            end -= 1
        spans.append((start, end))
    if line.strip().startswith("|"):
        spans = spans[1:]
    if line.strip().endswith("|") and not line.rstrip().endswith("\\|"):
        spans = spans[:-1]
    return spans
