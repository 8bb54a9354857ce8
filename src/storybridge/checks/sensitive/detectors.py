"""Contact and location details that need no list: phone numbers, e-mail
addresses, messaging IDs, national ID numbers, coordinates and map links.

Each detector yields ``Hit``s labelled with the kind of detail, never the
detail. They read the text with full-width digits and signs made ASCII one
character for one, so offsets stay those of the text as written.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from storybridge.checks.sensitive.matcher import Hit

PHONE_REGIONS = ("KR", "CN", "US", "GB")
"""Regions whose national formats are read without a ``+`` prefix; numbers
with one are found for any region."""

_HALF_WIDTH = str.maketrans(
    {chr(0xFF10 + digit): str(digit) for digit in range(10)}
    | {"＋": "+", "－": "-", "（": "(", "）": ")", "\u3000": " ", "．": ".", "＠": "@", "：": ":"}
)

_DASHES_AND_INVISIBLES = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u00b7\u2027\u30fb\u318d",  # dashes, middle dots: a hyphen
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u202a\u202b\u202c\u202d\u202e",  # as a space
)
_HALF_WIDTH.update(str.maketrans({char: "-" for char in _DASHES_AND_INVISIBLES[0]}))
_HALF_WIDTH.update(str.maketrans({char: " " for char in _DASHES_AND_INVISIBLES[1]}))
_WIDE = re.compile("[\u3000\uff01-\uff5e" + "".join(_DASHES_AND_INVISIBLES) + "]")
"""A character the detectors read as another, one for one so that offsets
hold: full-width forms as ASCII, every dash as a hyphen, and an invisible
character (zero-width, soft hyphen, direction mark) as a space, so that
``010–5555–0134`` and ``010\u200b5555\u200b0134`` read as phone numbers."""
_DIGIT_RUN = re.compile(r"\+?\(?\d[\d \t().\-/]{5,}\d")
_GROUPS = r"\+?\(?\d{1,8}\)?(?:[ \t\-]{1,3}\(?\d{1,8}\)?){0,2}"
_LINE_END = re.compile(rf"(?<!\d)(?<!\d[.,:/])({_GROUPS})[ \t\-]*\\?\r?\n")
_LINE_START = re.compile(rf"[ \t]*(?:>[ \t]*)*(?!(?:[-*+]|1[.)])[ \t])({_GROUPS})(?!\d)(?![.,:/]\d)")
"""Up to three groups of digits that end a line, and up to three that
start the next (a quotation's ``>`` aside; not a marker that starts a
list inside a paragraph, ``-``, ``*``, ``+``, ``1.``): a phone number
broken across a line break inside a paragraph, which the page shows
whole (a soft break is a space; a hard break, two spaces or a backslash
before it, puts the rest on the next line). A blank line ends a
paragraph, and groups with a dot or a comma are not a phone's (dates,
decimals, prices)."""
_GROUP = re.compile(r"\+?\(?\d+\)?")
_PHONE_START = re.compile(r"\+\d+|\(?0\d{1,3}\)?|0\d{8,11}|\(?1\d\d(?:\d{8})?")
"""How a Korean or Chinese number begins: a country code, a trunk ``0``
and an area or carrier code (``010``, ``02``, ``0755``), or a Chinese
mobile's three digits (``139``), or the whole number unspaced."""
_MOST_GROUPS = 5
"""A phone number has at most five groups of digits (``+82 10 5555 0134``
has four): a window of more is never read, so a long line of numbers
costs in proportion to its length."""
_YEAR_NEXT = re.compile(r"(?:19|20)\d\d\s*(?:[-\u2013~\u301c\uff5e]|년|年|(?:19|20)\d\d\b)")
"""A year that starts a range, is said to be one, or starts a list of
years (``2001-2003년``, ``1998 1999``): what follows a count at a line's
end (``약 150⏎2001-2003년``), not a Chinese mobile's last groups."""
_TILDES = "~\u301c\uff5e"
_TILDE_PHONE = re.compile(rf"(?<![\d.,])\d{{2,4}}[{_TILDES}]\d{{3,4}}[{_TILDES}]\d{{4}}(?![\d.,])")
_TILDES_AS_HYPHENS = str.maketrans(dict.fromkeys(_TILDES, "-"))
"""A phone number written with tildes or wave dashes between its three
groups (``010~5555~0134``), read alone with hyphens for tildes; a range
(``10000~20000원``, ``8.25~11.19``, ``2015.9~2016.1``) is no such thing."""
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_MESSAGING = re.compile(
    r"(?:微信号?|微信\s*ID|wechat(?:\s*id)?|weixin)\s*[:：是为]?\s*[A-Za-z][\w-]{5,19}"
    r"|\bwxid_[A-Za-z0-9_]{4,}"
    r"|(?:QQ|qq)\s*号?(?:码)?\s*[:：是为]?\s*[1-9]\d{4,10}\b"
    r"|(?:카톡|카카오톡|kakao\s*talk|kakao)\s*(?:아이디|id)?\s*[:：은는]?\s*[A-Za-z0-9][\w.-]{3,19}"
    r"|\bt\.me/[A-Za-z0-9_]{4,}"
    r"|(?:telegram|텔레그램|电报)\s*(?:id)?\s*[:：]?\s*@[A-Za-z0-9_]{5,32}",
    re.IGNORECASE,
)
_CN_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dA-Za-z])")
_KR_ID = re.compile(r"(?<!\d)(\d{6})\s?-\s?([1-8])(\d{6})(?!\d)")
_DECIMAL_PAIR = re.compile(r"(?<![\d.])([-+]?\d{1,2}\.\d{4,})\s*[,，]\s*([-+]?\d{1,3}\.\d{4,})(?![\d.])")
_DMS = re.compile(r"\d{1,3}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"″]\s*)?[NSEW北南东西]", re.IGNORECASE)
_MAP_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:maps\.google\.[a-z.]+|google\.[a-z.]+/maps|goo\.gl/maps|maps\.app\.goo\.gl"
    r"|map\.baidu\.com|api\.map\.baidu\.com|(?:uri\.)?amap\.com|ditu\.amap\.com|map\.qq\.com"
    r"|map\.naver\.com|naver\.me|map\.kakao\.com|kko\.to|openstreetmap\.org|osm\.org"
    r"|maps\.apple\.com)\S*"
    r"|\bgeo:[-+]?\d{1,2}(?:\.\d+)?,[-+]?\d{1,3}(?:\.\d+)?",
    re.IGNORECASE,
)
_MESSAGING_WORDS = ("微信", "wechat", "weixin", "wxid_", "qq", "카톡", "카카오", "kakao", "t.me/", "telegram", "텔레그램", "电报")
_MAP_WORDS = ("map.", "maps.", "/maps", "goo.gl", "naver.me", "kko.to", "osm.org", "geo:")
_ISO_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:[ T]\d{1,2})?")
"""A date, with the hour that follows it in a date-time (``2019-03-12 15:44``,
Jekyll's post date): its digits are no phone number."""
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ON = rf"\s?[./]\s?"
_YEAR = r"(?:19|20)\d\d"
_PERIOD = re.compile(
    rf"{_YEAR}(?:{_ON}{_MONTH}(?:{_ON}{_DAY})?)?\.?\s*-\s*(?:{_YEAR}(?:{_ON}{_MONTH}(?:{_ON}{_DAY})?)?|{_MONTH}(?:{_ON}{_DAY})?)\.?"
)
"""A period from a year (and month, and day) to another, as Korean and
Chinese life stories write them (``2015.9-2016.1``, ``1995.12 - 1996.3``,
``1997-2001.3``): the phone matcher takes some for numbers, and no one
writes a phone number so."""
_SIX_DIGITS = re.compile(r"\d{6}")
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"


def find_phones(text: str) -> Iterator[Hit]:
    """Phone numbers as the ``phonenumbers`` library reads them (valid
    numbers only, so years, counts and verse references are not phones)."""
    import phonenumbers

    seen: set[tuple[int, int]] = set()
    found: list[tuple[int, int]] = []
    # The matcher is pure Python: hand it only the runs of digits that could
    # be a phone number, with a little context, not the whole story.
    for run in _DIGIT_RUN.finditer(text):
        if sum(char.isdigit() for char in run.group()) < 7 or _ISO_DATE.fullmatch(run.group()):
            continue
        offset = max(0, run.start() - 2)
        spans = [(offset + low, offset + high)
                 for low, high in _matched(phonenumbers, text[offset : run.end() + 2], phonenumbers.Leniency.VALID)]
        if not spans:  # a number beside another on its line (``Flat 12 010 5555 0134``): read by its groups
            spans = list(_grouped(phonenumbers, run.group(), range(run.start(), run.end())))
        found.extend(spans)
    for written in _TILDE_PHONE.finditer(text) if any(tilde in text for tilde in _TILDES) else ():
        window = written.group().translate(_TILDES_AS_HYPHENS)
        found.extend((written.start() + low, written.start() + high)
                     for low, high in _matched(phonenumbers, window, phonenumbers.Leniency.VALID))
    if "\n" in text:
        found.extend(_across_lines(phonenumbers, text, sorted(found)))
    for span in found:
        if span not in seen:
            seen.add(span)
            yield Hit(*span, "phone number")


def _matched(
    phonenumbers: Any, window: str, leniency: Any, regions: tuple[str, ...] = PHONE_REGIONS
) -> list[tuple[int, int]]:
    """Where in ``window`` the matcher finds a number of one of
    ``regions``, periods aside."""
    found = []
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=leniency):
            if not _PERIOD.fullmatch(match.raw_string.strip()):
                found.append((match.start, match.end))
    return found


def _across_lines(phonenumbers: Any, text: str, found: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Phone numbers broken across a line break (``_LINE_END``,
    ``_LINE_START``): the last one to three groups of a line joined by one
    space with the first one to three of the next, read by their groups
    (``_grouped``) where the joining spans the break. A joining whose two
    ends lie in numbers ``found`` already is not read again."""
    for end in _LINE_END.finditer(text):
        if not any(_PHONE_START.fullmatch(group) for group in _GROUP.findall(end.group(1))):
            continue
        start = _LINE_START.match(text, end.end())
        if start is None:
            continue
        (head, head_end), (tail, tail_end) = end.span(1), start.span(1)
        joined = text[head:head_end] + " " + text[tail:tail_end]
        where = [*range(head, head_end), head_end, *range(tail, tail_end)]
        for low, high in _grouped(phonenumbers, joined, where, head_end - head, _YEAR_NEXT.match(text, tail) is None):
            if not (_inside(found, low) and _inside(found, high - 1)):
                yield low, high


def _grouped(
    phonenumbers: Any, joined: str, where: Sequence[int], gap: int | None = None, mobile: bool = True
) -> Iterator[tuple[int, int]]:
    """Numbers made of consecutive groups of digits of ``joined`` (each
    character from ``where`` in the text), spanning offset ``gap`` when
    given: those that begin as a Korean or Chinese number
    (``_PHONE_START``), have the digits and the groups one does
    (``_shaped``; ``mobile``: a Chinese mobile may be one), and are grouped
    as the region writes them (``STRICT_GROUPING``, which refuses a
    table's ``80 90 100 110``). Few joinings pass the shape, so a table or
    a column of years costs few matcher calls."""
    groups = list(_GROUP.finditer(joined))
    strict = phonenumbers.Leniency.STRICT_GROUPING
    for index, first in enumerate(groups):
        if not _PHONE_START.fullmatch(first.group()):
            continue
        for last in groups[index : index + _MOST_GROUPS]:  # never every pair of a long line's groups
            if gap is not None and not first.start() < gap < last.end():
                continue
            window = joined[first.start() : last.end()]
            if _shaped(window, mobile):
                for low, high in _matched(phonenumbers, window, strict, ("KR", "CN")):
                    yield where[first.start() + low], where[first.start() + high - 1] + 1


def _shaped(window: str, mobile: bool) -> bool:
    """Whether the groups of ``window`` could be a Korean or Chinese
    number: after a country code, anything of 9 to 15 digits; after a
    trunk ``0``, 9 to 12 digits, every group after the first of three or
    more; a Chinese mobile (``mobile``), 11 digits, the same."""
    groups = re.findall(r"\d+", window)
    digits = sum(map(len, groups))
    if window.lstrip("(").startswith("+"):
        return 9 <= digits <= 15
    if not all(len(group) >= 3 for group in groups[1:]):
        return False
    if groups[0].startswith("0"):
        return 9 <= digits <= 12
    return mobile and digits == 11


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in the last of ``spans`` (sorted) that starts at
    or before it (enough to spare the matcher; a miss only costs a call)."""
    index = bisect_right(spans, (offset, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def find_emails(text: str) -> Iterator[Hit]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Hit(match.start(), match.end(), "e-mail address")


def find_messaging(text: str) -> Iterator[Hit]:
    """WeChat (``微信号``, ``wxid_``), QQ, KakaoTalk and Telegram IDs: an ID
    written after the app's name, or in the app's own link form."""
    lowered = text.lower()
    if not any(word in lowered for word in _MESSAGING_WORDS):
        return
    for match in _MESSAGING.finditer(text):
        yield Hit(match.start(), match.end(), "messaging ID")


def find_national_ids(text: str) -> Iterator[Hit]:
    """Chinese resident ID numbers (18 characters, a birth date and a valid
    check character) and Korean resident registration numbers (a birth
    date and the sex digit, with the hyphen or the old checksum)."""
    if not _SIX_DIGITS.search(text):
        return
    for match in _CN_ID.finditer(text):
        number = match.group().upper()
        total = sum(int(digit) * weight for digit, weight in zip(number, _CN_WEIGHTS))
        if _CN_CHECK[total % 11] == number[17] and _is_date(number[6:14]):
            yield Hit(match.start(), match.end(), "national ID number")
    for match in _KR_ID.finditer(text):
        birth, sex, rest = match.groups()
        century = "19" if sex in "1256" else "20"
        if not _is_date(century + birth):
            continue
        digits = birth + sex + rest
        check = (11 - sum(int(d) * w for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5))) % 11) % 10
        if "-" in match.group() or check == int(digits[12]):
            yield Hit(match.start(), match.end(), "national ID number")


def _is_date(digits: str) -> bool:
    try:
        day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2100


def find_coordinates(text: str) -> Iterator[Hit]:
    """GPS coordinates: decimal pairs with four decimals or more, and
    degrees with minutes."""
    for match in _DECIMAL_PAIR.finditer(text):
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if abs(latitude) <= 90 and abs(longitude) <= 180:
            yield Hit(match.start(), match.end(), "GPS coordinates")
    for match in _DMS.finditer(text):
        yield Hit(match.start(), match.end(), "GPS coordinates")


def find_map_links(text: str) -> Iterator[Hit]:
    """Links to map services, and ``geo:`` URIs."""
    lowered = text.lower()
    if not any(word in lowered for word in _MAP_WORDS):
        return
    for match in _MAP_LINK.finditer(text):
        yield Hit(match.start(), match.end(), "map link")


NUMBER_DETECTORS: tuple[Callable[[str], Iterator[Hit]], ...] = (find_phones, find_national_ids, find_coordinates)
"""Detectors of details made of digits: run only around runs of digits."""
TEXT_DETECTORS: tuple[Callable[[str], Iterator[Hit]], ...] = (find_emails, find_messaging, find_map_links)
"""Detectors that look for a sign first (``@``, an app's name, a map host)."""
"""Every built-in detector."""
WINDOW = 12
"""Characters of context around a run of digits that the number
detectors read (a ``+`` or ``(`` before, an ``N`` after)."""
_NUMBER_RUN = re.compile(r"\d[\d \t.,:°′'\"″()\-/+Xx]*")


def _number_windows(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` around its runs of four digits or more, merged
    where they overlap: a story's few numbers, not its words."""
    start = end = -1
    for run in _NUMBER_RUN.finditer(text):
        if sum(char.isdigit() for char in run.group()) < 4:
            continue
        low, high = max(0, run.start() - WINDOW), min(len(text), run.end() + WINDOW)
        if low > end:
            if end > start:
                yield start, end
            start = low
        end = high
    if end > start:
        yield start, end


def detect(text: str) -> list[Hit]:
    """What every detector finds in ``text`` (offsets of ``text`` as given)."""
    plain = text.translate(_HALF_WIDTH) if _WIDE.search(text) else text
    hits = {hit for detector in TEXT_DETECTORS for hit in detector(plain)}
    for start, end in _number_windows(plain):
        window = plain[start:end]
        hits.update(
            Hit(start + hit.start, start + hit.end, hit.label) for detector in NUMBER_DETECTORS for hit in detector(window)
        )
    return sorted(hits)
