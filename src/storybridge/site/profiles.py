"""Publishing profiles: what Hugo, MkDocs (static-i18n) and Jekyll each need
from the publish folder, declared as data and applied by a few pure functions.

A profile decides the language code in paths (each generator accepts a
different form), how a draft is marked or whether it is written at all,
the front-matter key that fixes a page's URL, the hard-break marker its
Markdown reader knows, and the URL pattern that ``alternates`` carry. The
publishing decision itself stays in ``site.publish``; a profile only
changes how a decided file is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Segment
from storybridge.text.languages import bcp47

CodeForm = Literal["gettext", "bcp47", "lower", "language"]
DraftMark = Literal["draft", "published-false", "omit"]


@dataclass(frozen=True, slots=True)
class Profile:
    """How one static site generator imports the publish folder."""

    name: str
    """The name used in ``site_profile`` and ``storybridge site-config``."""
    codes: CodeForm
    """Language code form in paths and URLs: ``gettext`` (``zh_Hans``),
    ``bcp47`` (``zh-Hans``), ``lower`` (``zh-hans``, Hugo's language keys)
    or ``language`` (``zh``: mkdocs-static-i18n's and MkDocs' only common form)."""
    drafts: DraftMark
    """``draft`` writes ``draft: true`` (Hugo leaves it out of a default
    build), ``published-false`` writes ``published: false`` (Jekyll), ``omit``
    does not write the file (MkDocs has no drafts)."""
    url_key: str | None
    """Front-matter key that fixes the page URL (``url``, ``permalink``), or
    None when the generator derives URLs from paths only."""
    permalink: str
    """URL of a page, with ``{lang}`` (the profile's code) and ``{slug}``."""
    default_permalink: str | None
    """URL of a page in the default (first configured) language, when the
    generator puts it elsewhere (mkdocs-static-i18n builds it at the root)."""
    hard_break: str | None
    """Hard-break marker to write (``"  "`` for Python-Markdown, which does
    not read CommonMark's backslash), or None to keep the source's."""


PROFILES: Mapping[str, Profile] = {
    "hugo": Profile("hugo", codes="lower", drafts="draft", url_key="url",
                    permalink="/{lang}/{slug}/", default_permalink=None, hard_break=None),
    "mkdocs": Profile("mkdocs", codes="language", drafts="omit", url_key=None,
                      permalink="/{lang}/{slug}/", default_permalink="/{slug}/", hard_break="  "),
    "jekyll": Profile("jekyll", codes="bcp47", drafts="published-false", url_key="permalink",
                      permalink="/{lang}/{slug}/", default_permalink=None, hard_break=None),
}
"""The profiles, by name. Hugo reads CommonMark (Goldmark) and Jekyll's
kramdown reads the backslash break too; only MkDocs needs two spaces."""


def get_profile(config: Config) -> Profile | None:
    """The project's profile, with its configured permalink, or None."""
    name = config.site_profile
    if not name:
        return None
    profile = PROFILES[name]
    if config.permalink:
        if profile.url_key is None:
            raise StoryError(config.source, None, f"site profile {name!r} takes URLs from paths; "
                             "remove 'permalink' or choose another profile")
        _check_permalink(config)
        profile = replace(profile, permalink=config.permalink)
    return profile


def _check_permalink(config: Config) -> None:
    pattern = config.permalink
    try:
        pattern.format(lang="ko", slug="a")
    except (KeyError, IndexError, ValueError):
        pass
    else:
        if pattern.startswith("/") and pattern.endswith("/") and "{slug}" in pattern and "{lang}" in pattern:
            return
    raise StoryError(config.source, None, f"setting 'permalink' must be a path like /{{lang}}/stories/{{slug}}/ "
                     f"(with {{lang}} and {{slug}} only, and slashes at both ends), not {pattern!r}")


def site_code(config: Config, profile: Profile | None, lang: str) -> str:
    """The code of ``lang`` in paths and URLs under ``profile``; a
    ``language_codes`` entry in the config wins."""
    if lang in config.language_codes:
        return config.language_codes[lang]
    if profile is None or profile.codes == "gettext":
        return lang
    if profile.codes == "bcp47":
        return bcp47(lang)
    if profile.codes == "lower":
        return bcp47(lang).lower()
    base = lang.split("_")[0]
    sharing = [other for other in config.languages if other.split("_")[0] == base]
    if len(sharing) > 1:
        raise StoryError(config.source, None, f"site profile {profile.name!r} needs one code per language, "
                         f"and {', '.join(sharing)} would all be {base!r}: set 'language_codes'")
    return base


def profile_path(config: Config, profile: Profile, lang: str, slug: str, suffix: str = ".md") -> str:
    """Where a localized file goes under the publish folder."""
    code = site_code(config, profile, lang)
    if config.layout == "by-suffix":
        return f"{slug}.{code}{suffix}"
    return f"{code}/{slug}{suffix}"


def page_url(config: Config, profile: Profile, lang: str, slug: str) -> str:
    """The URL the generator gives the page of ``slug`` in ``lang``."""
    pattern = profile.permalink
    if profile.default_permalink is not None and config.languages and lang == config.languages[0]:
        pattern = profile.default_permalink
    return pattern.format(lang=site_code(config, profile, lang), slug=slug)


def with_urls(config: Config, profile: Profile, slug: str, links: Sequence[Mapping[str, str]],
              langs: Mapping[str, str]) -> list[dict[str, str]]:
    """``alternates`` with each link's URL beside its path; ``langs`` maps a
    link's BCP 47 tag back to the configured language (x-default = source)."""
    return [{**link, "url": page_url(config, profile, langs[link["lang"]], slug)} for link in links]


def mark_draft(front_matter: Mapping[str, Any], profile: Profile) -> dict[str, Any]:
    """The front matter marked so the generator leaves the page out of a
    default build (the pseudo-locale, for a preview build: ``hugo -D``,
    ``jekyll --unpublished``). MkDocs, which has no drafts, is told to
    exclude such files by ``site-config``."""
    result = {key: value for key, value in front_matter.items() if key != "draft"}
    if profile.drafts == "published-false":
        result["published"] = False
    else:
        result["draft"] = True
    return result


def profile_front_matter(front_matter: Mapping[str, Any], config: Config, profile: Profile,
                         lang: str, slug: str) -> dict[str, Any]:
    """The front matter as ``profile``'s generator reads it: its draft mark
    and its URL key; everything else as ``site.publish`` made it."""
    result = dict(front_matter)
    if result.get("draft") is True and profile.drafts == "published-false":
        del result["draft"]
        result["published"] = False
    if profile.url_key is not None:
        result[profile.url_key] = page_url(config, profile, lang, slug)
    return result


def rebreak(body: str, segments: Sequence[Segment], marker: str | None) -> tuple[str, list[Segment]]:
    """The body and segments with every backslash hard break written as
    ``marker``, for a reader that does not know CommonMark's backslash break.
    Spans are moved to match, so the result splices like the source."""
    if marker is None or marker == "\\":
        return body, list(segments)
    pieces: list[str] = []
    moved: list[Segment] = []
    position = shift = 0
    for segment in sorted(segments, key=lambda s: (s.mode == "front-matter", s.start)):
        if segment.mode == "front-matter" or segment.hard_break != "\\" or "\n" not in segment.msgid:
            moved.append(replace(segment, start=segment.start + shift, end=segment.end + shift)
                         if segment.mode != "front-matter" else segment)
            continue
        span = body[segment.start : segment.end]
        lines = span.split("\n")
        # Only a line ending in an odd run of backslashes is broken by it.
        broken = [i for i, line in enumerate(lines[:-1]) if (len(line) - len(line.rstrip("\\"))) % 2]
        if len(broken) != segment.msgid.count("\n"):
            moved.append(replace(segment, start=segment.start + shift, end=segment.end + shift))
            continue
        for index in broken:
            lines[index] = lines[index][:-1] + marker
        new_span = "\n".join(lines)
        pieces.append(body[position : segment.start])
        pieces.append(new_span)
        position = segment.end
        start = segment.start + shift
        shift += len(new_span) - len(span)
        moved.append(replace(segment, start=start, end=segment.end + shift, hard_break=marker))
    pieces.append(body[position:])
    return "".join(pieces), moved


def public_record(record: Mapping[str, Any], written: bool) -> dict[str, Any] | None:
    """A manifest record that names and titles only what is public: a
    language that is not published keeps its status and reason but its
    title is blank, and a story with no file written has no record at all
    (its slug is a name too). ``storybridge status`` shows the rest."""
    if not written:
        return None
    languages = {}
    for tag, entry in record["languages"].items():
        languages[tag] = dict(entry) if entry["status"] == "published" else {**entry, "title": ""}
    return {**record, "languages": languages}
