"""The worker pool: results in order, and a run split in parts keeps its workers."""

from __future__ import annotations

import os

from storybridge.project.pool import SMALL_PROJECT, ordered_map


def pid_of(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_a_small_part_of_a_large_run_still_goes_to_the_workers() -> None:
    """``update``'s two passes (#18) each hand the pool a part of the
    stories: the part's ``size`` is the run's, so a part below
    ``SMALL_PROJECT`` is not left to one process."""
    items = list(range(5))
    alone = list(ordered_map(pid_of, items, jobs=2))
    part = list(ordered_map(pid_of, items, jobs=2, size=SMALL_PROJECT))
    assert [item for item, _ in alone] == [item for item, _ in part] == items
    assert {pid for _, pid in alone} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in part}


class Unremovable(OSError):
    """A result whose temporary files cannot be removed."""


def note_discard(log: str, result: tuple[int, int]) -> None:
    """Discard ``result``, noting it in ``log``; item 4's cannot be removed."""
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(f"{result[0]}\n")
    if result[0] == 4:
        raise Unremovable(5, "Input/output error")


def test_a_result_that_cannot_be_discarded_neither_hides_the_error_nor_keeps_the_others(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The caller fails while the workers still have results in hand (a
    full disk as a story lands): closing the pool discards each result
    made and never handed over. One that cannot be removed (its disk
    failing too) must not stop the others from going, nor replace the
    caller's error with its own."""
    from contextlib import closing
    from functools import partial

    import pytest

    log = tmp_path / "discarded.log"
    items = list(range(4 * SMALL_PROJECT))
    worked = ordered_map(pid_of, items, jobs=2, discard=partial(note_discard, str(log)))
    with pytest.raises(RuntimeError, match="the caller's own"), closing(worked):
        for item, _ in worked:
            if item == 3:  # item 4's result is made (the chunk holds 0-7) and never handed over
                raise RuntimeError("the caller's own error")
    discarded = [int(line) for line in log.read_text(encoding="utf-8").split()]
    assert discarded[0] == 4 and len(discarded) > 1, discarded  # the rest still went
    assert all(item > 3 for item in discarded)
