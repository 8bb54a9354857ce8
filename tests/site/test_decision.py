"""The one publishing decision (site/decision.py): its policy and its door for other guards."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.site.decision import Refusal, Sorted, Veto, change_line, decide

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
