"""What storybridge's output is made with besides the project's files:
its own code and data, Python, and every library installed beside it.

A cache made by other code is not trusted: the checks judge with
langdetect, markdown-it-py, phonenumbers, Python-Markdown …, and a new
version of one can judge, detect or write differently. ``sync``'s skip
cache and the editors' caches all key on this one fingerprint.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

from storybridge import __version__


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """storybridge's version and code, Python's version, and every library
    installed beside it with its version (the checks judge with langdetect,
    markdown-it-py, Python-Markdown …: a new one can judge differently).
    The libraries are named by their ``*.dist-info`` folders: one listing,
    where asking ``importlib.metadata`` for each would cost more than a warm run."""
    import sysconfig

    hasher = hashlib.sha256(f"{__version__}\0{sys.version}".encode())
    for folder in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *sys.path}):
        try:
            names = sorted(name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        if not names:
            continue  # the current folder of ``python -m`` is on sys.path: it must not change the fingerprint
        hasher.update(("\0" + folder + "\0" + "\0".join(names)).encode("utf-8", "surrogatepass"))
    package = Path(__file__).resolve().parents[1]
    for path in code_files():
        hasher.update(b"\0" + path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def code_files() -> list[Path]:
    """Every file of the storybridge package that can change what it
    writes or finds: its modules, templates, schemas and word lists."""
    package = Path(__file__).resolve().parents[1]
    return sorted(
        path for path in package.rglob("*")
        if path.suffix in (".py", ".j2", ".json", ".csv", ".txt") and "__pycache__" not in path.parts
    )
