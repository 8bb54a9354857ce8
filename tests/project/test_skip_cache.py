"""The skip cache's fingerprint covers all of storybridge's code, not just the module it lives in."""

from __future__ import annotations

from pathlib import Path

import storybridge
from storybridge.project.skip_cache import code_files


def test_the_fingerprint_reads_every_package_of_storybridge() -> None:
    package = Path(storybridge.__file__).resolve().parent
    names = {path.relative_to(package).as_posix() for path in code_files()}
    for wanted in ("checks/registry.py", "po/format.py", "site/assemble.py", "markdown/segment.py",
                   "project/stage_site.py", "reports/templates/status.html.j2"):
        assert wanted in names
    assert not any("__pycache__" in name for name in names)
