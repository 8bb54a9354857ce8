"""The review page: one story in one language, source and translation side
by side with each entry's review state, as one self-contained HTML page.

Jinja2 autoescapes everything; the only markup that comes from a story or
catalog is its inline Markdown (emphasis, code, links), rendered by
markdown-it-py and cut down by nh3 to a few inline tags, with no images so
that the page never reaches the network.
"""

from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

from storybridge.reports.common import template_environment
from storybridge.status.review import STATE_WORDS, ReviewSheet
from storybridge.text.languages import bcp47

_INLINE_TAGS = {"em", "strong", "code", "a", "s", "del", "br"}


@lru_cache(maxsize=1)
def _inline_renderer():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def inline(text: str) -> Markup:
    """A segment's text as a reader sees it: inline Markdown rendered, hard
    breaks (``\\n``, verse lines) kept as line breaks, anything else escaped."""
    import nh3

    renderer = _inline_renderer()
    lines = [renderer.renderInline(line) for line in text.split("\n")]
    html = "<br>".join(lines)
    clean = nh3.clean(html, tags=_INLINE_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"})
    return Markup(clean)  # noqa: S704 - sanitized by nh3 just above


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = template_environment()
    environment.filters["inline"] = inline
    environment.globals.update(state_words=STATE_WORDS, bcp47=bcp47)
    return environment


def render_review_page(sheet: ReviewSheet, source_lang: str) -> str:
    """The sheet as one HTML page (inline CSS, no scripts, no external files)."""
    counts = {state: sheet.count(state) for state in STATE_WORDS}
    return _environment().get_template("review.html.j2").render(
        sheet=sheet, counts=counts, source_lang=source_lang,
    )
