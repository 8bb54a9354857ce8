"""Finding the stories: every Markdown file of the stories folder, with its slug.

A slug becomes file names in every language's folder, catalog references
and manifest keys, so a name with a control character or not in UTF-8,
a link to nothing or outside the folder, and two slugs that differ in
case alone are refused here, before any story is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from storybridge.errors import StoryError


def find_stories(stories_path: Path, shown: str = "stories") -> Iterator[tuple[Path, str]]:
    """Each story file under ``stories_path`` with its slug, in slug order;
    ``shown`` is how the folder is named in messages.

    Links that lead outside the stories folder are refused: a slug must
    never let a story write outside the publish folder.
    """
    if not stories_path.is_dir():
        # Read as "no stories", sync would withdraw every page.
        if stories_path.is_symlink() and not stories_path.exists():
            raise StoryError(shown, None, "is a link to nothing where storybridge looks for the stories folder")
        if stories_path.exists():
            raise StoryError(shown, None, "is a file where storybridge looks for the stories folder")
        return
    root = stories_path.resolve()
    found = []
    for path, slug, link in _markdown_files(stories_path, ""):
        if link and not path.is_file():
            if path.is_dir():
                continue  # a link to a folder is not followed, as before
            raise StoryError(f"{shown}/{_escaped(slug)}.md", None, "is a link to nothing; restore or remove it")
        if link and not path.resolve().is_relative_to(root):
            raise StoryError(f"{shown}/{slug}.md", None, "story is a link that leads outside the stories folder")
        if any(part.startswith(".") for part in slug.split("/")):
            continue
        if not _fit_name(slug):
            raise StoryError(f"{shown}/{_escaped(slug)}.md", None,
                             "a file name with a control character or not in UTF-8; rename the story")
        found.append((slug, path))
    found.sort()
    _refuse_case_collisions([slug for slug, _ in found], shown)
    for slug, path in found:
        yield path, slug


def _markdown_files(folder: Path, prefix: str) -> Iterator[tuple[Path, str, bool]]:
    """Each ``*.md`` file under ``folder`` (links to files included, links
    to folders not followed, as ``Path.rglob``), with its slug and whether
    it is a link: only a link can lead outside, so only a link is resolved."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _markdown_files(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.name.endswith(".md") and entry.name != ".md" and (entry.is_file() or entry.is_symlink()):
                # A link to nothing too: skipped, its story would be withdrawn as removed.
                yield Path(entry.path), prefix + entry.name[: -len(".md")], entry.is_symlink()


def _fit_name(slug: str) -> bool:
    """A slug becomes file names, catalog references and manifest keys:
    no control character (a newline breaks a catalog's ``#:`` line) and no
    byte that is not UTF-8 (Python keeps it as a lone surrogate)."""
    return slug.isprintable()  # a space is printable; a control character and a lone surrogate are not


def _escaped(slug: str) -> str:
    """A name safe to print on one line: odd characters as ``\\xNN``."""
    out = []
    for char in slug:
        if "\udc80" <= char <= "\udcff":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif not char.isprintable() and char != " ":
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def _refuse_case_collisions(slugs: list[str], shown: str) -> None:
    """Two slugs that differ only in case are one file on macOS and Windows."""
    seen: dict[str, str] = {}
    for slug in slugs:
        key = slug.casefold()
        if key in seen:
            raise StoryError(f"{shown}/{slug}.md", None,
                             f"differs from {shown}/{seen[key]}.md only in case; they collide on macOS and Windows")
        seen[key] = slug
