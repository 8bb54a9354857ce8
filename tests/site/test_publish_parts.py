"""site/publish: the front matter, manifest record and pseudo-translation, exactly.

A mutation run of site/publish.py found these checked only loosely through
the CLI (a key present, a prefix): here each is compared whole."""

from __future__ import annotations

import datetime as dt
import json

from storybridge.config import Config
from storybridge.site.decision import UNREADABLE, WITHHELD_BY_STORY, Decision, Refusal
from storybridge.site.publish import (
    block,
    localized_front_matter,
    manifest_closing,
    manifest_opening,
    manifest_record,
    private,
    pseudo_translate,
    render_manifest_record,
)

LINKS = [{"lang": "en", "path": "en/x.md"}, {"lang": "x-default", "path": "en/x.md"}]
CONFIG = Config(languages=("en", "ko", "zh_Hans"), credits={"ko": ("Kim the volunteer",), "en": ("Writer",)})


def front_matter(decision: Decision, config: Config = CONFIG, **source: object) -> dict[str, object]:
    return localized_front_matter(
        {"title": "T", **source}, config=config, slug="x", decision=decision, source_lang="en",
        source_digest="sha256:ab", links=LINKS,
    )


def test_the_front_matter_of_a_draft_translation() -> None:
    decision = Decision("zh_Hans", "draft", "5 % < 80 %", "zh_Hans/x.md", 5.0, 3)
    source = {"publish": True, "withhold_languages": ["ja"], "date": dt.date(2020, 5, 1)}
    assert front_matter(decision, **source) == {
        "title": "T",
        "date": dt.date(2020, 5, 1),
        "lang": "zh-Hans",
        "translationKey": "x",
        "source_lang": "en",
        "date_display": "2020年5月1日",
        "translation": {"coverage": 5.0, "fuzzy": 3, "source_digest": "sha256:ab"},
        "alternates": LINKS,
        "draft": True,
    }


def test_translators_are_credited_in_their_language_only_not_in_the_source() -> None:
    ko = front_matter(Decision("ko", "published", None, "ko/x.md", 100.0, 0))
    assert ko["translators"] == ["Kim the volunteer"] and "draft" not in ko and "date_display" not in ko
    assert "translators" not in front_matter(Decision("en", "published", None, "en/x.md", 100.0, 0))


def test_the_pseudo_locale_keeps_its_code_shows_english_dates_and_is_a_draft_under_a_profile() -> None:
    pseudo = Decision("qps", "pseudo", None, "qps/x.md", 100.0, 0)
    plain = front_matter(pseudo, date=dt.date(2020, 5, 1))
    assert (plain["lang"], plain["date_display"], "draft" in plain) == ("qps", "May 1, 2020", False)
    jekyll = front_matter(pseudo, Config(languages=("en", "ko"), site_profile="jekyll"))
    assert (jekyll["published"], "permalink" in jekyll, jekyll["alternates"]) == (False, False, LINKS)


def test_a_profile_adds_urls_and_its_own_draft_mark() -> None:
    config = Config(languages=("en", "ko"), site_profile="jekyll")
    jekyll = front_matter(Decision("ko", "draft", "r", "ko/x.md", 50.0, 0), config)
    assert jekyll["alternates"] == [{**link, "url": "/en/x/"} for link in LINKS]
    assert (jekyll["published"], jekyll["permalink"], "draft" in jekyll) == (False, "/ko/x/", False)


def test_the_manifest_record_leaves_out_every_private_decision() -> None:
    decisions = [
        Decision("en", "published", None, "en/x.md", 100.0, 0),
        Decision("ko", "draft", "70 % < 80 %", "ko/x.md", 70.0, 1,
                 (Refusal(3, "A.", "markdown", "…"), Refusal(3, "A.", "block-break", "…"), Refusal(9, "B.", "review", "…"))),
        Decision("zh_Hans", "blocked", UNREADABLE + " at line 4", None, 0.0, 0),
        block(Decision("ja", "published", None, "ja/x.md", 100.0, 0), "stories/x.md:3: a phone number"),
        Decision("de", "withheld", WITHHELD_BY_STORY, None, 100.0, 0),
        Decision("fr", "embargoed", "the story says publish: false", None, 100.0, 0),
        Decision("qps", "pseudo", None, "qps/x.md", 100.0, 0),
    ]
    record = manifest_record("x", "stories/x.md", "en", "sha256:ab", {"en": "X", "ko": "엑스", "zh_Hans": "秘密"},
                             decisions, LINKS[:1])
    assert record == {
        "slug": "x",
        "source": "stories/x.md",
        "source_lang": "en",
        "source_digest": "sha256:ab",
        "alternates": LINKS[:1],
        "languages": {
            "en": {"status": "published", "path": "en/x.md", "title": "X", "coverage": 100.0, "fuzzy": 0},
            "ko": {"status": "draft", "path": "ko/x.md", "title": "엑스", "coverage": 70.0, "fuzzy": 1,
                   "reason": "70 % < 80 %", "refused": 2},
            "zh-Hans": {"status": "blocked", "path": None, "title": "", "coverage": 0.0, "fuzzy": 0,
                        "reason": "its catalog cannot be read at line 4"},
            "qps": {"status": "pseudo", "path": "qps/x.md", "title": "", "coverage": 100.0, "fuzzy": 0},
        },
    }
    assert [private(d) for d in decisions] == [False, False, False, True, True, True, False]


def test_block_keeps_the_counts_and_drops_the_path() -> None:
    decision = Decision("ko", "draft", "r", "ko/x.md", 70.0, 2)
    assert block(decision, "why") == Decision("ko", "blocked", "why", None, 70.0, 2)


def test_a_record_renders_indented_for_its_place_in_the_list() -> None:
    record = {"slug": "한", "languages": {}}
    assert render_manifest_record(record) == '    {\n      "slug": "한",\n      "languages": {}\n    }'
    assert manifest_opening("by-language") == '{\n  "version": 1,\n  "layout": "by-language",\n  "stories": ['
    assert manifest_closing(["b.md", "a.md"], True) == '\n  ],\n  "files": [\n    "a.md",\n    "b.md"\n  ]\n}\n'
    assert manifest_closing([], False) == '],\n  "files": []\n}\n'
    assert manifest_closing(["봄/한.md"], False) == '],\n  "files": [\n    "봄/한.md"\n  ]\n}\n'  # as written, not \\u-escaped
    whole = manifest_opening("by-suffix") + "\n" + render_manifest_record(record) + manifest_closing(["é.md"], True)
    assert json.loads(whole) == {"version": 1, "layout": "by-suffix", "stories": [record], "files": ["é.md"]}


def test_pseudo_translation_accents_every_mapped_letter_and_pads_each_line() -> None:
    assert pseudo_translate("abcdeghiklnorstuwyz fjmpqvx") == "⟦àƀçđéĝĥîķĺñöŕšţûŵýž fjmpqvx ········⟧"
    assert pseudo_translate("ABCDEGHIKLNORSTUWYZ FJMPQVX") == "⟦ÀƁÇĐÉĜĤÎĶĹÑÖŔŠŢÛŴÝŽ FJMPQVX ········⟧"
    assert pseudo_translate("Hello") == "⟦Ĥéĺĺö ··⟧"  # 30 % of 5 letters, rounded
    assert pseudo_translate("ab\ncd") == "⟦àƀ ·⟧\n⟦çđ ·⟧"
    assert pseudo_translate("") == "⟦ ·⟧"  # at least one mark


def test_pseudo_translation_leaves_markdown_urls_and_tags_alone() -> None:
    text = "Read [the story](https://x.org/a) [ref][label] at <https://y.org> &amp; &#39; `code a` ``b ` c`` \\* #tag @who https://z.org/b ok"
    expected = (
        "Ŕéàđ [ţĥé šţöŕý](https://x.org/a) [ŕéf][label] àţ <https://y.org> &amp; &#39; `code a` ``b ` c`` \\* #tag @who "
        "https://z.org/b öķ"
    )
    result = pseudo_translate(text)
    assert result == f"⟦{expected} {'·' * round(len(text) * 0.3)}⟧"
