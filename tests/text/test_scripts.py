"""Script counting and the width scan by pattern say what the per-character
definitions say: ``script_of`` for every letter, every character visited."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from storybridge.text.scripts import _LATIN_WORD, count_scripts, script_of, without_non_words

# Letters and marks from every range the counter treats apart, and around them.
ALPHABET = (
    "abcXYZ éÉßçñøłđ ΩπЖж 가힣ᄀᇿㄱㆎ ぁゟァヿㇰ 一龥㐀䶵豈 ٣٤ا ﬁ ½²"
    "'’- .,!?;:。！？．，：；()\"@#1 \t\n\u3000\u00a0\U00020000"
)
texts = st.text(alphabet=ALPHABET, max_size=60)


def per_character(text: str) -> tuple[dict[str, int], tuple[str, ...]]:
    words = without_non_words(text)
    letters: Counter[str] = Counter()
    for char in words:
        script = script_of(char)
        if script is not None:
            letters[script] += 1
    latin = tuple(
        w for w in _LATIN_WORD.findall(words) if all(script_of(c) == "latin" for c in w)
    )
    return dict(letters), latin


@settings(max_examples=400, deadline=None)
@given(texts)
def test_counts_match_the_per_character_definition(text: str) -> None:
    counts = count_scripts(text)
    letters, latin = per_character(text)
    assert counts.letters == letters
    assert counts.latin_words == latin


def test_words_with_apostrophes_are_not_latin_words() -> None:
    # "don't" holds a non-letter, so it is not a Latin word, as before.
    assert count_scripts("don't Stop").latin_words == ("Stop",)
