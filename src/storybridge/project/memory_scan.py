"""Reading one file for the memory cache: what a catalog offers, whether
a story is withheld, a template's language, and when a file's stamp can
be trusted next time (``project.memory_cache`` keeps what they say)."""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.markdown.story import parse_front_matter, split_front_matter, withhold_codes_written
from storybridge.project.files import read_text
from storybridge.project.memory_units import Known, Scanned, Stamp, scan_catalog
from storybridge.project.paths import template_path
from storybridge.project.stamps import RACY_NS, stamp_of
from storybridge.text.languages import covered_languages, normalize_language


def file_stamp(path: Path) -> Stamp | None:
    """The file's stamp now (None when it is gone)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    size, mtime, ctime, inode = stamp_of(found)
    return size, mtime, ctime, inode


def read_stamp(values: list[int]) -> Stamp:
    """A stamp as the cache's index stores it."""
    size, mtime, ctime, inode = (int(value) for value in values)
    return size, mtime, ctime, inode


def trusted(stamp: Stamp, read_ns: int | None = None) -> Stamp | None:
    """``stamp`` when it is old enough to be trusted next time: the bytes
    were read (at ``read_ns``, else now) long enough after the file's last
    change that no same-size save in the same clock tick can follow."""
    now = time.time_ns() if read_ns is None else read_ns
    return stamp if now - max(stamp[1], stamp[2]) >= RACY_NS else None


def stamped(scan: Scanned, stamp: Stamp) -> Known:
    """What the index remembers of a catalog read afresh: ``stamp``, when
    it was read long enough after its last change (and could be read)."""
    return replace(scan.known, stamp=trusted(stamp, scan.read_ns) if scan.known.content else None)


def scan_catalog_job(job: tuple[Path, str, Stamp]) -> Scanned:
    """Read and parse one catalog (in a worker when there are many)."""
    path, shown, stamp = job
    found = scan_catalog(path, shown) or Scanned(Known(None, "", ""))
    return Scanned(stamped(found, stamp), found.units)


def story_visibility(text: str, shown: str) -> str:
    """What the memory cache remembers of a story: "withheld" when it says
    ``publish: false`` (or its front matter cannot be read: its own step
    reports it), else "shown", followed by each code its
    ``withhold_languages`` names, after a space (``shown zh``): the codes
    as written, resolved against the configured languages when read
    (``withheld_in``), so a language added later is withheld too."""
    try:
        yaml_text = split_front_matter(text, shown)[0]
        front_matter = parse_front_matter(yaml_text, shown)
        codes = withhold_codes_written(front_matter)
        for code in codes:
            normalize_language(code, shown)
    except StoryError:
        return "withheld"
    if front_matter.get("publish") is False:
        return "withheld"
    return " ".join(["shown", *codes])


def story_shown(value: str) -> bool:
    """Whether a story remembered as ``value`` (``story_visibility``) serves as memory."""
    return value.split(" ", 1)[0] == "shown"


def withheld_in(value: str, languages: Sequence[str]) -> set[str]:
    """The ``languages`` a story remembered as ``value`` withholds: its
    catalogs of those serve as no memory and are not exported."""
    return {lang for code in value.split()[1:] for lang in covered_languages(code, tuple(languages))}


def scan_story_job(job: tuple[Path, str, Stamp]) -> Scanned:
    """Read one story for whether it is withheld (in a worker when there are many)."""
    path, shown, stamp = job
    try:
        data = path.read_bytes()
    except OSError:  # its own step reports it; unread, it serves as no memory
        return Scanned(Known(None, "", "withheld"))
    content = hashlib.sha256(data).hexdigest()
    try:
        value = story_visibility(data.decode("utf-8"), shown)
    except UnicodeDecodeError:
        value = "withheld"
    return Scanned(Known(trusted(stamp), content, value))


_LANGUAGE = re.compile(r'^"Language: ([^"\\]*)\\n"$', re.MULTILINE)


def template_language(config: Config, slug: str) -> str:
    """The story's language as its template says ("" when it has none yet):
    no need to parse the story."""
    path = template_path(config, slug)
    if not path.exists():
        return ""
    found = _LANGUAGE.search(read_text(path, f"{config.locale_dir}/templates/{slug}.pot"))
    return found.group(1) if found else ""


def made_from_template(config: Config, slug: str, lang: str) -> bool:
    """Whether an update makes the catalog of ``lang`` for the story (not
    its own language's, which has none): its entries are then empty."""
    try:
        return template_language(config, slug) != lang
    except StoryError:
        return True  # its own step reports it
