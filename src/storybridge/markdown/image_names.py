"""Every name by which a story may show a local image file, by line.

The sensitive guard reads the metadata of the images a story shows (a GPS
position can get someone arrested), so this reads wide on purpose: a name
that is no file costs the caller a stat, a name missed publishes a photo
unread. Two readers, whose findings are merged:

- the front matter's values (Hugo's ``images``, Jekyll's ``image``, a
  theme's ``cover``: the site shows them in the page or its social card),
  read from YAML's node graph, each node once, so aliases cannot make the
  walk explode;
- every word and every quoted or bracketed string of the text that ends
  in an image suffix: an inline or reference-style image or link
  (``<my photo.jpg>`` too), an ``src``/``srcset``/``href`` attribute, a
  Hugo ``figure`` shortcode, a Liquid include, a bare mention. Each is
  also cut after its punctuation (``](photo(1).jpg`` also as
  ``photo(1).jpg``) and decoded as a browser or a Markdown reader asks
  for it: URL escapes, HTML entities, Markdown backslash escapes.

Reading the body with markdown-it-py as well found no name these scans
miss (the tests' syntaxes and a review's thirty cases) and cost 5 ms a
story, a third more CPU for a cold sync.

Pure: text in, names out; web addresses are left out, nothing is resolved.
Linear in the text: words are found by one pass of a regular expression
without nested repetition, and the front matter's lines come from YAML's
marks.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
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

_WORD_ENDS = " \t\n\r\f\v\u00a0\u3000\"<>`|"
"""What ends a word: a space, a double quote, an angle bracket, a backtick
or a bar; not an apostrophe, which a file name may hold (``Kim's.jpg``)."""
_WORD_END = re.compile(r"[\s\"<>`|]")
_QUOTED = (re.compile(r"\"([^\"\n]{1,1024})\""), re.compile(r"'([^'\n]{1,1024})'"), re.compile(r"<([^<>\n]{1,1024})>"))
"""A quoted or bracketed string on one line, spaces allowed (``"my photo.jpg"``,
``<my photo.jpg>``); each kind apart, so a shortcode's ``<…>`` does not hide
the quoted name inside it."""
_CUTS = frozenset("([{=:,;!*_~\\]})'")
"""After these a name may start within a word (``](photo.jpg``, ``src=photo.jpg``)."""
MAX_CUTS = 32
"""Cuts tried per stretch, nearest its end first (``my_family_at_the_river_x.jpg``
has ten); with ``WINDOW``, what keeps a word of punctuation from making
the scan quadratic."""
WINDOW = 1024
"""Characters of a word read before a suffix: a file's path is shorter."""
MAX_NODES = 10_000
"""Front matter nodes walked at most; a real one has a few dozen."""
_SCHEME = re.compile(r"[A-Za-z][\w+.-]*:")


def image_names(text: str, shown: str) -> list[tuple[int, str]]:
    """(1-based line, name) of every local image ``text`` may show, once
    per line and name, in line order; ``shown`` names the story in errors
    (none are raised: front matter that cannot be read names nothing here,
    the story's own reading reports it)."""
    if not _MENTION.search(text) and not _SHOWN.search(text):
        return []
    return list(_image_names(text, shown))


@lru_cache(maxsize=16)
def _image_names(text: str, shown: str) -> tuple[tuple[int, str], ...]:
    """``image_names``, kept for the few texts read last: a build reads a
    story's images for its check, its stamps and its caches."""
    try:
        yaml_text = split_front_matter(text, shown)[0]
    except StoryError:
        yaml_text = ""
    placed = {(line, name) for line, name in _front_matter(yaml_text) + _words(text) if _local_image(name)}
    placed.update(_shown(text))
    return tuple(sorted(placed))


_SHOWN = re.compile(
    r"!\[[^\]\n]*\]\(\s*<?([^\s)>]+)"  # ![alt](target)
    r"|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)"  # <img src=target>
    r"|\{\{[<%]\s*figure\b[^}\n]*?\bsrc\s*=\s*\"?([^\"\s}]+)",  # Hugo's {{< figure src=target >}}
    re.IGNORECASE,
)
"""Where the syntax itself says "an image": the name counts without a
suffix (``![](/images/c7)``, which a browser shows whatever its name)."""


def _shown(text: str) -> list[tuple[int, str]]:
    """The targets of image syntax, suffix or not, decoded, at their lines."""
    found: list[tuple[int, str]] = []
    line_of = _line_finder(text)
    for match in _SHOWN.finditer(text):
        target = next(group for group in match.groups() if group is not None)
        found.extend((line_of(match.start()), name) for name in _variants(target) if not _remote(name))
    return found


def _line_finder(text: str) -> Callable[[int], int]:
    """The 1-based line of an offset in ``text``; the line starts are found
    once, on the first call, so many names keep the reading linear."""
    starts: list[int] = []

    def line_of(offset: int) -> int:
        if not starts:
            starts.extend([0] + [newline.end() for newline in re.finditer("\n", text)])
        return bisect_right(starts, offset)

    return line_of


def _web_address(name: str) -> bool:
    return bool(_SCHEME.match(name)) or name.startswith("//")


def _remote(name: str) -> bool:
    """No file of the project: a web address, or a place in the page."""
    return _web_address(name) or name.startswith("#")


def _local_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES) and not _web_address(name)


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


# --- every word -------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, str]]:
    """Each stretch of a word up to an image suffix in it (every one, so
    ``[![us](loc.jpg)](full.jpg)``, ``![](a.jpg)![](b.png)`` and
    ``![](loc.jpg){: .center}`` name ``loc.jpg``), and quoted strings that
    end in one, each also cut after its punctuation, with their decoded
    forms."""
    line_of = _line_finder(text)
    spans: list[tuple[int, str]] = []
    word_start, word_end = 0, -1
    for mention in _MENTION.finditer(text):  # most words hold none: only these are read
        if mention.start() >= word_end:  # a new word: its start, searched back to the last word's end only
            floor = max(word_end, 0)
            word_start = max(text.rfind(mark, floor, mention.start()) + 1 for mark in _WORD_ENDS)
            word_start = max(word_start, floor)
            end = _WORD_END.search(text, mention.end())
            word_end = end.start() if end else len(text)
        spans.append((word_start, text[max(word_start, mention.end() - WINDOW) : mention.end()]))
        spans.append((word_start, text[max(word_start, word_end - WINDOW) : word_end]))  # with ?query or #part
    for pattern in _QUOTED:
        spans.extend((match.start(), match.group(1)) for match in pattern.finditer(text) if _MENTION.search(match.group(1)))
    found: list[tuple[int, str]] = []
    for start, word in dict.fromkeys(spans):
        line = line_of(start)
        for candidate in _cut(word.rstrip(".,;:!?)]}*_~'")):
            found.extend((line, name) for name in _variants(candidate))
    return found


def _cut(word: str) -> list[str]:
    """``word`` and its tails after the punctuation a name cannot start
    with in Markdown, shortcodes or attributes (``](loc.jpg``), nearest
    the end first, at most ``MAX_CUTS`` (a name may hold many ``_``)."""
    tails = [word]
    position = len(word)
    while len(tails) <= MAX_CUTS:
        position = max((word.rfind(mark, 0, position) for mark in _CUTS), default=-1)
        if position < 0:
            break
        tails.append(word[position + 1 :])
    return [tail for tail in tails if tail]
