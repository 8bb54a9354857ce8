"""Where the text blocks are, from markdown-it-pyrs's syntax tree: the fast path.

markdown-it-pyrs (Rust) parses about ten times faster than markdown-it-py.
Only its block-level source ranges are used: its inline ranges are wrong
in places (0.4 puts some emphasis spans before their own start), so the
inline details are worked out here from the text, as the block parser
would, and line breaks are classified by ``segment``. The test suite
checks that both paths give the same segments on the whole CommonMark
spec, the stories and generated Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_BLOCKS = frozenset(
    {
        "root", "paragraph", "heading", "lheading", "blockquote", "bullet_list", "ordered_list",
        "list_item", "code_block", "fence", "html_block", "hr", "table", "thead", "tbody", "trow",
        "tcell", "definition", "front_matter",
    }
)
_BLOCK_RULES: list[Any] = [  # the stub types each name as a Literal
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list",
    "paragraph", "reference", "html_block", "table",
]
"""CommonMark's block rules and GFM tables, as markdown-it-pyrs names them."""
_LIST_MARKER = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]*")
_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")

TextBlock = tuple[str, int, int, str, int]
"""(kind, start, end, comment, block quote depth); kind is ``flow``
(paragraph-like), ``line`` (ATX heading) or ``cell`` (table cell)."""


@lru_cache(maxsize=1)
def _parser() -> Any:
    import markdown_it_pyrs

    # Block rules only: the walk never reads inline nodes, and leaving
    # CommonMark's inline rules out halves the parse (block structure does
    # not depend on them; tests/test_segment_backends.py holds it to that).
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_BLOCK_RULES)


@lru_cache(maxsize=1)
def available() -> bool:
    """True when markdown-it-pyrs can be imported here."""
    try:
        _parser()
    except ImportError:
        return False
    return True


class _Offsets:
    """Turns the parser's UTF-8 byte offsets into ``str`` offsets."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.ascii = len(text) == len(self.data)
        self._byte = 0
        self._char = 0

    def char(self, byte: int) -> int:
        if self.ascii:
            return byte
        if byte < self._byte:
            self._byte = self._char = 0
        self._char += len(self.data[self._byte : byte].decode("utf-8", "replace"))
        self._byte = byte
        return self._char


def text_blocks(body: str) -> list[TextBlock]:
    """Every block of ``body`` whose text is translated, in source order."""
    offsets = _Offsets(body)
    found: list[TextBlock] = []
    for kind, start, end, comment, depth in _walk(_parser().tree(body), [], offsets):
        if kind == "heading":
            block = _atx_content(body, start, end)
            if block is not None:
                found.append(("line", *block, comment, depth))
            continue
        if kind == "lheading":
            while end > start and body[end - 1] in "\r\n":
                end -= 1
            end = max(start, body.rfind("\n", start, end))  # the underline goes
        elif kind == "item":
            start = _after_list_marker(body, start, depth)
            end = _before_quote_markers(body, start, end)
        elif kind == "after":
            while start < end and body[start] in " \t\r\n>":
                start += 1
            end = _before_quote_markers(body, start, end)
        start, end = _trim(body, start, end)
        if start < end:
            found.append(("cell" if kind == "cell" else "flow", start, end, comment, depth))
    return found


def _walk(root: Any, containers: list[str], offsets: _Offsets) -> Iterator[tuple[str, int, int, str, int]]:
    """The text blocks under ``root``, depth first, with an explicit stack:
    a thousand nested block quotes or list items must not exhaust Python's
    recursion limit (a story is input, and input may be hostile)."""
    stack: list[_Frame] = []
    node: Any = root
    while True:
        if node is not None:
            leaf = _leaf(node, containers, offsets)
            if leaf is not None:
                yield from leaf
            else:
                if node.name in ("blockquote", "list_item"):
                    containers.append(node.name)
                stack.append(_Frame(node, iter(node.children), containers.count("blockquote")))
            node = None
        if not stack:
            return
        frame = stack[-1]
        for child in frame.children:
            if child.name in _BLOCKS:
                if frame.has_text:  # the text of a tight list item, which has no paragraph node
                    yield frame.run_kind, offsets.char(frame.run_start), offsets.char(child.srcmap[0]), _comment(containers), frame.depth
                    frame.has_text = False
                frame.run_kind, frame.run_start = "after", child.srcmap[1]
                node = child
                break
            frame.has_text = True
        if node is not None:
            continue
        stack.pop()
        if frame.has_text:
            yield frame.run_kind, offsets.char(frame.run_start), offsets.char(frame.node.srcmap[1]), _comment(containers), frame.depth
        if frame.node.name in ("blockquote", "list_item"):
            containers.pop()


class _Frame:
    """A container being walked: where its loose text run started."""

    __slots__ = ("node", "children", "depth", "has_text", "run_kind", "run_start")

    def __init__(self, node: Any, children: Iterator[Any], depth: int) -> None:
        self.node = node
        self.children = children
        self.depth = depth
        self.has_text = False
        self.run_kind = "item"
        self.run_start: int = node.srcmap[0]


def _leaf(node: Any, containers: list[str], offsets: _Offsets) -> list[tuple[str, int, int, str, int]] | None:
    """A text block's entry (none when empty), or None when ``node`` holds blocks."""
    name = node.name
    if name not in ("paragraph", "heading", "lheading", "tcell"):
        return None
    # An empty block has an empty range: no need to build its children,
    # which costs a Python object per inline node.
    start, end = node.srcmap
    if start >= end:
        return []
    kind = {"paragraph": "flow", "tcell": "cell"}.get(name, name)
    if name in ("heading", "lheading"):
        comment = f"heading {node.meta['level']}"
    elif name == "tcell":
        comment = "table cell"
    else:
        comment = _comment(containers)
    return [(kind, offsets.char(start), offsets.char(end), comment, containers.count("blockquote"))]


def _comment(containers: list[str]) -> str:
    if containers and containers[-1] == "list_item":
        return "list item"
    return "block quote" if containers else "paragraph"


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start] in " \t\r\n":
        start += 1
    while end > start and body[end - 1] in " \t\r\n":
        end -= 1
    return start, end


def _atx_content(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The text of an ATX heading, without its opening and closing ``#``s."""
    line_end = body.find("\n", start)
    line_end = len(body) if line_end < 0 or line_end > end else line_end
    marker = body.find("#", start, line_end)
    if marker < 0:
        return None
    position = marker
    while position < line_end and body[position] == "#":
        position += 1
    finish = line_end
    while finish > position and body[finish - 1] in " \t\r":
        finish -= 1
    closing = finish
    while closing > position and body[closing - 1] == "#":
        closing -= 1
    if closing < finish and closing > position and body[closing - 1] in " \t":
        finish = closing
    first, last = _trim(body, position, finish)
    return (first, last) if first < last else None


def _after_list_marker(body: str, start: int, depth: int) -> int:
    """Where a list item's text starts: after its marker, or on the next
    line (past any block quote markers) when the item opens with a blank."""
    marker = _LIST_MARKER.match(body, start)
    position = marker.end() if marker else start
    if position < len(body) and body[position] in "\r\n":
        position = body.find("\n", position) + 1
        if depth:
            position = _QUOTE_PREFIX.match(body, position).end()  # type: ignore[union-attr]
    return position


def _before_quote_markers(body: str, start: int, end: int) -> int:
    """Drop trailing lines that hold only block quote markers or spaces."""
    while end > start:
        line_start = body.rfind("\n", start, end) + 1
        if line_start <= start or body[line_start:end].strip(" \t>\r\n"):
            break
        end = line_start - 1
    return end
