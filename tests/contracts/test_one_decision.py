"""Contract 7: one publishing decision, shown everywhere (issue #14).

A project of invented stories in English with Korean catalogs: one with
three refused translations (a heading opener, a broken link, a Chinese
paragraph), one partly translated, one embargoed and one whose catalog
cannot be read. ``sync``, ``status`` (every format), ``check``, the
manifest and the files on disk must all say the same thing.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import polib
import pytest

from conftest import DATA, msgfmt_check, run, snapshot, visible_text

KO = {
    "Cabbages in Winter": "겨울 배추",
    "A Garden in Winter": "# 겨울 정원",  # mistake: opens a heading
    "Mrs. Han planted cabbages behind the church.": "한 씨는 교회 뒤에 배추를 심었습니다.",
    "Read more on [our blog](https://example.org/blog).": "[우리 블로그] (https://example.org/blog)에서 더 읽어 보세요.",  # mistake
    "She says **thank you** every morning.": "그녀는 매일 아침 **감사합니다**라고 말합니다.",
    "The soil was hard.": "土地很硬，我们一起努力工作。",  # mistake: Chinese in the Korean catalog
    "Neighbours brought water.": "이웃들이 물을 가져왔습니다.",
    "The first leaves came in March.": "첫 잎은 3월에 나왔습니다.",
    "Children counted them.": "아이들이 잎을 세었습니다.",
    "We give thanks.": "우리는 감사를 드립니다.",
    "Letters from the Border": "국경에서 온 편지",
    "The letters came in spring.": "편지는 봄에 왔습니다.",
    "Not Yet Released": "아직 공개되지 않음",
    "This story waits for its subject's consent.": "이 이야기는 주인공의 동의를 기다립니다.",
    "A Song at Night": "밤의 노래",
    "They sang quietly.": "그들은 조용히 노래했습니다.",
    "Nobody heard them.": "아무도 듣지 못했습니다.",
    "Bread for the Road": "길을 위한 빵",
    "We baked bread.": "우리는 빵을 구웠습니다.",
}
BROKEN = "locale/ko/LC_MESSAGES/broken.po"
SCHEMA = json.loads(
    (Path(__file__).parents[2] / "src/storybridge/schemas/manifest.schema.json").read_text(encoding="utf-8")
)


def translate(project: Path) -> None:
    for path in sorted((project / "locale/ko/LC_MESSAGES").glob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = KO.get(entry.msgid, "")
        catalog.save(str(path))


def break_catalog(project: Path) -> int:
    """An unescaped quote inside a msgstr, as a volunteer types it; its line."""
    path = project / BROKEN
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgstr "그들은 조용히 노래했습니다."')
    lines[at] = 'msgstr "그들은 "조용히" 노래했습니다."'
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The project synced, translated, synced again (every page as it was
    published), then one catalog broken."""
    project = tmp_path / "project"
    shutil.copytree(DATA / "decision", project)
    assert run("sync", project=project).exit_code == 0
    translate(project)
    assert run("sync", project=project).exit_code == 0
    return project


def test_sync_names_each_refused_msgstr_by_its_line(tmp_path: Path) -> None:
    """Catalogs merged in memory have no line numbers: the build reads them
    off the written catalog (it printed ``:None:``), and says ``error``."""
    project = tmp_path / "project"
    shutil.copytree(DATA / "decision", project)
    run("sync", project=project)
    translate(project)
    result = run("sync", project=project)
    lines = (project / "locale/ko/LC_MESSAGES/refused.po").read_text(encoding="utf-8").split("\n")
    heading = lines.index('msgstr "# 겨울 정원"') + 1
    assert ":None:" not in result.output
    assert (
        f"locale/ko/LC_MESSAGES/refused.po:{heading}: error [block-break] the translation starts a heading: "
        "'# 겨울 정원' (not published: the source text stands in)"
    ) in result.output.splitlines()
    assert "ko/refused: withheld → published (3 entries refused)" in result.output
    jsonschema.validate(json.loads((project / "site/manifest.json").read_text(encoding="utf-8")), SCHEMA)


def manifest_languages(project: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    return {record["slug"]: record["languages"] for record in data["stories"]}


def test_status_manifest_check_and_files_say_the_same(built: Path) -> None:
    kept = (built / "site/ko/broken.md").read_bytes()
    line = break_catalog(built)
    synced = run("sync", project=built)
    assert synced.exit_code == 1
    error = f"{BROKEN}:{line}: error: text after the closing quote: write \\\" for a quote inside a translation"
    assert synced.output.splitlines()[-1] == error
    assert f"ko/broken: published → blocked (its catalog cannot be read at line {line})" in synced.output

    status = run("status", "--format", "json", project=built)
    assert status.exit_code == 1 and error in status.stderr
    records = {r["slug"]: r for r in json.loads(status.stdout)["coverage"]}
    manifest = manifest_languages(built)
    alternates = {
        record["slug"]: record["alternates"]
        for record in json.loads((built / "site/manifest.json").read_text(encoding="utf-8"))["stories"]
    }
    expected = {"refused": "published", "partial": "withheld", "embargoed": "embargoed", "broken": "blocked", "good": "published"}
    assert {slug: r["state"] for slug, r in records.items()} == expected

    for slug, state in expected.items():
        record, page = records[slug], built / f"site/ko/{slug}.md"
        if state == "embargoed":  # no trace at all
            assert slug not in manifest and not page.exists()
            continue
        entry = manifest[slug]["ko"]
        assert entry["status"] == state
        assert entry["coverage"] == record["published"]
        assert entry.get("reason", "") == record["reason"]
        assert entry.get("refused", 0) == record["refused"]
        if state == "published":
            assert page.exists() and "draft:" not in page.read_text(encoding="utf-8")
            assert "ko" in [link["lang"] for link in alternates[slug]]
        else:
            assert "ko" not in [link["lang"] for link in alternates[slug]]
        if state == "withheld":
            assert not page.exists() and entry["path"] is None
        elif state == "blocked":  # the last published file stays as it was
            assert page.read_bytes() == kept and entry["path"] is None

    refused = records["refused"]
    assert (refused["refused"], refused["published"], refused["percent"]) == (3, 70.0, 100.0)
    assert [(p["line"] > 0, p["check"], p["severity"]) for p in refused["problems"] if p["severity"] == "error"] == [
        (True, "block-break", "error"), (True, "markdown", "error"), (True, "script", "error"),
    ]
    page = (built / "site/ko/refused.md").read_text(encoding="utf-8")
    assert "\n# A Garden in Winter\n" in page and "# 겨울 정원" not in page and "土地" not in page
    assert "[our blog](https://example.org/blog)" in page

    checked = run("check", project=built)
    assert checked.exit_code == 1
    assert f"{BROKEN}:{line}: error [catalog] text after the closing quote" in checked.stdout
    for slug, state in expected.items():  # where errors keep translations out, check says what follows
        if state == "blocked" or records[slug]["refused"]:
            assert re.search(rf"ko/LC_MESSAGES/{slug}\.po: note \[decision\] ko/{slug}: {state}\b", checked.stdout)


def test_every_status_format_shows_states_and_lists_errors(built: Path) -> None:
    line = break_catalog(built)
    po = (built / "locale/ko/LC_MESSAGES/refused.po").read_text(encoding="utf-8").split("\n")
    heading = po.index('msgstr "# 겨울 정원"') + 1  # the msgstr's line, not the entry's comment
    listed = f"locale/ko/LC_MESSAGES/refused.po:{heading}: error [block-break] the translation starts a heading"
    for form in ("table", "markdown", "html"):
        shown = run("status", "--format", form, project=built)
        assert shown.exit_code == 1, form
        text = shown.stdout
        assert listed in text, form
        assert f"{BROKEN}:{line}: error [catalog]" in text, form
        less = {"html": "&lt;", "markdown": "\\<", "table": "<"}[form]  # each format's own escaping
        for state in ("published (3 entries refused)", f"withheld (40 % {less} 60 %)", "blocked"):
            assert state in text, (form, state)
    html = run("status", "--format", "html", project=built).stdout
    done = re.search(r"✓ Translated in every language:(.*?)</p>", html)
    assert done is None or "Cabbages in Winter" not in done.group(1)


def test_one_unreadable_catalog_blocks_only_its_story(built: Path) -> None:
    for slug in ("partial", "embargoed"):  # three stories left
        (built / f"stories/{slug}.md").unlink()
    assert run("sync", project=built).exit_code == 0
    before = snapshot(built / "site")
    line = break_catalog(built)
    broken_bytes = (built / BROKEN).read_bytes()
    result = run("sync", project=built)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(f"{BROKEN}:{line}: error: text after the closing quote")
    after = snapshot(built / "site")
    assert after["ko/broken.md"] == before["ko/broken.md"]  # kept as it was, mtime too
    assert (built / BROKEN).read_bytes() == broken_bytes  # never rewritten
    states = {slug: langs["ko"]["status"] for slug, langs in manifest_languages(built).items()}
    assert states == {"broken": "blocked", "good": "published", "refused": "published"}
    assert "ko/broken.md" in json.loads((built / "site/manifest.json").read_text(encoding="utf-8"))["files"]
    for slug in ("good", "refused"):
        msgfmt_check(built / f"locale/ko/LC_MESSAGES/{slug}.po")
    again = run("build", project=built)  # still blocked, still exit 1, nothing else changes
    assert again.exit_code == 1 and "nothing changed" in again.output
    # fixed: published again, and the summary says so
    (built / BROKEN).write_text(broken_bytes.decode("utf-8").replace('"조용히"', '\\"조용히\\"'), encoding="utf-8")
    fixed = run("sync", project=built)
    assert fixed.exit_code == 0 and "ko/broken: blocked → published" in fixed.output
    # every entry is translated, but refused ones are not published: --fail-under says so
    short = run("status", "--fail-under", "ko=100", project=built)
    assert short.exit_code == 1 and "coverage too low: ko: 80.0 % published, below 100 %" in short.stderr
    assert run("sync", project=built).output.strip().splitlines()[-1] == "nothing changed"


def test_html_report_shows_states_and_errors_in_headless_chromium(built: Path, tmp_path: Path) -> None:
    """What an editor sees once Chromium lays the page out (as docs/decisions.png shows it)."""
    line = break_catalog(built)
    assert run("status", "--format", "html", "--output", str(tmp_path / "status.html"), project=built).exit_code == 1
    text = visible_text(tmp_path / "status.html", tmp_path / "profile")
    for seen in ("blocked", "embargoed", "withheld", "published · 3 refused", "70.0 % published", "not published"):
        assert seen in text, seen
    assert f"{BROKEN}:{line}: error [catalog] text after the closing quote" in text
    assert "refused.po" in text and "error [markdown] the link 'our blog' is broken" in text
    done = text.split("Translated in every language:", 1)[1].split("\n", 1)[0]
    assert "Bread for the Road" in done and "Cabbages in Winter" not in done


