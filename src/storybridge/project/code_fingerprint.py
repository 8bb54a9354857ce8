"""What storybridge's output is made with besides the project's files:
its own code and data, Python, and every library installed beside it.

A cache made by other code is not trusted: the checks judge with
langdetect, markdown-it-py, phonenumbers, Python-Markdown …, and a new
version of one can judge, detect or write differently. ``sync``'s skip
cache and the editors' caches all key on this one fingerprint;
``run_fingerprint`` adds the settings and options of a run to it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from storybridge import __version__

if TYPE_CHECKING:
    from storybridge.config import Config
    from storybridge.project.tasks import Steps


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


def run_fingerprint(config: Config, steps: Steps) -> str:
    """Everything besides the files that decides the output: settings,
    options, and storybridge's code with the libraries it runs with
    (``code_fingerprint``: a new phonenumbers can find what the old missed)."""
    settings = replace(config, root=Path("."), source="")
    hasher = hashlib.sha256(f"{code_fingerprint()}\0{settings!r}\0{steps.extract}{steps.update}{steps.html}"
                            f"{steps.pseudo}{steps.languages}".encode())
    return hasher.hexdigest()
