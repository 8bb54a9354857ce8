"""Quality checks: each check on true positives and true negatives in
Korean, Chinese and English (tests/data/checks/<lang>.po), the catalog loop,
the glossary, and ``storybridge check`` through the real CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from conftest import DATA, run, snapshot

from storybridge.checks.registry import (
    CHECKS,
    CheckedEntry,
    check_catalog,
    check_entry,
    check_function,
    errors_of,
)
from storybridge.checks.pseudonym import parse_pseudonyms, pseudonyms_for
from storybridge.checks.sensitive import Guard, parse_list
from storybridge.errors import StoryError
from storybridge.po.entry import msgstr_line
from storybridge.po.parse import parse_po
from storybridge.checks.glossary import parse_glossary, terms_for
from storybridge.project.glossary import read_glossary
from storybridge.project.check import UnknownCheck, select_checks
from storybridge.markdown.segment import segment_body

CASES = DATA / "checks"
GLOSSARY = parse_glossary(
    (CASES / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv"
)
# The sensitive and pseudonym cases (#16): an invented private list, and
# the glossary's pseudonym rows.
GUARD = Guard(parse_list("윤다솜 | Dasom Yoon\n梁曉雯\nCorwin Vale\n", "private list"), ("@storybridge_org",))
PSEUDONYMS = parse_pseudonyms((CASES / "glossary.csv").read_text(encoding="utf-8"))
ROOT = Path(__file__).parents[2]


def _cases() -> list[object]:
    """Every entry of the case catalogs: (check, language, entry, flagged)."""
    cases = []
    for path in sorted(CASES.glob("*.po")):
        catalog = polib.pofile(str(path))
        language = catalog.metadata["Language"]
        for entry in catalog:
            verdict = entry.tcomment.split(":", 1)[0].strip()
            assert verdict in ("flagged", "passes"), (
                f"{path.name}:{entry.linenum}: say 'flagged:' or 'passes:'"
            )
            cases.append(
                pytest.param(
                    entry.msgctxt,
                    language,
                    entry,
                    verdict == "flagged",
                    id=f"{entry.msgctxt}-{path.stem}:{entry.linenum}",
                )
            )
    return cases


CHECK_CASES = _cases()


def checked(entry: polib.POEntry, language: str) -> CheckedEntry:
    return CheckedEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        language=language,
        flags=tuple(entry.flags),
        glossary=terms_for(GLOSSARY, language),
        sensitive=GUARD,
        pseudonyms=pseudonyms_for(PSEUDONYMS, language),
    )


@pytest.mark.parametrize(("check", "language", "entry", "flagged"), CHECK_CASES)
def test_check_case(
    check: str, language: str, entry: polib.POEntry, flagged: bool
) -> None:
    problems = check_entry(checked(entry, language), [check])
    assert bool(problems) == flagged, (
        f"{entry.tcomment}: {[p.message for p in problems]}"
    )
    assert all(
        p.check == check and p.severity == CHECKS[check].severity for p in problems
    )


@pytest.mark.parametrize("check", list(CHECKS))
def test_every_check_has_cases_both_ways_in_each_language(check: str) -> None:
    seen = {(c.values[1], c.values[3]) for c in CHECK_CASES if c.values[0] == check}  # type: ignore[attr-defined]
    for language in ("ko", "zh_Hans", "en"):
        assert {(language, True), (language, False)} <= seen, (
            f"{check}: no case both ways in {language}"
        )


def entry(
    msgid: str, msgstr: str, language: str = "ko", **kwargs: object
) -> CheckedEntry:
    return CheckedEntry(msgid=msgid, msgstr=msgstr, language=language, **kwargs)  # type: ignore[arg-type]


def names(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [problem.check for problem in problems]


# --- single checks, where a case file cannot say it -------------------------


def test_control_characters_are_refused() -> None:
    assert "block-break" in names(errors_of(entry("A garden.", "정원.\x03#")))
    assert not errors_of(entry("A garden.", "정원.\t"))


def test_table_cells_keep_pipes_and_backticks() -> None:
    cell = {"in_table": True, "modes": frozenset({"line"})}
    assert not errors_of(entry("Beans \\| peas", "콩 \\| 완두", **cell))
    assert names(errors_of(entry("Beans", "콩 | 완두", **cell))) == ["block-break"]
    assert names(errors_of(entry("Beans", "콩`", **cell))) == ["block-break"]
    assert not errors_of(entry("Beans `x`", "콩 `x`", **cell))


def test_a_link_target_is_kept_as_written_not_only_as_normalized() -> None:
    """markdown-it percent-encodes and punycodes destinations; Python-Markdown
    writes them as typed, so a target written differently is a change even
    where the two normalize alike."""
    for source, target in (
        ("[a](https://x.org/é)", "[가](https://x.org/%C3%A9)"),
        ("[a](https://例.com/)", "[가](https://xn--fsq.com/)"),
    ):
        assert names(errors_of(entry(source, target))) == ["link-target"]
    assert not errors_of(entry("[a](https://x.org/é)", "[가](https://x.org/é)"))


def test_a_heading_stays_on_one_line() -> None:
    assert names(
        errors_of(entry("The garden", "정원\n이야기", modes=frozenset({"line"})))
    ) == ["block-break"]


def test_the_pseudo_translation_passes_every_error_check() -> None:
    body = (
        (DATA / "project/stories/garden.md")
        .read_text(encoding="utf-8")
        .split("---\n", 2)[2]
    )
    for segment in segment_body(body):
        assert not errors_of(
            entry(segment.msgid, "Ω " + segment.msgid, modes=frozenset({segment.mode}))
        ), segment.msgid


def test_ignore_flags_silence_advice_but_never_errors() -> None:
    flags = ("ignore-numbers", "ignore-link-target")
    problems = check_entry(
        entry(
            "In 2013 read [it](https://a.example/).",
            "[이것](https://b.example/)을 읽으세요.",
            flags=flags,
        )
    )
    assert "numbers" not in names(problems)
    assert "link-target" in names(problems)
    assert "numbers" in names(check_entry(entry("In 2013.", "그해.")))


def test_errors_of_runs_only_errors_and_ignores_flags() -> None:
    problems = errors_of(
        entry("Thank you.", "Thank you.<script>", flags=("ignore-raw-html",))
    )
    assert names(problems) == ["raw-html"]


def test_unknown_languages_get_no_language_or_punctuation_advice() -> None:
    problems = check_entry(
        entry("Thank you.", "Danke。", language="de"), ["language", "punctuation"]
    )
    assert problems == []


def test_every_check_is_declared_with_a_rule() -> None:
    assert list(CHECKS) == [
        "block-break", "raw-html", "markdown", "link-target", "script", "sensitive", "pseudonym", "mdx", "language", "unchanged",
        "numbers", "tags", "punctuation", "whitespace", "glossary", "fuzzy",
    ]  # fmt: skip
    for check in CHECKS.values():
        assert check.rule and check_function(check.name).__doc__


# --- the catalog loop ----------------------------------------------------------


def test_check_catalog_locates_findings_and_skips_untranslated_and_obsolete() -> None:
    segments = segment_body("Joined in 2013.\n\nThe garden.\n\nNot yet.\n")
    catalog = polib.POFile()
    catalog.append(
        polib.POEntry(
            msgid="Joined in 2013.", msgstr="그해에 합류했습니다.", flags=["fuzzy"]
        )
    )
    catalog.append(polib.POEntry(msgid="The garden.", msgstr="정원."))
    catalog.append(polib.POEntry(msgid="Not yet.", msgstr=""))
    catalog.append(polib.POEntry(msgid="Gone.", msgstr="Gone.", obsolete=True))
    catalog = polib.pofile(catalog.__unicode__())  # line numbers come from parsing
    findings = check_catalog(segments, catalog, "ko", "locale/ko/LC_MESSAGES/x.po", ())
    assert [(f.msgid, f.problem.check) for f in findings] == [
        ("Joined in 2013.", "numbers"),
        ("Joined in 2013.", "fuzzy"),
    ]
    first = findings[0]
    assert first.file == "locale/ko/LC_MESSAGES/x.po" and first.language == "ko"
    assert first.line == msgstr_line(catalog.find("Joined in 2013."))


# --- glossary ------------------------------------------------------------------


def test_glossary_rows_apply_to_their_language_and_bare_language() -> None:
    assert ("North Korean refugee", "朝鲜难民") in terms_for(GLOSSARY, "zh_Hans")
    assert ("Soon Me", "순미") in terms_for(GLOSSARY, "ko")
    assert all(term != "Soon Me" for term, _ in terms_for(GLOSSARY, "en"))


def test_glossary_reads_a_spreadsheet_export() -> None:
    text = "\ufeffSource,Language,Translation,Note\r\n\r\nLent,ko,사순절,\r\nLent,zh-Hans,大斋期,\r\n"
    assert parse_glossary(text, "g.csv") == {
        "ko": (("Lent", "사순절"),),
        "zh_Hans": (("Lent", "大斋期"),),
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("term,lang,translation,note\n", 1, "header"),
        ("source,language,translation,note\nLent,ko,사순절,\nLent,ko,,\n", 3, "needs"),
        ("source,language,translation,note\nLent,kr,사순절,\n", 2, "unknown language"),
        ("source,language,translation,note\nLent,ko,|,\n", 2, "no translation"),
    ],
)
def test_a_bad_glossary_names_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(StoryError) as caught:
        parse_glossary(text, "locale/glossary.csv")
    assert caught.value.path == "locale/glossary.csv" and caught.value.line == line
    assert message in caught.value.message


def test_no_glossary_file_means_no_glossary(tmp_path: Path) -> None:
    assert read_glossary(tmp_path / "glossary.csv", "locale/glossary.csv") == {}


# --- choosing checks -------------------------------------------------------------


def test_select_and_ignore_take_lists_and_keep_registry_order() -> None:
    assert select_checks(["numbers,tags", "markdown"], []) == (
        "markdown",
        "numbers",
        "tags",
    )
    assert "punctuation" not in select_checks([], ["punctuation"])
    assert "punctuation" not in select_checks([], [], disabled=["punctuation"])
    assert select_checks(["punctuation"], [], disabled=["punctuation"]) == (
        "punctuation",
    )
    with pytest.raises(UnknownCheck, match="unknown check 'numbrs'"):
        select_checks([], ["numbrs"])


# --- the command line ------------------------------------------------------------

GARDEN_KO = "locale/ko/LC_MESSAGES/garden.po"
LINK_MSGID = (
    'Read [more](https://example.org/garden "Garden") and see ![a photo](garden.jpg).'
)


def translate(
    project: Path,
    path: str,
    translations: dict[str, str],
    flags: dict[str, list[str]] | None = None,
) -> None:
    """Fill entries of a catalog that ``update`` wrote."""
    catalog = polib.pofile(str(project / path), wrapwidth=79)
    for msgid, msgstr in translations.items():
        found = catalog.find(msgid)
        assert found is not None, msgid
        found.msgstr = msgstr
        found.flags = (flags or {}).get(msgid, [])
    catalog.save()


@pytest.fixture
def checked_project(project: Path) -> Path:
    """The sample project with catalogs: one link error, one numbers
    warning, one fuzzy entry in Korean; Chinese clean."""
    assert run("update", project=project).exit_code == 0
    translate(
        project,
        GARDEN_KO,
        {
            "The garden": "정원",
            LINK_MSGID: "[더 보기](https://evil.example/)와 ![사진](garden.jpg)을 보세요.",
            "April": "사월",
            "Cabbage": "배추",
        },
        flags={"Cabbage": ["fuzzy"]},
    )
    translate(project, "locale/zh_Hans/LC_MESSAGES/garden.po", {"The garden": "花园"})
    return project


def test_check_prints_compiler_style_lines_and_a_summary(checked_project: Path) -> None:
    result = run("check", project=checked_project)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    pattern = re.compile(
        r"^locale/(ko|zh_Hans)/LC_MESSAGES/[\w/]+\.po(:\d+)?: (error|warning|note) \[[a-z-]+\] .+$"
    )
    assert lines and all(pattern.match(line) for line in lines), lines
    # the line of each entry's msgstr, as storybridge's reader counts it
    catalog = parse_po((checked_project / GARDEN_KO).read_text(encoding="utf-8"), GARDEN_KO)
    link_line = msgstr_line(catalog.find(LINK_MSGID))
    assert (
        f"{GARDEN_KO}:{link_line}: error [link-target] adds the link target 'https://evil.example/'"
        in result.stdout
    )
    assert "warning [unchanged]" not in result.stdout
    assert (
        f"{GARDEN_KO}:{msgstr_line(catalog.find('Cabbage'))}: note [fuzzy]" in result.stdout
    )
    assert "1 error, 0 warnings, 2 notes in 4 catalogs" in result.stderr  # the fuzzy entry, the decision


def test_check_json_lists_findings(checked_project: Path) -> None:
    result = run("check", "--format", "json", project=checked_project)
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    assert {r["check"] for r in records} == {"link-target", "fuzzy", "decision"}
    link = next(r for r in records if r["check"] == "link-target")
    assert (
        link["severity"] == "error"
        and link["file"] == GARDEN_KO
        and link["msgid"] == LINK_MSGID
    )
    assert (
        link["language"] == "ko" and isinstance(link["line"], int) and link["message"]
    )


def test_check_json_is_written_as_it_is_found_yet_is_plain_json(checked_project: Path) -> None:
    """JSON findings are printed catalog by catalog; the document is still
    exactly ``json.dumps`` of the list, and an empty list is ``[]``."""
    result = run("check", "--format", "json", project=checked_project)
    records = json.loads(result.stdout)
    assert len(records) >= 2
    assert result.stdout == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    clean = run("check", "--format", "json", "--select", "raw-html", project=checked_project)
    assert clean.stdout == "[]\n" and clean.exit_code == 0


def test_warnings_alone_pass_unless_strict(checked_project: Path) -> None:
    translate(
        checked_project,
        GARDEN_KO,
        {
            LINK_MSGID: "[더 보기](https://example.org/garden)와 ![사진](garden.jpg)을 보세요"
        },
    )
    result = run("check", project=checked_project)
    assert result.exit_code == 0, result.output
    assert "warning [punctuation]" in result.stdout
    assert run("check", "--strict", project=checked_project).exit_code == 1
    assert (
        run(
            "check", "--strict", "--ignore", "punctuation", project=checked_project
        ).exit_code
        == 0
    )


def test_select_and_ignore_by_name(checked_project: Path) -> None:
    selected = run("check", "--select", "fuzzy", project=checked_project)
    assert selected.exit_code == 0
    assert "[fuzzy]" in selected.stdout and "[link-target]" not in selected.stdout
    ignored = run("check", "--ignore", "link-target,fuzzy", project=checked_project)
    assert ignored.exit_code == 0 and ignored.stdout == ""


def test_unknown_check_name_is_one_clear_line(checked_project: Path) -> None:
    result = run("check", "--select", "speling", project=checked_project)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        "error: unknown check 'speling' (known: block-break,"
    )
    assert len(result.stderr.splitlines()) == 1


def test_an_ignore_flag_silences_a_warning_there(checked_project: Path) -> None:
    translate(checked_project, GARDEN_KO, {"The garden": "The garden"})
    assert "[unchanged]" in run("check", project=checked_project).stdout
    translate(
        checked_project,
        GARDEN_KO,
        {"The garden": "The garden"},
        flags={"The garden": ["ignore-unchanged"]},
    )
    assert "[unchanged]" not in run("check", project=checked_project).stdout


def test_config_turns_checks_off_project_wide(checked_project: Path) -> None:
    settings = checked_project / "storybridge.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'disabled_checks = ["fuzzy"]\n',
        encoding="utf-8",
    )
    result = run("check", project=checked_project)
    assert "[fuzzy]" not in result.stdout and "[link-target]" in result.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [("link-target", "cannot be disabled"), ("speling", "unknown check")],
)
def test_config_refuses_to_disable_errors_or_unknown_checks(
    checked_project: Path, name: str, message: str
) -> None:
    settings = checked_project / "storybridge.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f'disabled_checks = ["{name}"]\n',
        encoding="utf-8",
    )
    result = run("check", project=checked_project)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{settings}: error:") and message in result.stderr


def test_lang_filters_catalogs(checked_project: Path) -> None:
    result = run("check", "--lang", "zh-Hans", project=checked_project)
    assert result.exit_code == 0 and result.stdout == ""
    assert "in 2 catalogs" in result.stderr


def test_glossary_comes_from_the_locale_folder(checked_project: Path) -> None:
    assert "[glossary]" not in run("check", project=checked_project).stdout
    (checked_project / "locale/glossary.csv").write_text(
        "source,language,translation,note\ngarden,zh_Hans,园子,\n", encoding="utf-8"
    )
    result = run("check", project=checked_project)
    assert (
        "zh_Hans/LC_MESSAGES/garden.po" in result.stdout
        and "[glossary] write '园子' for 'garden', as the glossary agrees" in result.stdout
    )


def test_a_broken_glossary_stops_with_its_line(checked_project: Path) -> None:
    (checked_project / "locale/glossary.csv").write_text(
        "source,language,translation,note\ngarden,kr,정원,\n", encoding="utf-8"
    )
    result = run("check", project=checked_project)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "locale/glossary.csv:2: error: unknown language code 'kr'"
    )


def test_check_writes_nothing_but_its_caches(checked_project: Path) -> None:
    """Only what it found, kept in ``.storybridge/`` for the next run (issue 19)."""
    before = snapshot(checked_project)
    run("check", project=checked_project)
    after = snapshot(checked_project)
    added = {name for name in after if name not in before}
    recorded = {name for name in added if name.startswith(".storybridge/output/")}  # what it printed
    assert len(recorded) == 2
    assert added - recorded == {".storybridge/check.jsonl", ".storybridge/verdicts.jsonl"}
    assert {name: after[name] for name in before} == before


def test_list_names_every_check() -> None:
    result = run("check", "--list")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(CHECKS)


def test_the_shipped_catalogs_have_no_errors() -> None:
    """The repository's own catalogs pass ``storybridge check`` with no
    error (warnings are the translators' to weigh)."""
    result = run("check", project=ROOT)
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize(("extensions", "flagged"), [('["extra"]', False), ('["legacy_em"]', True)])
def test_markdown_check_reads_with_the_configured_extensions(tmp_path: Path, extensions: str, flagged: bool) -> None:
    """Under legacy_em, Python-Markdown reads ``foo_bar_baz`` as emphasis; the
    check must read the translation as the site's converter will."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "note.md").write_text(
        "---\ntitle: Note\nlang: en\n---\n\nRun the setup script today.\n", encoding="utf-8"
    )
    (tmp_path / "storybridge.toml").write_text(
        f'languages = ["en", "ko"]\nmarkdown_extensions = {extensions}\n', encoding="utf-8"
    )
    assert run("sync", project=tmp_path).exit_code == 0
    po = tmp_path / "locale" / "ko" / "LC_MESSAGES" / "note.po"
    catalog = polib.pofile(str(po))
    catalog.find("Run the setup script today.").msgstr = "오늘 setup_the_script 스크립트를 실행하세요."
    catalog.save(str(po))
    result = run("check", "--select", "markdown", project=tmp_path)
    assert ("error [markdown]" in result.output) is flagged
    assert result.exit_code == (1 if flagged else 0)
