"""Shared fixtures: a sample content repository, the real CLI, GNU gettext."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from storybridge.cli import main

DATA = Path(__file__).parent / "data"

# No property test has a deadline: on a CI machine shared by several runs one
# slow example is not a failure (speed is shown in benchmarks/). A test's own
# @settings keeps this unless it names a deadline. tools/mutation/ names its
# own profile through STORYBRIDGE_HYPOTHESIS_PROFILE.
settings.register_profile("storybridge", deadline=None)
settings.load_profile(os.environ.get("STORYBRIDGE_HYPOTHESIS_PROFILE", "storybridge"))


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Templates are stamped with SOURCE_DATE_EPOCH, so runs are repeatable;
    a bug shows its traceback (the CLI otherwise prints one masked line)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("STORYBRIDGE_TRACEBACK", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/data/project to run commands in."""
    target = tmp_path / "project"
    shutil.copytree(DATA / "project", target)
    return target


def run(*args: str, project: Path | None = None) -> Result:
    """The real CLI, in-process; ``--project`` added when given."""
    argv = list(args)
    if project is not None:
        argv += ["--project", str(project)]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def msgfmt_check(path: Path) -> None:
    """GNU msgfmt -c must accept the catalog without a word of complaint."""
    done = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stderr, f"{path}: {done.stderr}"


def assert_canonical(path: Path) -> None:
    """msgcat must leave the catalog exactly as it is."""
    done = subprocess.run(["msgcat", str(path)], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == path.read_bytes(), f"{path} is not in msgcat's form"


def catalogs_under(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.po"))
    yield from sorted(root.rglob("*.pot"))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and mtime."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


CHROMIUM = Path("/usr/bin/chromium")

def visible_text(page: Path, profile: Path) -> str:
    """What a reader sees: ``document.body.innerText`` after headless Chromium lays the page out."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)")
    probe = page.with_name("probe.html")
    script = (
        '<script>addEventListener("load", () => { const pre = document.createElement("pre");'
        ' pre.id = "visible-text"; pre.textContent = document.body.innerText; document.body.replaceChildren(pre); });</script>'
    )
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=5000",
        "--dump-dom", probe.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'<pre id="visible-text">(.*?)</pre>', done.stdout, re.DOTALL)
    assert done.returncode == 0 and found, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return html.unescape(found.group(1))


GARDEN_KO = "locale/ko/LC_MESSAGES/garden.po"


def translate_garden(project: Path) -> None:
    """Sync, then fill the Korean garden catalog as a volunteer would
    (every msgstr "번역 " + msgid, markup kept), for the review tests."""
    import polib

    assert run("sync", project=project).exit_code == 0
    catalog = polib.pofile(str(project / GARDEN_KO))
    for entry in catalog:
        entry.msgstr = "번역 " + entry.msgid
    catalog.save()
