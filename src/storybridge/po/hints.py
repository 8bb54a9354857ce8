"""Glossary hints: extracted comments that tools show as notes to the translator.

Each entry whose msgid holds a glossary term gets ``#. glossary: term =
‘translation’``, which Poedit, Lokalize and Weblate show beside the entry
and ``msgcat`` keeps. The hints are rewritten on every update, so they
follow the glossary when it changes. Which terms a msgid holds is decided
by the caller (the glossary's matching rules live with the checks, which
this package may not import); this module only writes the comments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polib

GLOSSARY_COMMENT = "glossary: "
"""Prefix of a hint line; lines with it are storybridge's to rewrite."""


def hint_line(term: str, translations: Sequence[str]) -> str:
    """``glossary: Lent = ‘大斋期’`` (alternatives joined with `` / ``)."""
    return f"{GLOSSARY_COMMENT}{term} = " + " / ".join(f"‘{t}’" for t in translations)


def set_glossary_hints(entries: Sequence[polib.POEntry], hints_for: Callable[[str], list[str]]) -> int:
    """Replace each live entry's hint lines with ``hints_for(msgid)``;
    returns how many entries carry hints."""
    hinted = 0
    for entry in entries:
        if entry.obsolete:
            continue
        kept = [line for line in entry.comment.split("\n") if line and not line.startswith(GLOSSARY_COMMENT)]
        hints = hints_for(entry.msgid) if entry.msgid else []
        if hints:
            hinted += 1
        comment = "\n".join(kept + hints)
        if comment != entry.comment:
            entry.comment = comment
    return hinted
