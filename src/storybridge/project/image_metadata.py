"""Images a story shows, read for what identifies someone (#16): a GPS
position, an author or a place in their EXIF, XMP or IPTC metadata, and
captions, titles and comments the guard finds a detail in. At the edge
(it opens the files); ``project.sensitive`` adds what it finds to a
story's findings.
"""

from __future__ import annotations

import os
import re
import stat as stat_module
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from storybridge.config import Config
from storybridge.model import Story

if TYPE_CHECKING:  # the detectors load on use
    from storybridge.checks.sensitive import Guard
    from storybridge.checks.sensitive.locate import Located

_GPS_INFO = 0x8825
_AUTHOR_TAGS = (0x013B, 0x9C9D, 0x8298)  # Artist, XPAuthor, Copyright
_XMP_GPS = (b"exif:GPSLatitude", b"exif:GPSLongitude", b"GPSLatitude")
_XMP_AUTHOR = (b"dc:creator", b"photoshop:Author", b"tiff:Artist", b"xmpRights:Owner")
_TEXT_TAGS = (0x010E, 0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F)  # ImageDescription, XPTitle, XPComment, XPKeywords, XPSubject
_EXIF_IFD, _USER_COMMENT = 0x8769, 0x9286
_NOT_TEXT = frozenset({"xmp", "xml:com.adobe.xmp", "icc_profile", "exif", "adobe", "adobe_transform", "jfif",
                       "jfif_version", "jfif_unit", "jfif_density", "dpi", "progression", "progressive", "mp"})
_CHUNK_AUTHOR = ("author", "artist", "copyright")
_IPTC_AUTHOR = ((2, 80), (2, 116))  # By-line, Copyright Notice
_IPTC_PLACE = ((2, 90), (2, 92), (2, 95), (2, 100), (2, 101))  # City, Sub-location, Province, Country code and name
_IPTC_TEXT = ((2, 5), (2, 25), (2, 40), (2, 105), (2, 120))  # Object Name, Keywords, Instructions, Headline, Caption
_DATE_TIME = re.compile(r"\d{4}[-:./]\d{1,2}[-:./]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
"""A caption that is only when the photo was taken (``2019-03-12 15:44:55``,
as many apps title one): no detail, though its digits read as a phone number."""
_XMP_PLACE = (b"photoshop:City", b"photoshop:State", b"photoshop:Country", b"Iptc4xmpCore:Location",
              b"Iptc4xmpExt:LocationShown", b"Iptc4xmpExt:LocationCreated")
_XMP_TEXT = re.compile(rb"<(dc:description|dc:title|dc:subject|photoshop:Headline|exif:UserComment)\b.*?</\1>", re.DOTALL)


def image_findings(config: Config, story: Story, guard: Guard | None = None) -> list[Located]:
    """Local images the story references whose EXIF or XMP metadata holds
    a GPS position, names an author or a place, or (read by ``guard``) has
    a description, title or comment holding a detail (Pillow reads both).
    Missing images, URLs and files Pillow cannot read are left to the
    site's own checks."""
    from storybridge.checks.sensitive.locate import Located

    found: list[Located] = []
    for line, path in local_images(config, story.path, story.text):
        for label in _image_labels(path, guard):
            found.append(Located(line, f"{label}: the image the story shows here", label))
    return found


def local_images(config: Config, shown: str, text: str) -> list[tuple[int, Path]]:
    """(1-based line, path) of every local image a story's ``text`` may
    show (``shown``: its path as printed, relative to the project): the
    files whose metadata can block it, which ``status`` and ``sync`` also
    stamp, in line order. Which names count is ``markdown.image_names``'s
    wide reading; a name is found beside the story, and a name from the
    site's root (``/images/p.jpg``) where the static folders of Hugo
    (``static/``, ``assets/``), Jekyll (the project) or the stories folder
    would serve it, and on this machine. Names with a NUL are no file.
    The paths are not resolved: a stat through them follows any link as
    it is now."""
    from storybridge.markdown.image_names import image_names

    folder = (config.root / shown).parent
    found: list[tuple[int, Path]] = []
    for line, name in image_names(text, shown):
        if "\0" in name:
            continue
        if name.startswith("/"):
            inside = name.lstrip("/")
            bases = [config.root, config.root / "static", config.root / "assets", config.stories_path]
            found.extend((line, base / inside) for base in bases)
            found.append((line, Path(name)))
        else:
            found.append((line, folder / name))
    return list(dict.fromkeys(found))


def _image_labels(path: Path, guard: Guard | None = None) -> list[str]:
    try:
        if not stat_module.S_ISREG(os.stat(path).st_mode):
            return []  # a folder, a pipe or a device is no image (and reading one may never end)
    except (OSError, ValueError):
        return []  # absent, a name too long or with a NUL: no file to read
    from PIL import Image, UnidentifiedImageError

    _open_heif()
    # Only the metadata is read, no pixel decoded: an image of any size is
    # read (Pillow's decompression-bomb limit stopped every command).
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
            gps = bool(exif.get_ifd(_GPS_INFO)) if _GPS_INFO in exif else False
            author = any(str(exif.get(tag, "")).strip("\0 ") for tag in _AUTHOR_TAGS)
            texts = [_exif_text(exif.get(tag)) for tag in _TEXT_TAGS]
            if _EXIF_IFD in exif:
                texts.append(_exif_text(exif.get_ifd(_EXIF_IFD).get(_USER_COMMENT)))
            # A JPEG comment, PNG text chunks (Description, Comment, Title, Author…), GIF and WebP comments.
            chunks = {str(key).casefold(): value for key, value in image.info.items()
                      if isinstance(value, (str, bytes)) and str(key).casefold() not in _NOT_TEXT}
            author = author or any(_chunk_text(chunks.get(key)).strip() for key in _CHUNK_AUTHOR)
            texts.extend(_chunk_text(value) for value in chunks.values())
            iptc = _iptc(image)
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    # IPTC (Photoshop, Lightroom): the by-line as an author, a city or country as a place, captions as text.
    author = author or any(_iptc_text(iptc.get(key)).strip("\0 ") for key in _IPTC_AUTHOR)
    place = any(_iptc_text(iptc.get(key)).strip("\0 ") for key in _IPTC_PLACE)
    texts.extend(_iptc_text(iptc.get(key)) for key in _IPTC_TEXT)
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    labels = []
    if gps or any(key in xmp for key in _XMP_GPS):
        labels.append("image metadata with a GPS position")
    if author or any(key in xmp for key in _XMP_AUTHOR):
        labels.append("image metadata naming an author")
    if place or any(key in xmp for key in _XMP_PLACE):
        labels.append("image metadata naming a place")
    if guard is not None:
        texts.extend(match.group().decode("utf-8", "replace") for match in _XMP_TEXT.finditer(xmp))
        texts = [text for text in texts if text and not _DATE_TIME.fullmatch(text.strip())]
        for hit in (hit for text in texts for hit in guard.scan(text)):
            label = f"image metadata holding a {hit.label}" if not hit.label.startswith("matches") else f"image metadata that {hit.label}"
            if label not in labels:
                labels.append(label)
    return labels


def _exif_text(value: object) -> str:
    """An EXIF text field as text: Windows' XP tags are UTF-16 bytes, a
    UserComment starts with an 8-byte code naming its encoding."""
    if isinstance(value, bytes):
        if value[:8] in (b"UNICODE\0", b"ASCII\0\0\0", b"JIS\0\0\0\0\0", b"\0" * 8):
            body = value[8:]
            return body.decode("utf-16" if value.startswith(b"UNICODE") else "utf-8", "replace")
        return value.decode("utf-16-le", "replace")
    if isinstance(value, tuple):  # XP tags as Pillow may give them: a tuple of byte values
        return bytes(value).decode("utf-16-le", "replace")
    if isinstance(value, str):
        return _chunk_text(value)  # EXIF ASCII fields often hold UTF-8, which Pillow reads as Latin-1
    return str(value) if value is not None else ""


def _iptc(image: object) -> dict[tuple[int, int], object]:
    """The IPTC records of a JPEG (Photoshop's resource 0x0404, read here so
    that the records before a malformed one are kept) or a TIFF (Pillow's
    reader); none for other formats, or when they cannot be read."""
    resources = getattr(image, "info", {}).get("photoshop")
    if isinstance(resources, dict) and isinstance(resources.get(0x0404), bytes):
        return _iptc_records(resources[0x0404])
    from PIL import IptcImagePlugin

    try:
        return IptcImagePlugin.getiptcinfo(image) or {}  # type: ignore[arg-type]
    except (OSError, ValueError, SyntaxError, IndexError, TypeError):
        return {}


def _iptc_records(data: bytes) -> dict[tuple[int, int], object]:
    """IPTC datasets (``0x1C``, record, dataset, a 2-byte length, the value)
    up to the first that is malformed; a repeated one as a list."""
    records: dict[tuple[int, int], object] = {}
    position = 0
    while position + 5 <= len(data) and data[position] == 0x1C:
        key = (data[position + 1], data[position + 2])
        size = int.from_bytes(data[position + 3 : position + 5], "big")
        if size & 0x8000:  # an extended length: rare, and not a text field
            break
        value = data[position + 5 : position + 5 + size]
        position += 5 + size
        held = records.get(key)
        records[key] = value if held is None else [*held, value] if isinstance(held, list) else [held, value]
    return records


def _iptc_text(value: object) -> str:
    """An IPTC value (bytes, or a list of them for a repeated record) as text."""
    if isinstance(value, list):
        return "\n".join(_chunk_text(item) for item in value)
    return _chunk_text(value)


def _chunk_text(value: object) -> str:
    """A comment or text chunk as text: bytes (a JPEG or GIF comment) in
    whichever of UTF-8, the Korean and Chinese legacy encodings or Latin-1
    reads them; a PNG ``tEXt`` chunk, which Pillow reads as Latin-1 though
    writers often put UTF-8 there, as UTF-8 when it is."""
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            pass
        # Korean and Chinese legacy bytes often decode either way: the guard reads every reading.
        readings = [value.decode(encoding, "replace") for encoding in ("cp949", "gb18030", "big5", "latin-1")]
        return "\n".join(dict.fromkeys(readings))
    return ""


@lru_cache(maxsize=1)
def _open_heif() -> None:
    """Let Pillow open HEIC and HEIF photos (an iPhone's default format,
    which keeps the GPS position it was taken at), through pillow-heif."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # no wheel for this platform: HEIC photos are then read as Pillow can
        return
    register_heif_opener()
