"""A bug in storybridge prints one masked line and exits 70: a traceback
would quote the values it failed on (a file name, a line of a story)
into the logs CI keeps. STORYBRIDGE_TRACEBACK=1 shows the traceback.
The number and the name are invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from storybridge.cli.base import INTERNAL_ERROR, TRACEBACK_ENV, reports_errors


@reports_errors
def _failing(project: Path) -> None:
    raise OSError(36, "File name too long", f"stories/call 010-5555-0134 or Pak Sunhee in {project.name}.jpg")


def test_a_bug_is_one_masked_line_and_exit_70(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(TRACEBACK_ENV)
    listed = tmp_path / "private.txt"
    listed.write_text("Pak Sunhee\n", encoding="utf-8")
    monkeypatch.setenv("STORYBRIDGE_SENSITIVE_LIST", str(listed))
    with pytest.raises(SystemExit) as stopped:
        _failing(project=tmp_path)
    assert stopped.value.code == INTERNAL_ERROR
    said = capsys.readouterr().err
    assert said.startswith("storybridge: internal error: OSError: [Errno 36] File name too long: ") and said.count("\n") == 1
    assert "5555-0134" not in said and "Sunhee" not in said and "Traceback" not in said
    assert f"{TRACEBACK_ENV}=1" in said


def test_the_traceback_is_shown_when_asked_for(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="File name too long"):
        _failing(project=tmp_path)  # conftest sets STORYBRIDGE_TRACEBACK=1 for every test


def test_a_reader_that_went_away_is_no_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``storybridge status --format json | head``: the pipe closes early;
    that is no bug to report."""
    monkeypatch.delenv(TRACEBACK_ENV)

    @reports_errors
    def reader_gone(project: Path) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(SystemExit) as stopped:
        reader_gone(project=tmp_path)
    assert stopped.value.code == 1 and "internal error" not in capsys.readouterr().err
