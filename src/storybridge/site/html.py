"""HTML fragments of a localized story, for sites that import HTML.

The stories are CommonMark (backslash hard breaks, the segmenter follows
markdown-it-py), so they are rendered by markdown-it-py with GFM tables,
as a CommonMark generator (Hugo's Goldmark, Jekyll's kramdown-GFM) reads
them. Python-Markdown (MkDocs, Pelican) is there for a project that asks
for it; the caller then writes hard breaks as two spaces, the only form it
reads (``site.profiles.rebreak``). Either way nh3 sanitizes the result: no
script, event handler or ``javascript:`` URL survives.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from storybridge.errors import StoryError

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link and image schemes kept; relative URLs are kept too."""


@lru_cache(maxsize=1)
def _commonmark() -> MarkdownIt:
    # The strict CommonMark preset plus GFM tables, which the segmenter
    # splits into cells; nothing else, so the HTML is what the spec says.
    return MarkdownIt("commonmark").enable("table")


def sanitize(html: str) -> str:
    """``html`` without anything that could run or phone home."""
    return nh3.clean(html, url_schemes=set(URL_SCHEMES))


def render_commonmark(body: str) -> str:
    """The body as a sanitized HTML fragment, read as CommonMark."""
    return sanitize(_commonmark().render(body)) + "\n"


def render_python_markdown(body: str, extensions: Sequence[str], shown: str = "story") -> str:
    """The body as a sanitized HTML fragment, read by Python-Markdown with
    ``extensions``; hard breaks must already be two spaces. Python-Markdown
    recurses into nested blocks: a story nested deeper than Python's stack
    allows is refused in one line (``shown`` names it)."""
    import markdown

    from storybridge.markdown.linear_links import make_linear

    try:
        converter = markdown.Markdown(extensions=list(extensions), output_format="html")
        make_linear(converter)
        html = converter.convert(body)
    except RecursionError:
        raise StoryError(shown, None, "is nested too deeply to render as HTML; "
                         "flatten its block quotes or lists") from None
    return sanitize(html) + "\n"


def render_fragment(body: str, renderer: str, extensions: Sequence[str], shown: str = "story") -> str:
    """The body rendered by the configured ``renderer``."""
    if renderer == "python-markdown":
        return render_python_markdown(body, extensions, shown)
    return render_commonmark(body)
