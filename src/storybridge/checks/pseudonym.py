"""Pseudonym consistency: a pseudonym is rendered exactly as the glossary
agreed, and never with a surname added.

Glossary rows whose ``note`` starts with the word ``pseudonym`` are
pseudonyms (``Soon Me,ko,순미,pseudonym of the mother``). A translation
whose source holds the pseudonym must hold an agreed rendering (``선미``
for ``순미`` is an error, not advice: a changed pseudonym can point to the
real person), and must not put a surname next to it (``김순미``,
``Kim Soon Me``, ``王晓华``). Comparison is on folded text (case, width,
spaces and hyphens ignored), so ``Soon-Me`` renders ``Soon Me``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping

from storybridge.checks.base import CheckedEntry, Pseudonym
from storybridge.checks.glossary import alternatives
from storybridge.checks.sensitive.as_read import as_read
from storybridge.checks.sensitive.fold import fold
from storybridge.text.languages import normalize_language

Pseudonyms = Mapping[str, tuple[Pseudonym, ...]]
"""Language code → the pseudonyms agreed for it."""

# Surnames that, written next to a pseudonym, would complete a real name.
_HANGUL_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민진나엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경사부황보리")
_HANGUL_SURNAMES_SPACED = frozenset("김박최윤황홍류곽")
"""Surnames also caught with a space before the pseudonym (``김 순미``):
only common ones that are rarely a word of their own (``이`` is also
"this", ``권`` a counter, ``편`` "side", ``손`` "hand")."""
_HANJA_SURNAMES = frozenset("洪申权裴卢闵辛严玄咸卞廉宣琴牟殷芮")
"""Korean surnames in Hanja (as folded): counted only where no Han
character precedes them, where they start a word."""
_HANGUL_DOUBLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
_HAN_SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文朴"
)
_LATIN_SURNAMES = frozenset(
    "kim lee yi rhee park pak choi choe jung chung jeong kang cho jo yoon yun jang chang lim im han oh seo suh shin "
    "kwon hwang ahn song ryu yoo hong ri wang li zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo "
    "ma luo liang song zheng xie tang feng deng cao "
    # more Korean surnames as romanized (none an everyday English word)
    # (not Kong, Nam, Jin, Eun…: Hong Kong, Viet Nam and given names stand next to a name)
    "byeon byun pyon bae baek paek shim noh roh kwak seong cha joo koo eom chae cheon hyun hyeon yeom choo "
    "seok seol pyo myung myeong geum keum yook maeng pyeon gyeong hwangbo namgung jegal sunwoo seonu dokgo "
    "sagong".split()
)


def parse_pseudonyms(text: str) -> Pseudonyms:
    """The pseudonym rows of glossary CSV text (already validated by
    ``parse_glossary``; rows it accepts are read the same way here)."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    next(rows, None)
    found: dict[str, list[Pseudonym]] = {}
    for row in rows:
        cells = [cell.strip() for cell in row]
        if len(cells) < 4 or not all(cells[:3]) or not re.match(r"pseudonym\b", cells[3], re.IGNORECASE):
            continue
        renderings = tuple(alternatives(cells[2]))
        language = normalize_language(cells[1], "glossary", rows.line_num)
        found.setdefault(language, []).append(Pseudonym(cells[0], renderings))
    return {language: tuple(items) for language, items in found.items()}


def pseudonyms_for(pseudonyms: Pseudonyms, language: str) -> tuple[Pseudonym, ...]:
    """The pseudonyms for a catalog in ``language`` (``zh`` rows apply to ``zh_Hans``)."""
    base = language.split("_")[0]
    return pseudonyms.get(language, ()) + (pseudonyms.get(base, ()) if base != language else ())


def check_pseudonyms(msgid: str, msgstr: str, pseudonyms: tuple[Pseudonym, ...]) -> Iterator[str]:
    """Each pseudonym of ``msgid`` rendered as agreed, and without a surname."""
    for pseudonym in pseudonyms:
        if not _contains(msgid, pseudonym.source):
            continue
        places = [place for rendering in pseudonym.renderings for place in _places(msgstr, rendering)]
        if not places:
            yield (
                f"renders the pseudonym {pseudonym.source!r} differently from the glossary "
                f"({' or '.join(pseudonym.renderings)})"
            )
            continue
        if any(_has_surname(msgid, msgid[start:end], start, end) for start, end in _places(msgid, pseudonym.source)):
            continue  # the source names a surname itself
        if any(_has_surname(msgstr, msgstr[start:end], start, end) for start, end in places):
            yield f"adds a surname to the pseudonym {pseudonym.source!r}"


def _contains(text: str, term: str) -> bool:
    return bool(_places(text, term))


def _places(text: str, term: str) -> list[tuple[int, int]]:
    """Where ``term`` stands in ``text``, matched as the guard folds text;
    Latin terms as whole words."""
    pattern = r"[\s\-‐-―\u200b-\u200f]*".join(re.escape(char) for char in fold(term))
    if re.fullmatch(r"[a-z0-9]+", fold(term)):
        pattern = rf"(?<![^\W_]){pattern}(?![^\W_])"
    folded = text.casefold()
    return [(m.start(), m.end()) for m in re.finditer(pattern, folded)] if len(folded) == len(text) else (
        [(0, len(text))] if fold(term) in fold(text) else []
    )


def _has_surname(text: str, rendering: str, start: int, end: int) -> bool:
    """True when a surname stands right before the pseudonym (attached in
    Hangul and Han, as the word before or after it in Latin script)."""
    if not rendering:
        return False
    first = rendering[0]
    if "\uac00" <= first <= "\ud7a3":
        before = text[:start]
        if before.endswith(_HANGUL_DOUBLE_SURNAMES):
            return True
        attached = bool(before) and before[-1] in _HANGUL_SURNAMES
        spaced = before.rstrip(" ")
        if not attached and spaced != before and spaced and spaced[-1] in _HANGUL_SURNAMES_SPACED:
            before, attached = spaced, True
        return attached and (len(before) < 2 or not "\uac00" <= before[-2] <= "\ud7a3")
    if "\u3400" <= first <= "\u9fff":
        before = text[:start].rstrip(" \u3000")
        # Only where the surname starts a word: after another Han character it
        # usually ends one (谢谢, 关于, 鸭绿江, 河南 + the name), which is no surname.
        return bool(before) and fold(before[-1]) in (_HAN_SURNAMES | _HANJA_SURNAMES) and (
            len(before) < 2 or not "\u3400" <= before[-2] <= "\u9fff")
    before = re.search(r"([A-Za-z]+)[\s\-]+$", text[:start])
    after = re.match(r"[\s\-]+([A-Za-z]+)", text[end:])
    return any(
        match is not None and match.group(1)[0].isupper() and match.group(1).casefold() in _LATIN_SURNAMES
        for match in (before, after)
    )


def check_pseudonym(entry: CheckedEntry) -> Iterator[str]:
    """The registry's face of ``check_pseudonyms``; the msgstr is read as
    written and as the page shows it (``홍*순미*`` is ``홍순미``)."""
    if entry.pseudonyms:
        found = list(check_pseudonyms(entry.msgid, entry.msgstr, entry.pseudonyms))
        read = as_read(entry.msgstr)
        if not found and read != entry.msgstr:
            found = list(check_pseudonyms(entry.msgid, read, entry.pseudonyms))
        yield from found
