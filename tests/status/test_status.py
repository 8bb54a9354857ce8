"""storybridge status: coverage counts, the four report formats, filters and --fail-under."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import html5lib
import polib
import pytest
from click.testing import CliRunner, Result
from conftest import run, snapshot, visible_text

from storybridge.cli import main
from storybridge.status.words import count_words, diff_words
from storybridge.reports.jsonreport import CoverageRecord, StatusDocument, TotalsRecord

CHROMIUM = Path("/usr/bin/chromium")
ANSI = "\x1b["
LONG_AGO_NS = 1_700_000_000 * 10**9
HOSTILE_TITLE = "<script>alert('owned')</script> & <b>Friends</b>"


def catalog_path(project: Path, lang: str, slug: str) -> Path:
    return project / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"


def edit_catalog(project: Path, lang: str, slug: str, edit: Any) -> None:
    """Load a catalog with polib, let ``edit`` change its entries, save it."""
    path = catalog_path(project, lang, slug)
    catalog = polib.pofile(str(path), wrapwidth=79)
    edit(list(catalog))
    catalog.save(str(path))


def translate(entries: list[polib.POEntry], upto: int | None = None) -> None:
    for entry in entries[:upto]:
        entry.msgstr = f"[{entry.msgid}]"


def status(project: Path, *args: str) -> Result:
    return run("status", *args, project=project)


def status_json(project: Path, *args: str) -> StatusDocument:
    result = status(project, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: StatusDocument = json.loads(result.stdout)
    return document


def record_for(document: StatusDocument, slug: str, lang: str) -> CoverageRecord:
    (record,) = [r for r in document["coverage"] if r["slug"] == slug and r["language"] == lang]
    return record


def totals_for(document: StatusDocument, lang: str) -> TotalsRecord:
    (totals,) = [t for t in document["languages"] if t["language"] == lang]
    return totals


@pytest.fixture
def synced(project: Path) -> Path:
    """The sample project after ``sync``: every catalog there, none translated."""
    assert run("sync", project=project).exit_code == 0
    return project


@pytest.fixture
def varied(synced: Path) -> Path:
    """Catalogs in every state: complete (ko/garden), partial (zh_Hans/garden),
    fuzzy-laden with an obsolete entry (en/news/winter), empty (zh_Hans/news/winter)."""
    edit_catalog(synced, "ko", "garden", translate)
    edit_catalog(synced, "zh_Hans", "garden", lambda entries: translate(entries, 5))

    def fuzzy_laden(entries: list[polib.POEntry]) -> None:
        translate(entries)
        for entry in entries[1:4]:
            entry.flags.append("fuzzy")
        entries[1].previous_msgid = "An older " + entries[1].msgid

    edit_catalog(synced, "en", "news/winter", fuzzy_laden)
    path = catalog_path(synced, "en", "news/winter")
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog.append(polib.POEntry(msgid="gone", msgstr="weg", obsolete=True))
    catalog.save(str(path))
    return synced


# 1. Counts are polib's own


@pytest.mark.parametrize(
    ("lang", "slug"),
    [("ko", "garden"), ("zh_Hans", "garden"), ("en", "news/winter"), ("zh_Hans", "news/winter")],
    ids=["complete", "partial", "fuzzy-laden", "empty"],
)
def test_json_counts_equal_polib_counts(varied: Path, lang: str, slug: str) -> None:
    record = record_for(status_json(varied), slug, lang)
    catalog = polib.pofile(str(catalog_path(varied, lang, slug)))
    translated = len(catalog.translated_entries())
    fuzzy = len(catalog.fuzzy_entries())
    untranslated = len(catalog.untranslated_entries())
    active = len([entry for entry in catalog if not entry.obsolete])
    assert (record["translated"], record["fuzzy"], record["untranslated"]) == (translated, fuzzy, untranslated)
    assert record["total"] == active == translated + fuzzy + untranslated
    assert record["percent"] == round(100 * translated / active, 1)
    assert int(record["percent"]) == catalog.percent_translated()  # none of the cases rounds up to a whole number
    assert record["exists"] and not record["stale"]


def test_the_four_cases_differ_as_intended(varied: Path) -> None:
    document = status_json(varied)
    assert record_for(document, "garden", "ko")["percent"] == 100.0
    assert 0 < record_for(document, "garden", "zh_Hans")["percent"] < 100
    assert record_for(document, "news/winter", "en")["fuzzy"] == 3
    assert record_for(document, "news/winter", "zh_Hans")["translated"] == 0


def test_percent_is_rounded_in_the_report_and_the_manifest(synced: Path) -> None:
    """8 of garden's 17 entries is 47.06 %: 47.1 rounded, 47.0 truncated."""
    edit_catalog(synced, "zh_Hans", "garden", lambda entries: translate(entries, 8))
    record = record_for(status_json(synced), "garden", "zh_Hans")
    assert (record["translated"], record["total"], record["percent"]) == (8, 17, 47.1)
    assert "47.1" in status(synced, "--format", "markdown", "--lang", "zh_Hans").stdout
    assert run("build", project=synced).exit_code == 0
    manifest = json.loads((synced / "site/manifest.json").read_text(encoding="utf-8"))
    (garden,) = [story for story in manifest["stories"] if story["slug"] == "garden"]
    assert garden["languages"]["zh-Hans"]["coverage"] == 47.1


def test_totals_sum_the_records(varied: Path) -> None:
    document = status_json(varied)
    for totals in [*document["languages"], document["totals"]]:
        records = [r for r in document["coverage"] if totals["language"] in (None, r["language"])]
        for key in ("total", "translated", "fuzzy", "untranslated", "source_words", "translated_words"):
            assert totals[key] == sum(r[key] for r in records)  # type: ignore[literal-required]
        assert totals["percent"] == round(100 * totals["translated"] / totals["total"], 1)
    assert totals_for(document, "ko")["name"] == "한국어"
    assert totals_for(document, "zh_Hans")["name"] in ("中文 (简体)", "中文（简体）")
    assert totals_for(document, "en")["name"] == "English"


def test_json_follows_its_versioned_schema(varied: Path) -> None:
    document = status_json(varied)
    assert document["version"] == 1
    assert set(document) == set(StatusDocument.__annotations__)
    assert "Korean" in document["word_count"] and "characters" in document["word_count"]
    assert [(r["slug"], r["language"]) for r in document["coverage"]] == [
        ("garden", "ko"),
        ("garden", "zh_Hans"),
        ("news/winter", "en"),
        ("news/winter", "zh_Hans"),
    ]
    for record in document["coverage"]:
        assert set(record) == set(CoverageRecord.__annotations__)
    for totals in [*document["languages"], document["totals"]]:
        assert set(totals) == set(TotalsRecord.__annotations__)
    assert document["totals"]["language"] is None


def test_words_count_cjk_by_character_and_korean_english_by_word(varied: Path) -> None:
    assert count_words("Behind the church, there's a [small garden](https://example.org/x).") == 7
    assert count_words("올겨울은 유난히 추웠습니다.") == 3
    assert count_words("教会后面有一个小花园。") == 10
    assert count_words("教会の裏に庭がある") == 9
    document = status_json(varied)
    garden = record_for(document, "garden", "ko")
    assert garden["translated_words"] == garden["source_words"] > 0
    assert record_for(document, "news/winter", "zh_Hans")["translated_words"] == 0


def test_missing_catalog_is_stale_and_zero(varied: Path) -> None:
    catalog_path(varied, "zh_Hans", "news/winter").unlink()
    record = record_for(status_json(varied), "news/winter", "zh_Hans")
    assert not record["exists"] and record["stale"] and record["percent"] == 0.0
    assert record["total"] == record["untranslated"] > 0
    assert record["revised"] is None


def test_template_newer_than_catalog_is_stale_until_update(synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_catalog(synced, "ko", "garden", translate)
    story = synced / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("small garden", "little garden"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert run("extract", project=synced).exit_code == 0
    record = record_for(status_json(synced), "garden", "ko")
    assert record["stale"] and "update" in record["stale_reason"]
    assert record["revised"] is not None
    assert run("update", project=synced).exit_code == 0
    record = record_for(status_json(synced), "garden", "ko")
    assert not record["stale"] and record["fuzzy"] == 2  # the summary and the paragraph


def test_story_edited_since_extract_is_stale(synced: Path) -> None:
    story = synced / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    document = status_json(synced)
    for lang in ("ko", "zh_Hans"):
        assert "run extract" in record_for(document, "garden", lang)["stale_reason"]
    assert not record_for(document, "news/winter", "en")["stale"]


def test_catalog_merged_from_an_older_template_is_stale(synced: Path) -> None:
    path = catalog_path(synced, "ko", "garden")
    catalog = polib.pofile(str(path), wrapwidth=79)
    catalog.metadata["POT-Creation-Date"] = "2000-01-01 00:00+0000"
    catalog.save(str(path))
    record = record_for(status_json(synced), "garden", "ko")
    assert record["stale"] and record["stale_reason"] == "template is newer (run update)"


def test_word_diff_keeps_spaces_and_splits_cjk() -> None:
    parts = diff_words("We plant in April.", "We plant in May.")
    assert [(p.kind, p.text) for p in parts] == [("equal", "We plant in "), ("delete", "April"), ("insert", "May"), ("equal", ".")]
    parts = diff_words("我们四月种菜", "我们五月种菜")
    assert [(p.kind, p.text) for p in parts] == [("equal", "我们"), ("delete", "四"), ("insert", "五"), ("equal", "月种菜")]


# 2. The HTML page


@pytest.fixture
def reported(varied: Path) -> Path:
    """``varied`` with a story whose title is markup, and a real fuzzy entry from a source edit."""
    (varied / "stories/odd.md").write_text(
        f'---\ntitle: "{HOSTILE_TITLE}"\nlang: en\n---\n\nA plain paragraph about <em>tags</em>.\n', encoding="utf-8"
    )
    story = varied / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Three families", "Four families"), encoding="utf-8")
    assert run("sync", project=varied).exit_code == 0
    return varied


def html_report(project: Path) -> str:
    output = project / "status.html"
    result = status(project, "--format", "html", "--output", str(output))
    assert result.exit_code == 0, result.output
    return output.read_text(encoding="utf-8")


def test_html_is_valid_self_contained_and_escaped(reported: Path) -> None:
    page = html_report(reported)
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    elements = list(tree.iter())
    assert not [e for e in elements if e.tag in ("script", "link", "img", "iframe", "object", "embed")]
    assert not [e for e in elements if "src" in e.attrib or (e.get("href") or "#").split("#")[0]]
    assert "url(" not in page and "@import" not in page
    assert "<script" not in page and "<b>Friends" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;Friends&lt;/b&gt;" in page
    text = "".join(tree.itertext())
    for title in ("The Garden Behind the Church", "겨울 소식", HOSTILE_TITLE):
        assert title in text
    for name in ("한국어", "English", "中文"):
        assert name in text
    for record in status_json(reported)["coverage"]:
        assert f"{record['percent']:.1f} %" in text


def test_html_shows_what_changed_in_fuzzy_entries(reported: Path) -> None:
    page = html_report(reported)
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    deleted = ["".join(e.itertext()) for e in tree.iter("del")]
    inserted = ["".join(e.itertext()) for e in tree.iter("ins")]
    assert "Three" in deleted and "Four" in inserted
    assert "[Behind the church there is a small garden. Three families" in page  # the translation to review




def test_html_reads_right_in_headless_chromium(reported: Path, tmp_path: Path) -> None:
    html_report(reported)
    text = visible_text(reported / "status.html", tmp_path / "chromium-profile")
    for title in ("The Garden Behind the Church", "겨울 소식", HOSTILE_TITLE):
        assert title in text
    for record in status_json(reported)["coverage"]:
        assert f"{record['percent']:.1f} %" in text
    assert "to review" in text and "Languages" in text


# 3. --fail-under


def test_fail_under_overall(varied: Path) -> None:
    overall = status_json(varied)["totals"]["published"]
    assert status(varied, "--fail-under", f"{overall}").exit_code == 0
    assert status(varied, "--fail-under", f"{overall - 0.1:.1f}").exit_code == 0
    result = status(varied, "--fail-under", f"{overall + 0.1:.1f}")
    assert result.exit_code == 1
    assert f"overall: {overall:.1f} % published, below {overall + 0.1:.1f} %" in result.stderr


def test_fail_under_per_language(varied: Path) -> None:
    assert status(varied, "--fail-under", "ko=100").exit_code == 0
    partial = totals_for(status_json(varied), "zh_Hans")["published"]
    assert status(varied, "--fail-under", f"zh_Hans={partial}", "--fail-under", "ko=100").exit_code == 0
    result = status(varied, "--fail-under", "ko=100", "--fail-under", f"zh-Hans={partial + 1}")
    assert result.exit_code == 1
    assert "zh_Hans:" in result.stderr and "ko:" not in result.stderr
    assert status(varied, "--fail-under", "xx=90").exit_code == 2  # not a language
    assert status(varied, "--fail-under", "150").exit_code == 2


def test_fail_under_a_language_not_shown_fails(varied: Path) -> None:
    result = status(varied, "--lang", "ko", "--fail-under", "en=50")
    assert result.exit_code == 1 and "en: no catalogs to measure" in result.stderr


def test_fail_under_still_prints_the_report(varied: Path) -> None:
    result = status(varied, "--format", "json", "--fail-under", "100")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["version"] == 1


# 4. Colour, filters, Markdown, table


def test_table_is_plain_when_piped_or_no_color(varied: Path) -> None:
    piped = status(varied)
    assert piped.exit_code == 0 and ANSI not in piped.output
    assert "Translation coverage" in piped.stdout and "한국어 (ko)" in piped.stdout and "█" in piped.stdout
    terminal = CliRunner().invoke(main, ["status", "--project", str(varied)], color=True)
    assert ANSI in terminal.stdout
    no_color = CliRunner().invoke(main, ["status", "--project", str(varied)], color=True, env={"NO_COLOR": "1"})
    assert no_color.exit_code == 0 and ANSI not in no_color.stdout
    assert no_color.stdout == piped.stdout


def test_table_shows_no_control_characters_from_a_title(varied: Path) -> None:
    story = varied / "stories/garden.md"
    text = story.read_text(encoding="utf-8").replace("title: The Garden Behind the Church", 'title: "\\e[31mThe Garden"')
    story.write_text(text, encoding="utf-8")  # YAML's \e is ESC: the title carries a colour escape
    result = CliRunner().invoke(main, ["status", "--project", str(varied)], color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b[31mThe Garden" not in result.stdout and "\ufffd[31mThe Garden" in result.stdout


def test_table_written_to_a_file_is_plain(varied: Path) -> None:
    output = varied / "status.txt"
    assert status(varied, "--output", str(output)).exit_code == 0
    assert ANSI not in output.read_text(encoding="utf-8")


def test_lang_and_story_filters(varied: Path) -> None:
    only_ko = status_json(varied, "--lang", "ko")
    assert {r["language"] for r in only_ko["coverage"]} == {"ko"}
    assert [t["language"] for t in only_ko["languages"]] == ["ko"]
    garden = status_json(varied, "--story", "garden")
    assert {r["slug"] for r in garden["coverage"]} == {"garden"}
    both = status_json(varied, "--story", "news/winter", "--lang", "zh-Hans")
    assert [(r["slug"], r["language"]) for r in both["coverage"]] == [("news/winter", "zh_Hans")]
    table = status(varied, "--story", "garden").stdout
    assert "garden" in table and "news/winter" not in table


def test_unknown_story_or_language_is_one_line_and_exit_1(varied: Path) -> None:
    result = status(varied, "--story", "nope")
    assert result.exit_code == 1 and "no story 'nope'" in result.stderr
    result = status(varied, "--lang", "fr")
    assert result.exit_code == 1 and "not one of the configured languages" in result.stderr


def test_markdown_for_a_pull_request(reported: Path) -> None:
    result = status(reported, "--format", "markdown")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("### Translation coverage\n")
    assert "| 한국어 · Korean (ko) |" in text
    assert "<script>" not in text and r"\<script\>" in text
    assert "(`news/winter`)" in text


def test_html_to_stdout_equals_output_file(varied: Path) -> None:
    assert status(varied, "--format", "html").stdout == html_report(varied)


def test_status_writes_nothing_in_the_project_but_its_caches(varied: Path) -> None:
    """Not a byte and not an mtime: every file is first dated years back,
    so a rewrite, even with the same bytes, shows as a new mtime. Only
    what it found is kept, in ``.storybridge/`` (issue 19)."""
    for path in varied.rglob("*"):
        os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS), follow_symlinks=False)
    before = snapshot(varied)
    for form in ("table", "json", "markdown", "html"):
        assert status(varied, "--format", form).exit_code == 0
    after = snapshot(varied)
    recorded = {name for name in after if name.startswith(".storybridge/output/")}  # what each printed
    assert len(recorded) == 8
    assert {name for name in after if name not in before} - recorded == {
        ".storybridge/status.jsonl", ".storybridge/status-details.jsonl", ".storybridge/verdicts.jsonl",
    }
    assert {name: after[name] for name in before} == before



def test_status_reports_progress_story_by_story(varied: Path) -> None:
    """The terminal's progress bar hears each story as it is measured."""
    from storybridge.project.settings import load_project as load_config
    from storybridge.project.status import read_status

    heard: list[tuple[int, int]] = []
    status, report = read_status(load_config(varied), progress=lambda done, total: heard.append((done, total)))
    assert heard == [(done, report.stories) for done in range(1, report.stories + 1)]
    assert report.stories >= 2 and status.coverage
