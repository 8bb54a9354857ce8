"""Contract 2, the safety half: whatever a volunteer types into a msgstr, the
published story renders, with Python-Markdown and with markdown-it-py, to
no element, attribute or URL scheme that the source story's rendering did
not already have. The checks refuse the rest (``usable_translations``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_strategies import HOSTILE, faithful_translation, markdown_document, share_accepted

from storybridge.site.assemble import splice_body, usable_translations
from storybridge.model import Segment
from storybridge.markdown.segment import segment_body
from storybridge.markdown.story import split_front_matter

STORIES = sorted((Path(__file__).parents[2] / "stories").rglob("*.md"))

# What Python-Markdown's "extra" reads that CommonMark does not, and the
# tricks that get a script URL past a naive filter.
PYTHON_MARKDOWN_HOSTILE = [
    "#tag at the start",
    "text\n#heading",
    "*x*{: onclick=alert(1) }",
    "[a](https://example.org/x){: onclick=alert(1)}",
    "text\n{: .cls onmouseover=alert(1) }",
    "term\n: definition",
    ": definition",
    "text [^1]\n[^1]: a footnote",
    "text\n*[HTML]: Hyper Text\nHTML",
    "text\n[r]: javascript:alert(1)\n[x][r]",
    "[x] [r]",
    "[a](b c)",
    "[x](&#106;avascript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript\\:alert(1))",
    "\\<b onclick=x>bold</b>",
    "<x@_>",
    "<javascript:alert(1)>",
    "<foo:bar baz>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;script&amp;gt;",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "<mailto:a@b.c>",
    "`code` <b>after code</b>",
    "\\`[x](javascript:alert(1))`",
]
ALL_HOSTILE = HOSTILE + PYTHON_MARKDOWN_HOSTILE
MARKUP = "*_[]()<>#{}:&;!`\\\n |-=.~ab1@/^"
"""Characters that mean something to one renderer or the other."""

_PYTHON_MARKDOWN = markdown.Markdown(extensions=["extra"])
_MARKDOWN_IT = MarkdownIt("commonmark", {"html": True}).enable("table")
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "xlink:href",
    "srcset",
    "data",
}


def render_python_markdown(text: str) -> str:
    return _PYTHON_MARKDOWN.reset().convert(text)


RENDERERS = {
    "python-markdown": render_python_markdown,
    "markdown-it": _MARKDOWN_IT.render,
}


class _Features(HTMLParser):
    """Element names, attribute names and URL schemes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.add(("element", tag))
        for name, value in attrs:
            self.found.add(("attribute", name))
            if name in _URL_ATTRIBUTES and value is not None:
                self.found.add(("scheme", scheme_of(value)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.found.add(("element", "<!-- comment -->"))

    def handle_decl(self, decl: str) -> None:
        self.found.add(("element", "<!declaration>"))

    def handle_pi(self, data: str) -> None:
        self.found.add(("element", "<?processing instruction>"))

    def unknown_decl(self, data: str) -> None:
        self.found.add(("element", "<![CDATA["))


def scheme_of(url: str) -> str:
    """The scheme a browser would see: tabs and newlines dropped, leading
    spaces and controls trimmed; '' for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def features(html: str) -> set[tuple[str, str]]:
    parser = _Features()
    parser.feed(html)
    parser.close()
    return parser.found


def built_body(body: str, segments: list[Segment], msgstrs: list[str]) -> str:
    entries = [
        polib.POEntry(msgid=s.msgid, msgstr=m) for s, m in zip(segments, msgstrs) if m
    ]
    accepted, _ = usable_translations(segments, entries, "ko")
    return splice_body(body, segments, accepted)


def assert_nothing_new(source: str, built: str) -> None:
    """Attributes and URL schemes are compared renderer by renderer. An
    element counts as the source's when either renderer made it: the two
    disagree on some sources (a setext heading over two lines is a paragraph
    to Python-Markdown), and a translation that fits on one line gets the
    heading the author wrote."""
    rendered = {name: features(render(source)) for name, render in RENDERERS.items()}
    authored = {
        feature
        for found in rendered.values()
        for feature in found
        if feature[0] == "element"
    }
    for name, render in RENDERERS.items():
        added = features(render(built)) - rendered[name] - authored
        assert not added, (
            f"{name} renders {sorted(added)} that the source does not have"
        )


def takeable_for(msgid: str) -> st.SearchStrategy[str]:
    """A translation the build should take: faithful, or with a hostile
    string inside its text (taken when the string is inline and harmless)."""
    return st.one_of(
        faithful_translation(msgid),
        st.builds(
            lambda h, cut: "Ω " + msgid[:cut] + h + msgid[cut:], st.sampled_from(ALL_HOSTILE), st.integers(0, len(msgid))
        ),
    )


def msgstr_for(msgid: str) -> st.SearchStrategy[str]:
    """Half the draws takeable, the other half hostile strings alone, around
    arbitrary text, and inside the msgid, as a translation that keeps most of
    its source would carry them."""
    hostile = st.sampled_from(ALL_HOSTILE)
    takeable = takeable_for(msgid)
    refused_mostly = st.one_of(
        hostile,
        st.text(max_size=40),
        st.text(alphabet=MARKUP, max_size=30),
        st.builds(lambda h, t: h + t, hostile, st.text(max_size=20)),
        st.builds(lambda t, h: t + " " + h, st.text(max_size=20), hostile),
        st.builds(
            lambda h, cut: msgid[:cut] + h + msgid[cut:],
            hostile,
            st.integers(0, len(msgid)),
        ),
        st.builds(
            lambda h, cut: msgid[:cut] + "\n" + h, hostile, st.integers(0, len(msgid))
        ),
    )
    return st.one_of(takeable, refused_mostly)


MOSTLY = 0.5
"""The share of generated stories whose build must publish a translation
(measured: 132 of 200; a story without segments has none to publish)."""


def test_generated_story_gains_nothing_from_any_translation() -> None:
    exercised: list[bool] = []

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(markdown_document(), st.data())
    def gains_nothing(body: str, data: st.DataObject) -> None:
        segments = segment_body(body)
        # The first segment's translation is takeable, so that most builds
        # publish one (a story without segments has nothing to take).
        msgstrs = [data.draw((takeable_for if n == 0 else msgstr_for)(s.msgid)) for n, s in enumerate(segments)]
        entries = [polib.POEntry(msgid=s.msgid, msgstr=m) for s, m in zip(segments, msgstrs) if m]
        accepted, _ = usable_translations(segments, entries, "ko")
        assert_nothing_new(body, splice_body(body, segments, accepted))
        exercised.append(share_accepted([s.msgid for s in segments], accepted))

    gains_nothing()
    assert sum(exercised) >= MOSTLY * len(exercised), f"{sum(exercised)} of {len(exercised)} examples accepted one"


def story_body(path: Path) -> str:
    _, body, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return body


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.name)
@pytest.mark.parametrize("hostile", ALL_HOSTILE)
def test_repo_story_gains_nothing_from_a_hostile_translation(
    path: Path, hostile: str
) -> None:
    body = story_body(path)
    segments = segment_body(body)
    assert_nothing_new(body, built_body(body, segments, [hostile] * len(segments)))
    inside = [
        s.msgid[: len(s.msgid) // 2] + hostile + s.msgid[len(s.msgid) // 2 :]
        for s in segments
    ]
    assert_nothing_new(body, built_body(body, segments, inside))


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.name)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_repo_story_gains_nothing_from_any_translation(
    path: Path, data: st.DataObject
) -> None:
    body = story_body(path)
    segments = segment_body(body)
    msgstrs = [data.draw(msgstr_for(s.msgid)) for s in segments]
    assert_nothing_new(body, built_body(body, segments, msgstrs))


def test_features_see_what_the_checks_guard_against() -> None:
    """The property is only as good as its eyes: an unchecked splice of a
    hostile msgstr must show up as new elements, attributes or schemes."""
    body = "Some text.\n"
    for hostile, expected in [
        ("<script>alert(1)</script>", ("element", "script")),
        ("*x*{: onclick=alert(1) }", ("attribute", "onclick")),
        ("[x](javascript:alert(1))", ("scheme", "javascript")),
        ("#tag", ("element", "h1")),
    ]:
        assert expected in features(render_python_markdown(hostile)) - features(
            render_python_markdown(body)
        )
