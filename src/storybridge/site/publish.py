"""What the website imports: paths, publishing policy, front matter, manifest.

Pure functions: the build gathers coverage and translations, this module
decides what is published where and with which front matter, and never
sees a catalog header or a translator comment, so none can leak.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from storybridge.config import Config
from storybridge.site.decision import UNREADABLE, WITHHELD_BY_STORY, Decision, State
from storybridge.site.decision import (
    output_path as output_path,  # where stage_site and others look
)
from storybridge.site.decision import (
    withheld_languages as withheld_languages,  # (#16) as before
)
from storybridge.site.profiles import (
    get_profile,
    mark_draft,
    profile_front_matter,
    with_urls,
)
from storybridge.text.languages import bcp47

Status = State
"""The states a manifest entry may hold (``storybridge.site.decision.State``)."""
PSEUDO_LOCALE = "qps"
MANIFEST_VERSION = 1


# --- sensitive details (#16): blocked ------------------------------------
# ``block`` turns any decision into 'blocked' (the guard's door into the
# one decision, ``site.decision``); ``private`` says which decisions leave
# no trace in the publish folder or the manifest.


def block(decision: Decision, reason: str) -> Decision:
    """The decision for a story × language with identifying details: not
    published. ``reason`` names the file, line and kind of finding, never
    the text found."""
    return replace(decision, status="blocked", reason=reason, path=None)


def private(decision: Decision) -> bool:
    """True for decisions nothing of which may reach the publish folder or
    the manifest: embargoed (``publish: false``), blocked by the sensitive
    guard, or withheld by the story's own front matter. A catalog that
    cannot be read (#14) blocks its language in plain view: its reason
    holds nothing of the text."""
    if decision.status == "blocked":
        return not (decision.reason or "").startswith(UNREADABLE)
    return decision.status == "embargoed" or decision.reason == WITHHELD_BY_STORY


# --- end sensitive details -------------------------------------------------


def alternates(decisions: Sequence[Decision], source_lang: str) -> list[dict[str, str]]:
    """hreflang links: every published language, and ``x-default`` = source."""
    links = [
        {"lang": bcp47(d.lang), "path": d.path}
        for d in decisions
        if d.status == "published" and d.path is not None
    ]
    source = next((d for d in decisions if d.lang == source_lang and d.status == "published"), None)
    if source is not None and source.path is not None:
        links.append({"lang": "x-default", "path": source.path})
    return links


def display_date(value: Any, lang: str) -> str | None:
    """The story's date as readers of ``lang`` write it (2018년 12월 20일)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return None
    return _long_date(value, lang)


@lru_cache(maxsize=4096)
def _long_date(value: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(value, format="long", locale=lang)


def localized_front_matter(
    translated: Mapping[str, Any],
    *,
    config: Config,
    slug: str,
    decision: Decision,
    source_lang: str,
    source_digest: str,
    links: list[dict[str, str]],
) -> dict[str, Any]:
    """The front matter of one published file: the source's keys with their
    translated values, then what a static site needs to link translations."""
    front_matter = dict(translated)
    front_matter.pop("publish", None)
    front_matter.pop("withhold_languages", None)  # sensitive details (#16): says where the story is not
    front_matter["lang"] = bcp47(decision.lang) if decision.lang != PSEUDO_LOCALE else PSEUDO_LOCALE
    front_matter["translationKey"] = slug
    front_matter["source_lang"] = bcp47(source_lang)
    shown = display_date(translated.get("date"), decision.lang if decision.lang != PSEUDO_LOCALE else "en")
    if shown is not None:
        front_matter["date_display"] = shown
    front_matter["translation"] = {
        "coverage": decision.coverage,
        "fuzzy": decision.fuzzy,
        "source_digest": source_digest,
    }
    front_matter["alternates"] = links
    names = config.credits.get(decision.lang)
    if names and decision.lang != source_lang:
        front_matter["translators"] = list(names)
    if decision.status == "draft":
        front_matter["draft"] = True
    # --- hook: publishing profiles (site/profiles.py, issue #15) ---
    profile = get_profile(config)
    if profile is not None and decision.lang == PSEUDO_LOCALE:
        front_matter = mark_draft(front_matter, profile)  # for a preview build only
    elif profile is not None:
        tags = {bcp47(lang): lang for lang in config.languages} | {"x-default": source_lang}
        front_matter["alternates"] = with_urls(config, profile, slug, links, tags)
        front_matter = profile_front_matter(front_matter, config, profile, decision.lang, slug)
    # --- end of hook ---
    return front_matter


def manifest_record(slug: str, source: str, source_lang: str, source_digest: str, title: Mapping[str, str],
                    decisions: Sequence[Decision], links: list[dict[str, str]]) -> dict[str, Any]:
    """One story's entry in ``manifest.json``."""
    languages: dict[str, Any] = {}
    for decision in decisions:
        if private(decision):  # embargoed, or sensitive details (#16): no trace at all
            continue
        entry: dict[str, Any] = {
            "status": decision.status,
            "path": decision.path,
            "title": "" if decision.status == "blocked" else title.get(decision.lang, ""),
            "coverage": decision.coverage,
            "fuzzy": decision.fuzzy,
        }
        if decision.reason:
            entry["reason"] = decision.reason
        if decision.refused:
            entry["refused"] = len({refusal.msgid for refusal in decision.refused})
        languages[bcp47(decision.lang) if decision.lang != PSEUDO_LOCALE else PSEUDO_LOCALE] = entry
    return {
        "slug": slug,
        "source": source,
        "source_lang": bcp47(source_lang),
        "source_digest": source_digest,
        "alternates": links,
        "languages": languages,
    }


def render_manifest_record(record: Mapping[str, Any]) -> str:
    """One story's record as it stands in manifest.json (indented for its
    place in the ``stories`` list), so records can be rendered one at a
    time and never held all at once."""
    text = json.dumps(record, ensure_ascii=False, indent=2)
    return "    " + text.replace("\n", "\n    ")


def manifest_opening(layout: str) -> str:
    """The manifest up to its list of stories. Written one after the other,
    ``manifest_opening``, each record (rendered by ``render_manifest_record``)
    after its ``manifest_joint``, and ``manifest_closing`` make the same bytes
    as ``json.dumps(…, indent=2)`` of the whole document, so records can be
    written as stories finish and never held all at once."""
    head = json.dumps({"version": MANIFEST_VERSION, "layout": layout}, ensure_ascii=False, indent=2)[:-2]
    return f'{head},\n  "stories": ['


def manifest_joint(index: int) -> str:
    """What goes before the ``index``-th record of the stories list."""
    return "\n" if index == 0 else ",\n"


def manifest_closing(files: Sequence[str], has_records: bool) -> str:
    """The end of the stories list, the list of files and the end."""
    listed = json.dumps(sorted(files), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return ("\n  ]" if has_records else "]") + f',\n  "files": {listed}\n}}\n'


# --- pseudo-locale ---------------------------------------------------------

_ACCENTED = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ",
    "àƀçđéĝĥîķĺñöŕšţûŵýžÀƁÇĐÉĜĤÎĶĹÑÖŔŠŢÛŴÝŽ",
)
_PROTECTED = re.compile(
    r"(`+).*?\1"  # code spans
    r"|\]\([^)]*\)|\]\[[^\]]*\]"  # link targets and reference labels
    r"|<[^<>]*>"  # autolinks and raw HTML
    r"|&#?\w+;"  # entities
    r"|\\."  # escapes
    r"|https?://\S+"  # bare URLs
    r"|[#@][\w-]+",  # hashtags and handles
    re.DOTALL,
)


def pseudo_translate(msgid: str) -> str:
    """A pseudo-translation for layout testing: accented Latin letters,
    marked ⟦…⟧ and about 30 % longer; Markdown, URLs and tags untouched."""
    lines = []
    for line in msgid.split("\n"):
        pieces, position = [], 0
        for match in _PROTECTED.finditer(line):
            pieces.append(line[position : match.start()].translate(_ACCENTED))
            pieces.append(match.group())
            position = match.end()
        pieces.append(line[position:].translate(_ACCENTED))
        padding = "·" * max(1, round(len(line) * 0.3))
        lines.append(f"⟦{''.join(pieces)} {padding}⟧")
    return "\n".join(lines)
