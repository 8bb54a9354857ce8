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


def helper_pid() -> bytes:
    return str(os.getpid()).encode()


def failing_helper() -> bytes:
    raise MemoryError("the helper ran out of memory")


def sleeping_helper() -> bytes:
    import time

    time.sleep(60)
    return b"too late"


def test_a_forked_helper_hands_back_its_bytes_from_another_process() -> None:
    """Where processes fork and two jobs are allowed, the work runs in a
    second process (#18: half of the memory's word index)."""
    import sys

    from storybridge.project.pool import forked_helper

    with forked_helper(helper_pid, jobs=2) as helped:
        got = helped()
    if sys.platform.startswith("linux"):
        assert got is not None and int(got) != os.getpid()
    else:  # processes are spawned there: no helper, the caller does the work
        assert got is None


def test_without_a_second_job_there_is_no_helper() -> None:
    """``--jobs 1`` means one process: the caller is told to do the work."""
    import multiprocessing

    from storybridge.project.pool import forked_helper

    with forked_helper(helper_pid, jobs=1) as helped:
        assert not multiprocessing.active_children()
        assert helped() is None


def test_a_failing_helper_prints_nothing_and_leaves_the_work_to_the_caller(capfd) -> None:  # type: ignore[no-untyped-def]
    """No traceback reaches the user: the caller does the work itself."""
    from storybridge.project.pool import forked_helper

    with forked_helper(failing_helper, jobs=2) as helped:
        assert helped() is None
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_leaving_early_stops_a_helper_still_at_work() -> None:
    """The caller fails before it waits for the helper (Ctrl-C, its own
    share failing): the helper does not outlive the block."""
    import multiprocessing
    import time

    import pytest

    from storybridge.project.pool import forked_helper

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), forked_helper(sleeping_helper, jobs=2):
        raise KeyboardInterrupt
    assert not multiprocessing.active_children()
    assert time.monotonic() - start < 30  # not the helper's minute
