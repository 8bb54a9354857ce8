"""What a publishing profile and the HTML renderers cost: ``storybridge build``
on a generated corpus with no profile, each profile, and ``--html`` with
markdown-it-py (CommonMark) and Python-Markdown.

    python benchmarks/profiles.py --stories 1000 --repeat 3

Each run builds from scratch (publish folder, manifest and cache removed),
so it measures the work, not the skip cache. Prints the median wall time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
STORYBRIDGE = Path(sys.executable).parent / "storybridge"

VARIANTS = [
    ("no profile", "", []),
    ("hugo", 'site_profile = "hugo"\n', []),
    ("mkdocs (two-space breaks)", 'site_profile = "mkdocs"\nlayout = "by-suffix"\n', []),
    ("jekyll", 'site_profile = "jekyll"\n', []),
    ("--html, CommonMark", "", ["--html"]),
    ("--html, Python-Markdown", 'html_renderer = "python-markdown"\n', ["--html"]),
]


def build_once(corpus: Path, settings: str, options: list[str], base: str) -> float:
    (corpus / "storybridge.toml").write_text(base + settings, encoding="utf-8")
    for leftover in ("site", ".storybridge"):
        shutil.rmtree(corpus / leftover, ignore_errors=True)
    for manifest in corpus.glob("*.manifest.json"):
        manifest.unlink()
    start = time.perf_counter()
    subprocess.run([str(STORYBRIDGE), "build", "--project", str(corpus), *options], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--stories", str(args.stories), "--seed", "7",
                        "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
        base = (corpus / "storybridge.toml").read_text(encoding="utf-8")
        subprocess.run([str(STORYBRIDGE), "extract", "--project", str(corpus)], check=True, stderr=subprocess.DEVNULL)
        subprocess.run([str(STORYBRIDGE), "update", "--project", str(corpus)], check=True, stderr=subprocess.DEVNULL)
        print(f"storybridge build, {args.stories} stories, median of {args.repeat}")
        for name, settings, options in VARIANTS:
            times = [build_once(corpus, settings, options, base) for _ in range(args.repeat)]
            print(f"  {name:28} {statistics.median(times):6.2f} s")


if __name__ == "__main__":
    main()
