"""Issue 5: the coverage report counts what the quality checks find."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import run


def test_status_counts_the_problems_check_reports(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    catalog.find("The garden").msgstr = "정원 <script>x</script>"  # raw-html: an error
    catalog.find("The Garden Behind the Church").msgstr = "The Garden Behind the Church"  # unchanged: a warning
    catalog.save(str(path))

    checked = run("check", "--format", "json", project=project)
    findings = json.loads(checked.stdout)
    garden_ko = [f for f in findings if f["file"] == "locale/ko/LC_MESSAGES/garden.po"]
    errors = sum(1 for f in garden_ko if f["severity"] == "error")
    warnings = sum(1 for f in garden_ko if f["severity"] == "warning")
    assert errors >= 1 and warnings >= 1

    status = json.loads(run("status", "--format", "json", project=project).stdout)
    record = next(r for r in status["coverage"] if r["slug"] == "garden" and r["language"] == "ko")
    assert (record["errors"], record["warnings"]) == (errors, warnings)
    other = next(r for r in status["coverage"] if r["slug"] == "garden" and r["language"] == "zh_Hans")
    assert (other["errors"], other["warnings"]) == (0, 0)

    table = run("status", project=project).stdout
    assert f"{errors} error" in table
    html = run("status", "--format", "html", project=project).stdout
    assert f"{errors} error" in html
    quick = json.loads(run("status", "--format", "json", "--no-checks", project=project).stdout)
    # advice is skipped; the build's errors still decide what is published
    assert all(r["warnings"] == 0 for r in quick["coverage"])
    assert [r["errors"] for r in quick["coverage"]] == [r["errors"] for r in status["coverage"]]
