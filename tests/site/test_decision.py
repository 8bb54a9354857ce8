"""The one publishing decision (site/decision.py): its policy and its door for other guards."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.site.decision import Decision, Refusal, Sorted, Veto, change_line, decide
from storybridge.site.publish import alternates, display_date

MSGIDS = [f"Sentence {n}." for n in range(10)]


def story(**front_matter: object) -> Story:
    return Story("stories/x.md", "x", "", {"title": "X", **front_matter}, "", 0, "en")


def config(**settings: object) -> Config:
    return Config(**{"languages": ("en", "ko"), **settings})  # type: ignore[arg-type]


def accepted(count: int) -> dict[str, str]:
    return {msgid: "번역" for msgid in MSGIDS[:count]}


def test_refused_entries_count_as_untranslated() -> None:
    refused = (Refusal(12, MSGIDS[8], "block-break", "…"), Refusal(20, MSGIDS[9], "markdown", "…"))
    decision = decide(config(below_threshold="draft"), story(), "ko", MSGIDS, Sorted(accepted(7), refused))
    assert (decision.status, decision.coverage, decision.reason) == ("draft", 70.0, "70 % < 80 %")
    assert decision.summary() == "draft (70 % < 80 %, 2 entries refused)"
    assert change_line("x", "ko", "published", decision) == "ko/x: published → draft (70 % < 80 %, 2 entries refused)"
    assert change_line("x", "ko", "draft", decision) is None


def test_precedence_embargo_then_blocked_then_policy() -> None:
    full = Sorted(accepted(10))
    error = StoryError("locale/ko/LC_MESSAGES/x.po", 19, "text after the closing quote")
    assert decide(config(), story(publish=False), "ko", MSGIDS, full, unreadable=error).status == "embargoed"
    blocked = decide(config(), story(), "ko", MSGIDS, full, unreadable=error)
    assert (blocked.status, blocked.path, blocked.reason) == ("blocked", None, "its catalog cannot be read at line 19")
    assert decide(config(), story(), "ko", MSGIDS, full).status == "published"
    assert decide(config(), story(), "ko", MSGIDS, Sorted(accepted(7))).status == "withheld"


def test_a_veto_blocks_with_its_reason_or_refuses_entries() -> None:
    full = Sorted(accepted(10))
    guard = Veto("sensitive", reason="a sensitive detail in line 40")
    blocked = decide(config(), story(), "ko", MSGIDS, full, vetoes=[guard])
    assert (blocked.status, blocked.reason, blocked.path) == ("blocked", "a sensitive detail in line 40", None)
    review = Veto("review", refused=tuple(Refusal(None, msgid, "review", "not approved") for msgid in MSGIDS[:3]))
    reviewed = decide(config(), story(), "ko", MSGIDS, full, vetoes=[review])
    assert (reviewed.status, reviewed.coverage, len(reviewed.refused)) == ("withheld", 70.0, 3)


@given(
    translated=st.integers(0, 10),
    refused=st.integers(0, 10),
    needed=st.sampled_from([0.0, 50.0, 80.0, 100.0]),
    policy=st.sampled_from(["withhold", "draft"]),
    embargoed=st.booleans(),
    unreadable=st.booleans(),
)
def test_the_decision_follows_its_inputs(
    translated: int, refused: int, needed: float, policy: str, embargoed: bool, unreadable: bool
) -> None:
    refusals = tuple(Refusal(1, msgid, "markdown", "…") for msgid in MSGIDS[translated:][:refused])
    error = StoryError("x.po", 1, "bad") if unreadable else None
    decision = decide(
        config(min_coverage=needed, below_threshold=policy), story(**({"publish": False} if embargoed else {})),
        "ko", MSGIDS, Sorted(accepted(translated), refusals), unreadable=error,
    )
    assert decision.coverage == translated * 10.0
    if embargoed:
        assert decision.status == "embargoed"
    elif unreadable:
        assert decision.status == "blocked"
    elif decision.coverage >= needed:
        assert decision.status == "published" and decision.reason is None
    else:
        assert decision.status == ("draft" if policy == "draft" else "withheld")
    assert (decision.path is not None) == decision.written == (decision.status in ("published", "draft"))


# --- field by field (from the tests branch's mutation survivors, on the new API) ---


@pytest.mark.parametrize(
    ("settings", "front_matter", "lang", "translated", "expected"),
    [
        ({}, {"publish": False}, "en", 10, ("embargoed", "the story says publish: false", None, 100.0)),
        ({}, {"publish": True}, "en", 0, ("published", None, "en/x.md", 100.0)),
        ({}, {}, "ko", 8, ("published", None, "ko/x.md", 80.0)),
        ({}, {}, "ko", 7, ("withheld", "70 % < 80 %", None, 70.0)),
        ({"below_threshold": "draft"}, {}, "ko", 4, ("draft", "40 % < 80 %", "ko/x.md", 40.0)),
        ({"min_coverage_by_language": {"ko": 95.5}}, {}, "ko", 9, ("withheld", "90 % < 95.5 %", None, 90.0)),
        ({"layout": "by-suffix"}, {}, "ko", 10, ("published", None, "x.ko.md", 100.0)),
        ({}, {"withhold_languages": ["ko"]}, "ko", 10,
         ("withheld", "the story withholds this language (withhold_languages)", None, 100.0)),
    ],
    ids=["publish-false", "source", "at-threshold", "below", "draft", "per-language", "by-suffix", "withhold-language"],
)
def test_each_branch_decides_every_field(
    settings: dict[str, object], front_matter: dict[str, object], lang: str, translated: int,
    expected: tuple[str, str | None, str | None, float],
) -> None:
    decision = decide(config(**settings), story(**front_matter), lang, MSGIDS, Sorted(accepted(translated), fuzzy=2))
    assert (decision.status, decision.reason, decision.path, decision.coverage) == expected
    assert decision.fuzzy == 2 and decision.total == 10


def test_x_default_is_the_published_source_only() -> None:
    ko = Decision("ko", "published", None, "ko/x.md", 100.0, 0)
    en = Decision("en", "published", None, "en/x.md", 100.0, 0)
    embargoed_en = Decision("en", "embargoed", "the story says publish: false", None, 100.0, 0)
    draft_zh = Decision("zh_Hans", "draft", "5 % < 80 %", "zh_Hans/x.md", 5.0, 0)
    assert alternates([ko, en, draft_zh], "en") == [
        {"lang": "ko", "path": "ko/x.md"},
        {"lang": "en", "path": "en/x.md"},
        {"lang": "x-default", "path": "en/x.md"},
    ]
    assert alternates([ko, embargoed_en], "en") == [{"lang": "ko", "path": "ko/x.md"}]


def test_a_date_and_a_datetime_show_the_same_day() -> None:
    day = dt.date(2018, 12, 20)
    moment = dt.datetime(2018, 12, 20, 23, 30)
    assert display_date(day, "ko") == display_date(moment, "ko") == "2018년 12월 20일"
    assert display_date(moment, "en") == "December 20, 2018"
    assert display_date("2018-12-20", "en") is None
