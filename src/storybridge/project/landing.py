"""Landing every story but the ones whose inputs changed while the run read them.

A volunteer saves a catalog (or an author a story) while ``sync`` runs:
merging the old bytes over the new ones would lose the save, so that
story lands nothing, and is named ("changed while storybridge was
running; run it again"). Every other story's work still lands. The story
set aside keeps what was published for it: its files stay as they were,
listed and owned; its manifest record is the last build's; its line of
the skip cache is the last one with its inputs marked changed, so the
next run redoes it.

The manifest and the cache are streamed as results land (at 10,000
stories they are tens of megabytes), so the ``Ledger`` remembers where
each story's part of them, and of the run's lists, stands; setting a
story aside rewrites the two files without its parts, which only happens
on the rare run that raced a save.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storybridge.config import Config
from storybridge.project.files import Changes, StreamedWrite
from storybridge.project.cache_file import CACHE_FILE, load_cache
from storybridge.project.skip_cache import set_aside_line
from storybridge.site.publish import manifest_joint, render_manifest_record


@dataclass(slots=True)
class Ledger:
    """Where each story's part of the run's streamed files and lists stands."""

    sizes: dict[str, int] = field(default_factory=dict)
    """Bytes written so far to each streamed file, by name."""
    parts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """name → slug → (start, end): byte offsets of the story's part of a
    streamed file (its joint excluded), or indexes into a list."""

    def write(self, name: str, writer: StreamedWrite, text: str, slug: str | None = None, joint: str = "") -> None:
        """Write ``joint`` + ``text`` to ``writer``; ``text`` is ``slug``'s part."""
        start = self.sizes.get(name, 0) + len(joint.encode("utf-8"))
        end = start + len(text.encode("utf-8"))
        writer.write(joint + text)
        self.sizes[name] = end
        if slug is not None:
            self.parts.setdefault(name, {})[slug] = (start, end)

    def extend(self, name: str, into: list[str], items: Iterable[str], slug: str) -> None:
        """``into.extend(items)``, remembering that they are ``slug``'s."""
        start = len(into)
        into.extend(items)
        self.parts.setdefault(name, {})[slug] = (start, len(into))

    def without(self, name: str, items: list[str], slugs: Iterable[str]) -> list[str]:
        """``items`` without the parts of ``slugs``."""
        gone = set()
        for slug in slugs:
            start, end = self.parts.get(name, {}).get(slug, (0, 0))
            gone.update(range(start, end))
        return [item for index, item in enumerate(items) if index not in gone]


@dataclass(slots=True)
class Previous:
    """What the last build published for a story, to keep it as it is."""

    record: str | None = None
    """Its manifest record, rendered; None when it had none."""
    files: set[str] = field(default_factory=set)
    """Its files in the publish folder."""
    cache: str | None = None
    """Its line of the skip cache, marked so that the next run redoes it."""


def previous_publication(config: Config, slugs: Iterable[str]) -> dict[str, Previous]:
    """What the last build published for each of ``slugs``: from the skip
    cache, or, without one, from the manifest."""
    slugs = set(slugs)
    found: dict[str, Previous] = {}
    offsets = load_cache(config)
    try:
        with open(config.root / CACHE_FILE, "rb") as stream:
            for slug in sorted(slugs & offsets.keys()):
                stream.seek(offsets[slug])
                marked = set_aside_line(stream.readline().decode("utf-8"), slug)
                if marked is None:
                    raise ValueError(slug)
                record, files, line = marked
                found[slug] = Previous(record, set(files), line)
    except (OSError, ValueError, IndexError, TypeError, AttributeError):
        found.clear()
    missing = slugs - found.keys()
    if missing:
        try:
            document = json.loads(config.manifest_path.read_text(encoding="utf-8"))
            records = [record for record in document.get("stories", []) if record.get("slug") in missing]
        except (OSError, ValueError, AttributeError, TypeError):
            records = []
        for record in records:
            paths = {str(entry.get("path")) for entry in record.get("languages", {}).values() if entry.get("path")}
            found[record["slug"]] = Previous(render_manifest_record(record), paths | {
                path[: -len(".md")] + ".html" for path in paths if path.endswith(".md")})
    return found


def set_aside(
    config: Config, changes: Changes, ledger: Ledger, slugs: Iterable[str],
    manifest: StreamedWrite, cache: StreamedWrite, files: list[str], kept: list[str],
) -> tuple[StreamedWrite, StreamedWrite, int]:
    """Take the parts of ``slugs`` (stories whose writes ``changes`` set
    aside) out of the streamed manifest and cache and of ``files``, putting
    back what the last build published for them; ``kept`` gains their
    published files, so they stay listed and are not removed. The new
    streams and the count of manifest records."""
    slugs = set(slugs)
    previous = previous_publication(config, slugs)
    for slug in slugs:
        start, end = ledger.parts.get("files", {}).get(slug, (0, 0))
        kept.extend(files[start:end])  # files it lists now, if the last build published them too
        kept.extend(previous.get(slug, Previous()).files)
    files[:] = ledger.without("files", files, slugs)
    manifest, records = _rewrite(
        changes, ledger, "manifest", manifest, {slug: previous.get(slug, Previous()).record for slug in slugs},
        manifest_joint,
    )
    cache, _ = _rewrite(
        changes, ledger, "cache", cache, {slug: previous.get(slug, Previous()).cache for slug in slugs},
        lambda index: "",
    )
    return manifest, cache, records


def _rewrite(
    changes: Changes, ledger: Ledger, name: str, writer: StreamedWrite, instead: dict[str, str | None],
    joint: Callable[[int], str],
) -> tuple[StreamedWrite, int]:
    """Copy a streamed file, each story's part in ``instead`` replaced
    (None: left out), the joints between parts made anew; the new stream
    and how many parts it holds."""
    parts = ledger.parts.get(name, {})
    fresh, old = changes.restream(writer)
    ledger.sizes[name], ledger.parts[name] = 0, {}
    count = 0
    with open(old, "rb") as stream:
        # What stands before the first part (the manifest's opening, the cache's header).
        head = min((start for start, _ in parts.values()), default=None)
        head = old.stat().st_size if head is None else head - len(joint(0).encode("utf-8"))
        ledger.write(name, fresh, stream.read(head).decode("utf-8"))
        # Stories land in slug order; one set aside may have had no part this run.
        for slug in sorted(parts.keys() | instead.keys()):
            if slug in instead:
                text = instead[slug]
                if text is None:
                    continue
            else:
                start, end = parts[slug]
                stream.seek(start)
                text = stream.read(end - start).decode("utf-8")
            ledger.write(name, fresh, text, slug, joint(count))
            count += 1
    old.unlink()
    return fresh, count
