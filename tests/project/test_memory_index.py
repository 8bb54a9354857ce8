"""The memory's word index built before the workers fork, half of it by a helper process (#18)."""

from __future__ import annotations

import random

import pytest

from storybridge.po.memory import SCAN_LIMIT, Unit, build_memory
from storybridge.project.memory import index_in_halves

WORDS = "the families river border night winter rice coat prayer hymn 국경 가족 기도 家族 祈祷 河边".split()


def archive(seed: int) -> list[Unit]:
    """More distinct texts than ``SCAN_LIMIT``, so lookups go through the index."""
    chosen = random.Random(seed)
    texts = {" ".join(chosen.choices(WORDS, k=chosen.randint(2, 60))) for _ in range(SCAN_LIMIT * 2)}
    return [Unit(text, f"translated {n}", f"story-{n % 40}") for n, text in enumerate(sorted(texts))]


@pytest.mark.parametrize("jobs", [2, 1])
def test_the_index_built_in_halves_is_the_index_one_process_builds(jobs: int) -> None:
    """With a helper (two jobs) or without (one), every word's postings
    are those of one process indexing every msgid, in the same order."""
    units = archive(7)
    alone, halved = build_memory(units), build_memory(units)
    assert len(alone.msgids) > SCAN_LIMIT
    alone.index_words()
    index_in_halves(halved, jobs)
    assert halved.words and halved.words == alone.words
    assert list(halved.words) == list(alone.words)
    index_in_halves(halved, jobs)  # built once: a second call leaves it as it is
    assert halved.words == alone.words
