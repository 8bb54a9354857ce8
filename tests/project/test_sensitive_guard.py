"""The guard end to end (#16): a project with a private list (written to a
temp folder at test time, outside the project), run through the real CLI.
Stories × languages with an identifying detail are not published, the
others are, and no command prints, reports or publishes what was found.
Every name, number and address here is invented."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from conftest import snapshot

from storybridge.cli import main
from storybridge.project.sensitive import SENSITIVE_ENV

PRIVATE_LIST = """\
# invented people, for tests only
윤다솜 | Dasom Yoon
梁曉雯
Corwin Vale
"""
SECRETS = ("윤다솜", "다솜", "梁曉雯", "梁晓雯", "Corwin", "corwin", "Dasom", "5555", "0134", "vale.family")

STORY = """\
---
title: {title}
date: 2020-05-01
lang: {lang}
---

{body}
"""
EN_BODY = "The garden behind the church feeds three families.\n\nEach one grows what the others lack.\n"
KO_BODY = "교회 뒤의 정원은 세 가족을 먹인다.\n\n각자 다른 가족에게 없는 것을 기른다.\n"

# slug → (source language, title, body)
STORIES = {
    "alpha": ("en", "A clean story", EN_BODY),
    "bravo": ("en", "Planting in April", EN_BODY),  # ko msgstr: name with a particle
    "charlie": ("en", "Rain in May", EN_BODY),  # zh_Hans msgstr: name in traditional characters
    "delta": ("ko", "사월의 정원", KO_BODY),  # en msgstr: hyphen and zero-width space
    "echo": ("en", "A visit from Corwin Vale", EN_BODY),  # the source's title
    "foxtrot": ("en", "Harvest", EN_BODY),  # ko msgstr: a phone number
    "golf": ("en", "Winter", EN_BODY + "\nWrite to vale.family@example.org.\n"),  # source: an e-mail address
    "juliet": ("en", "Spring", EN_BODY),  # a fuzzy zh_Hans msgstr, never published itself: blocks all the same
    "hotel": ("en", "Autumn", EN_BODY),  # names the built file escapes: a tab in the title, a line break
    "india": ("en", "Summer", EN_BODY),  # details only a reader of the page sees whole (as_read)
    "kilo": ("en", '"\\uC724\\uB2E4\\uC19C\'s garden"', EN_BODY),  # the source's title, in YAML escapes
    "lima": ("en", "Fall", EN_BODY),  # ko msgstr: a phone number broken across two lines
    # the source: a phone number broken across two lines of a paragraph (one line on the page)
    "mike": ("en", "Snow", "The garden feeds three families.\nCall 010 5555\n0134 for seeds.\n\nEach one grows.\n"),
}
# (slug, language) → text put into the msgstr of the body's first paragraph
PLANTED = {
    ("bravo", "ko"): "어제 우리는 윤다솜가 교회 뒤 정원에 있는 것을 보았다.",
    ("charlie", "zh_Hans"): "教会后面的花园养活了梁曉雯一家。",
    ("delta", "en"): "The garden behind the church feeds Corwin-\u200bVale and two other families.",
    ("foxtrot", "ko"): "교회 뒤 정원 일은 010-5555-0134 로 연락하세요.",
    ("juliet", "zh_Hans"): "Dasom Yoon 的花园养活了三个家庭。",
    ("hotel", "zh_Hans"): "教会后面的花园养活了梁曉\n雯一家。",  # built as 梁曉\ + line break + 雯
    ("india", "ko"): "교회 뒤 정원 일은 010\u20135555\u20130134 로 연락하세요.",  # en dashes
    ("india", "zh_Hans"): "教会后面的花园养活了*梁曉*雯一家。",  # emphasis inside the name
    ("lima", "ko"): "교회 뒤 정원 일은 010 5555\n0134 로 연락하세요.",
}
# (slug, language) → text put into the msgstr of the title
PLANTED_TITLES = {("hotel", "ko"): "Dasom\tYoon의 가을"}  # built as "Dasom\tYoon의 가을" in YAML
FUZZY = {("juliet", "zh_Hans")}
BLOCKED = {("bravo", "ko"), ("charlie", "zh_Hans"), ("delta", "en"), ("foxtrot", "ko"), ("juliet", "zh_Hans"),
           ("hotel", "ko"), ("hotel", "zh_Hans"), ("india", "ko"), ("india", "zh_Hans"), ("lima", "ko")} | {
    (slug, lang) for slug in ("echo", "golf", "kilo", "mike") for lang in ("en", "ko", "zh_Hans")
}


def invoke(*args: str, env: dict[str, str]) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def guarded(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project whose catalogs are fully translated, secrets planted."""
    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    # min_coverage 0: only the guard keeps a translation out (juliet's is partly fuzzy)
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nmin_coverage = 0\n', encoding="utf-8")
    for slug, (lang, title, body) in STORIES.items():
        (root / "stories" / f"{slug}.md").write_text(STORY.format(title=title, lang=lang, body=body), encoding="utf-8")
    private = tmp_path / "private" / "names.txt"
    private.parent.mkdir()
    private.write_text(PRIVATE_LIST, encoding="utf-8")
    env = {SENSITIVE_ENV: str(private)}
    assert invoke("sync", "--project", str(root), env=env).exit_code == 0
    for path in sorted((root / "locale").rglob("*.po")):
        lang, slug = path.parts[-3], path.stem
        catalog = polib.pofile(str(path))
        for index, entry in enumerate(catalog):
            entry.msgstr = entry.msgid
            if index == 0 and (slug, lang) in PLANTED_TITLES:
                entry.msgstr = PLANTED_TITLES[(slug, lang)]
            if index == 1 and (slug, lang) in PLANTED:  # index 0 is the title
                entry.msgstr = PLANTED[(slug, lang)]
                if (slug, lang) in FUZZY:
                    entry.flags.append("fuzzy")
        catalog.save(str(path))
    return root, env


def published(root: Path) -> set[tuple[str, str]]:
    manifest = json.loads((root / "site" / "manifest.json").read_text(encoding="utf-8"))
    return {
        (story["slug"], lang.replace("-", "_"))
        for story in manifest["stories"]
        for lang, entry in story["languages"].items()
        if entry["status"] in ("published", "draft")
    }


def test_blocks_exactly_the_stories_and_languages_with_details(guarded: tuple[Path, dict[str, str]]) -> None:
    root, env = guarded
    result = invoke("build", "--project", str(root), env=env)
    assert result.exit_code == 0, result.output
    everything = {(slug, lang) for slug in STORIES for lang in ("en", "ko", "zh_Hans")}
    assert published(root) == everything - BLOCKED
    for slug, lang in BLOCKED:
        assert not (root / "site" / lang / f"{slug}.md").exists()
    manifest = (root / "site" / "manifest.json").read_text(encoding="utf-8")
    assert '"echo"' not in manifest and '"golf"' not in manifest and '"kilo"' not in manifest  # blocked everywhere
    # build names file and line, and what was found, never the text
    assert "locale/ko/LC_MESSAGES/bravo.po:" in result.stderr
    assert "error: [sensitive] matches private entry 2" in result.stderr
    assert "stories/echo.md:2: error: [sensitive] matches private entry 4" in result.stderr
    assert "stories/golf.md:" in result.stderr and "e-mail address" in result.stderr
    assert "phone number" in result.stderr
    # Quiet and deterministic: building again with nothing changed writes no file.
    before = snapshot(root)
    again = invoke("build", "--project", str(root), env=env)
    # the same findings; what changed in the decisions was said once (#14)
    def findings(stderr: str) -> list[str]:
        return [line for line in stderr.splitlines() if " → " not in line and "changed" not in line]

    assert again.exit_code == 0 and findings(again.stderr) == findings(result.stderr)
    assert " → " in result.stderr and again.stderr.endswith("nothing changed\n")
    assert snapshot(root) == before


def test_ignore_flag_never_silences_the_guard(guarded: tuple[Path, dict[str, str]]) -> None:
    root, env = guarded
    path = root / "locale" / "ko" / "LC_MESSAGES" / "bravo.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.flags.append("ignore-sensitive")
    catalog.save(str(path))
    assert invoke("build", "--project", str(root), env=env).exit_code == 0
    assert ("bravo", "ko") not in published(root)
    result = invoke("check", "--project", str(root), "--format", "json", env=env)
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["check"] == "sensitive"]
    assert {(f["file"], f["severity"]) for f in found} >= {("locale/ko/LC_MESSAGES/bravo.po", "error")}


def _all_output(root: Path, env: dict[str, str], tmp_path: Path) -> list[tuple[str, str, int]]:
    """(what, text, exit code) of every command and report."""
    outputs = []
    for args in (("build",), ("build", "--html"), ("check",), ("check", "--format", "json"), ("sync",)):
        result = invoke(*args, "--project", str(root), env=env)
        outputs.append((" ".join(args), result.stdout + result.stderr, result.exit_code))
    for form in ("table", "json", "markdown", "html"):
        report = tmp_path / f"status.{form}"
        result = invoke("status", "--project", str(root), "--format", form, env=env)
        outputs.append((f"status {form}", result.stdout + result.stderr, result.exit_code))
        result = invoke("status", "--project", str(root), "--format", form, "--output", str(report), env=env)
        outputs.append((f"status {form} file", report.read_text(encoding="utf-8") + result.stderr, result.exit_code))
    for path in sorted((root / "site").rglob("*")):
        if path.is_file():
            outputs.append((str(path), path.read_text(encoding="utf-8"), 0))
    return outputs


def test_nothing_found_is_repeated_anywhere(guarded: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    root, env = guarded
    outputs = _all_output(root, env, tmp_path)
    codes = {what: code for what, _, code in outputs}
    assert codes["check"] == 1 and codes["check --format json"] == 1
    assert codes["build"] == 0 and codes["sync"] == 0
    for what, text, _ in outputs:
        for secret in SECRETS:
            assert secret not in text, f"{what} repeats a finding"
    check_text = next(text for what, text, _ in outputs if what == "check")
    assert "error [sensitive] matches private entry 2: " in check_text and "████" in check_text


def test_status_shows_the_blocked_decision(guarded: tuple[Path, dict[str, str]]) -> None:
    root, env = guarded
    result = invoke("status", "--project", str(root), "--format", "json", env=env)
    records = {(r["slug"], r["language"]): r for r in json.loads(result.stdout)["coverage"]}
    assert records[("bravo", "ko")]["blocked"].startswith("identifying details (matches private entry 2) at locale/ko/")
    assert records[("echo", "ko")]["blocked"].startswith("identifying details (matches private entry 4) at stories/echo.md:2")
    assert records[("alpha", "ko")]["blocked"] == ""
    table = invoke("status", "--project", str(root), env=env).stdout
    assert "blocked" in table


def test_withhold_languages_keeps_the_story_out_of_those_languages(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nmin_coverage = 0\n', encoding="utf-8")
    text = STORY.format(title="Safe in two languages", lang="en", body=EN_BODY)
    text = text.replace("lang: en\n", "lang: en\nwithhold_languages: [zh_Hans]\n")
    (root / "stories" / "hotel.md").write_text(text, encoding="utf-8")
    result = invoke("sync", "--project", str(root), env={})
    assert result.exit_code == 0, result.output
    assert (root / "locale" / "zh_Hans" / "LC_MESSAGES" / "hotel.po").exists()  # catalogs are still made
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.md")) == [
        "en/hotel.md", "ko/hotel.md"
    ]
    site_text = "".join(p.read_text(encoding="utf-8") for p in (root / "site").rglob("*") if p.is_file())
    assert "zh-Hans" not in site_text and "withhold" not in site_text


def _synced_with(tmp_path: Path, line: str) -> tuple[Path, Result]:
    """A one-story project whose front matter holds ``line``, synced."""
    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko", "zh_Hans"]\nmin_coverage = 0\n', encoding="utf-8")
    text = STORY.format(title="Somewhere", lang="en", body=EN_BODY).replace("lang: en\n", f"lang: en\n{line}\n")
    (root / "stories" / "hotel.md").write_text(text, encoding="utf-8")
    return root, invoke("sync", "--project", str(root), env={})


@pytest.mark.parametrize(
    "line, published_pages",
    [
        ("withhold_languages: [zh-hans]", ["en/hotel.md", "ko/hotel.md"]),  # any spelling of a configured code
        ("withhold_languages: [KO]", ["en/hotel.md", "zh_Hans/hotel.md"]),
        ("withhold_languages: [zh]", ["en/hotel.md", "ko/hotel.md"]),  # every Chinese language
        ("withhold_languages: ko, zh_Hans", ["en/hotel.md"]),  # one string of codes
        ("withhold_languages: [ko_KR]", ["en/hotel.md", "zh_Hans/hotel.md"]),
    ],
)
def test_withhold_languages_reads_codes_as_people_write_them(tmp_path: Path, line: str, published_pages: list[str]) -> None:
    root, result = _synced_with(tmp_path, line)
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.md")) == published_pages


def test_a_withheld_script_withholds_a_language_configured_without_one(tmp_path: Path) -> None:
    """``languages = ["en", "zh"]``: ``withhold_languages: [zh_Hans]`` (or
    ``[zh-CN]``) means that Chinese."""
    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "zh"]\nmin_coverage = 0\n', encoding="utf-8")
    for slug, code in (("hotel", "zh_Hans"), ("india", "zh-CN")):
        text = STORY.format(title="Somewhere", lang="en", body=EN_BODY).replace(
            "lang: en\n", f"lang: en\nwithhold_languages: [{code}]\n")
        (root / "stories" / f"{slug}.md").write_text(text, encoding="utf-8")
    result = invoke("sync", "--project", str(root), env={})
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.md")) == [
        "en/hotel.md", "en/india.md"]


@pytest.mark.parametrize(
    "line, message",
    [
        ('publish: "false"', "stories/hotel.md:5: error: 'publish' must be true or false, without quotes"),
        ("publish: no thanks", "stories/hotel.md:5: error: 'publish' must be true or false, without quotes"),
        ("Publish: false", "stories/hotel.md:5: error: front matter key 'Publish' means nothing: write 'publish'"),
        ("withhold-languages: [ko]",
         "stories/hotel.md:5: error: front matter key 'withhold-languages' means nothing: write 'withhold_languages'"),
        ("withhold_language: [ko]",
         "stories/hotel.md:5: error: front matter key 'withhold_language' means nothing: write 'withhold_languages'"),
        ("withholdLanguages: [ko]",
         "stories/hotel.md:5: error: front matter key 'withholdLanguages' means nothing: write 'withhold_languages'"),
        ("withhold_languages: [kr]", "stories/hotel.md:5: error: unknown language code 'kr'"),
        ("published: false", "stories/hotel.md:5: error: 'published: false' is a site's key, which storybridge does "
                             "not read: write 'publish: false' to keep the story back"),
        ("draft: true", "stories/hotel.md:5: error: 'draft: true' is a site's key, which storybridge does "
                        "not read: write 'publish: false' to keep the story back"),
        ("Published: 'false'", "stories/hotel.md:5: error: 'Published: false' is a site's key, which storybridge "
                               "does not read: write 'publish: false' to keep the story back"),
        ("withhold_langs: [ko]",
         "stories/hotel.md:5: error: front matter key 'withhold_langs' means nothing: write 'withhold_languages'"),
        ("withhold_languages: {ko: true}", "stories/hotel.md:5: error: 'withhold_languages' must be a list of language codes"),
    ],
)
def test_a_withholding_key_the_site_would_not_read_is_an_error(tmp_path: Path, line: str, message: str) -> None:
    """Written so that it would withhold nothing, it stops the run rather
    than publish what the editor meant to keep back (#16)."""
    root, result = _synced_with(tmp_path, line)
    assert result.exit_code == 1
    assert message in result.output.splitlines()
    assert not list(root.glob("site/**/*.md"))


def test_the_list_is_refused_when_tracked_by_git(guarded: tuple[Path, dict[str, str]]) -> None:
    root, _ = guarded
    (root / "names.txt").write_text(PRIVATE_LIST, encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), "add", "names.txt"], check=True)
    for command in ("build", "check", "status"):
        result = invoke(command, "--project", str(root), env={SENSITIVE_ENV: str(root / "names.txt")})
        assert result.exit_code == 1
        assert result.stderr.strip().endswith("error: the private list is tracked by git; remove it (git rm --cached) and keep it outside the repository or git-ignored")
        assert len(result.stderr.strip().splitlines()) == 1 and "Corwin" not in result.stderr


def test_a_changed_pseudonym_is_an_error_in_check_and_build(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    body = "Soon Me planted cabbage behind the church.\n\nShe shared it with three families.\n"
    (root / "stories" / "india.md").write_text(STORY.format(title="Cabbage", lang="en", body=body), encoding="utf-8")
    assert invoke("sync", "--project", str(root), env={}).exit_code == 0
    (root / "locale" / "glossary.csv").write_text(
        "source,language,translation,note\nSoon Me,ko,순미,pseudonym of the mother\n", encoding="utf-8"
    )
    path = root / "locale" / "ko" / "LC_MESSAGES" / "india.po"
    catalog = polib.pofile(str(path))
    renderings = {"Cabbage": "배추", body.split("\n\n")[0].strip(): "선미는 교회 뒤에 배추를 심었다.",
                  "She shared it with three families.": "그녀는 세 가족과 나누었다."}
    for entry in catalog:
        entry.msgstr = renderings[entry.msgid]
    catalog.save(str(path))
    result = invoke("check", "--project", str(root), "--select", "pseudonym", env={})
    assert result.exit_code == 1
    assert "error [pseudonym] renders the pseudonym 'Soon Me' differently from the glossary (순미)" in result.stdout
    result = invoke("build", "--project", str(root), env={})
    assert "[pseudonym]" in result.stderr
    built = (root / "site" / "ko" / "india.md").read_text(encoding="utf-8")
    assert "선미" not in built and "Soon Me planted cabbage" in built and "그녀는 세 가족과" in built


def test_html_report_in_headless_chromium_shows_blocked_and_nothing_found(
    guarded: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """What a reader of the HTML status page sees, laid out by Chromium."""
    import importlib.util

    # The status tests' Chromium reader (tests/status/test_status.py), loaded by path.
    spec = importlib.util.spec_from_file_location("status_tests", Path(__file__).parents[1] / "status" / "test_status.py")
    assert spec is not None and spec.loader is not None
    status_tests = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(status_tests)
    visible_text = status_tests.visible_text

    root, env = guarded
    page = tmp_path / "status.html"
    assert invoke("status", "--project", str(root), "--format", "html", "--output", str(page), env=env).exit_code == 0
    text = visible_text(page, tmp_path / "chromium-profile")
    assert "blocked: identifying details (matches private entry 2) at locale/ko/LC_MESSAGES/bravo.po:" in text
    assert "A visit from ████" in text  # the title, masked
    for secret in SECRETS:
        assert secret not in text


def test_a_catalog_line_that_cannot_be_read_is_quoted_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parse error quotes the line it stopped at: a private name or a
    phone number a volunteer typed there must not reach the output of any
    command, the log, or the cache a no-op replays it from (invented)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nmin_coverage = 0\n', encoding="utf-8")
    (root / "stories/river.md").write_text("---\ntitle: River\nlang: en\n---\n\nWe crossed it.\n", encoding="utf-8")
    private = tmp_path / "private" / "names.txt"
    private.parent.mkdir()
    private.write_text("Zoltan Okafor\n", encoding="utf-8")
    monkeypatch.setenv(SENSITIVE_ENV, str(private))
    runner = CliRunner()
    assert runner.invoke(main, ["sync", "--project", str(root)]).exit_code == 0
    catalog = root / "locale/ko/LC_MESSAGES/river.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\nZoltan Okafor 010-5555-0134\n", encoding="utf-8")
    for command in (["sync"], ["sync"], ["status"], ["check"], ["update"], ["review", "--lang", "ko", "--story", "river"],
                    ["canonical"], ["approve", "--lang", "ko", "--by", "Ed"], ["unapprove", "--lang", "ko"]):
        done = runner.invoke(main, [*command, "--project", str(root)])
        assert done.exit_code == 1, (command, done.output)
        assert "river.po" in done.output and "████" in done.output, (command, done.output)
        assert "5555" not in done.output and "Okafor" not in done.output, (command, done.output)
    for cache in (root / ".storybridge").rglob("*"):
        if cache.is_file():
            assert b"5555" not in cache.read_bytes() and b"Okafor" not in cache.read_bytes(), cache
