"""The memory's word index, built by this process and a forked helper sharing the work (#18).

Between ``update``'s two passes the workers wait for the index, which the
parent builds before they fork so that they share it: built by one
process, the second core would stand idle meanwhile (about a second at
1,000 stories). A helper forked for the purpose indexes the long texts
and hands its postings back packed; the parent indexes the rest and
joins the two. The index is the same whoever built which part
(``po.memory.Memory.index_words``).
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import partial
from itertools import accumulate, chain

from storybridge.po.memory import Memory, collector_paused, word_postings
from storybridge.project.pool import forked_helper

OWN_SHARE = 0.53
"""This process's share of the work when a helper does the rest. It also
unpacks and joins the helper's part (a tenth of a second at 1,000
stories), but the helper, a forked copy, is slower still: each page of
the parent it writes to is copied first. Measured in the run at 1,000
stories, three runs each: 0.55-0.62 s for the whole index with 0.53,
0.60-0.69 s with 0.47, 0.69-0.86 s in one process."""

TEXT_COST = 75
"""Indexing a text costs about as much as indexing this many more of its
characters (the calls, the set of its words): on the benchmark's archive
a character cost about 77 ns and a text 5.7 µs more, so 28,000 short
texts took 1.35 times as long as 7,000 long ones holding as many
characters."""


def index_words_shared(memory: Memory, jobs: int) -> None:
    """Build ``memory``'s word index (when it needs one), part of it in a
    forked helper when ``jobs`` allows a second process
    (``pool.forked_helper``); without one, or when it fails, this
    process indexes every text itself."""
    if not memory.needs_index():
        return
    msgids = memory.msgids
    cut = cut_at_share(msgids, OWN_SHARE)
    with forked_helper(partial(_packed_postings, msgids, cut), jobs) as helped:
        first = word_postings(msgids, 0, cut)
        packed = helped()
    second = unpack_postings(packed) if packed is not None else word_postings(msgids, cut).items()
    memory.index_words([first.items(), second])


def _packed_postings(msgids: Sequence[str], start: int) -> bytes:
    """The helper's part: the postings of the texts from ``start`` on."""
    return pack_postings(word_postings(msgids, start))


def cut_at_share(msgids: Sequence[str], share: float) -> int:
    """Where to cut ``msgids`` so that the texts before the cut hold about
    ``share`` (0–1) of the work of indexing them all (``TEXT_COST``)."""
    ends = list(accumulate(len(text) + TEXT_COST for text in msgids))
    return min(len(ends), bisect_left(ends, ends[-1] * share) + 1) if ends else 0


_POSTINGS_HEAD = struct.Struct("<QQ")


def pack_postings(postings: Mapping[str, list[int]]) -> bytes:
    """``word_postings`` as bytes, to hand to another process: the words,
    NUL-separated (the index's words never hold a NUL), then how many
    postings each word has, then the postings, as unsigned numbers of
    this machine's ``array("I")`` (both processes run on it). Packing and
    unpacking cost a tenth of a pickle's."""
    words = "\0".join(postings).encode("utf-8", "surrogatepass")
    counts = array("I", map(len, postings.values()))
    numbers = array("I", chain.from_iterable(postings.values()))
    return _POSTINGS_HEAD.pack(len(words), len(counts)) + words + counts.tobytes() + numbers.tobytes()


def unpack_postings(data: bytes) -> list[tuple[str, list[int]]]:
    """What ``pack_postings`` packed, as (word, postings) pairs."""
    size, count = _POSTINGS_HEAD.unpack_from(data)
    if not count:
        return []
    view = memoryview(data)[_POSTINGS_HEAD.size :]
    words = bytes(view[:size]).decode("utf-8", "surrogatepass").split("\0")
    numbers = array("I")
    numbers.frombytes(view[size:])
    pairs: list[tuple[str, list[int]]] = []
    start = count
    with collector_paused():
        for word, length in zip(words, numbers[:count], strict=True):
            pairs.append((word, numbers[start : start + length].tolist()))
            start += length
    if start != len(numbers):
        raise ValueError("postings of another length than their counts say")
    return pairs
