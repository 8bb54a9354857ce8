"""The ``language`` and ``unchanged`` checks: is the translation in its catalog's language at all?

Advice leans towards silence: a volunteer learns to ignore a check that
cries wolf (Weblate's end-stop check on Chinese and Korean is the
cautionary tale), and then misses the real mistake."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storybridge.checks.base import CheckedEntry
from storybridge.markdown.inline import prose
from storybridge.text.languages import detect_guess
from storybridge.text.scripts import (
    HANGUL,
    SCRIPT_NAMES,
    count_scripts,
    expected_script,
    without_non_words,
)

# --- language --------------------------------------------------------------

FOREIGN_SHARE = 0.3
"""Below this weighted share of the expected script a text is foreign; a
Korean sentence with an English name stays well above it."""
SENTENCE_WORDS = 4
"""A sentence with no letter of the expected script and at least this many
words (or CJK characters) is an untranslated sentence, not a name."""
DETECT_LETTERS = 60
"""langdetect guesses only on texts with at least this many letters: on
shorter ones it calls English Dutch or Afrikaans."""

_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def check_language(entry: CheckedEntry) -> Iterator[str]:
    """The text is in the catalog's language: judged by Unicode script first,
    then, for Latin-script catalogs, by langdetect on longer texts."""
    expected = expected_script(entry.language)
    if expected is None or entry.msgstr.strip() == entry.msgid.strip():
        return  # unknown language; an unchanged text is `unchanged`'s to report
    if _wrong_script(entry) is not None:
        return  # the `script` error says it
    text = prose(entry.msgstr)
    counts = count_scripts(text)
    if counts.total < 2 or counts.only_names:
        return
    wanted = SCRIPT_NAMES[expected]
    if counts.share(expected) < FOREIGN_SHARE:
        yield f"looks like {SCRIPT_NAMES[counts.dominant() or 'other']}, not {wanted}"
        return
    for sentence in _SENTENCE.findall(text):
        if _foreign_sentence(sentence, expected):
            yield f"has a sentence that is not {wanted}: {sentence.strip()[:40]!r}"
            return
    if expected == "latin" and counts.letters.get("latin", 0) >= DETECT_LETTERS:
        guess = _detected(without_non_words(text))
        if guess is not None and guess != entry.language.split("_")[0]:
            yield f"looks like {_language_name(guess)}, not {wanted} (langdetect)"


_LETTER = re.compile(r"[^\W\d_]")


def _foreign_sentence(sentence: str, expected: str) -> bool:
    if _LETTER.search(sentence) is None:
        return False  # no letter, no language (and 50,000 "![" are 50,000 such sentences)
    counts = count_scripts(sentence)
    if counts.letters.get(expected, 0) or counts.only_names or not counts.letters:
        return False
    if counts.dominant() == "latin":
        return len(counts.latin_words) >= SENTENCE_WORDS
    return sum(counts.letters.values()) >= SENTENCE_WORDS


def _detected(text: str) -> str | None:
    """langdetect's confident guess, or None."""
    guess = detect_guess(text)
    if guess is None or guess[1] < 0.9:
        return None
    return guess[0].split("-")[0]


def _language_name(code: str) -> str:
    from babel import UnknownLocaleError

    from storybridge.text.languages import english_name

    try:
        return english_name(code)
    except (UnknownLocaleError, ValueError):
        return code  # Babel does not know every langdetect code


# --- script (an error) ----------------------------------------------------

WRONG_SCRIPT: dict[str, tuple[tuple[tuple[str, str], ...], str, str]] = {
    "ko": ((("han", "Chinese characters"),), "Korean", "Korean (Hangul)"),
    "zh": ((("hangul", "Korean (Hangul)"),), "Chinese", "Chinese"),
    "en": ((("hangul", "Korean (Hangul)"), ("han", "Chinese characters")), "English", "English"),
}
"""For a catalog's base language: the scripts that must not carry its
sentences (with what translators call them), the catalog's language, and
what to write instead."""
WRONG_LETTERS = 4
"""A sentence with at least this many letters of a wrong script is in the
wrong language, not a name or a term: in Korean and English only when it
has no letter of their own script (Korean mixes in Hanja; Chinese never
mixes in Hangul)."""
_LETTERS = {
    "hangul": re.compile(f"[{HANGUL}]"),
    "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"),
}
"""A cheap count of each wrong script's letters, before the careful one."""
_RUNS = {script: re.compile(pattern.pattern + "+") for script, pattern in _LETTERS.items()}
"""Runs of each script's letters."""
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|《[^》]*》|〈[^〉]*〉|“[^”]*”|‘[^’]*’|\"[^\"]*\"|\([^)]*\)|（[^）]*）")


def check_script(entry: CheckedEntry) -> Iterator[str]:
    """A Korean catalog's sentences are not in Chinese characters, a
    Chinese catalog's not in Hangul, an English one's in neither: such a
    translation belongs to another catalog, and is not published. Names
    and quoted terms are left alone."""
    wrong = _wrong_script(entry)
    if wrong is not None:
        _, catalog, needed = WRONG_SCRIPT[entry.language.split("_")[0]]
        yield f"is written in {wrong}, but this is the {catalog} catalog: translate it into {needed}"


def _wrong_script(entry: CheckedEntry) -> str | None:
    """What the wrong script of the first sentence written in it is called, or None."""
    rule = WRONG_SCRIPT.get(entry.language.split("_")[0])
    if rule is None or entry.msgstr.strip() == entry.msgid.strip():
        return None
    # Most translations hold no letter of a wrong script at all: say so
    # before reading their Markdown (the build runs this on every entry).
    if not any(len(_LETTERS[script].findall(entry.msgstr)) >= WRONG_LETTERS for script, _ in rule[0]):
        return None
    own = expected_script(entry.language)
    text = _QUOTED.sub(" ", prose(entry.msgstr))
    for sentence in _SENTENCE.findall(text):
        counts = count_scripts(sentence)
        if own != "han" and own is not None and counts.letters.get(own, 0):
            continue
        for script, called in rule[0]:
            if counts.letters.get(script, 0) < WRONG_LETTERS:
                continue
            # Runs of the wrong script copied from the source (a name, a
            # term, a sentence left as it is) are not a wrong translation.
            own_words = [run for run in _RUNS[script].findall(sentence) if run not in entry.msgid]
            if sum(len(run) for run in own_words) >= WRONG_LETTERS:
                return called
    return None


# --- unchanged -------------------------------------------------------------


def check_unchanged(entry: CheckedEntry) -> Iterator[str]:
    """The translation equals the source although the source has words to
    translate (names, numbers, URLs and tags alone stay as they are)."""
    if entry.msgstr.strip() != entry.msgid.strip():
        return
    counts = count_scripts(prose(entry.msgid))
    if counts.letters and not counts.only_names:
        yield "is the same as the source text; translate it, or leave it empty for now"
