"""Issue 17: status shows a reviewed count beside translated, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import run

CATALOG = "locale/ko/LC_MESSAGES/garden.po"


def test_every_format_counts_reviewed_entries(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    quiet = run("status", "--lang", "ko", project=project).output
    assert "REVIEWED" not in quiet  # nothing approved or required: the table is as before
    catalog = polib.pofile(str(project / CATALOG))
    translated = [entry for entry in catalog][:3]
    for entry in translated:
        entry.msgstr = "번역 " + entry.msgid
    catalog.save()
    assert run("approve", "--lang", "ko", "--story", "garden", "--by", "Editor Han", project=project).exit_code == 0
    document = json.loads(run("status", "--format", "json", "--lang", "ko", "--story", "garden",
                              project=project).output)
    record = document["coverage"][0]
    assert (record["translated"], record["reviewed"], record["review_required"]) == (3, 3, False)
    assert document["totals"]["reviewed"] == 3
    table = run("status", "--lang", "ko", "--story", "garden", project=project).output
    assert "REVIEWED" in table and f"3/{record['total']}" in table
    markdown = run("status", "--format", "markdown", "--lang", "ko", "--story", "garden", project=project).output
    assert "(3 reviewed)" in markdown and "3 reviewed" in markdown.split("| story |")[1]
    html = run("status", "--format", "html", "--lang", "ko", "--story", "garden", project=project).output
    assert "3 reviewed" in html
