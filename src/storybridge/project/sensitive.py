"""The sensitive-details guard at the edge: read the private list, refuse a
list that could be published or committed, and read the images a story
references for GPS and author metadata.

The list's path comes from ``STORYBRIDGE_SENSITIVE_LIST`` (relative to the
working directory, as a shell user means it) or the ``sensitive_list``
setting (relative to the project). Nothing here ever prints an entry: a
problem with the list names its path and line only.
"""

from __future__ import annotations

import os
import re
import subprocess
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.project.files import read_text

if TYPE_CHECKING:  # the detectors load on use: a replayed status needs only the list's path
    from storybridge.checks.sensitive import Guard
    from storybridge.checks.sensitive.locate import Located

SENSITIVE_ENV = "STORYBRIDGE_SENSITIVE_LIST"
"""The environment variable naming the private list (CI writes a secret to
a file and points this at it)."""


def load_guard(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> Guard:
    """The project's guard: the private list, when one is configured, and
    the allowed public contacts. Refuses (``StoryError``) a list under the
    publish folder or tracked by git, and a list that cannot be read."""
    from storybridge.checks.sensitive import Guard, parse_list

    allowed = _allowed(config)
    named = private_list(config, environ)
    if named is None:
        return Guard((), allowed)
    path, shown = named
    return Guard(parse_list(read_text(path, shown), shown), allowed)


def private_list(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> tuple[Path, str] | None:
    """The private list's path and its name as the user gave it, or None
    when none is configured. Refuses (``StoryError``) a list under the
    publish folder or tracked by git, and one that does not exist."""
    environ = os.environ if environ is None else environ
    named = environ.get(SENSITIVE_ENV, "").strip()
    if named:
        path, shown = Path(named).expanduser().absolute(), named
    elif config.sensitive_list:
        if not isinstance(config.sensitive_list, str):
            raise StoryError(config.source, None, "setting 'sensitive_list' must be a string")
        path, shown = (config.root / config.sensitive_list).absolute(), config.sensitive_list
    else:
        return None
    refuse_exposed(config, path, shown)
    if not path.is_file():
        raise StoryError(shown, None, "the private list of sensitive terms does not exist")
    return path, shown


def _allowed(config: Config) -> tuple[str, ...]:
    value: Any = config.sensitive_allow
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item.strip() for item in value):
        raise StoryError(config.source, None, "setting 'sensitive_allow' must be a list of contacts")
    return tuple(item.strip() for item in value)


def refuse_exposed(config: Config, path: Path, shown: str) -> None:
    """Refuse a private list that lies under the publish folder or that git
    tracks: either way it would leave the machine."""
    site = config.site_path.absolute().resolve()
    resolved = path.resolve()
    if resolved == site or site in resolved.parents:
        raise StoryError(shown, None, "the private list lies under the publish folder; keep it outside the project")
    if _tracked_by_git(resolved):
        raise StoryError(
            shown, None, "the private list is tracked by git; remove it (git rm --cached) and keep it outside the repository or git-ignored"
        )


def _tracked_by_git(path: Path) -> bool:
    """``git ls-files --error-unmatch`` in the file's folder: exit 0 means
    tracked. No git, or no repository there, means not tracked."""
    folder = path.parent
    if not folder.is_dir():
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "--error-unmatch", "--", path.name],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def source_findings(config: Config, guard: Guard, story: Story) -> list[Located]:
    """Identifying details in a source story: its file name, its text
    (front matter and body) and the metadata of the images it shows, by
    line."""
    from storybridge.checks.sensitive.locate import locate

    found = locate(guard, story.text) + image_findings(config, story) + file_name_findings(guard, story.slug)
    return sorted(found, key=lambda item: item.line)


def file_name_findings(guard: Guard, slug: str) -> list[Located]:
    """A detail in the story's file name (a name on the private list, a
    phone number): the file name becomes the page's web address and names
    it in every report, so it blocks the story like one in its text."""
    from storybridge.checks.sensitive.locate import Located

    return [
        Located(1, f"{hit.label} in the story's file name; rename the story (its file name is its web address)", hit.label)
        for hit in guard.scan(slug)
    ]


def slug_mask(guard: Guard, slug: str) -> Callable[[str], str] | None:
    """None when the story's file name holds no detail (the usual case);
    else what masks it wherever a line names it (its path, its catalogs'
    paths, ``ko/<slug>: …``), for every message and report about it."""
    masked = guard.redact(slug)
    if masked == slug:
        return None
    return lambda text: text.replace(slug, masked)


# --- images ---------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]+)|<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_GPS_INFO = 0x8825
_AUTHOR_TAGS = (0x013B, 0x9C9D, 0x8298)  # Artist, XPAuthor, Copyright
_XMP_GPS = (b"exif:GPSLatitude", b"exif:GPSLongitude", b"GPSLatitude")
_XMP_AUTHOR = (b"dc:creator", b"photoshop:Author", b"tiff:Artist", b"xmpRights:Owner")


def image_findings(config: Config, story: Story) -> list[Located]:
    """Local images the story references whose EXIF or XMP metadata holds
    a GPS position or names an author (Pillow reads both). Missing images,
    URLs and files Pillow cannot read are left to the site's own checks."""
    from storybridge.checks.sensitive.locate import Located

    found: list[Located] = []
    for line, path in local_images(config, story.path, story.text):
        for label in _image_labels(path):
            found.append(Located(line, f"{label}: the image the story shows here", label))
    return found


def local_images(config: Config, shown: str, text: str) -> list[tuple[int, Path]]:
    """(1-based line, path) of every local image a story's ``text`` may
    show (``shown``: its path as printed, relative to the project): the
    files whose metadata can block it, which ``status`` and ``sync`` also
    stamp, once per line and path, in line order.

    Read wide on purpose, since a located photo that slips through can
    get someone arrested: an inline image or ``<img src>``, a front matter
    value that names an image file (Hugo's ``images``, Jekyll's ``image``,
    a theme's ``cover``: the site shows it in the page or its social
    card), and any other word of the text that names a local image file
    (a reference definition ``[photo]: garden.jpg``, a Hugo ``figure``
    shortcode, an ``srcset``). A name that is no file costs a stat. The
    paths are not resolved: a stat through them follows any link as it
    is now."""
    folder = (config.root / shown).parent
    found = [(line, target) for line, target in _front_matter_images(text, shown)]
    starts: list[int] = []

    def line_of(offset: int) -> int:
        """Line starts found once per story, on first need, not once per
        match: a story that lists thousands of names stays linear."""
        if not starts:
            starts.extend([0] + [match.end() for match in re.finditer("\n", text)])
        return bisect_right(starts, offset)

    for match in _IMAGE.finditer(text):
        target = match.group(1) or match.group(2)
        if not _remote(target):
            found.append((line_of(match.start()), target.split("#")[0].split("?")[0]))
    for match in _IMAGE_NAME.finditer(text):
        if not _remote(match.group(1)):
            found.append((line_of(match.start()), match.group(1)))
    unique = dict.fromkeys(sorted(found, key=lambda item: item[0]))
    return [(line, folder / target) for line, target in unique]


_IMAGE_NAME = re.compile(
    r"(?<![\w./~:+%-])([\w./~:+%-]*[\w~-]\.(?:avif|bmp|gif|heic|heif|jpe?g|png|tiff?|webp))(?![\w.]*\w)",
    re.IGNORECASE,
)
"""A word that names an image file: letters, digits and ``. / ~ : + % -``
(a URL's scheme too, so that a web address is one word and left out)."""


def _remote(target: str) -> bool:
    return bool(re.match(r"[A-Za-z][\w+.-]*:", target)) or target.startswith("//")


_IMAGE_FILE = re.compile(r"\.(?:avif|bmp|gif|heic|heif|jpe?g|png|tiff?|webp)(?:[?#][^\s]*)?$", re.IGNORECASE)
"""A value that names an image file by its suffix (what Pillow reads)."""
_IMAGE_WORD = re.compile(r"\.(?:avif|bmp|gif|heic|heif|jpe?g|png|tiff?|webp)\b", re.IGNORECASE)


def _front_matter_images(text: str, shown: str) -> list[tuple[int, str]]:
    """(line, target) of each front matter value that names a local image
    file. The YAML is parsed only when its text mentions an image suffix
    (most stories' does not); front matter that cannot be read names none
    here (the story's own reading reports it)."""
    from storybridge.markdown.story import parse_front_matter, split_front_matter

    try:
        yaml_text = split_front_matter(text, shown)[0]
        if not _IMAGE_WORD.search(yaml_text):
            return []
        values = parse_front_matter(yaml_text, shown)
    except StoryError:
        return []
    lines = yaml_text.split("\n")
    found = []
    for value in _strings(values):
        target = value.strip()
        if not _IMAGE_FILE.search(target) or _remote(target) or "\n" in target:
            continue
        line = next((number for number, content in enumerate(lines, start=2) if target in content), 1)
        found.append((line, target.split("#")[0].split("?")[0]))
    return found


def _strings(value: object) -> list[str]:
    """Every string in a YAML value, depth first, keys aside."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in _strings(item)]
    return []


def _image_labels(path: Path) -> list[str]:
    if not path.is_file():
        return []
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            exif = image.getexif()
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
            gps = bool(exif.get_ifd(_GPS_INFO)) if _GPS_INFO in exif else False
            author = any(str(exif.get(tag, "")).strip("\0 ") for tag in _AUTHOR_TAGS)
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    labels = []
    if gps or any(key in xmp for key in _XMP_GPS):
        labels.append("image metadata with a GPS position")
    if author or any(key in xmp for key in _XMP_AUTHOR):
        labels.append("image metadata naming an author")
    return labels
