"""Per-story work spread over worker processes, results in story order.

Every command hands each story to ``ordered_map``, the one worker pool:
what comes back is the same, in the same order, whatever the number of
workers, so the bytes written or printed never depend on it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALL_PROJECT = 40
"""Below this many stories one process is faster than starting workers."""

_FORK = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
"""Workers are forked on Linux (Python 3.14 no longer does by default):
they inherit what the parent read and indexed, such as the translation
memory, rather than each building its own. Elsewhere the system's
default (macOS and Windows spawn: forking is unsafe with macOS's system
libraries), which gives the same results, slower."""

CHUNK = 8
"""Stories per round trip to a worker: enough to pay for the trip, few
enough that no worker idles long at the end."""


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    jobs: int = 0,
    discard: Callable[[Result], None] | None = None,
    setup: Callable[[], None] | None = None,
    size: int | None = None,
) -> Iterator[Result]:
    """``map(function, items)`` over ``jobs`` worker processes (0: one per
    core), lazily and in order. Only a few chunks are in flight at a time,
    so results never pile up however large ``items`` is; ``function`` must
    be picklable (a module-level function or a ``functools.partial`` of
    one). An exception in a worker is raised here, as ``map`` would.

    ``discard`` (picklable too) is called on every result that was made but
    will never be yielded because something failed, in the worker or in the
    caller: the build uses it to remove the files such results staged.

    ``setup`` (picklable) runs once in each worker process before any item:
    ``update`` uses it to hand every worker the translation memory once,
    rather than with every chunk.

    ``size``: how many items the work this call is part of holds in all
    (``update``'s two passes), so that splitting it does not make each
    part too small for the workers."""
    workers = worker_count(jobs, max(len(items), size or 0)) if items else 1
    if workers == 1:
        yield from map(function, items)
        return
    chunks = chunked(items, workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=setup, mp_context=_FORK) as pool:
        pending: deque[Future[list[Result]]] = deque()
        held: deque[Result] = deque()
        submitted = 0
        try:
            while submitted < len(chunks) or pending:
                while submitted < len(chunks) and len(pending) < workers * 4:
                    pending.append(pool.submit(_map_chunk, function, chunks[submitted], discard))
                    submitted += 1
                held.extend(pending.popleft().result())
                while held:
                    yield held.popleft()
        except BaseException:
            if discard is not None:
                _discard_all(held, pending, discard)
            raise
        finally:
            for future in pending:
                future.cancel()


def _discard_all(
    held: deque[Result], pending: deque[Future[list[Result]]], discard: Callable[[Result], None]
) -> None:
    """Discard the results still held and those of every chunk that finished."""
    results = list(held)
    for future in pending:
        if future.cancel():
            continue
        try:
            results.extend(future.result())
        except BaseException:  # that chunk discarded its own results
            continue
    for result in results:
        try:
            discard(result)
        except Exception:  # noqa: BLE001 - the run's own error is the one to report; the others still go
            continue


@contextmanager
def forked_helper(work: Callable[[], bytes], jobs: int) -> Iterator[Callable[[], bytes | None]]:
    """Run ``work`` in one more process while the caller does its share of
    the same job, where processes fork (they inherit what ``work`` reads)
    and ``jobs`` allows a second process (0: one per core). Yields a call
    that waits for the helper's bytes and returns them, or None when no
    helper ran or it failed: the caller then does that share itself, so
    the result never depends on the helper. Leaving the block, however,
    stops the helper; one whose caller died stops as it hands its bytes
    over. The helper prints nothing, even when it fails."""
    if _FORK is None or (jobs or os.cpu_count() or 1) < 2 or multiprocessing.current_process().daemon:
        yield _nothing  # a daemonic process (a library caller's worker) may not start one
        return
    receiver, sender = _FORK.Pipe(duplex=False)
    helper = _FORK.Process(target=_help, args=(work, sender, receiver), daemon=True)
    helper.start()
    sender.close()

    def wait() -> bytes | None:
        try:
            return receiver.recv_bytes()
        except EOFError:  # it failed: it sent nothing
            return None

    try:
        yield wait
    finally:
        receiver.close()  # a helper still writing gets a broken pipe
        helper.kill()  # harmless once it has handed its bytes over
        helper.join()


def _nothing() -> None:
    return None


def _help(work: Callable[[], bytes], sender: Connection, receiver: Connection) -> None:
    """The helper's life: its bytes, or nothing (the caller then does the
    work). Its copy of the caller's end is closed first, so that when the
    caller is gone (killed), the write fails rather than waits forever."""
    try:
        receiver.close()
        sender.send_bytes(work())
    except BaseException:  # noqa: BLE001, S110 - no traceback: the caller does the work itself
        pass
    finally:
        sender.close()


def worker_count(jobs: int, stories: int) -> int:
    """How many processes to use: ``jobs`` (0: one per core), or one for a
    project too small to be worth starting workers."""
    workers = jobs or os.cpu_count() or 1
    return 1 if stories < SMALL_PROJECT else workers


def chunked(items: Sequence[Item], workers: int) -> list[Sequence[Item]]:
    """``items`` in runs of at most ``CHUNK``, about eight per worker."""
    size = max(1, min(CHUNK, len(items) // (workers * 8)))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _map_chunk(
    function: Callable[[Item], Result], chunk: Sequence[Item], discard: Callable[[Result], None] | None
) -> list[Result]:
    """A few items in one worker call: fewer round trips to the parent. If
    one fails, the results already made in the chunk are discarded here."""
    results: list[Result] = []
    try:
        for item in chunk:
            results.append(function(item))
    except BaseException:
        if discard is not None:
            for result in results:
                discard(result)
        raise
    return results
