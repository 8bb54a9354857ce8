"""site/publish's decision, field by field: status, reason, path, coverage
and fuzzy count for each branch, the hreflang links and the shown date.

The CLI suite (tests/site/test_publish.py) shows the decision through
build and the manifest; a mutation run found these details unchecked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from storybridge.config import Config
from storybridge.site.publish import Decision, alternates, decide, display_date


@pytest.mark.parametrize(
    ("config", "front_matter", "lang", "coverage", "expected"),
    [
        (Config(), {"publish": False}, "en", 100.0,
         Decision("en", "withheld", "the story says publish: false", None, 100.0, 2)),
        (Config(), {"publish": True}, "en", 0.0, Decision("en", "published", None, "en/a/b.md", 0.0, 2)),
        (Config(), {}, "ko", 80.0, Decision("ko", "published", None, "ko/a/b.md", 80.0, 2)),
        (Config(), {}, "ko", 79.9, Decision("ko", "withheld", "coverage 79.9% is below 80%", None, 79.9, 2)),
        (Config(below_threshold="draft"), {}, "ko", 47.1,
         Decision("ko", "draft", "coverage 47.1% is below 80%", "ko/a/b.md", 47.1, 2)),
        (Config(min_coverage_by_language={"zh_Hans": 95.5}), {}, "zh_Hans", 95.0,
         Decision("zh_Hans", "withheld", "coverage 95% is below 95.5%", None, 95.0, 2)),
        (Config(layout="by-suffix"), {}, "ko", 100.0, Decision("ko", "published", None, "a/b.ko.md", 100.0, 2)),
    ],
    ids=["publish-false", "source", "at-threshold", "below", "draft", "per-language", "by-suffix"],
)
def test_each_branch_decides_every_field(
    config: Config, front_matter: dict[str, object], lang: str, coverage: float, expected: Decision
) -> None:
    assert decide(config, front_matter, "a/b", lang, "en", coverage, 2) == expected


def test_x_default_is_the_published_source_only() -> None:
    ko = Decision("ko", "published", None, "ko/x.md", 100.0, 0)
    en = Decision("en", "published", None, "en/x.md", 100.0, 0)
    withheld_en = Decision("en", "withheld", "the story says publish: false", None, 100.0, 0)
    draft_zh = Decision("zh_Hans", "draft", "coverage 5% is below 80%", "zh_Hans/x.md", 5.0, 0)
    assert alternates([ko, en, draft_zh], "en") == [
        {"lang": "ko", "path": "ko/x.md"},
        {"lang": "en", "path": "en/x.md"},
        {"lang": "x-default", "path": "en/x.md"},
    ]
    assert alternates([ko, withheld_en], "en") == [{"lang": "ko", "path": "ko/x.md"}]


def test_a_date_and_a_datetime_show_the_same_day() -> None:
    day = dt.date(2018, 12, 20)
    moment = dt.datetime(2018, 12, 20, 23, 30)
    assert display_date(day, "ko") == display_date(moment, "ko") == "2018년 12월 20일"
    assert display_date(moment, "en") == "December 20, 2018"
    assert display_date("2018-12-20", "en") is None
