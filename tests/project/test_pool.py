"""The worker pool: results in order, and a run split in parts keeps its workers."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from storybridge.project.pool import SMALL_PROJECT, forked_helper, ordered_map

LINUX = sys.platform.startswith("linux")
"""Where helpers are forked; elsewhere the caller does their work."""


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
    time.sleep(60)
    return b"too late"


def test_a_forked_helper_hands_back_its_bytes_from_another_process() -> None:
    """Where processes fork and two jobs are allowed, the work runs in a
    second process (#18: part of the memory's word index)."""
    with forked_helper(helper_pid, jobs=2) as helped:
        got = helped()
    if LINUX:
        assert got is not None and int(got) != os.getpid()
    else:  # processes are spawned there: no helper, the caller does the work
        assert got is None
    assert not multiprocessing.active_children()


def test_without_a_second_job_there_is_no_helper() -> None:
    """``--jobs 1`` means one process: the caller is told to do the work."""
    with forked_helper(helper_pid, jobs=1) as helped:
        assert not multiprocessing.active_children()
        assert helped() is None


def test_a_failing_helper_prints_nothing_and_leaves_the_work_to_the_caller(capfd: pytest.CaptureFixture[str]) -> None:
    """No traceback reaches the user: the caller does the work itself."""
    with forked_helper(failing_helper, jobs=2) as helped:
        assert helped() is None
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_leaving_early_stops_a_helper_still_at_work() -> None:
    """The caller fails before it waits for the helper (its own share
    failing): the helper does not outlive the block."""
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt), forked_helper(sleeping_helper, jobs=2):
        raise KeyboardInterrupt
    assert not multiprocessing.active_children()
    assert time.monotonic() - start < 30  # not the helper's minute


def run_script(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """``body`` run by this Python in a process of its own, which a hang
    cannot take the test run down with (its process group is killed)."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        pytest.fail("the script hung: the helper was neither stopped nor done")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


HELPER = """
    import multiprocessing, os, signal, sys, time
    from storybridge.project.pool import forked_helper

    def big_and_slow() -> bytes:  # more than a pipe holds: the helper waits for a reader
        time.sleep(2)
        return b"x" * (4 << 20)
"""


def test_an_interrupt_while_the_caller_waits_stops_the_helper(tmp_path: Path) -> None:
    """A KeyboardInterrupt reaches the caller alone (``kill -INT`` of its
    pid) while it waits for the helper's bytes: the block is left at
    once, the helper stopped, and the caller's lock is not held forever
    by a helper blocked writing to a pipe nobody reads."""
    done = run_script(tmp_path, HELPER + """
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    started = time.monotonic()
    try:
        with forked_helper(big_and_slow, jobs=2) as helped:
            helped()
    except KeyboardInterrupt:
        pass
    print(len(multiprocessing.active_children()), round(time.monotonic() - started, 1))
    """)
    assert done.returncode == 0, done.stderr
    children, seconds = done.stdout.split()
    assert children == "0"
    assert float(seconds) < 1.9  # left before the helper even woke up (2 s)


def test_a_helper_whose_caller_was_killed_does_not_stay_behind(tmp_path: Path) -> None:
    """The caller is killed (SIGKILL, the OOM killer) while the helper
    works: the helper ends as it hands its bytes over, rather than
    waiting forever on a pipe and keeping the run's output open."""
    done = run_script(tmp_path, HELPER + """
    with forked_helper(big_and_slow, jobs=2) as helped:
        helpers = multiprocessing.active_children()
        print(helpers[0].pid if helpers else "none", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    assert done.returncode == -9
    pid = done.stdout.strip()
    if not LINUX:
        assert pid == "none"
        return
    for _ in range(200):  # the helper sleeps 2 s, then finds no reader
        if not alive(int(pid)):
            break
        time.sleep(0.1)
    assert not alive(int(pid))


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for init to reap it does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status
