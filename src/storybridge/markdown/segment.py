"""Story → segments, located by markdown-it-py's token source maps.

Which blocks become segments is declared in ``_SEGMENT_KINDS``; the text of
each one is read from the source through the token's line map, so that the
assembler can later splice a translation into exactly that span and copy
everything else byte for byte.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from storybridge.markdown import segment_tree
from storybridge.markdown.lines import (
    LINE_END,
    SourceLines,
    hard_break_marker,
    join_lines,
)
from storybridge.markdown.story import front_matter_lines
from storybridge.markdown.tables import table_segments
from storybridge.model import Segment, Story


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
        # A list (tags, categories) gives one entry per item, so a site's
        # taxonomy pages are in the reader's language too (issue #15).
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str) and item.strip():
                yield Segment(
                    msgid=item,
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
                hard_break=hard_break_marker(content, breaks),
            )
        )
    return segments


def _line_starts(body: str) -> list[int]:
    """Offset of every line's first character (a line ends in \\r\\n, \\r or \\n)."""
    if "\r" in body:
        return [0] + [match.end() for match in LINE_END.finditer(body)]
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
    line_starts = [0] + [match.end() for match in LINE_END.finditer(body)]
    source = SourceLines(body, line_starts)
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
    segments.extend(table_segments(tokens, source, first_line))
    segments.sort(key=lambda s: (s.line, s.start))
    return segments


def _shifted(segment: Segment, lines: int) -> Segment:
    return replace(segment, line=segment.line + lines) if lines else segment


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
    source: SourceLines,
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
        hard_break=hard_break_marker(content, _breaks(inline)),
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


_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")


def _continuation_prefix(prefix: str) -> str:
    """The prefix for lines after the first: block quote markers stay, list
    markers turn into spaces of the same width."""
    return _LIST_MARKER.sub(lambda m: " " * len(m.group()), prefix)
