"""The built-in detectors: true positives and true negatives in English,
Korean and Chinese. Every number and address here is invented (phone
numbers from the ranges the regions keep for fiction where they have one)."""

from __future__ import annotations

import pytest

from storybridge.checks.sensitive import Guard


def _cn_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


INVENTED_CN_ID = _cn_id("22240119850317051")

FOUND = [
    ("phone number", "Call her on 010-5555-0134 after dark."),
    ("phone number", "연락처는 ０１０－５５５５－０１３４ 입니다."),  # full-width digits
    ("phone number", "그의 번호는 +82 10 5555 0134 였다."),
    ("phone number", "她的手机是13912345678，晚上打。"),
    ("phone number", "电话：+86 139 1234 5678"),
    ("phone number", "My number is (201) 555-0123."),
    ("e-mail address", "Write to corwin.vale@example.org today."),
    ("e-mail address", "이메일 dasom_77@example.co.kr 로 보내라"),
    ("messaging ID", "加我微信号：vale_corwin88"),
    ("messaging ID", "his id was wxid_k2j4h5g6f7"),
    ("messaging ID", "QQ号 48213377"),
    ("messaging ID", "카톡 아이디: dasom0317"),
    ("messaging ID", "KakaoTalk ID dasom0317"),
    ("messaging ID", "message t.me/corwinvale_77"),
    ("messaging ID", "on Telegram @corwin_vale"),
    ("national ID number", f"身份证号 {INVENTED_CN_ID}"),
    ("national ID number", "주민등록번호 850317-2345678"),
    ("GPS coordinates", "We hid at 42.1234, 129.5678 for a week."),
    ("GPS coordinates", "위치 42°07′N 129°34′E"),
    ("map link", "See https://maps.google.com/?q=42.12,129.56"),
    ("map link", "地图 https://map.baidu.com/poi/somewhere"),
    ("map link", "지도 https://map.naver.com/v5/entry/place/1"),
    ("map link", "geo:42.12,129.56"),
    # A soft line break in a paragraph is a space on the page: the number reads whole.
    ("phone number", "Call her on 010 5555\n0134 after dark."),
    ("phone number", "그의 번호는 010-5555-\n0134 였다."),
    ("phone number", "她的手机是139 1234\r\n5678，晚上打。"),
    ("phone number", "Call her on 010 5555  \n0134 after dark."),  # a hard break: two lines, one number
    ("phone number", "Call her on 010 5555\\\n0134 after dark."),  # a hard break written with a backslash
    ("phone number", "> 그의 번호는 010 5555\n> 0134 였다."),  # two lines of one quotation
    ("phone number", "- 010 5555\n  0134"),  # a list item's second line
    ("phone number", "Flat 12 010\n5555 0134"),  # a number before it on the line
    ("phone number", "Write to 02 555\n0134."),  # Seoul, the sentence's full stop after it
    ("phone number", "电话 +86 139\n1234 5678"),
    # A number beside another on the next or the last line is still found
    ("phone number", "Flat 12\n010 5555 0134"),
    ("phone number", "엄마 010 5555 0134\n3월에 만남"),
    ("phone number", "She left the town in 1997\n010 5555 0134 was her number."),
    ("phone number", "Call 139 1234 5678\n2019년"),
    # ... at a sentence's end, with a long last group, on an indented line
    ("phone number", "그의 번호는 010 5555\n0134. 그 후 연락이 끊겼다."),
    ("phone number", "北京电话010-\n65550134。"),
    ("phone number", "1. 어머니 번호: 010-5555-\n   0134 (밤에만)"),
    ("phone number", "Call her on 010 5555  \n  0134"),
    # A number beside another on its own line
    ("phone number", "Flat 12 010 5555 0134"),
    ("phone number", "电话 139 1234 5678 2个"),
    ("phone number", "02 555 0175 02~555~0182"),
    ("phone number", "我的电话(139 1234\n5678)。"),  # a mobile in brackets
    ("phone number", "电话（139-1234-\n5678）"),
    ("phone number", "연락처 010~5555~0134"),  # a tilde between the groups
    ("phone number", "연락처 010〜5555〜0134"),  # a wave dash
    ("phone number", "电话 139～1234～5678"),  # a full-width tilde
]

NOT_FOUND = [
    "In 2013 the family crossed; by 2018 they were 12 people.",
    "요한복음 3:16 말씀을 읽었다. 1998년 겨울이었다.",
    "约翰福音3:16。1998年冬天，一万二千人。",
    "Psalm 23:1-6, pages 120-135, and 1,000,000 won.",
    "100,000원 또는 10만 원",
    "ISBN 978-3-16-148410-0",
    f"身份证号 {INVENTED_CN_ID[:-1]}{'0' if INVENTED_CN_ID[-1] != '0' else '1'}",  # wrong check digit
    "주민등록번호 851399-2345678",  # no such date
    "The score was 42.1, 129.5 at half time.",
    "Follow us at @storybridge_org and https://storybridge.example/contact",
    "Write to hello@storybridge.example or on Telegram @storybridge_org",
    "We moved in\n1997\n2001\n2008 and\n2015.",  # years, a line each
    "- 1997\n- 2001\n- 2008",
    "1. 2012\n2. 1995\n3. 2005",  # a numbered list of years
    "1998.10\n1994.5\n1997.3  \n1998.10",  # year.month a line each
    "80 90\n100 110",  # a table
    "19 594\n791 705",
    "월급은 10000~20000원이었다. 每月10000~20000元",  # wages: a range, with a tilde
    "8.25~11.19 그리고 3.10~10.10 병원",  # month.day ranges
    "2015.9-2016 and 1997-2001.3",
    "그 해 국경을 넘은 사람은 약 150\n2001-2003년에는 더 많았다.",  # a count, then years
    "She lived in Room 139\n2019–2021, then moved.",
    "우리 반 학생은 132\n1998 1999 2000",
    "158 45\n160 50\n172 66",  # heights and weights
    "Room 02 5555\n\n0134 people came.",  # two paragraphs: no reader joins them
    # periods written year.month to year.month, as Korean and Chinese life stories write them
    "2015.9~2016.1 중국 옌지에서 일했다.",
    "2015.9-2016.1 중국 옌지에서 일했다.",
    "1997.3-1998.10에 중국에 있었다.",
    "1995.12 - 1996.3, then 2001.5〜2003.11",
    "2015. 9 - 2016. 1",
    "2019.3.12~2019.4.1 병원에 있었다.",
    "1998~2003년, 10~12월, 5,000~10,000원",
]


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard((), ("@storybridge_org", "storybridge.example", "hello@storybridge.example"))


@pytest.mark.parametrize("label, text", FOUND)
def test_detects(guard: Guard, label: str, text: str) -> None:
    assert label in [hit.label for hit in guard.scan(text)]


@pytest.mark.parametrize(
    "text",
    ["010 5555 0134\n010 5555 0135", "1. 010 5555 0134\n2. 010 5555 0135", "010 5555 0134\n010 5555\n0135",
     "010 5555 0134 010 5555 0135", "02 555 0134 02~555~0135"],
)
def test_numbers_a_line_each_are_each_found(guard: Guard, text: str) -> None:
    """Reading across a line break never joins two numbers into one that
    the matcher refuses: each is found, and none is left in the clear."""
    assert [hit.label for hit in guard.scan(text)].count("phone number") >= 2
    assert not any(part in guard.redact(text) for part in ("5555", "0134", "0135"))


@pytest.mark.parametrize("text", NOT_FOUND)
def test_leaves_alone(guard: Guard, text: str) -> None:
    assert guard.scan(text) == []


def test_allowed_contacts_pass_only_when_configured() -> None:
    text = "Write to hello@storybridge.example or on Telegram @storybridge_org"
    assert {hit.label for hit in Guard().scan(text)} == {"e-mail address", "messaging ID"}


@pytest.mark.parametrize("label, text", FOUND)
def test_redacted_text_keeps_nothing_found(guard: Guard, label: str, text: str) -> None:
    redacted = guard.redact(text)
    assert guard.scan(redacted) == []
    assert not any(run in redacted for run in ("5555", "0134", "1234", "vale", "dasom", "129.5", INVENTED_CN_ID))
