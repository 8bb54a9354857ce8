"""What ``status`` shows of identifying details (#16): the decision
*blocked* with its reason, and every text it prints masked.

The reason comes from the same places the build reads (the source story
and the catalog; the built file is the build's to read), so ``status``
shows the decision the build makes, without the text found.
"""

from __future__ import annotations

from dataclasses import replace

from storybridge.checks.sensitive import Guard
from storybridge.config import Config
from storybridge.model import StoryCatalogs
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


def _masked(guard: Guard, pending: Pending) -> Pending:
    msgid, msgstr = guard.redact(pending.msgid), guard.redact(pending.msgstr)
    previous = None if pending.previous is None else guard.redact(pending.previous)
    if (msgid, msgstr, previous) == (pending.msgid, pending.msgstr, pending.previous):
        return pending
    diff = diff_words(previous, msgid) if previous is not None and pending.diff else ()
    return replace(pending, msgid=msgid, msgstr=msgstr, previous=previous, diff=diff)
