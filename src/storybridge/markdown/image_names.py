"""Every name by which a story may show a local image file, by line.

The sensitive guard reads the metadata of the images a story shows (a GPS
position can get someone arrested), so this reads wide on purpose: a name
that is no file costs the caller a stat, a name missed publishes a photo
unread. Three readers, whose findings are merged:

- the front matter's values (Hugo's ``images``, Jekyll's ``image``, a
  theme's ``cover``: the site shows them in the page or its social card),
  read from YAML's node graph, each node once, so aliases cannot make the
  walk explode;
- markdown-it-py's reading of the body: inline and reference-style images
  and links with their destinations unescaped and percent-decoded as a
  browser asks for them, and the ``src``/``srcset``/``href``/``poster``
  attributes of raw HTML, entities decoded;
- every word and every quoted or bracketed string of the text that ends
  in an image suffix (a Hugo ``figure`` shortcode, a Liquid include, a
  bare mention), each also cut after its punctuation (``](photo(1).jpg``
  also as ``photo(1).jpg``) and decoded as a URL, as HTML and as Markdown
  escapes.

Pure: text in, names out; web addresses are left out, nothing is resolved.
Linear in the text: words are found by one pass of a regular expression
without nested repetition, and the front matter's lines come from YAML's
marks.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from urllib.parse import unquote

import yaml

from storybridge.errors import StoryError
from storybridge.markdown.story import SAFE_LOADER, split_front_matter

IMAGE_SUFFIXES = (
    ".avif", ".bmp", ".gif", ".heic", ".heif", ".jfif", ".jpe", ".jpeg", ".jpg", ".png", ".tif", ".tiff", ".webp",
)
"""What Pillow reads metadata from, by file suffix (case does not matter)."""

_MENTION = re.compile(
    r"(?:\.|%2e|&#0*46;|&#x0*2e;|&period;|\\x2e|\\u002e)(?:avif|bmp|gif|hei[cf]|jfif|jpe?g?|png|tiff?|webp)",
    re.IGNORECASE,
)
"""A cheap gate: a text without any of these names no image. The dot also
written as a URL, an HTML or a YAML escape, which a browser or the YAML
reader decodes (``c1%2Ejpg``, ``c1&#46;jpg``, ``"c1\x2ejpg"``)."""

_WORD = re.compile(r"[^\s\"'<>`|]+")
"""A run of characters up to a space, a quote, an angle bracket, a backtick or a bar."""
_QUOTED = (re.compile(r"\"([^\"\n]{1,1024})\""), re.compile(r"'([^'\n]{1,1024})'"), re.compile(r"<([^<>\n]{1,1024})>"))
"""A quoted or bracketed string on one line, spaces allowed (``"my photo.jpg"``,
``<my photo.jpg>``); each kind apart, so a shortcode's ``<…>`` does not hide
the quoted name inside it."""
_CUTS = frozenset("([{=:,;!*_~\\]})")
"""After these a name may start within a word (``](photo.jpg``, ``src=photo.jpg``)."""
MAX_CUTS = 8
"""Cuts tried per word, nearest its end first: a word of punctuation
cannot make the scan quadratic."""
_HTML_ATTRIBUTE = re.compile(
    r"\b(?:src|srcset|href|poster|data-src|data-srcset|content)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
MAX_NODES = 10_000
"""Front matter nodes walked at most; a real one has a few dozen."""
_SCHEME = re.compile(r"[A-Za-z][\w+.-]*:")


def image_names(text: str, shown: str) -> list[tuple[int, str]]:
    """(1-based line, name) of every local image ``text`` may show, once
    per line and name, in line order; ``shown`` names the story in errors
    (none are raised: front matter that cannot be read names nothing here,
    the story's own reading reports it)."""
    if not _MENTION.search(text):
        return []
    try:
        yaml_text, body, body_line = split_front_matter(text, shown)
    except StoryError:
        yaml_text, body, body_line = "", text, 0
    placed = {(line, name) for line, name in _front_matter(yaml_text) + _words(text) if _local_image(name)}
    # markdown-it places a name only at its block's first line: used for the
    # names the scans above missed (a destination decoded some other way).
    named = {name for _, name in placed}
    placed.update((line, name) for line, name in _markdown(body, body_line, named) if _local_image(name) and name not in named)
    return sorted(placed)


def _local_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES) and not _SCHEME.match(name) and not name.startswith("//")


def _variants(name: str) -> set[str]:
    """``name`` as written and as a browser or a Markdown reader would ask
    for it: query and fragment cut, percent, entity and backslash escapes
    decoded."""
    forms = {name, re.split(r"[?#]", name, maxsplit=1)[0]}
    for form in list(forms):
        unescaped = re.sub(r"\\(.)", r"\1", form)
        forms.update({unquote(form), html.unescape(form), unescaped, unquote(html.unescape(unescaped))})
    return {form.strip() for form in forms if form.strip()}


# --- the front matter --------------------------------------------------------


def _front_matter(yaml_text: str) -> list[tuple[int, str]]:
    """Each scalar of the front matter that may name an image, at its line
    (the front matter starts on line 2)."""
    if not yaml_text or not _MENTION.search(yaml_text):
        return []
    try:
        root = yaml.compose(yaml_text, Loader=SAFE_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    found: list[tuple[int, str]] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack and len(seen) < MAX_NODES:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias: the same node again
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str) and (_MENTION.search(node.value) or _MENTION.search(unquote(html.unescape(node.value)))):
                found.extend((node.start_mark.line + 2, name) for name in _variants(node.value.strip()))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return found


# --- the body as markdown-it-py reads it ----------------------------------------


def _markdown(body: str, body_line: int, named: set[str] = frozenset()) -> list[tuple[int, str]]:  # type: ignore[assignment]
    """Destinations of images and links (reference-style too) and of raw
    HTML's attributes, decoded, each at the first line of its block."""
    if not _MENTION.search(body):
        return []
    from markdown_it import MarkdownIt

    environment: dict[str, object] = {}
    tokens = MarkdownIt("commonmark").enable("table").parse(body, environment)
    found: list[tuple[int, str]] = []
    for token in tokens:
        line = body_line + 1 + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            found.extend((line, name) for name in _html_names(token.content))
        for child in token.children or ():
            if child.type == "image":
                found.extend((line, name) for name in _variants(str(child.attrs.get("src", ""))))
            elif child.type == "link_open":
                found.extend((line, name) for name in _variants(str(child.attrs.get("href", ""))))
            elif child.type == "html_inline":
                found.extend((line, name) for name in _html_names(child.content))
    references = environment.get("references")
    if isinstance(references, dict):
        for reference in references.values():
            href = str(reference.get("href", "")) if isinstance(reference, dict) else ""
            fresh = _variants(href) - named  # placed by the word scan: no search for its line
            if fresh and _MENTION.search(unquote(href)):
                line = _line_naming(body, href, body_line)
                found.extend((line, name) for name in fresh)
    return found


def _html_names(markup: str) -> list[str]:
    """The file names raw HTML's attributes give (every candidate of an ``srcset``)."""
    found = []
    for match in _HTML_ATTRIBUTE.finditer(markup):
        value = html.unescape(match.group(1) or match.group(2) or match.group(3) or "")
        for candidate in value.split(","):
            words = candidate.split()
            if words:
                found.extend(_variants(words[0]))
    return found


def _line_naming(body: str, href: str, body_line: int) -> int:
    """The line of the body where ``href`` (or its last part) is written;
    the body's first line when it is written some other way."""
    for form in (href, unquote(href), href.rsplit("/", 1)[-1]):
        at = body.find(form)
        if at >= 0:
            return body_line + 1 + body.count("\n", 0, at)
    return body_line + 1


# --- every word -------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, str]]:
    """Words and quoted strings that end in an image suffix, each also cut
    after its punctuation, with their decoded forms."""
    starts: list[int] = []

    def line_of(offset: int) -> int:
        if not starts:  # once per text, on first need
            starts.extend([0] + [match.end() for match in re.finditer("\n", text)])
        return bisect_right(starts, offset)

    found: list[tuple[int, str]] = []
    for pattern in (_WORD, *_QUOTED):
        for match in pattern.finditer(text):
            word = match.group(0) if pattern is _WORD else match.group(1)
            if not _MENTION.search(word):
                continue
            line = line_of(match.start())
            for candidate in _cut(word.rstrip(".,;:!?)]}*_~")):
                found.extend((line, name) for name in _variants(candidate))
    return found


def _cut(word: str) -> list[str]:
    """``word`` and its tails after the punctuation a name cannot start
    with in Markdown, shortcodes or attributes, nearest the end first
    (at most ``MAX_CUTS``)."""
    tails = [word]
    position = len(word)
    while len(tails) <= MAX_CUTS:
        position = max((word.rfind(mark, 0, position) for mark in _CUTS), default=-1)
        if position < 0:
            break
        tails.append(word[position + 1 :])
    return [tail for tail in tails if tail]
