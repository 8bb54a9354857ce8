"""Story → segments, located by markdown-it-py's token source maps.

Which blocks become segments is declared in ``_SEGMENT_KINDS``; the text of
each one is read from the source through the token's line map, so that the
assembler can later splice a translation into exactly that span and copy
everything else byte for byte.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from storybridge.markdown import segment_tree
from storybridge.model import Segment, Story
from storybridge.markdown.story import front_matter_lines
from storybridge.text.scripts import is_wide

_LINE_END = re.compile(r"\r\n|\r|\n")
_ESCAPED_PIPE_OR_PIPE = re.compile(r"\\.|\|")


def _record_position(
    rule: Callable[[StateInline, bool], bool], offset: int
) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the line-break tokens it makes carry their
    position in the inline source: that tells soft from hard breaks exactly,
    even when a code span spans lines."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        position = state.pos
        count = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for token in state.tokens[count:]:
                if token.type in ("softbreak", "hardbreak"):
                    token.meta["newline_at"] = position + offset
        return matched

    return wrapped


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark plus GFM tables, with line breaks that know their place."""
    md = MarkdownIt("commonmark").enable("table")
    rules = {rule.name: rule for rule in md.inline.ruler.__rules__}
    md.inline.ruler.at("newline", _record_position(rules["newline"].fn, 0))
    # A backslash hard break is found at the backslash; its newline is next.
    md.inline.ruler.at("escape", _record_position(rules["escape"].fn, 1))
    return md


def segment_story(story: Story, front_matter_keys: Sequence[str]) -> list[Segment]:
    """All translatable pieces of ``story``, front matter first, in source order."""
    segments = list(_front_matter_segments(story, front_matter_keys))
    segments.extend(segment_body(story.body, story.body_line))
    return segments


def _front_matter_segments(story: Story, keys: Sequence[str]) -> Iterator[Segment]:
    lines = front_matter_lines(story.text)
    for key in keys:
        value = story.front_matter.get(key)
        if isinstance(value, str) and value.strip():
            yield Segment(
                msgid=value,
                comment=f"front matter: {key}",
                line=lines.get(key, 0),
                mode="front-matter",
                key=key,
            )


def segment_body(body: str, first_line: int = 0) -> list[Segment]:
    """Segments of a Markdown body; ``first_line`` shifts their line numbers.

    Uses the Rust parser when it is installed, markdown-it-py otherwise;
    both give the same segments (tests/test_segment_backends.py).
    """
    if segment_tree.available():
        return segment_body_with_tree(body, first_line)
    return segment_body_with_tokens(body, first_line)


def segment_body_with_tree(body: str, first_line: int = 0) -> list[Segment]:
    """Segments from markdown-it-pyrs's block ranges."""
    line_starts = _line_starts(body)
    segments: list[Segment] = []
    for kind, start, end, comment, depth in segment_tree.text_blocks(body):
        line = bisect_right(line_starts, start) - 1 + first_line
        content = body[start:end]
        if kind != "flow":
            segments.append(Segment(msgid=content, comment=comment, line=line, mode="line",
                                    start=start, end=end, in_table=kind == "cell"))
            continue
        if "\r" in content:  # as the parser reads it: lines end in \n
            content = content.replace("\r\n", "\n").replace("\r", "\n")
        if depth and "\n" in content:
            content = _strip_quote_markers(content, depth)
        breaks = _classify_breaks(content)
        msgid = join_lines(content, breaks)
        if "<" in content and "\n" in content and _markup(msgid) != _markup(content):
            continue  # joining the lines would turn text into a link or tag
        segments.append(
            Segment(
                msgid=msgid,
                comment=comment,
                line=line,
                mode="flow",
                start=start,
                end=end,
                continuation=_continuation_prefix(body[line_starts[line - first_line] : start]),
                hard_break=_hard_break_marker(content, breaks),
            )
        )
    return segments


def _line_starts(body: str) -> list[int]:
    """Offset of every line's first character (a line ends in \\r\\n, \\r or \\n)."""
    if "\r" in body:
        return [0] + [match.end() for match in _LINE_END.finditer(body)]
    return list(accumulate(map((1).__add__, map(len, body.split("\n"))), initial=0))[:-1]


_HARD_BREAK_CANDIDATE = re.compile(r"(?:  |\\)\n")


def _classify_breaks(content: str) -> dict[int, str]:
    """Which newlines are hard breaks. Most text has none, which a glance
    shows; otherwise markdown-it-py's inline parser decides, since a
    trailing backslash or double space means nothing in a code span."""
    if not _HARD_BREAK_CANDIDATE.search(content):
        return {}
    inline = markdown_parser().parseInline(content)[0]
    return _breaks(inline)


_QUOTE_MARKER = re.compile(r"[ \t]*>[ \t]?")


def _strip_quote_markers(content: str, depth: int) -> str:
    """Remove the block quote markers that begin the lines after the first,
    as the block parser does before it reads the inline text."""
    lines = content.split("\n")
    for index in range(1, len(lines)):
        line = lines[index]
        for _ in range(depth):
            marker = _QUOTE_MARKER.match(line)
            if marker is None:
                break
            line = line[marker.end() :]
        lines[index] = line
    return "\n".join(lines)


def segment_body_with_tokens(body: str, first_line: int = 0) -> list[Segment]:
    """Segments from markdown-it-py's tokens and their line maps."""
    tokens = markdown_parser().parse(body)
    line_starts = [0] + [match.end() for match in _LINE_END.finditer(body)]
    source = _Source(body, line_starts)
    segments: list[Segment] = []
    containers: list[str] = []
    heading_level = 0
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open"):
            containers.append(token.type)
        elif token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline" and token.map is not None and token.content.strip():
            parent = tokens[index - 1]
            segment = _segment_of(parent, token, source, containers, heading_level)
            if segment is not None:
                segments.append(_shifted(segment, first_line))
    segments.extend(_table_segments(tokens, source, first_line))
    segments.sort(key=lambda s: (s.line, s.start))
    return segments


def _shifted(segment: Segment, lines: int) -> Segment:
    return replace(segment, line=segment.line + lines) if lines else segment


class _Source:
    """The body with its line offsets, to turn line maps into offsets."""

    def __init__(self, text: str, line_starts: list[int]) -> None:
        self.text = text
        self.line_starts = line_starts

    def line(self, number: int) -> tuple[int, str]:
        """Offset and text (without line ending) of 0-based line ``number``."""
        start = self.line_starts[number]
        end = (
            self.line_starts[number + 1]
            if number + 1 < len(self.line_starts)
            else len(self.text)
        )
        return start, self.text[start:end].rstrip("\r\n")


def _comment_for(parent: Token, containers: list[str], heading_level: int) -> str:
    if parent.type == "heading_open":
        return f"heading {heading_level}"
    if containers and containers[-1] == "list_item_open":
        return "list item"
    if containers:
        return "block quote"
    return "paragraph"


def _segment_of(
    parent: Token,
    inline: Token,
    source: _Source,
    containers: list[str],
    heading_level: int,
) -> Segment | None:
    """The segment of a paragraph or heading, or None if its span cannot be
    located exactly (then the text is copied untranslated, never mangled)."""
    if parent.type not in ("paragraph_open", "heading_open"):
        return None
    assert inline.map is not None
    first, last = inline.map[0], inline.map[1] - 1
    content = inline.content
    comment = _comment_for(parent, containers, heading_level)
    if parent.type == "heading_open" and parent.markup.startswith("#"):
        line_start, line = source.line(first)
        marker_end = len(line) - len(line.lstrip(" ")) + len(parent.markup)
        column = line.find(content, marker_end)
        if column < 0:
            return None
        return Segment(
            msgid=content,
            comment=comment,
            line=first,
            mode="line",
            start=line_start + column,
            end=line_start + column + len(content),
        )
    content_lines = content.split("\n")
    first_start, first_text = source.line(first)
    head = content_lines[0].rstrip()
    if not head or not first_text.rstrip().endswith(head):
        return None
    column = len(first_text.rstrip()) - len(head)
    last_start, last_text = source.line(last)
    if not last_text.rstrip().endswith(content_lines[-1].strip()):
        return None
    prefix = first_text[:column]
    msgid = join_lines(content, _breaks(inline))
    if "<" in content and "\n" in content and _markup(msgid) != _markup(content):
        return None  # joining the lines would turn text into a link or tag
    return Segment(
        msgid=msgid,
        comment=comment,
        line=first,
        mode="flow",
        start=first_start + column,
        end=last_start + len(last_text.rstrip()),
        continuation=_continuation_prefix(prefix),
        hard_break=_hard_break_marker(content, _breaks(inline)),
    )


def _markup(text: str) -> list[str]:
    """The inline token kinds of ``text``, breaks and plain text left out."""
    tokens = markdown_parser().parseInline(text)[0].children or []
    return [t.type for t in tokens if t.type not in ("text", "softbreak", "hardbreak")]


def _breaks(inline: Token) -> dict[int, str]:
    """Position in the inline content of each newline that is a line break."""
    breaks: dict[int, str] = {}
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak") and "newline_at" in child.meta:
            breaks[child.meta["newline_at"]] = child.type
    return breaks


_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def join_lines(content: str, breaks: dict[int, str]) -> str:
    """Join soft-broken lines into one; keep hard breaks as ``\\n``.

    A soft break becomes a space, except between two CJK characters, where
    the writing system has no spaces. Hard-break markers are dropped: the
    assembler writes the source's marker back.
    """
    if "\r" in content:
        content = _LINE_END.sub(lambda m: "\n" + " " * (len(m.group()) - 1), content)  # offsets stay put
    if not breaks:  # soft breaks only: one pass, deciding at each break
        return _SOFT_BREAK.sub(" " if content.isascii() else _soft_joint, content)
    return _join_line_by_line(content, breaks)


def _soft_joint(match: re.Match[str]) -> str:
    """What a soft break and the blanks around it become: nothing between
    two CJK characters, a space elsewhere."""
    text, before, after = match.string, match.start() - 1, match.end()
    if before >= 0 and after < len(text) and is_wide(text[before]) and is_wide(text[after]):
        return ""
    return " "


def _join_line_by_line(content: str, breaks: dict[int, str]) -> str:
    """join_lines for text with hard breaks, one line at a time."""
    lines = content.split("\n")
    if len(lines) == 1:
        return content
    texts = [lines[0]] + [line.lstrip(" \t") for line in lines[1:]]
    pieces: list[str] = []
    newline = -1
    for index, line in enumerate(lines[:-1]):
        newline += len(line) + 1
        text = texts[index]
        if breaks.get(newline) == "hardbreak":
            if text.endswith("\\") and not text.endswith(" "):
                text = text[:-1]
            pieces.append(text.rstrip(" \t"))
            pieces.append("\n")
            continue
        text = text.rstrip(" \t")
        pieces.append(text)
        following = texts[index + 1]
        if text and following and is_wide(text[-1]) and is_wide(following[0]):
            continue
        pieces.append(" ")
    pieces.append(texts[-1])
    return "".join(pieces)



def _hard_break_marker(content: str, breaks: dict[int, str]) -> str:
    for position, kind in sorted(breaks.items()):
        if kind == "hardbreak":
            return "\\" if content[position - 1 : position] == "\\" else "  "
    return "\\"


_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")


def _continuation_prefix(prefix: str) -> str:
    """The prefix for lines after the first: block quote markers stay, list
    markers turn into spaces of the same width."""
    return _LIST_MARKER.sub(lambda m: " " * len(m.group()), prefix)


def _table_segments(
    tokens: list[Token], source: _Source, first_line: int
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
    line_number: int, cells: list[Token], source: _Source, first_line: int
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
