"""The public API: what ``storybridge.__all__`` promises resolves, and runs a project end to end."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import storybridge
from conftest import DATA


def test_all_names_the_public_api_and_each_name_resolves() -> None:
    printed = subprocess.run(
        [sys.executable, "-c", "import storybridge; print(storybridge.__all__)"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert "'sync'" in printed and "'load_project'" in printed and "'StoryError'" in printed
    for name in storybridge.__all__:
        assert getattr(storybridge, name) is not None
    assert sorted(dir(storybridge)) == sorted(storybridge.__all__)


def test_a_script_publishes_and_reports_through_the_public_api(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "project", project)
    config = storybridge.load_project(project)
    report = storybridge.sync(config, storybridge.Steps(jobs=1))
    assert report.stories == 2
    assert (project / "site" / "manifest.json").is_file()
    status, _ = storybridge.read_status(config, jobs=1)
    assert {record.slug for record in status.coverage} == {"garden", "news/winter"}
    assert storybridge.check_project(config, jobs=1).catalogs > 0


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        storybridge.load_config  # noqa: B018 - private, not re-exported
    except AttributeError as error:
        assert "load_config" in str(error)
    else:
        raise AssertionError("storybridge.load_config should not be public")
