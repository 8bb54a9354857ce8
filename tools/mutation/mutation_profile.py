"""A pytest plugin for mutation runs: a small, fixed hypothesis profile.

Loaded by ``tools/mutation/run.py`` with ``-p mutation_profile``. Every
mutant reruns the property tests, so they run fewer examples than in CI,
always the same ones (``derandomize``: mutmut maps tests to functions in a
first run, and a property that drew other data later would call other
functions), with no deadline (two cores shared by several runs make any
timing meaningless) and no example database (a mutant's failing example
must not be replayed against the next mutant). A test's own
``@settings(max_examples=...)`` still wins, as in CI.
"""

from __future__ import annotations

import os
import sys

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    max_examples=int(os.environ.get("STORYBRIDGE_MUTATION_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("mutation")


MEMOS = (("storybridge.site.assemble", "_VERDICTS"),)
"""Module-level dicts a mutated module remembers results in, by module
and name: like an ``lru_cache``, filled before mutmut forks."""


def pytest_runtest_setup(item: object) -> None:
    """Every test starts with storybridge's caches empty.

    mutmut runs each mutant in a process forked after a first run of the
    tests, so an ``lru_cache`` (``po.format._format_fields``) or a memo
    dict (``site.assemble._VERDICTS``) holds the unmutated results: a
    mutant in code run only when the memo misses is never run and
    "survives". Emptied, each test computes afresh."""
    for name, module in list(sys.modules.items()):
        if name == "storybridge" or name.startswith("storybridge."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()
    for name, attribute in MEMOS:
        memo = getattr(sys.modules.get(name), attribute, None)
        if isinstance(memo, dict):
            memo.clear()
