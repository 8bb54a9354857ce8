"""The ``mdx`` check: no MDX ``import``/``export`` statement the source lacks.

MDX sites (Docusaurus, Next.js, Astro, …) read a line that starts with
``import`` or ``export`` as an ECMAScript module statement and run it when
the page is built or shown: ``export const a = eval(atob('…'))`` in a
translation would be code, not text. CommonMark and Python-Markdown see a
plain paragraph, so the other checks let it through. Any line of the
msgstr counts (its first one starts a paragraph; the others follow a hard
break, and some MDX versions read those too), with the statement's
keyword in lowercase followed by a space, ``{`` or ``*``, as MDX's ESM
grammar starts. Prose rarely starts a line with a lowercase ``import``;
when the source does, the translation may too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry

_STATEMENT = re.compile(r"^[ \t]*(import|export)(?=[\s{*])", re.MULTILINE)


def _statements(text: str) -> Counter[str]:
    if "port" not in text:  # most entries: no regex run at all
        return Counter()
    return Counter(match.group(1) for match in _STATEMENT.finditer(text))


def check_mdx(entry: CheckedEntry) -> Iterator[str]:
    """An ``import``/``export`` line the source text lacks."""
    added = _statements(entry.msgstr) - _statements(entry.msgid)
    for keyword in sorted(added):
        yield (f"starts a line with '{keyword}', which MDX sites run as a JavaScript "
               f"{keyword} statement; the source has no such line")
