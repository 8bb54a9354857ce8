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
