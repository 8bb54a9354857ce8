"""Time what the pre-commit hooks and the CI recipe run, on a generated corpus.

    python benchmarks/hooks.py --stories 1000 --repeat 3

One corpus (``corpus.py``, fixed seed) is synced and every catalog entry
given a pseudo translation, then each command runs as a whole process and
the median wall time of ``--repeat`` runs is printed:

    storybridge check FILE          one changed catalog (the storybridge-check hook)
    storybridge check               every catalog, for comparison
    storybridge canonical FILE      one changed catalog (the storybridge-canonical hook)
    storybridge sync --check        CI's staleness check, nothing changed (cache warm)
    storybridge sync                the same work, landing (nothing), to compare
    storybridge sync --check        the same after one story was edited
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate  # noqa: E402
from run import translate_catalogs  # noqa: E402


def timed(command: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr.decode()}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--storybridge", default=str(Path(sys.executable).with_name("storybridge")))
    args = parser.parse_args(argv)
    sb = args.storybridge
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        generate(root, args.stories, 7)
        subprocess.run([sb, "sync"], cwd=root, check=True, capture_output=True)
        translate_catalogs(sorted((root / "locale").glob("*/LC_MESSAGES/**/*.po")))
        subprocess.run([sb, "sync"], cwd=root, check=True, capture_output=True)
        one = str(next(iter(sorted((root / "locale/ko/LC_MESSAGES").rglob("*.po")))).relative_to(root))
        story = sorted((root / "stories").rglob("*.md"))[0]
        steps = [
            ("check FILE (one catalog)", [sb, "check", one], (0, 1)),
            ("check (every catalog)", [sb, "check"], (0, 1)),
            ("canonical FILE (one catalog)", [sb, "canonical", one], (0,)),
            ("sync --check (nothing changed)", [sb, "sync", "--check"], (0,)),
            ("sync (nothing changed), to compare", [sb, "sync"], (0,)),
        ]
        rows = [(name, statistics.median(timed(cmd, root, ok) for _ in range(args.repeat))) for name, cmd, ok in steps]
        story.write_text(story.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
        rows.append(("sync --check (one story edited)",
                     statistics.median(timed([sb, "sync", "--check"], root, (1,)) for _ in range(args.repeat))))
    print(f"{args.stories} stories, median of {args.repeat}:")
    for name, seconds in rows:
        print(f"  {name:<34} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
