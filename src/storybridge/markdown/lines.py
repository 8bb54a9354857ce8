"""A paragraph's source lines joined into one msgid: soft breaks become a space (or nothing
between CJK characters), hard breaks ``\\n``, and the marker to write them back."""

from __future__ import annotations

import re

from storybridge.text.scripts import is_wide

LINE_END = re.compile(r"\r\n|\r|\n")


_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def join_lines(content: str, breaks: dict[int, str]) -> str:
    """Join soft-broken lines into one; keep hard breaks as ``\\n``.

    A soft break becomes a space, except between two CJK characters, where
    the writing system has no spaces. Hard-break markers are dropped: the
    assembler writes the source's marker back.
    """
    if "\r" in content:
        content = LINE_END.sub(lambda m: "\n" + " " * (len(m.group()) - 1), content)  # offsets stay put
    if not breaks:  # soft breaks only: one pass, deciding at each break
        return _SOFT_BREAK.sub(" " if content.isascii() else _soft_joint, content)
    return join_line_by_line(content, breaks)


def _soft_joint(match: re.Match[str]) -> str:
    """What a soft break and the blanks around it become: nothing between
    two CJK characters, a space elsewhere."""
    text, before, after = match.string, match.start() - 1, match.end()
    if before >= 0 and after < len(text) and is_wide(text[before]) and is_wide(text[after]):
        return ""
    return " "


def join_line_by_line(content: str, breaks: dict[int, str]) -> str:
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



def hard_break_marker(content: str, breaks: dict[int, str]) -> str:
    for position, kind in sorted(breaks.items()):
        if kind == "hardbreak":
            return "\\" if content[position - 1 : position] == "\\" else "  "
    return "\\"

class SourceLines:
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
