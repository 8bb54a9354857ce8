"""What editorial review costs (issue 17): approve, and build and status
with and without review records, on a generated corpus translated in full.

    python benchmarks/review.py --stories 300 --workers 2

Every msgstr is set to its msgid (the checks pass it; ``unchanged`` is a
warning), so every entry can be approved. Each step runs once on a cold
cache (.storybridge/ removed), so the numbers compare like with like.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate  # noqa: E402

STORYBRIDGE = str(Path(sys.executable).with_name("storybridge"))


def timed(args: list[str], root: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, workers included) of one run:
    on a shared machine the CPU time is the steadier of the two."""
    shutil.rmtree(root / ".storybridge", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([STORYBRIDGE, *args, "--project", str(root)], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--workers", type=int, default=0)
    options = parser.parse_args()
    jobs = ["--jobs", str(options.workers)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, options.stories, seed=7)
        subprocess.run([STORYBRIDGE, "sync", "--project", str(root), *jobs], check=True, capture_output=True)
        for path in (root / "locale").rglob("*.po"):
            catalog = polib.pofile(str(path))
            for entry in catalog:
                entry.msgstr = entry.msgid
            catalog.save()
        rows = [("build, no review records", timed(["build", *jobs], root)),
                ("status, no review records", timed(["status", "--format", "json", *jobs], root)),
                ("approve --lang ko (every story)", timed(["approve", "--lang", "ko", "--by", "Bench"], root))]
        settings = root / "storybridge.toml"
        settings.write_text(settings.read_text() + "require_review = true\n")
        rows += [("build, require_review", timed(["build", *jobs], root)),
                 ("status, with review records", timed(["status", "--format", "json", *jobs], root))]
        records = sum(1 for _ in (root / "locale").rglob("*.tsv"))
    print(f"{options.stories} stories, {records} review files, --jobs {options.workers}")
    print(f"  {'':34} {'wall':>8} {'CPU':>8}")
    for label, (wall, cpu) in rows:
        print(f"  {label:34} {wall:7.2f}s {cpu:7.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
