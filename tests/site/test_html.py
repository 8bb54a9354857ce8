"""Issue 15: ``build --html`` renders CommonMark, as the stories are written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import run
from storybridge.site.html import render_commonmark, render_fragment, sanitize

SPEC = json.loads((Path(__file__).parents[1] / "data/commonmark-0.31.2.json").read_text(encoding="utf-8"))

# Where markdown-it-py 4 itself differs from the 0.31.2 spec: an empty block
# quote's newline and two HTML comment forms. Listed so that a change on
# either side shows.
MARKDOWN_IT_DIFFERS = {218, 239, 240, 625, 626}


@pytest.mark.parametrize("example", SPEC, ids=lambda e: str(e["example"]))
def test_spec_example_renders_as_markdown_it_py_does(example: dict) -> None:
    expected = sanitize(MarkdownIt("commonmark").enable("table").render(example["markdown"])) + "\n"
    assert render_commonmark(example["markdown"]) == expected
    assert (render_commonmark(example["markdown"]) == sanitize(example["html"]) + "\n") != (
        example["example"] in MARKDOWN_IT_DIFFERS)


def test_tables_and_hard_breaks() -> None:
    html = render_commonmark("| a | b |\n| - | - |\n| 1 | 2 |\n\nline one\\\nline two\n")
    assert "<table>" in html and "<td>2</td>" in html and "line one<br>" in html


def test_scripts_and_javascript_urls_are_removed() -> None:
    html = render_fragment('<script>alert(1)</script>\n\n<a href="javascript:alert(1)">x</a> <b onclick="x()">b</b>\n',
                           "commonmark", ())
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html and "<b>b</b>" in html


def test_build_html_renders_the_hymn_with_breaks(tmp_path: Path) -> None:
    repo = Path(__file__).parents[2]
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "stories/rebounding-part-3.md").write_bytes((repo / "stories/rebounding-part-3.md").read_bytes())
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    assert run("sync", "--html", project=project).exit_code == 0
    html = (project / "site/en/rebounding-part-3.html").read_text(encoding="utf-8")
    assert "attendeth my way,<br>" in html and "way,\\" not in html


def test_python_markdown_if_asked_reads_the_hymn_breaks_too(tmp_path: Path) -> None:
    repo = Path(__file__).parents[2]
    project = tmp_path / "project"
    (project / "stories").mkdir(parents=True)
    (project / "stories/rebounding-part-3.md").write_bytes((repo / "stories/rebounding-part-3.md").read_bytes())
    (project / "storybridge.toml").write_text('languages = ["en", "ko"]\nhtml_renderer = "python-markdown"\n',
                                              encoding="utf-8")
    assert run("sync", "--html", project=project).exit_code == 0
    html = (project / "site/en/rebounding-part-3.html").read_text(encoding="utf-8")
    assert "attendeth my way,<br>" in html and "way,\\" not in html
    # The Markdown the site imports keeps the source's backslashes.
    assert "attendeth my way,\\\n" in (project / "site/en/rebounding-part-3.md").read_text(encoding="utf-8")
