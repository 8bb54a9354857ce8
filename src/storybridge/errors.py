"""One root exception that knows which file (and line) went wrong."""

from __future__ import annotations

from pathlib import PurePath


class StoryError(Exception):
    """A problem with an input file, printed by the CLI as ``path:line: message``.

    ``line`` is 1-based, as editors and compilers print it; ``None`` when the
    position is unknown or meaningless (a missing file, a bad encoding).
    """

    def __init__(self, path: str | PurePath, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[StoryError], tuple[str, int | None, str]]:
        # Worker processes send errors back pickled; keep all three parts.
        return (StoryError, (self.path, self.line, self.message))

    @property
    def where(self) -> str:
        """``path:line``, or ``path`` alone when the line is unknown."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
