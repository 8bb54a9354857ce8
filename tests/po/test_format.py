"""format_catalog() must be a fixed point of GNU msgcat, and msgfmt -c clean.

Every test writes what format_catalog() renders, runs the real ``msgcat``
on the file and compares bytes: that is the whole claim of the module, so
the GNU tools are the oracle and nothing is skipped without them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storybridge.po.format import format_catalog

# Flags GNU msgcat forgets and format_catalog keeps.
UNKNOWN_FLAGS = {"ignore-numbers", "markdown-text", "wrap"}


def full_header() -> dict[str, str]:
    return {
        "Project-Id-Version": "storybridge-stories 1.0",
        "Report-Msgid-Bugs-To": "stories@example.org",
        "POT-Creation-Date": "2024-03-01 09:00+0000",
        "PO-Revision-Date": "2024-03-02 10:30+0900",
        "Last-Translator": "Kim Minji <minji@example.org>",
        "Language-Team": "Korean <ko@example.org>",
        "Language": "ko",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }


def make_catalog(
    *entries: polib.POEntry, header: str = "", fuzzy: bool = False
) -> polib.POFile:
    catalog = polib.POFile()
    catalog.header = header
    catalog.metadata = full_header()
    catalog.metadata_is_fuzzy = ["fuzzy"] if fuzzy else []
    catalog.extend(entries)
    return catalog


def gnu_view(text: str) -> str:
    """``text`` less the flags msgcat drops, i.e. what msgcat should print."""

    def keep_known(match: re.Match[str]) -> str:
        flags = [f for f in match.group(1).split(", ") if f not in UNKNOWN_FLAGS]
        return "#, " + ", ".join(flags) + "\n" if flags else ""

    return re.sub(r"^#, (.*)\n", keep_known, text, flags=re.MULTILINE)


def render_and_check(catalog: polib.POFile, tmp_path: Path) -> str:
    """Render, then prove msgcat reproduces it and msgfmt -c accepts it."""
    text = format_catalog(catalog)
    path = tmp_path / "catalog.po"
    path.write_bytes(text.encode("utf-8"))
    catted = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
    assert catted.stdout.decode("utf-8") == gnu_view(text)
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    return text


ENGLISH = (
    "On the fortieth day of prayer we gathered in a small room above the bakery, "
    "where the smell of bread drifted up through the floorboards and the windows "
    "fogged with our breath. Nobody said much at first; then someone began to read "
    "the names, slowly, one by one, and the room grew quiet enough to hear the "
    "kettle, the street, and the long-distance, well-worn hum of the old radiator."
)
KOREAN = (
    "기도 사십 일째 되던 날, 우리는 빵집 위의 작은 방에 모였습니다. 마룻바닥 틈으로 "
    "빵 냄새가 올라왔고, 창문은 우리의 숨결로 뿌옇게 흐려졌습니다. 처음에는 아무도 "
    "말이 없었습니다. 그러다 누군가 이름을 하나씩 천천히 읽기 시작했고, 방 안은 "
    "주전자 소리와 거리의 소음이 들릴 만큼 조용해졌습니다."
)
CHINESE = (
    "祷告的第四十天，我们聚集在面包店楼上的一个小房间里。面包的香味从地板的缝隙中飘上来，"
    "窗户因我们的呼吸而蒙上了一层雾气。起初没有人说话；后来有人开始慢慢地、一个接一个地"
    "念出名字——「金民智」、『朴成勋』、《自由之歌》……房间安静得能听见水壶（和街道）的声音！"
    "你听见了吗？我们还在等待：等待，盼望，相信。"
)


def test_english_prose_wraps_like_msgcat(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(msgid=ENGLISH, msgstr=ENGLISH.upper()),
            polib.POEntry(msgid="Short title", msgstr="짧은 제목"),
            polib.POEntry(msgid="x" * 120, msgstr="y" * 71),  # no break opportunity
            polib.POEntry(
                msgid="word " * 30, msgstr=""
            ),  # trailing spaces stay on lines
        ),
        tmp_path,
    )
    breakable = [
        line
        for line in text.splitlines()
        if "xxxxx" not in line and "yyyyy" not in line
    ]
    assert max(map(len, breakable)) <= 79


def test_korean_with_spaces(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(msgid=ENGLISH, msgstr=KOREAN),
            polib.POEntry(msgid=KOREAN, msgstr=KOREAN * 2),
            polib.POEntry(msgid="Jamo", msgstr="\u1100\u1161\u11a8 " * 30),
        ),
        tmp_path,
    )


def test_chinese_without_spaces_and_cjk_punctuation(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(msgid=ENGLISH, msgstr=CHINESE),
            polib.POEntry(msgid=CHINESE, msgstr="（全角）ＡＢＣ１２３！" * 12),
            polib.POEntry(msgid="mixed", msgstr="第40天 Pray40NK 祷告 " * 8),
        ),
        tmp_path,
    )


def test_embedded_and_final_newlines(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(msgid="line one\nline two\n", msgstr="첫째 줄\n둘째 줄\n"),
            polib.POEntry(msgid="a\n\nb", msgstr="가\n\n나"),
            polib.POEntry(msgid="\n", msgstr="\n"),
            polib.POEntry(msgid="ends with newline\n", msgstr="줄바꿈으로 끝남\n"),
            polib.POEntry(
                msgid=ENGLISH + "\n" + ENGLISH, msgstr=KOREAN + "\n" + CHINESE
            ),
            # 76 columns then "\n": the break may not fall before the final \n.
            polib.POEntry(msgid="a" * 70 + " bcde\n", msgstr="z" * 70 + " wxyz\n"),
        ),
        tmp_path,
    )


def test_quotes_backslashes_and_tabs(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(
                msgid='She said "pray" and wrote C:\\Users\\kim\\notes\\day40.txt\tthen left',
                msgstr='그녀는 "기도하세요"라고 말하고 C:\\Users\\kim\\notes\\day40.txt\t를 남겼다',
            ),
            polib.POEntry(msgid="\\" * 100, msgstr='"' * 90),
            polib.POEntry(msgid="\t" * 50 + "tabbed", msgstr="\t" * 50 + "탭"),
            polib.POEntry(msgid='x "' * 30, msgstr="y \\" * 30),
        ),
        tmp_path,
    )


def test_markdown_inline_syntax(tmp_path: Path) -> None:
    markdown = (
        "Read the [prayer guide](https://example.org/guides/40-days?lang=en&day=1) "
        "and share it with **everyone** you know using `#Pray40NK` or by tagging "
        "@storybridge_team — every _voice_ counts. See also [notes][1], ![photo](img/a.png), "
        "<https://example.org/very/long/url/that/keeps/going/and/going/until/it/must/break>."
    )
    render_and_check(
        make_catalog(
            polib.POEntry(
                msgid=markdown, msgstr=markdown.replace("Read the", "읽어 보세요:")
            ),
            polib.POEntry(
                msgid="#Pray40NK @handle $5 100% 3.14 (a) [b] {c} ~d~ |e| +f =g",
                msgstr="",
            ),
            polib.POEntry(
                msgid="* item one\n* item two\n", msgstr="* 항목 하나\n* 항목 둘\n"
            ),
        ),
        tmp_path,
    )


def test_long_reference_lists(tmp_path: Path) -> None:
    occurrences = [
        (f"stories/2024/day-{day:02d}/prayer-for-the-north.md", str(day * 3))
        for day in range(1, 25)
    ]
    occurrences += [
        ("./stories/intro.md", "7"),
        ("stories/intro.md", "7"),
        ("stories/한국어.md", ""),
    ]
    text = render_and_check(
        make_catalog(
            polib.POEntry(msgid="Amen.", msgstr="아멘.", occurrences=occurrences)
        ),
        tmp_path,
    )
    assert text.count("stories/intro.md:7") == 1
    assert "./stories" not in text


def test_a_reference_of_nothing_but_dot_slash_goes(tmp_path: Path) -> None:
    """msgcat writes "#: ./" as an empty "#: " line and drops that line on its
    next run; we write what it settles on, so that it leaves ours alone."""
    text = render_and_check(
        make_catalog(
            polib.POEntry(msgid="a", msgstr="", occurrences=[("./", "")]),
            polib.POEntry(msgid="b", msgstr="", occurrences=[("././", ""), ("./", "3")]),
        ),
        tmp_path,
    )
    assert "#: \n" not in text and "#: :3\n" in text


def test_comments(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(
                msgid="Title",
                msgstr="제목",
                tcomment="Checked by Minji.\n\n  indented note",
                comment="front matter: title\nkeep it short",
                occurrences=[("stories/a.md", "1")],
            )
        ),
        tmp_path,
    )


def test_fuzzy_entry_with_previous_msgid(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(
                msgid=ENGLISH,
                msgstr=KOREAN,
                flags=["fuzzy"],
                previous_msgid=ENGLISH.replace("fortieth", "thirtieth"),
                occurrences=[("stories/day40.md", "3")],
            ),
            polib.POEntry(
                msgctxt="front matter",
                msgid="apple",
                msgid_plural="apples",
                msgstr_plural={0: "사과"},
                flags=["fuzzy"],
                previous_msgctxt="old context",
                previous_msgid="an apple",
                previous_msgid_plural="some apples",
            ),
        ),
        tmp_path,
    )
    assert '#, fuzzy\n#| msgid ""\n' in text


def test_fuzzy_is_hidden_on_untranslated_entries(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(polib.POEntry(msgid="Untranslated", msgstr="", flags=["fuzzy"])),
        tmp_path,
    )
    assert '#, fuzzy\nmsgid "Untranslated"' not in text


def test_obsolete_entries(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(msgid="first", msgstr="첫째"),
            polib.POEntry(
                msgid=ENGLISH,
                msgstr=KOREAN,
                obsolete=True,
                flags=["fuzzy"],
                tcomment="kept for reuse",
                previous_msgid="Older " + ENGLISH,
            ),
            polib.POEntry(msgid="second", msgstr="둘째"),
            polib.POEntry(msgid="gone", msgstr="", obsolete=True),
            polib.POEntry(msgid="line\nbreaks", msgstr="줄\n바꿈", obsolete=True),
            polib.POEntry(
                msgid="apple",
                msgid_plural="apples",
                msgstr_plural={0: "사과"},
                obsolete=True,
            ),
        ),
        tmp_path,
    )
    assert text.index('msgid "second"') < text.index("#~ msgid")
    assert 'msgid "gone"' not in text
    assert '#~| msgid ""\n#~| "Older On the' in text


def test_header_with_comment_and_fuzzy_flag(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(msgid="Hello", msgstr="안녕하세요"),
            header="Korean translation of the 40 days stories.\nCopyright (C) 2024\n\nThis file is distributed under the MIT license.",
            fuzzy=True,
        ),
        tmp_path,
    )
    assert text.startswith(
        "# Korean translation of the 40 days stories.\n# Copyright (C) 2024\n#\n# This"
    )
    assert (
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Project-Id-Version: storybridge-stories 1.0\\n"\n'
        in text
    )


def test_header_only_catalog(tmp_path: Path) -> None:
    """msgcat prints nothing for a catalog without messages unless forced."""
    catalog = make_catalog(
        polib.POEntry(msgid="gone", msgstr="", obsolete=True),  # left out, as by GNU
        header="Nothing translated yet.",
        fuzzy=True,
    )
    text = format_catalog(catalog)
    path = tmp_path / "empty.po"
    path.write_bytes(text.encode("utf-8"))
    assert (
        subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
        == b""
    )
    forced = subprocess.run(
        ["msgcat", "--force-po", str(path)], capture_output=True, check=True
    )
    assert forced.stdout.decode("utf-8") == text
    assert text.startswith('# Nothing translated yet.\n#, fuzzy\nmsgid ""\n')
    assert "gone" not in text


def test_comment_whitespace_and_duplicate_flags(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(
                msgid="a",
                msgstr="b",
                tcomment="trailing  \n  leading",
                comment=" dot\ntrail ",
            ),
            polib.POEntry(msgid="   ", msgstr="   "),
            polib.POEntry(msgctxt="", msgid="empty context", msgstr="빈 문맥"),
            polib.POEntry(
                msgid="f",
                msgstr="g",
                flags=["fuzzy", "fuzzy", "ignore-numbers", "ignore-numbers"],
            ),
        ),
        tmp_path,
    )


def test_long_header_field_wraps(tmp_path: Path) -> None:
    catalog = make_catalog(polib.POEntry(msgid="Hello", msgstr="안녕하세요"))
    catalog.metadata["Language-Team"] = (
        "Korean volunteers of the storybridge project, Seoul and Busan <ko@example.org>"
    )
    render_and_check(catalog, tmp_path)


def test_unknown_flags_are_kept_in_order_after_fuzzy(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(
                msgid="40 days",
                msgstr="40일",
                flags=["ignore-numbers", "fuzzy", "markdown-text"],
            ),
            polib.POEntry(
                msgid="obsolete", msgstr="폐기", flags=["ignore-numbers"], obsolete=True
            ),
            polib.POEntry(
                msgid="%s prayers", msgstr="%s 기도", flags=["python-format", "wrap"]
            ),
        ),
        tmp_path,
    )
    assert "#, fuzzy, ignore-numbers, markdown-text\n" in text
    assert "#, ignore-numbers\n#~ msgid" in text
    assert "#, python-format, wrap\n" in text


def test_no_wrap_flag_keeps_long_lines(tmp_path: Path) -> None:
    text = render_and_check(
        make_catalog(
            polib.POEntry(
                msgid=ENGLISH, msgstr=KOREAN + "\n" + KOREAN, flags=["no-wrap"]
            ),
        ),
        tmp_path,
    )
    assert f'msgid "{ENGLISH}"\n' in text


def test_marks_joiners_and_emoji(tmp_path: Path) -> None:
    emoji = "🙏🏽 👨\u200d👩\u200d👧 🇰🇷🇺🇸 ❤\ufe0f e\u0301t\u00e9 caf\u00e9\u0301 \u200bzero\u00adsoft\u00a0nbsp "
    render_and_check(
        make_catalog(
            polib.POEntry(msgid=emoji * 6, msgstr=(emoji + KOREAN) * 2),
            polib.POEntry(
                msgid="Unicode separator\u2028" + ENGLISH, msgstr="분리\u2028" + KOREAN
            ),
        ),
        tmp_path,
    )


def test_long_keywords_and_context(tmp_path: Path) -> None:
    render_and_check(
        make_catalog(
            polib.POEntry(
                msgctxt="stories/day-40.md front matter description",
                msgid=ENGLISH,
                msgstr=CHINESE,
            ),
            polib.POEntry(msgctxt=ENGLISH, msgid="ctx", msgstr="문맥"),
        ),
        tmp_path,
    )


def test_polib_reads_back_the_same_catalog(tmp_path: Path) -> None:
    """Write, read with polib, write again: the same bytes.

    (polib 1.2 forgets ``#~|`` lines of obsolete entries, so none here.)
    """
    catalog = make_catalog(
        polib.POEntry(
            msgid=ENGLISH,
            msgstr=KOREAN,
            occurrences=[("stories/a.md", "4"), ("stories/b.md", "")],
            flags=["fuzzy", "ignore-numbers"],
            previous_msgid="Old " + ENGLISH,
            comment="extracted\nsecond line",
            tcomment="translator\n\nnote",
        ),
        polib.POEntry(msgid=CHINESE, msgstr=""),
        polib.POEntry(
            msgctxt="fruit",
            msgid="apple",
            msgid_plural="apples",
            msgstr_plural={0: "사과"},
        ),
        polib.POEntry(msgid='tab\there "q" \\', msgstr='탭\t"q" \\', flags=["no-wrap"]),
        polib.POEntry(
            msgid="old\nline", msgstr="옛\n줄", obsolete=True, flags=["fuzzy"]
        ),
        header="Header comment\n\nsecond paragraph",
        fuzzy=True,
    )
    text = render_and_check(catalog, tmp_path)
    assert format_catalog(polib.pofile(text)) == text


# -- generated text ---------------------------------------------------------

STORY_CHARS = (
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xAC00, 0xD7A4, 41)]  # Hangul syllables
    + [chr(c) for c in range(0x4E00, 0x9FFF, 211)]  # CJK ideographs
    + list("、。「」『』《》〈〉（）！，：；？・〜　")
    + list("“”‘’—–…")
    + [" "] * 12  # words, so that spaces break lines often
)
RARE_CHARS = list(
    "\u0301\u0308\u200b\u200d\u2060\ufe0f\u00a0\u00ad\u2028\t🙏🏽👍🇰🇷🇺🇸❤é-/"
)


def story_text(alphabet: list[str]) -> st.SearchStrategy[str]:
    """Lines of up to 300 characters, as raw text or as words, maybe several."""
    raw = st.text(alphabet=alphabet, min_size=1, max_size=300)
    word = st.text(alphabet=alphabet, min_size=1, max_size=12)
    words = st.lists(word, min_size=1, max_size=50).map(lambda ws: " ".join(ws)[:300])
    line = raw | words
    return line | st.lists(line, min_size=2, max_size=3).map("\n".join)


def matching_newlines(msgid: str, msgstr: str) -> str:
    """msgfmt -c wants msgid and msgstr to start and end alike with \\n."""
    msgstr = msgstr.strip("\n") or "x"
    if msgid.startswith("\n"):
        msgstr = "\n" + msgstr
    if msgid.endswith("\n"):
        msgstr += "\n"
    return msgstr


def catalog_of(pairs: list[tuple[str, str]], fuzzy: list[bool]) -> polib.POFile:
    return make_catalog(
        *(
            polib.POEntry(
                msgctxt=f"stories/day-{i}.md",  # keeps generated msgids unique
                msgid=msgid,
                msgstr=matching_newlines(msgid, msgstr),
                flags=["fuzzy"] if is_fuzzy else [],
            )
            for i, ((msgid, msgstr), is_fuzzy) in enumerate(zip(pairs, fuzzy))
        )
    )


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    pairs=st.lists(
        st.tuples(story_text(STORY_CHARS), story_text(STORY_CHARS)),
        min_size=1,
        max_size=40,
    ),
    fuzzy=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_msgcat_agrees_on_generated_story_text(
    tmp_path: Path, pairs: list[tuple[str, str]], fuzzy: list[bool]
) -> None:
    render_and_check(catalog_of(pairs, fuzzy), tmp_path)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    pairs=st.lists(
        st.tuples(
            story_text(STORY_CHARS + RARE_CHARS * 3),
            story_text(STORY_CHARS + RARE_CHARS * 3),
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_msgcat_agrees_on_marks_joiners_and_emoji(
    tmp_path: Path, pairs: list[tuple[str, str]]
) -> None:
    render_and_check(catalog_of(pairs, [False] * len(pairs)), tmp_path)


def test_width_shortcut_matches_the_lookup() -> None:
    """Where linebreak trusts the UTF-8 lead byte for a width, it is right."""
    from storybridge.po import wrap_columns as linebreak

    for cp in range(0x20, 0x10000):
        ch = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or linebreak._UNSURE.match(ch):
            continue
        assert linebreak._CODE[ch] == (1 if cp < 0x800 else 2), hex(cp)


@pytest.mark.parametrize("width", [1, 2, 3])
def test_break_points_around_wide_characters(tmp_path: Path, width: int) -> None:
    """Lines that end exactly at, one before and one past the page edge."""
    entries = []
    for length in range(60, 90):
        for filler in ("a", "가", "中"):
            text = (
                (filler * (length // (2 if filler != "a" else 1)))
                + " "
                + "b" * width
                + " tail"
            )
            entries.append(
                polib.POEntry(msgctxt=f"{length}{filler}", msgid=text, msgstr=text)
            )
    render_and_check(make_catalog(*entries), tmp_path)
