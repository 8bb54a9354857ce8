"""What a ``status`` or ``check`` run printed, replayed when nothing it read has changed.

The per-story caches (``project.editor_cache``) still decode every
story's result and render it again: at 10,000 stories that is most of a
warm run. So a run also records the bytes it wrote to stdout and stderr,
in order, with its exit code, beside the stamps of everything the output
was made of: each story's input stamps (the same ones its results line
keeps), the glossary, the private list, and the list of stories itself.
The next run with the same options, settings, code and terminal (whether
styles are kept) stats those files and, when every stamp holds, writes
the recorded bytes back instead of working: start-up, a stat per file
and a copy.

A recording is two files in ``.storybridge/output/``: the bytes
(``<name>.<run>.out``, a name of the run's own, so two runs of the same
command never write the same file) and, written after them, the header
(``<name>.json``) that names the bytes file and its stamp, so a crash
between the two, or another run's recording, leaves a header that no
longer matches or names other bytes whole. Anything unreadable is ignored too; nothing in a recording is
trusted beyond what its stamps prove. Only UTF-8 output streams are
recorded (what a terminal, a pipe or a file in any UTF-8 locale gets).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from storybridge.config import Config
from storybridge.project.stamps import stamp_of

OUTPUT_DIR = ".storybridge/output"
"""Where the recordings are kept, relative to the project root; safe to delete."""

KEEP = 8
"""Recordings kept (one per command and set of options), the newest."""

_CHUNK = 1 << 20


def settings_files(config: Config) -> list[Path]:
    """The files besides the stories' own that decide a status or check:
    the glossary and the private list (refused here, as every run refuses
    it, when it lies under the publish folder or git tracks it)."""
    from storybridge.project.glossary import glossary_path
    from storybridge.project.sensitive import private_list

    named = private_list(config)
    return [glossary_path(config)] + ([] if named is None else [named[0]])


def output_key(config: Config, command: str, options: Sequence[object], files: Iterable[Path]) -> str | None:
    """The digest that names a recording: the command, its ``options``,
    the settings, storybridge's code, the settings ``files`` it read
    (named, not stamped: their stamps are checked), and how the output
    streams are (UTF-8, terminals or not, ``NO_COLOR``); None when the
    output cannot be recorded (a stream that is not UTF-8 bytes)."""
    from storybridge.project.editor_cache import code_fingerprint

    streams = []
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" or not hasattr(stream, "buffer"):
            return None
        streams.append(_plain(stream, True))
    parts = (1, code_fingerprint(), repr(config), command, repr(tuple(options)), [str(path) for path in files],
             streams, os.environ.get("NO_COLOR", ""))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _plain(stream: IO[str], styles: bool) -> bool:
    """Whether ``click.echo`` strips ANSI styles from what goes to ``stream``
    (off a terminal, or without ``styles``): its own test, which its test
    runner also answers."""
    import click.utils

    return bool(click.utils.should_strip_ansi(stream, None if styles else False))


def _stamp(path: Path) -> list[Any]:
    """``[path, size, mtime, ctime, inode, digest]`` of a settings file (digest: its bytes are compared too)."""
    from storybridge.project.disk import file_digest

    try:
        info = os.stat(path)
    except OSError:
        return [str(path), -1, 0, 0, 0, None]
    return [str(path), *stamp_of(info), file_digest(path)]


def _bytes_stamp(path: Path) -> list[int] | None:
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def _header_path(config: Config, key: str) -> Path:
    return config.root / OUTPUT_DIR / f"{key[:32]}.json"


def _bytes_name(key: str) -> str:
    """A bytes file of this run's own (``secrets``: no two runs share it)."""
    import secrets

    return f"{key[:32]}.{secrets.token_hex(8)}.out"


_BYTES_NAME = re.compile(r"[0-9a-f]{32}\.[0-9a-f]{16}\.out")


def replay(config: Config, key: str | None, slugs: tuple[str, ...], files: Sequence[Path]) -> int | None:
    """Write the recorded output of the run named ``key`` and give its exit
    code, when the recording holds for the stories (those in ``slugs``, or
    all) and the settings ``files``; else None, having written nothing."""
    from storybridge.project.editor_cache import STATS_ENV, holds
    from storybridge.project.steps import story_files
    from storybridge.project.verdicts import Tally

    if key is None:
        return None
    header_path = _header_path(config, key)
    if not header_path.is_file():
        return None
    stories = story_files(config, slugs)
    try:
        header = json.loads(header_path.read_bytes())
        if header["key"] != key or not _BYTES_NAME.fullmatch(header["output"]):
            return None
        bytes_path = header_path.parent / header["output"]
        stamp = _bytes_stamp(bytes_path)
        if header["bytes"] != stamp or stamp is None or sum(size for _, size in header["chunks"]) != stamp[0]:
            return None
        if header["stories"] != [[str(path), slug] for path, slug in stories]:
            return None
        if len(header["files"]) != len(files) or not all(
            stamp[0] == str(path) and holds(stamp) for stamp, path in zip(header["files"], files)
        ):
            return None
        if len(header["heads"]) != len(stories) or not all(
            slug == story[1] and holds(stamp)
            for (slug, _key, stamps), story in zip(header["heads"], stories) for stamp in stamps
        ):
            return None
        chunks = [(str(stream), int(size)) for stream, size in header["chunks"]]
        code = int(header["exit"])
        source = open(bytes_path, "rb")  # noqa: SIM115 - closed below
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None
    with source:
        for stream, size in chunks:
            target = (sys.stderr if stream == "err" else sys.stdout)
            target.flush()
            while size > 0:
                data = source.read(min(size, _CHUNK))
                if not data:
                    break
                target.buffer.write(data)
                size -= len(data)
            target.buffer.flush()
    if os.environ.get(STATS_ENV) == "1":
        print(Tally(stories_reused=len(stories)).line() + "; output replayed", file=sys.stderr)
    return code


class Recorder:
    """Writes a run's output to its streams and, beside, to a new recording;
    ``finish`` keeps the recording only when every story's stamps were seen
    (a story changed while it was read leaves none)."""

    def __init__(self, config: Config, key: str | None, files: Sequence[Path]) -> None:
        from storybridge.project.line_files import Rewrite

        self.config, self.key = config, key
        self.files = [_stamp(path) for path in files]
        self.chunks: list[list[Any]] = []
        self.stories: list[list[str]] = []
        self.heads: list[bytes] = []
        self.complete = True
        self._bytes: Rewrite | None = None
        if key is not None:
            self._name = _bytes_name(key)
            self._bytes = Rewrite(config.root / OUTPUT_DIR / self._name, b"")

    def story(self, path: Path, slug: str, head: bytes | None) -> None:
        """A story of the run, with its stamps (``[slug, key, stamps]`` as JSON) or None."""
        if self._bytes is None:
            return  # not recording
        self.stories.append([str(path), slug])
        if head is None:
            self.complete = False
        else:
            self.heads.append(head)

    def echo(self, text: str, err: bool = False, styles: bool = True) -> None:
        """Print ``text`` as ``click.echo(text, nl=False, color=None if
        styles else False)`` does, and record the bytes."""
        import click

        stream: IO[str] = sys.stderr if err else sys.stdout
        if _plain(stream, styles):
            text = click.unstyle(text)
        if not text:
            return
        stream.write(text)
        stream.flush()
        if self._bytes is None:
            return
        data = text.encode("utf-8", "surrogateescape")
        name = "err" if err else "out"
        if self.chunks and self.chunks[-1][0] == name:
            self.chunks[-1][1] += len(data)
        else:
            self.chunks.append([name, len(data)])
        self._bytes.write(data)

    def finish(self, exit_code: int) -> None:
        """Keep the recording (a failure to write just leaves none)."""
        if self._bytes is None or self.key is None:
            return
        if not self.complete:
            self._bytes.discard()
            return
        self._bytes.finish()
        header_path = _header_path(self.config, self.key)
        stamp = _bytes_stamp(header_path.parent / self._name)
        if stamp is None:
            return
        header = {"key": self.key, "output": self._name, "bytes": stamp, "stories": self.stories,
                  "files": self.files, "chunks": self.chunks, "exit": exit_code}
        from storybridge.project.line_files import Rewrite

        rewrite = Rewrite(header_path, b"")
        text = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        rewrite.write(text[:-1] + b',"heads":[')  # the heads as the results files keep them, not parsed
        for number, head in enumerate(self.heads):
            rewrite.write((b"," if number else b"") + head)
        rewrite.write(b"]}")
        rewrite.finish()
        _prune(header_path.parent)

    def discard(self) -> None:
        if self._bytes is not None:
            self._bytes.discard()


def _prune(folder: Path) -> None:
    """Keep the ``KEEP`` newest recordings."""
    try:
        headers = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in headers[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
    # Bytes no kept header names go, but for the 2 × KEEP newest: another
    # run may have just written its own and not yet its header.
    named = set()
    for header in headers[:KEEP]:
        try:
            named.add(json.loads(header.read_bytes())["output"])
        except (OSError, ValueError, TypeError, KeyError):
            pass
    try:
        outputs = sorted(folder.glob("*.out"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in outputs[2 * KEEP:]:
        if old.name not in named:
            try:
                old.unlink()
            except OSError:
                pass
