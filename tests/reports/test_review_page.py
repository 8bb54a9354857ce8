"""Issue 17, what it must show 3: the review page, read in headless Chromium,
shows the story in order with every state, and has no script to need."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import html5lib
import polib
import pytest

from conftest import run, translate_garden

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CATALOG = "locale/ko/LC_MESSAGES/garden.po"


def chromium(*args: str) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def page(project: Path) -> Path:
    """A garden catalog with one entry of each state, and its review page."""
    translate_garden(project)
    path = project / CATALOG
    assert run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=project).exit_code == 0
    catalog = polib.pofile(str(path))
    by_id = {entry.msgid: entry for entry in catalog}
    by_id["The garden"].msgstr = "정원 <b>이야기</b>"  # refused: raw HTML
    by_id["Crop"].msgstr = "작물 이름"  # changed since approval
    by_id["Month"].msgstr = ""  # untranslated
    by_id["Cabbage"].flags.append("fuzzy")
    catalog.save()
    output = project / "review.html"
    done = run("review", "--lang", "ko", "--story", "garden", "--output", str(output), project=project)
    assert done.exit_code == 0, done.output
    return output


def test_the_page_reads_in_chromium(page: Path) -> None:
    dom = chromium("--dump-dom", page.as_uri())
    tree = html5lib.parse(dom, namespaceHTMLElements=False)
    rows = tree.findall(".//tbody/tr")
    states = [row.get("class") for row in rows]
    assert {"row-approved", "row-changed", "row-refused", "row-untranslated", "row-fuzzy"} <= set(states)
    sources = ["".join(row.find("td").itertext()) for row in rows]
    # Story order: front matter, then the heading, then the body as it runs.
    assert "FRONT MATTER" not in sources[0] and sources[0].strip().startswith("front matter")
    heading = next(i for i, s in enumerate(sources) if "The garden" in s)
    assert heading < next(i for i, s in enumerate(sources) if "Behind the church" in s)
    assert rows[heading].find("td/p").get("class") == "h h1"
    changed = rows[states.index("row-changed")]
    assert changed.find(".//ins") is not None and changed.find(".//del") is not None
    assert "Editor Han" in "".join(changed.itertext())
    refused = rows[states.index("row-refused")]
    assert "<b>" in "".join(refused.itertext())  # shown as text, never as markup
    assert refused.find(".//b") is None
    verse = next(row for row in rows if "Hymn lines:" in "".join(row.itertext()))
    assert len(verse.findall("td")[1].findall("p/br")) == 2  # the hymn's three lines stay three


def test_the_page_needs_nothing_from_the_network(page: Path) -> None:
    text = page.read_text()
    for needle in ("<script", "<img", "<link", "src=", "@import", "url("):
        assert needle not in text


def test_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "review.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,900", page.as_uri())
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
