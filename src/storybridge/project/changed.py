"""Which stories a list of changed files belongs to (for the pre-commit
hooks), rewriting catalogs into their canonical form, and which files a
``sync --check`` finds stale.

A story owns its source (``stories/<slug>.md``), its template
(``locale/templates/<slug>.pot``) and its catalogs
(``locale/<lang>/LC_MESSAGES/<slug>.po``); any other file belongs to no
story and is left alone, so a hook given this repository's own test data
or a README does nothing with them. Paths are as given on the command
line (relative to the working folder, as pre-commit passes them).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from storybridge.config import Config
from storybridge.po.format import format_catalog
from storybridge.project.catalogs import read_catalog
from storybridge.project.files import Changes
from storybridge.project.cache_file import CACHE_FILE


def _inside(config: Config, path: Path, folder: str) -> PurePosixPath | None:
    """``path`` relative to the repository's ``folder``, or None outside it."""
    base = (config.root / folder).resolve()
    try:
        return PurePosixPath(path.resolve().relative_to(base).as_posix())
    except ValueError:
        return None


def story_of(config: Config, path: Path) -> str | None:
    """The slug of the story ``path`` belongs to, or None."""
    source = _inside(config, path, config.stories_dir)
    if source is not None and source.suffix == ".md":
        return source.with_suffix("").as_posix()
    local = _inside(config, path, config.locale_dir)
    if local is None or len(local.parts) < 2:
        return None
    if local.parts[0] == "templates" and local.suffix == ".pot":
        return PurePosixPath(*local.parts[1:]).with_suffix("").as_posix()
    if len(local.parts) >= 3 and local.parts[1] == "LC_MESSAGES" and local.suffix == ".po":
        return PurePosixPath(*local.parts[2:]).with_suffix("").as_posix()
    return None


def changed_stories(config: Config, paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    """The stories the files belong to, each with the languages whose
    catalogs changed; none when its source or template changed (then every
    catalog counts). A story whose source is gone is left out: there is
    nothing to check its catalogs against."""
    every: set[str] = set()  # a source or template changed: all its catalogs
    langs: dict[str, set[str]] = {}
    for path in paths:
        slug = story_of(config, path)
        if slug is None or not (config.stories_path / f"{slug}.md").is_file():
            continue
        local = _inside(config, path, config.locale_dir)
        if local is not None and local.suffix == ".po":
            langs.setdefault(slug, set()).add(local.parts[0])
        else:
            every.add(slug)
    return {slug: () if slug in every else tuple(sorted(langs[slug])) for slug in sorted(every | set(langs))}


def canonical_catalogs(config: Config, paths: Iterable[Path]) -> list[Path]:
    """Rewrite the templates and catalogs among ``paths`` in the form
    storybridge writes (``catalog_wrap``); the paths rewritten. Files that
    are not a story's template or catalog are skipped. A catalog that does
    not parse stops the run (``path:line``) and nothing is rewritten."""
    rewritten: list[Path] = []
    with Changes() as changes:
        for path in paths:
            if path.suffix not in (".po", ".pot") or story_of(config, path) is None:
                continue
            catalog = read_catalog(path, str(path))
            if catalog is not None and changes.write(path, format_catalog(catalog, config.catalog_wrap)):
                rewritten.append(path)
    return rewritten


def stale_files(config: Config, paths: Iterable[Path], site_existed: bool) -> list[str]:
    """What ``sync --check`` reports of the files a run would change: paths
    relative to the repository, sorted. The cache is left out (it is no
    one's input), and so is the publish folder when it did not exist: a
    fresh CI checkout has none, since a content repository ignores it."""
    site = config.site_path.resolve()
    stale = set()
    for path in paths:
        if path == config.root / CACHE_FILE:
            continue
        if not site_existed and path.resolve().is_relative_to(site):
            continue
        stale.add(path.relative_to(config.root).as_posix())
    return sorted(stale)
