"""status/coverage: one catalog's record, its staleness, and the sums, field by field.

Through the public functions ``status`` builds its report with, on real
catalogs parsed by polib (a mutation run found the record's fields for a
missing catalog, the pending entries, the stale reasons and the order of
records and totals unchecked)."""

from __future__ import annotations

from dataclasses import replace

import polib
import pytest

from storybridge.checks.base import Finding
from storybridge.model import Problem, Segment, Story, StoryCatalogs
from storybridge.po.review import Approval, entry_digest
from storybridge.status.coverage import Coverage, measure_catalog, measure_story, staleness, summarize, total_up
from storybridge.status.judgement import Judgement
from storybridge.status.words import DiffPart

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"POT-Creation-Date: {created}\\n"
{revised}
"""

TEMPLATE_ENTRIES = """
#: stories/spring.md:3
msgid "Spring came late to the hills."
msgstr ""

#: stories/spring.md
msgid "We planted beans."
msgstr ""

msgid "Three families share it."
msgstr ""
"""

CATALOG_ENTRIES = """
#: stories/spring.md:3
msgid "Spring came late to the hills."
msgstr "봄이 늦게 왔다."

#: stories/spring.md
#, fuzzy
#| msgid "We planted rice."
msgid "We planted beans."
msgstr "우리는 쌀을 심었다."

msgid "Three families share it."
msgstr ""

#~ msgid "An old line."
#~ msgstr "옛 줄."
"""

IDS = ["Spring came late to the hills.", "We planted beans.", "Three families share it."]


def po(entries: str, created: str = "2026-03-01 10:00+0000", revised: str | None = None) -> polib.POFile:
    line = f'"PO-Revision-Date: {revised}\\n"' if revised is not None else ""
    return polib.pofile(HEADER.format(created=created, revised=line) + entries)


def segments(*msgids: str) -> tuple[Segment, ...]:
    return tuple(Segment(msgid, "paragraph", n, "flow") for n, msgid in enumerate(msgids))


def approved(msgid: str, msgstr: str) -> dict[tuple[str | None, str], Approval]:
    """An editor's approval of ``msgid`` translated as ``msgstr``."""
    return {(None, msgid): Approval(entry_digest(None, msgid, msgstr), "Editor A", "2026-03-02", None, msgid, msgstr)}


def measure(template: polib.POFile | None, catalog: polib.POFile | None, **options: object) -> Coverage:
    return measure_catalog(
        slug="spring", title="Spring", source_lang="en", language="ko",
        shown="locale/ko/LC_MESSAGES/spring.po", template=template, catalog=catalog, **options,  # type: ignore[arg-type]
    )


# --- one catalog -------------------------------------------------------------


def test_a_catalog_record_counts_and_lists_what_is_left() -> None:
    record = measure(po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES, revised=" 2026-03-02 09:00+0900 "))
    assert (record.total, record.translated, record.fuzzy, record.untranslated) == (3, 1, 1, 1)
    assert (record.percent, record.exists, record.stale, record.stale_reason) == (33.3, True, False, "")
    assert (record.source_words, record.translated_words) == (6 + 3 + 4, 6)
    assert record.revised == "2026-03-02 09:00+0900"
    assert record.fuzzy_entries == (
        replace(
            record.fuzzy_entries[0],
            msgid="We planted beans.",
            msgstr="우리는 쌀을 심었다.",
            where="stories/spring.md",  # an occurrence without a line: the path alone
            previous="We planted rice.",
            diff=(DiffPart("equal", "We planted "), DiffPart("delete", "rice"), DiffPart("insert", "beans"),
                  DiffPart("equal", ".")),
        ),
    )
    (todo,) = record.untranslated_entries
    assert (todo.msgid, todo.msgstr, todo.where, todo.previous, todo.diff) == ("Three families share it.", "", "", None, ())
    assert (record.reviewed, record.reviewed_percent, record.review_required) == (0, 0.0, False)
    assert (record.state, record.errors, record.warnings, record.findings) == ("", 0, 0, ())


def test_a_fuzzy_entry_without_a_previous_text_has_no_diff() -> None:
    catalog = po(CATALOG_ENTRIES.replace('#| msgid "We planted rice."\n', ""))
    (fuzzy,) = measure(po(TEMPLATE_ENTRIES), catalog).fuzzy_entries
    assert (fuzzy.previous, fuzzy.diff) == (None, ())


def test_where_names_the_first_occurrence_and_its_line() -> None:
    catalog = po(CATALOG_ENTRIES.replace("#: stories/spring.md\n#, fuzzy", "#: stories/spring.md:8 other.md:2\n#, fuzzy"))
    (fuzzy,) = measure(po(TEMPLATE_ENTRIES), catalog).fuzzy_entries
    assert fuzzy.where == "stories/spring.md:8"


def test_without_details_the_counts_stay_and_the_entries_go() -> None:
    record = measure(po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES), details=False)
    assert (record.fuzzy, record.untranslated) == (1, 1)
    assert (record.fuzzy_entries, record.untranslated_entries) == ((), ())


@pytest.mark.parametrize("revised", ["YEAR-MO-DA HO:MI+ZONE", "", None], ids=["placeholder", "empty", "absent"])
def test_a_placeholder_or_missing_revision_date_is_none(revised: str | None) -> None:
    assert measure(po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES, revised=revised)).revised is None


def test_a_missing_catalog_is_all_to_do_and_zero_percent() -> None:
    record = measure(po(TEMPLATE_ENTRIES + '\n#~ msgid "Gone."\n#~ msgstr ""\n'), None)
    assert (record.exists, record.stale, record.stale_reason) == (False, True, "no catalog yet")
    assert (record.total, record.translated, record.fuzzy, record.untranslated) == (3, 0, 0, 3)
    assert (record.percent, record.reviewed_percent, record.revised) == (0.0, 0.0, None)
    assert [(p.msgid, p.msgstr, p.where) for p in record.untranslated_entries] == [
        ("Spring came late to the hills.", "", "stories/spring.md:3"),
        ("We planted beans.", "", "stories/spring.md"),
        ("Three families share it.", "", ""),
    ]


def test_a_missing_catalog_without_a_template_lists_the_story_segments() -> None:
    record = measure(None, None, segments=segments(IDS[0], IDS[1], IDS[0]))
    assert (record.total, record.untranslated, record.percent) == (2, 2, 0.0)
    assert [(p.msgid, p.msgstr, p.where) for p in record.untranslated_entries] == [(IDS[0], "", ""), (IDS[1], "", "")]


def test_a_missing_catalog_of_an_empty_story_is_zero_not_complete() -> None:
    """No catalog: 0 %, even with nothing to translate (an existing empty catalog is 100 %)."""
    record = measure(None, None)
    assert (record.total, record.percent, record.reviewed_percent) == (0, 0.0, 0.0)
    assert measure(None, po("")).percent == 100.0


def test_an_unreadable_catalog_exists_and_is_not_called_stale() -> None:
    record = measure(po(TEMPLATE_ENTRIES), None, unreadable=True)
    assert (record.exists, record.stale, record.stale_reason) == (True, False, "")


def test_the_judgement_fills_the_decision_fields_and_counts_findings_by_severity() -> None:
    def finding(severity: str) -> Finding:
        return Finding("locale/ko/LC_MESSAGES/spring.po", 9, "ko", IDS[0], Problem("x", severity, "…"))  # type: ignore[arg-type]

    found = (finding("error"), finding("warning"), finding("note"), finding("warning"), finding("warning"))
    judgement = Judgement("draft", "33.3 % < 80 %", 33.3, 1, 2, found)
    record = measure(po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES), judgement=judgement)
    assert (record.errors, record.warnings, record.findings) == (1, 3, found)
    assert (record.state, record.reason, record.published, record.published_entries, record.refused) == (
        "draft", "33.3 % < 80 %", 33.3, 1, 2,
    )


def test_reviewed_entries_are_the_approved_translations_as_they_read() -> None:
    catalog = po(CATALOG_ENTRIES)
    record = measure(po(TEMPLATE_ENTRIES), catalog, approvals=approved(IDS[0], "봄이 늦게 왔다."), review_required=True)
    assert (record.reviewed, record.reviewed_percent, record.review_required) == (1, 33.3, True)
    assert measure(po(TEMPLATE_ENTRIES), catalog, approvals={}).reviewed == 0
    assert measure(po(TEMPLATE_ENTRIES), catalog, approvals=approved(IDS[0], "봄이 왔다.")).reviewed == 0  # edited since


def story_catalogs(title: object) -> StoryCatalogs:
    story = Story("stories/spring.md", "spring", "", {"title": title}, "", 0, "en")
    shown = {lang: f"locale/{lang}/LC_MESSAGES/spring.po" for lang in ("ko", "ja", "de")}
    catalog = po(CATALOG_ENTRIES)
    return StoryCatalogs(
        story, list(segments(*IDS)), po(TEMPLATE_ENTRIES), {"ko": catalog, "ja": None, "de": None}, shown,
        unreadable={"de": "locale/de/LC_MESSAGES/spring.po:3: error"}, reviews={"ko": approved(IDS[0], "봄이 늦게 왔다.")},
        review_required=("ko",),
    )


def test_a_story_gives_one_record_per_language_with_its_own_catalog_and_reviews() -> None:
    item = story_catalogs("Spring in the hills")
    judged: list[str] = []

    def judge(given: StoryCatalogs, language: str) -> Judgement:
        assert given is item
        judged.append(language)
        return Judgement("withheld", f"{language} is short", 10.0, 1, 0)

    ko, ja, de = measure_story(item, details=False, judge=judge)
    assert judged == ["ko", "ja", "de"]
    assert (ko.slug, ko.title, ko.source_lang, ko.language, ko.catalog) == (
        "spring", "Spring in the hills", "en", "ko", "locale/ko/LC_MESSAGES/spring.po",
    )
    assert (ko.translated, ko.reviewed, ko.review_required, ko.state, ko.reason) == (1, 1, True, "withheld", "ko is short")
    assert (ko.fuzzy, ko.fuzzy_entries, ko.untranslated_entries) == (1, (), ())
    assert (ja.language, ja.catalog, ja.exists, ja.stale_reason, ja.reviewed, ja.review_required) == (
        "ja", "locale/ja/LC_MESSAGES/spring.po", False, "no catalog yet", 0, False,
    )
    assert (de.exists, de.stale, ja.reason) == (True, False, "ja is short")


def test_a_story_with_details_lists_its_pending_entries_and_without_a_judge_is_unjudged() -> None:
    ko, ja, _ = measure_story(story_catalogs("Spring"))
    assert [p.msgid for p in ko.fuzzy_entries] == [IDS[1]] and [p.msgid for p in ko.untranslated_entries] == [IDS[2]]
    assert len(ja.untranslated_entries) == 3
    assert (ko.state, ko.reason, ko.published) == ("", "", 0.0)


def test_a_story_without_a_usable_title_is_shown_by_its_slug() -> None:
    for title in ("  ", None, 42):
        assert {record.title for record in measure_story(story_catalogs(title))} == {"spring"}


# --- staleness ---------------------------------------------------------------


def test_staleness_names_what_changed() -> None:
    template, catalog = po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES)
    story = {(None, msgid) for msgid in IDS}
    assert staleness(None, template) == "no catalog yet"
    assert staleness(catalog, template, story) == ""
    assert staleness(catalog, template, story | {(None, "New.")}) == "story edited since extract (run extract, update)"
    grown = po(TEMPLATE_ENTRIES + '\nmsgid "New."\nmsgstr ""\n\nmsgid "Newer."\nmsgstr ""\n')
    assert staleness(catalog, grown) == "source changed: 2 new (run update)"
    shrunk = po(TEMPLATE_ENTRIES.replace('msgid "Three families share it."\nmsgstr ""\n', ""))
    assert staleness(catalog, shrunk) == "source changed: 1 removed (run update)"
    swapped = po(TEMPLATE_ENTRIES.replace("Three families", "Four families"))
    assert staleness(catalog, swapped) == "source changed: 1 new, 1 removed (run update)"


def test_without_a_template_the_story_is_what_the_catalog_must_hold() -> None:
    catalog = po(CATALOG_ENTRIES)
    assert staleness(catalog, None, {(None, msgid) for msgid in IDS}) == ""
    assert staleness(catalog, None, {(None, IDS[0])}) == "source changed: 2 removed (run update)"
    assert staleness(catalog, None) == ""


@pytest.mark.parametrize(
    ("created", "merged", "reason"),
    [
        ("2026-03-02 10:00+0000", "2026-03-01 10:00+0000", "template is newer (run update)"),
        ("2026-03-01 10:00+0000", "2026-03-01 10:00+0000", ""),
        ("2026-03-01 10:00+0000", "2026-03-02 10:00+0000", ""),
        ("2026-03-01 12:00+0000", "2026-03-01 20:00+0900", "template is newer (run update)"),  # 11:00 UTC
        ("YEAR-MO-DA HO:MI+ZONE", "2026-03-01 10:00+0000", ""),
        ("2026-03-02 10:00+0000", "not a date", ""),
    ],
    ids=["newer", "same", "older", "time-zones", "placeholder", "unparsable"],
)
def test_a_template_created_after_the_merge_makes_the_catalog_stale(created: str, merged: str, reason: str) -> None:
    assert staleness(po(CATALOG_ENTRIES, created=merged), po(TEMPLATE_ENTRIES, created=created)) == reason


# --- sums and order ------------------------------------------------------------


def record(slug: str, language: str, **fields: object) -> Coverage:
    base = measure(po(TEMPLATE_ENTRIES), po(CATALOG_ENTRIES))
    return replace(base, slug=slug, language=language, **fields)  # type: ignore[arg-type]


def test_totals_sum_every_field() -> None:
    records = [
        record("a", "ko", total=3, translated=1, fuzzy=1, untranslated=1, source_words=13, translated_words=6,
               stale=True, published_entries=1, reviewed=1),
        record("b", "ko", total=4, translated=3, fuzzy=0, untranslated=1, source_words=20, translated_words=15,
               stale=True, published_entries=2, reviewed=0),
        record("c", "ko", total=2, translated=2, fuzzy=0, untranslated=0, source_words=5, translated_words=5,
               stale=False, published_entries=2, reviewed=2),
    ]
    totals = total_up(records, "ko")
    assert (totals.language, totals.name, totals.english, totals.stories) == ("ko", "한국어", "Korean", 3)
    assert (totals.total, totals.translated, totals.fuzzy, totals.untranslated) == (9, 6, 1, 2)
    assert (totals.source_words, totals.translated_words, totals.stale) == (38, 26, 2)
    assert (totals.percent, totals.published, totals.reviewed, totals.reviewed_percent) == (66.7, 55.6, 3, 33.3)
    overall = total_up(records)
    assert (overall.language, overall.name, overall.english) == ("", "all languages", "")
    assert total_up([]).percent == 100.0


def test_records_sort_by_slug_then_configured_language_and_unknown_languages_last() -> None:
    records = [record(slug, lang) for slug in ("b", "a") for lang in ("en", "ja", "ko", "de")]
    status = summarize(records, ["ko", "en"])
    assert [(r.slug, r.language) for r in status.coverage] == [
        ("a", "ko"), ("a", "en"), ("a", "de"), ("a", "ja"), ("b", "ko"), ("b", "en"), ("b", "de"), ("b", "ja"),
    ]
    assert [t.language for t in status.languages] == ["ko", "en", "de", "ja"]
    assert [t.stories for t in status.languages] == [2, 2, 2, 2]
    assert (status.overall.language, status.overall.stories) == ("", 8)
