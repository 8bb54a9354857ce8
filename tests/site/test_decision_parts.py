"""site/decision: the parts of the publishing decision, field by field.

What a mutation run of site/decision.py found unchecked: the catalog
sorted from the checks' findings (``status``'s path), the front matter's
``withhold_languages`` forms, several blocking reasons at once, the
summary's wording, a profile without drafts, and the states read back
from the last manifest."""

from __future__ import annotations

import polib
import pytest

from storybridge.checks.base import Finding, Pseudonym
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Problem, Segment, Story
from storybridge.po.parse import parse_po
from storybridge.site.decision import (
    Decision,
    Refusal,
    Sorted,
    Veto,
    change_line,
    decide,
    output_path,
    page_path,
    previous_states,
    published_translations,
    sort_by_findings,
    sort_entries,
    threshold,
    withheld_languages,
)

IDS = ["Spring came late.", "We planted beans.", "Three families share it.", "The rain came.", "Harvest."]

CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
msgid "Three families share it."
msgstr "세 가족이 나눈다."

#, fuzzy
#~ msgid "Reaping."
#~ msgstr "거두기."

msgid "Spring came late."
msgstr "봄이 늦게 왔다."

msgid "The rain came."
msgstr ""

msgid "Not in the story any more."
msgstr "이제 없다."

#, fuzzy
msgid "Harvest."
msgstr "수확."

msgid "We planted beans."
msgstr "우리는 콩을 심었다."
"""


def finding(msgid: str, check: str, severity: str, line: int = 7) -> Finding:
    return Finding("locale/ko/LC_MESSAGES/x.po", line, "ko", msgid, Problem(check, severity, f"{check} says no"))  # type: ignore[arg-type]


def story(**front_matter: object) -> Story:
    return Story("stories/x.md", "x", "", {"title": "X", **front_matter}, "", 0, "en")


# --- sorting a catalog ---------------------------------------------------------


def test_sorting_by_findings_refuses_errors_only_and_counts_live_fuzzy_entries() -> None:
    findings = [
        finding(IDS[0], "markdown", "error", line=6),
        finding(IDS[0], "block-break", "error", line=0),
        finding(IDS[1], "length", "warning"),
        finding(IDS[1], "glossary", "note"),
        finding(IDS[1], "sensitive", "error"),  # the sensitive guard blocks the language instead
    ]
    sorted_ = sort_by_findings(polib.pofile(CATALOG), IDS, findings)
    assert sorted_.accepted == {IDS[1]: "우리는 콩을 심었다."}
    assert sorted_.refused == (
        Refusal(6, IDS[0], "markdown", "markdown says no"),
        Refusal(None, IDS[0], "block-break", "block-break says no"),  # line 0: unknown
    )
    assert sorted_.fuzzy == 2


def test_sorting_by_findings_without_findings_accepts_every_translated_story_entry() -> None:
    sorted_ = sort_by_findings(polib.pofile(CATALOG), IDS, [])
    assert sorted_ == Sorted({IDS[0]: "봄이 늦게 왔다.", IDS[1]: "우리는 콩을 심었다."}, (), 2)


def test_sort_entries_agrees_with_sorting_by_findings_on_a_clean_catalog() -> None:
    segments = [Segment(msgid, "paragraph", n, "flow") for n, msgid in enumerate(IDS)]
    assert sort_entries(segments, polib.pofile(CATALOG), "ko") == sort_by_findings(polib.pofile(CATALOG), IDS, [])
    assert sort_entries(segments, None, "ko") == Sorted()


def test_sort_entries_refuses_with_the_line_check_and_message_and_uses_the_pseudonyms() -> None:
    """The glossary's pseudonyms reach the checks: a pseudonym rendered
    otherwise is refused, at the line of its msgstr."""
    text = CATALOG.replace("Spring came late.", "Soon Me came late.").replace("봄이 늦게 왔다.", "순자가 늦게 왔다.")
    ids = ["Soon Me came late.", *IDS[1:]]
    segments = [Segment(msgid, "paragraph", n, "flow") for n, msgid in enumerate(ids)]
    pseudonyms = (Pseudonym("Soon Me", ("순미",)),)
    sorted_ = sort_entries(segments, parse_po(text, "x.po"), "ko", pseudonyms=pseudonyms)
    assert sorted_.accepted == {IDS[1]: "우리는 콩을 심었다."}
    (refusal,) = sorted_.refused
    line = text.splitlines().index('msgstr "순자가 늦게 왔다."') + 1
    assert (refusal.line, refusal.msgid, refusal.check) == (line, "Soon Me came late.", "pseudonym")
    assert "pseudonym 'Soon Me'" in refusal.message
    assert sort_entries(segments, polib.pofile(text), "ko").accepted == {
        "Soon Me came late.": "순자가 늦게 왔다.", IDS[1]: "우리는 콩을 심었다.",
    }


# --- the front matter and the configuration -------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["ko", "zh-Hans"], {"ko", "zh_Hans"}),
        ("zh-Hant", {"zh_Hant"}),
        (None, set()),
        ({"ko": True}, set()),
        (7, set()),
    ],
    ids=["list", "one-code", "none", "mapping", "number"],
)
def test_withheld_languages_takes_a_list_or_one_code(value: object, expected: set[str]) -> None:
    assert withheld_languages({"withhold_languages": value}) == expected
    assert withheld_languages({}) == frozenset()


def test_paths_and_thresholds_follow_the_configuration() -> None:
    assert output_path("by-language", "ko", "news/winter") == "ko/news/winter.md"
    assert output_path("by-suffix", "ko", "news/winter", ".html") == "news/winter.ko.html"
    assert page_path(Config(languages=("en", "zh_Hans")), "zh_Hans", "x") == "zh_Hans/x.md"
    assert page_path(Config(languages=("en", "zh_Hans"), site_profile="hugo"), "zh_Hans", "x") == "zh-hans/x.md"
    # language_codes is a publishing profile's setting (README): without a profile, paths keep the configured code
    codes = {"zh_Hans": "zh-cn"}
    assert page_path(Config(languages=("en", "zh_Hans"), language_codes=codes), "zh_Hans", "x") == "zh_Hans/x.md"
    assert page_path(Config(languages=("en", "zh_Hans"), language_codes=codes, site_profile="hugo"), "zh_Hans", "x") == (
        "zh-cn/x.md"
    )
    config = Config(languages=("en", "ko", "ja"), min_coverage=60, min_coverage_by_language={"ja": 90})
    assert (threshold(config, "ko"), threshold(config, "ja")) == (60, 90)


# --- deciding ---------------------------------------------------------------------


def test_every_blocking_reason_is_given_the_unreadable_catalog_first() -> None:
    vetoes = [Veto("sensitive", reason="a phone number in line 40"), Veto("review"), Veto("other", reason="held")]
    error = StoryError("locale/ko/LC_MESSAGES/x.po", None, "not a catalog")
    decision = decide(Config(languages=("en", "ko")), story(), "ko", IDS, None, unreadable=error, vetoes=vetoes)
    assert decision.status == "blocked"
    assert decision.reason == "its catalog cannot be read; a phone number in line 40; held"
    assert (decision.path, decision.coverage, decision.translated, decision.total, decision.threshold) == (
        None, 0.0, 0, 5, 80,
    )


def test_the_source_language_is_complete_and_needs_no_threshold() -> None:
    decision = decide(Config(languages=("en", "ko"), min_coverage=100), story(), "en", IDS + IDS[:1], Sorted())
    assert (decision.status, decision.coverage, decision.translated, decision.total, decision.threshold) == (
        "published", 100.0, 5, 5, 0.0,
    )


def test_a_profile_without_drafts_withholds_what_would_be_a_draft() -> None:
    config = Config(languages=("en", "ko"), below_threshold="draft", site_profile="mkdocs")
    decision = decide(config, story(), "ko", IDS, Sorted({IDS[0]: "봄"}))
    assert (decision.status, decision.reason, decision.path) == ("withheld", "20 % < 80 %; mkdocs has no drafts", None)
    hugo = decide(Config(languages=("en", "ko"), below_threshold="draft", site_profile="hugo"), story(), "ko", IDS,
                  Sorted({IDS[0]: "봄"}))
    assert (hugo.status, hugo.reason, hugo.path) == ("draft", "20 % < 80 %", "ko/x.md")


def test_vetoed_entries_are_neither_counted_nor_published() -> None:
    entries = Sorted({IDS[0]: "봄", IDS[1]: "콩"}, (Refusal(3, IDS[2], "markdown", "no"),), 2)
    veto = Veto("review", refused=(Refusal(None, IDS[1], "review", "not approved"),))
    decision = decide(Config(languages=("en", "ko"), min_coverage=0), story(), "ko", IDS, entries, vetoes=[veto])
    assert (decision.status, decision.translated, decision.coverage, decision.fuzzy) == ("published", 1, 20.0, 2)
    assert decision.refused == entries.refused + veto.refused
    assert published_translations(entries, [veto]) == {IDS[0]: "봄"}
    assert published_translations(entries) == entries.accepted


# --- telling what was decided ----------------------------------------------------------


def test_the_summary_counts_refused_entries_once_each() -> None:
    one = Decision("ko", "published", None, "ko/x.md", 80.0, 0,
                   (Refusal(3, IDS[0], "markdown", "…"), Refusal(3, IDS[0], "block-break", "…")))
    assert one.summary() == "published (1 entry refused)"
    assert Decision("ko", "published", None, "ko/x.md", 100.0, 0).summary() == "published"
    blocked = Decision("ko", "blocked", "held", None, 80.0, 0, (Refusal(3, IDS[0], "markdown", "…"),))
    assert blocked.summary() == "blocked (held)"
    assert [d.written for d in (one, blocked, Decision("qps", "pseudo", None, "qps/x.md", 0.0, 0))] == [True, False, True]


def test_a_new_language_is_announced_as_new() -> None:
    decision = Decision("ko", "withheld", "20 % < 80 %", None, 20.0, 0)
    assert change_line("x", "ko", None, decision) == "ko/x: new → withheld (20 % < 80 %)"


def test_previous_states_read_what_they_can_of_the_last_manifest() -> None:
    assert previous_states(None) == {}
    assert previous_states({}) == {}
    assert previous_states({"languages": ["ko"]}) == {}
    record = {"languages": {"ko": {"status": "draft"}, "zh-Hans": "published", "en": {"status": "published"}}}
    assert previous_states(record) == {"ko": "draft", "en": "published"}
