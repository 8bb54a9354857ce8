"""The README's quick start and CI must not drift apart."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    assert len(commands) >= 2
    test_command = commands[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
