"""Hypothesis strategies for story-shaped Markdown and hostile translations."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

WORD_ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "가나다라마바사아자차카타파하한국어이야기",
    "中文故事难民朝鲜希望和平",
]

words = st.one_of(*(st.text(alphabet=a, min_size=1, max_size=8) for a in WORD_ALPHABETS))
punctuation = st.sampled_from(["", "", "", ",", ".", "!", "?", "。", "，", "’s", ":"])


@st.composite
def inline_piece(draw: st.DrawFn) -> str:
    word = draw(words) + draw(punctuation)
    kind = draw(st.sampled_from(["plain"] * 6 + ["em", "strong", "code", "link", "image", "html"]))
    if kind == "em":
        return f"*{word}*"
    if kind == "strong":
        return f"**{word}**"
    if kind == "code":
        return f"`{word}`"
    if kind == "link":
        return f"[{word}](https://example.org/{draw(words)})"
    if kind == "image":
        return f"![{word}](img/{draw(words)}.png)"
    if kind == "html":
        return f"<em>{word}</em>"
    return word


@st.composite
def text_line(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(inline_piece(), min_size=1, max_size=8)))


@st.composite
def paragraph(draw: st.DrawFn) -> list[str]:
    lines = draw(st.lists(text_line(), min_size=1, max_size=4))
    out = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        ending = "" if last else draw(st.sampled_from(["", "", " ", "\\", "  "]))
        out.append(line + ending)
    return out


def _prefixed(lines: list[str], first: str, rest: str) -> list[str]:
    return [(first if i == 0 else rest) + line for i, line in enumerate(lines)]


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> list[str]:
    kinds = ["paragraph"] * 4 + ["heading", "setext", "code", "fence", "html", "rule", "table"]
    if depth < 2:
        kinds += ["quote", "bullets", "numbers"]
    kind = draw(st.sampled_from(kinds))
    if kind == "paragraph":
        return draw(paragraph())
    if kind == "heading":
        return ["#" * draw(st.integers(1, 6)) + " " + draw(text_line()) + draw(st.sampled_from(["", " #", " ##"]))]
    if kind == "setext":
        return draw(paragraph()) + [draw(st.sampled_from(["===", "---", "=====", "------"]))]
    if kind == "code":
        return ["    " + draw(text_line())]
    if kind == "fence":
        return ["```", draw(text_line()), "```"]
    if kind == "html":
        return ["<div class=\"note\">", draw(text_line()), "</div>"]
    if kind == "rule":
        return [draw(st.sampled_from(["---", "***", "* * *"]))]
    if kind == "table":
        cols = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(text_line().filter(lambda t: "|" not in t), min_size=cols, max_size=cols), min_size=1, max_size=3))
        return ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * cols] + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    inner = draw(st.lists(block(depth + 1), min_size=1, max_size=3))
    if kind == "quote":
        lines: list[str] = []
        for i, b in enumerate(inner):
            if i:
                lines.append(">")
            lines += ["> " + line if line else ">" for line in b]
        return lines
    marker = "-" if kind == "bullets" else "1."
    lines = []
    for i, b in enumerate(inner):
        m = marker if marker == "-" else f"{i + 1}."
        lines += _prefixed(b, m + " ", " " * (len(m) + 1))
    return lines


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "<https://evil.example/>",
    "# heading",
    "> quote",
    "- item",
    "1. item",
    "```\ncode\n```",
    "---",
    "text\n\nnew paragraph",
    "text\n===",
    "text\n---",
    "<div>block</div>",
    "<!-- comment -->",
    "[ref]: https://evil.example/",
    "| a | b |\n|---|---|",
    "    indented code",
    "\ttab",
    "<iframe src=//evil.example>",
    "<style>body{}</style>",
    "[x][ref]",
    "<svg onload=alert(1)>",
    '<a href="https://evil.example" onclick="x()">',
]

hostile_msgstr = st.one_of(
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=20)),
    st.builds(lambda a, b: a + " " + b, st.text(max_size=20), st.sampled_from(HOSTILE)),
    st.text(max_size=60),
)


MARKERS = ["Ω ", "번역 ", "翻译：", "Ω"]
"""What a pseudo translation puts before the msgid: text, never markup."""


def faithful_translation(msgid: str) -> st.SearchStrategy[str]:
    """A msgstr as a volunteer writes it: the msgid's text and inline markup,
    translated (here: marked), structure untouched; the build accepts it."""
    return st.sampled_from(MARKERS).map(lambda marker: marker + msgid)


def translation_of(msgid: str, hostile: Sequence[str] = tuple(HOSTILE)) -> st.SearchStrategy[str]:
    """A msgstr for ``msgid``, shaped so that most are accepted: half the
    draws are faithful translations, the rest carry a hostile string (alone,
    around arbitrary text, or inside the faithful text, where an inline one
    such as an entity or a code span is accepted)."""
    piece = st.sampled_from(list(hostile))
    faithful = faithful_translation(msgid)
    inside = st.builds(lambda h, cut, marker: marker + msgid[:cut] + h + msgid[cut:],
                       piece, st.integers(0, len(msgid)), st.sampled_from(MARKERS))
    return st.one_of(
        faithful,
        faithful,
        inside,
        piece,
        st.builds(lambda h, text: h + text, piece, st.text(max_size=20)),
        st.builds(lambda text, h: text + " " + h, st.text(max_size=20), piece),
    )


def share_accepted(msgids: Sequence[str], accepted: dict[str, str]) -> bool:
    """Whether a build took at least one translation that differs from its msgid."""
    return any(accepted.get(msgid, msgid) != msgid for msgid in msgids)
