"""Review records on disk: ``locale/<lang>/reviews/<slug>.tsv``, one file
per catalog, so that a catalog and its approvals move, merge and conflict
together, and no PO editor ever sees (or drops) them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib

from storybridge.config import Config
from storybridge.po.review import Approval, Key, format_reviews, parse_reviews, prune
from storybridge.project.files import Changes, read_text

REVIEWS_FOLDER = "reviews"
"""The folder beside ``LC_MESSAGES`` that holds a language's review records."""


def review_path(config: Config, lang: str, slug: str) -> Path:
    return config.locale_path / lang / REVIEWS_FOLDER / f"{slug}.tsv"


def review_shown(config: Config, lang: str, slug: str) -> str:
    return f"{config.locale_dir}/{lang}/{REVIEWS_FOLDER}/{slug}.tsv"


def read_reviews(config: Config, lang: str, slug: str) -> dict[Key, Approval]:
    """The approvals of one catalog; none when it has no review file."""
    path = review_path(config, lang, slug)
    if not path.exists():
        return {}
    shown = review_shown(config, lang, slug)
    return parse_reviews(read_text(path, shown), shown)


def stage_reviews(changes: Changes, config: Config, lang: str, slug: str,
                  approvals: Mapping[Key, Approval]) -> bool:
    """Stage one catalog's review file; no file is made for no approvals."""
    path = review_path(config, lang, slug)
    if not approvals and not path.exists():
        return False
    return changes.write(path, format_reviews(approvals.values()))


def prune_reviews(changes: Changes, config: Config, lang: str, slug: str, catalog: polib.POFile) -> None:
    """After ``update``: drop the approvals whose entry is gone for good
    (neither live, obsolete nor a fuzzy entry's previous source)."""
    approvals = read_reviews(config, lang, slug)
    kept = prune(approvals, catalog)
    if len(kept) != len(approvals):
        stage_reviews(changes, config, lang, slug, kept)
