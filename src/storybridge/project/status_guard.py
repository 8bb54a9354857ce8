"""What ``status`` shows of identifying details (#16): the decision
*blocked* with its reason, and every text it prints masked.

The reason comes from the same places the build reads (the source story
and the catalog; the built file is the build's to read), so ``status``
shows the decision the build makes, without the text found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from storybridge.checks.base import Finding
from storybridge.checks.sensitive import Guard
from storybridge.config import Config
from storybridge.model import StoryCatalogs
from storybridge.project.sensitive import slug_mask
from storybridge.project.site_guard import catalog_blocks, source_blocks
from storybridge.status.coverage import Coverage, Pending
from storybridge.status.words import diff_words


def guard_records(config: Config, guard: Guard, item: StoryCatalogs, records: list[Coverage]) -> list[Coverage]:
    """``records`` with each blocked language's reason, and the title and
    entries they show masked."""
    source_reason = source_blocks(config, guard, item.story, []) or ""
    guarded = []
    for record in records:
        reason = source_reason
        catalog = item.catalogs.get(record.language)
        if not reason and catalog is not None:
            reason = catalog_blocks(guard, catalog, record.catalog, record.language, []) or ""
        guarded.append(
            replace(
                record,
                title=guard.redact(record.title),
                blocked=reason,
                # the one decision (#14): identifying details block the language
                **({"state": "blocked", "reason": reason} if reason and record.state else {}),
                fuzzy_entries=tuple(_masked(guard, pending) for pending in record.fuzzy_entries),
                untranslated_entries=tuple(_masked(guard, pending) for pending in record.untranslated_entries),
            )
        )
    return guarded


def mask_finding(mask: Callable[[str], str], finding: Finding) -> Finding:
    """``finding`` with a story's identifying file name masked (``slug_mask``)."""
    return replace(finding, file=mask(finding.file), problem=replace(finding.problem, message=mask(finding.problem.message)))


def mask_file_name(guard: Guard, slug: str, notes: list[str], records: list[Coverage]) -> tuple[list[str], list[Coverage]]:
    """The notes and records of a story whose file name identifies someone
    (#16) with the name masked wherever they show it; the rest as given."""
    mask = slug_mask(guard, slug)
    if mask is None:
        return notes, records
    return [mask(note) for note in notes], [
        replace(
            record, slug=mask(record.slug), title=mask(record.title), catalog=mask(record.catalog),
            reason=mask(record.reason), blocked=mask(record.blocked), stale_reason=mask(record.stale_reason),
            findings=tuple(mask_finding(mask, finding) for finding in record.findings),
            fuzzy_entries=tuple(replace(entry, where=mask(entry.where)) for entry in record.fuzzy_entries),
            untranslated_entries=tuple(replace(entry, where=mask(entry.where)) for entry in record.untranslated_entries),
        )
        for record in records
    ]


def _masked(guard: Guard, pending: Pending) -> Pending:
    msgid, msgstr = guard.redact(pending.msgid), guard.redact(pending.msgstr)
    previous = None if pending.previous is None else guard.redact(pending.previous)
    if (msgid, msgstr, previous) == (pending.msgid, pending.msgstr, pending.previous):
        return pending
    diff = diff_words(previous, msgid) if previous is not None and pending.diff else ()
    return replace(pending, msgid=msgid, msgstr=msgstr, previous=previous, diff=diff)
