"""Language codes: validation with Babel, plural forms, names and BCP 47 tags."""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

from babel import Locale, UnknownLocaleError

from storybridge.errors import StoryError


@lru_cache(maxsize=None)
def _parse(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def normalize_language(code: str, path: str | PurePath, line: int | None = None) -> str:
    """Return ``code`` in the ``ll_Script_RR`` form used in paths (``zh-Hans`` → ``zh_Hans``).

    Babel validates it, so a typo such as ``kr`` fails here, naming the file.
    """
    try:
        locale = _parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        raise StoryError(path, line, f"unknown language code {code!r}") from None
    return str(locale)


def match_language(code: str, languages: tuple[str, ...]) -> str:
    """Pick the configured language ``code`` denotes (``zh`` matches ``zh_Hans``)."""
    if code in languages:
        return code
    wanted = _parse(code)
    same_language = [lang for lang in languages if _parse(lang).language == wanted.language]
    if len(same_language) == 1:
        return same_language[0]
    return code


def covered_languages(code: str, languages: tuple[str, ...]) -> list[str]:
    """The configured ``languages`` a valid code written another way
    covers: the same language, and the same script when it names one
    (``ko_KR`` → ``ko``; ``zh_CN`` → ``zh_Hans``; ``zh_TW`` → ``zh_Hant``;
    ``zh`` → every Chinese one; ``zh_Hans`` → a configured ``zh``, which
    names no script)."""
    wanted = _parse(code)
    return [
        lang for lang in languages
        if _parse(lang).language == wanted.language
        and (wanted.script is None or _parse(lang).script in (None, wanted.script))
    ]


def bcp47(code: str) -> str:
    """The tag a website expects in ``lang`` attributes: ``zh_Hans`` → ``zh-Hans``."""
    return code.replace("_", "-")


def display_name(code: str) -> str:
    """The language's own name (한국어, 中文 (简体), English)."""
    locale = _parse(code)
    return locale.get_display_name(locale) or code


def english_name(code: str) -> str:
    """The language's English name, for catalog header comments."""
    return _parse(code).get_display_name("en") or code


def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value for a catalog in ``code``."""
    from babel.messages.plurals import get_plural

    plural = get_plural(_parse(code))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


_LANGDETECT_TO_CODE = {"zh-cn": "zh_Hans", "zh-tw": "zh_Hant"}


def detect_guess(text: str) -> tuple[str, float] | None:
    """langdetect's best guess for ``text`` (its code, as ``zh-cn``) and its
    probability; seeded, so the same text always gets the same guess."""
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang, best.prob


def detect_language(text: str) -> str | None:
    """Guess the language of ``text`` as a configured code (``zh_Hans``)."""
    guess = detect_guess(text)
    if guess is None:
        return None
    return _LANGDETECT_TO_CODE.get(guess[0], guess[0])
