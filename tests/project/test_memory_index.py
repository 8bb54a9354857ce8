"""The memory's word index built before the workers fork, part of it by a forked helper (#18)."""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.po.memory import SCAN_LIMIT, Unit, build_memory
from storybridge.project import memory_index
from storybridge.project.memory_index import TEXT_COST, cut_at_share, index_words_shared, pack_postings, unpack_postings

WORDS = "the families river border night winter rice coat prayer hymn 국경 가족 기도 家族 祈祷 河边".split()


def archive(seed: int) -> list[Unit]:
    """More distinct texts than ``SCAN_LIMIT``, so lookups go through the index."""
    chosen = random.Random(seed)
    texts = {" ".join(chosen.choices(WORDS, k=chosen.randint(2, 60))) for _ in range(SCAN_LIMIT * 2)}
    return [Unit(text, f"translated {n}", f"story-{n % 40}") for n, text in enumerate(sorted(texts))]


@pytest.mark.parametrize("jobs", [2, 1])
def test_the_index_built_with_a_helper_is_the_index_one_process_builds(
    jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a helper (two jobs, on Linux) or without (one), every word's
    postings are those of one process indexing every msgid, in the same
    order; with two jobs the helper's part is the one used."""
    unpacked: list[int] = []

    def unpack(data: bytes) -> list[tuple[str, list[int]]]:
        unpacked.append(len(data))
        return unpack_postings(data)

    monkeypatch.setattr(memory_index, "unpack_postings", unpack)
    units = archive(7)
    alone, shared = build_memory(units), build_memory(units)
    assert len(alone.msgids) > SCAN_LIMIT
    alone.index_words()
    index_words_shared(shared, jobs)
    assert shared.words and shared.words == alone.words
    assert list(shared.words) == list(alone.words)
    helped = jobs > 1 and sys.platform.startswith("linux")
    assert len(unpacked) == (1 if helped else 0)  # not the parent doing it all when a helper ran
    index_words_shared(shared, jobs)  # built once: a second call leaves it as it is
    assert shared.words == alone.words and len(unpacked) == (1 if helped else 0)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text().map(lambda word: word.replace("\0", "")), st.lists(st.integers(0, 2**32 - 1))))
def test_postings_packed_for_the_parent_unpack_as_they_were(postings: dict[str, list[int]]) -> None:
    """Any words (surrogates and the empty word too), any postings a
    32-bit number holds, none at all: the same pairs, in the same order."""
    assert unpack_postings(pack_postings(postings)) == list(postings.items())


def test_the_cut_gives_each_side_its_share_of_the_work() -> None:
    """Each text costs its characters and ``TEXT_COST`` more: many short
    texts weigh as much as a few long ones."""
    short, long = "a" * 10, "b" * (10 + 9 * TEXT_COST + 90)  # one long text weighs as much as ten short ones
    texts = [short] * 100 + [long] * 10
    assert cut_at_share(texts, 0.5) in (100, 101)
    assert cut_at_share(texts, 0.0) == 1  # never an empty first part of a memory with texts
    assert cut_at_share(texts, 1.0) == len(texts)
    assert cut_at_share([], 0.5) == 0
