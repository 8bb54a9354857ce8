"""The generator's own configuration for this project's languages, and the
head snippet that turns ``alternates`` into hreflang links: what
``storybridge site-config PROFILE`` prints, so the site owner writes no
language configuration by hand.

Each assumes the generator runs in the project's root, beside
``stories/`` and the publish folder. Output is deterministic: languages in
configured order, keys in a fixed order.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import yaml

from storybridge.config import Config
from storybridge.site.profiles import Profile, site_code
from storybridge.site.publish import PSEUDO_LOCALE
from storybridge.text.languages import bcp47, display_name

CJK = {"zh", "ja", "ko"}


def _toml(value: str | bool | int) -> str:
    # JSON's string escapes are all valid in a TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml(key)


def _manifest_inside(config: Config) -> str | None:
    """The manifest's path under the publish folder, if someone put it there."""
    try:
        return config.manifest_path.relative_to(config.site_path).as_posix()
    except ValueError:
        return None


def _posix(path: str) -> str:
    return PurePosixPath(path).as_posix().rstrip("/")


def hugo_config(config: Config, profile: Profile) -> str:
    """``hugo.toml`` lines: one ``[languages]`` block per language."""
    site = _posix(config.site_dir)
    default = site_code(config, profile, config.languages[0])
    lines = [
        "# Written by `storybridge site-config hugo`: the languages of this project.",
        f"defaultContentLanguage = {_toml(default)}",
        "defaultContentLanguageInSubdir = true",
        f"hasCJKLanguage = {_toml(any(lang.split('_')[0] in CJK for lang in config.languages))}",
    ]
    if config.layout == "by-suffix":
        lines.append(f"contentDir = {_toml(site)}")
    inside = _manifest_inside(config)
    if inside is not None:
        lines.append(f"ignoreFiles = [{_toml('(^|/)' + inside.replace('.', chr(92) + '.') + '$')}]")
    for weight, lang in enumerate(config.languages, start=1):
        code = site_code(config, profile, lang)
        lines += ["", f"[languages.{_toml_key(code)}]"]
        if config.layout == "by-language":
            lines.append(f"contentDir = {_toml(f'{site}/{code}')}")
        lines += [
            f"label = {_toml(display_name(lang))}",
            f"locale = {_toml(bcp47(lang))}",
            f"weight = {weight}",
        ]
    return "\n".join(lines) + "\n"


def mkdocs_config(config: Config, profile: Profile) -> str:
    """``mkdocs.yml``: the site's folders, the theme's locale and the
    mkdocs-static-i18n plugin with one entry per language."""
    site = _posix(config.site_dir)
    languages = []
    for index, lang in enumerate(config.languages):
        entry: dict[str, object] = {"locale": site_code(config, profile, lang), "name": display_name(lang)}
        if index == 0:
            entry["default"] = True
        entry["build"] = True
        languages.append(entry)
    document: dict[str, object] = {
        "site_name": "Stories",  # the site's own name: yours to change
        "docs_dir": site,
        "site_dir": "public" if site != "public" else "public-html",
        "theme": {"name": "mkdocs", "custom_dir": "overrides",
                  "locale": site_code(config, profile, config.languages[0])},
    }
    # The pseudo-locale is for layout testing, never for readers.
    excluded = [f"*.{PSEUDO_LOCALE}.md", f"/{PSEUDO_LOCALE}/"]
    inside = _manifest_inside(config)
    if inside is not None:
        excluded.append(f"/{inside}")
    document["exclude_docs"] = "".join(f"{pattern}\n" for pattern in excluded)
    document["plugins"] = [{"i18n": {
        "docs_structure": "suffix" if config.layout == "by-suffix" else "folder",
        # A story not published in a language must not appear there in
        # another language's words.
        "fallback_to_default": False,
        "languages": languages,
    }}]
    head = "# Written by `storybridge site-config mkdocs`: the languages of this project.\n"
    return head + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=False)


def jekyll_config(config: Config, profile: Profile) -> str:
    """``_config.yml``: storybridge's inputs excluded, and a default layout
    for the stories (Jekyll reads ``lang``, ``permalink`` and ``published``
    from the front matter storybridge writes)."""
    excluded = [config.stories_dir, config.locale_dir, "pyproject.toml", "storybridge.toml"]
    # Jekyll copies every other file of its folder to the site: the private
    # list of sensitive terms must never be one of them.
    if config.sensitive_list and not PurePosixPath(config.sensitive_list).is_absolute():
        excluded.append(config.sensitive_list)
    try:
        excluded.append(config.manifest_path.relative_to(config.root).as_posix())
    except ValueError:  # an absolute path elsewhere: Jekyll never sees it
        pass
    document = {
        "exclude": sorted({_posix(name) for name in excluded}),
        "defaults": [{"scope": {"path": _posix(config.site_dir)}, "values": {"layout": "story"}}],
    }
    head = ("# Written by `storybridge site-config jekyll`: storybridge's inputs stay out of the site;\n"
            "# every story uses the layout _layouts/story.html.\n")
    return head + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=False)


HEADS = {
    "hugo": (
        "{{/* layouts/_partials/hreflang.html, from `storybridge site-config hugo --head`;\n"
        "     call it in <head> with {{ partial \"hreflang.html\" . }} */}}\n"
        "{{ range .Params.alternates }}<link rel=\"alternate\" hreflang=\"{{ .lang }}\" href=\"{{ .url | absURL }}\">\n"
        "{{ end }}"
    ),
    "mkdocs": (
        "{#- overrides/main.html, from `storybridge site-config mkdocs --head` -#}\n"
        "{% extends \"base.html\" %}\n"
        "{% block extrahead %}{{ super() }}{% for link in page.meta.alternates or [] %}"
        "<link rel=\"alternate\" hreflang=\"{{ link.lang }}\" href=\"{{ link.url }}\">\n"
        "{% endfor %}{% endblock %}\n"
    ),
    "jekyll": (
        "{% comment %} _includes/hreflang.html, from `storybridge site-config jekyll --head`;\n"
        "   use it in <head> with {% include hreflang.html %} {% endcomment %}\n"
        "{% for link in page.alternates %}<link rel=\"alternate\" hreflang=\"{{ link.lang }}\" "
        "href=\"{{ link.url | absolute_url }}\">\n{% endfor %}"
    ),
}
"""Template code that writes one ``<link rel="alternate" hreflang>`` per
entry of ``alternates`` (x-default included), per generator."""


def site_config(config: Config, profile: Profile, head: bool = False) -> str:
    """What ``storybridge site-config`` prints for ``profile``."""
    if head:
        return HEADS[profile.name]
    render = {"hugo": hugo_config, "mkdocs": mkdocs_config, "jekyll": jekyll_config}[profile.name]
    return render(config, profile)


def configure_site(config: Config, name: str, head: bool = False) -> str:
    """``storybridge site-config NAME``: the configuration (or head snippet)
    of the generator the publish folder is written for. The name must be
    the project's ``site_profile``, since the files' paths, codes and URLs
    follow it."""
    from storybridge.errors import StoryError
    from storybridge.site.profiles import get_profile

    profile = get_profile(config)
    if profile is None or profile.name != name:
        now = f"is {config.site_profile!r}" if config.site_profile else "is not set"
        raise StoryError(config.source, None, f"site_profile {now}: set site_profile = {_toml(name)} "
                         "and build again, so the publish folder fits this configuration")
    return site_config(config, profile, head)
