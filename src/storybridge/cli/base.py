"""What every command shares: the click group, the common options, one-line errors and progress."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from io import UnsupportedOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from storybridge import __version__
from storybridge.config import Config
from storybridge.errors import StoryError

if TYPE_CHECKING:  # the steps load with the command that runs them, not with --help
    from storybridge.checks.sensitive import Guard
    from storybridge.project.steps import Report

F = TypeVar("F", bound=Callable[..., Any])


def load_settings(project: Path) -> Config:
    from storybridge.project.settings import load_project

    return load_project(project)


_GUARDS: dict[Path, Guard] = {}


def _guard(project: Path | None) -> Guard:
    """The project's guard (read once per process), or the detectors alone
    when the settings or the private list cannot be read (then that is the
    error shown)."""
    from storybridge.checks.sensitive.guard import Guard

    root = (project if project is not None else Path(".")).absolute()
    if root not in _GUARDS:
        try:
            from storybridge.project.sensitive import load_guard

            _GUARDS[root] = load_guard(load_settings(root))
        except Exception:  # noqa: BLE001 - an error report must never fail itself
            return Guard()
    return _GUARDS[root]


def _warn_of_an_empty_list(project: Path) -> None:
    """Say, before a command runs, that the private list in use holds no
    entry (``sensitive.empty_list_warning``). A list or settings that cannot
    be read say nothing here: the command reports them."""
    try:
        from storybridge.project.sensitive import empty_list_warning

        line = empty_list_warning(load_settings(project.absolute()))
    except Exception:  # noqa: BLE001 - the command's own error is the one to show
        return
    if line is not None:
        say(project, line)


def say(project: Path | None, line: str, err: bool = True) -> None:
    """Print one line of a command's log masked by the project's guard:
    a file name can itself identify someone (``stories/pak-sunhee.md``),
    and logs are kept by CI. Reports mask their records themselves."""
    from storybridge.project.sensitive import masked_line

    click.echo(masked_line(_guard(project), line), err=err)


TRACEBACK_ENV = "STORYBRIDGE_TRACEBACK"
"""Set to 1 to see a bug's Python traceback instead of its one masked line."""

INTERNAL_ERROR = 70
"""The exit code of a bug in storybridge (``EX_SOFTWARE`` of sysexits.h)."""


def reports_errors(function: F) -> F:
    """Turn a StoryError into one line on stderr and exit code 1, and a
    bug into one masked line and exit code 70: a traceback quotes the
    values it failed on (a file name, a line of a story) into the logs
    CI keeps, unmasked."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _GUARDS.clear()  # read afresh by each command: the list may have changed since the last one in this process
        try:
            if "project" in kwargs:
                _warn_of_an_empty_list(kwargs["project"])
            return function(*args, **kwargs)
        except StoryError as error:
            # An error can quote a line of a story or catalog: masked with
            # the project's guard (its private list and the detectors).
            # Its place too: a file name can identify someone.
            say(kwargs.get("project"), f"{error.where}: error: {error.message}")
            sys.exit(1)
        except BrokenPipeError:  # the reader went away (| head): nothing to report
            with suppress(OSError, ValueError, UnsupportedOperation):  # nor when Python flushes at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 - every bug, shown masked
            if os.environ.get(TRACEBACK_ENV) == "1":
                raise
            said = _guard(kwargs.get("project")).redact(f"{type(error).__name__}: {error}")
            click.echo(
                f"storybridge: internal error: {said}. No file was left half-written; please report it "
                f"(run again with {TRACEBACK_ENV}=1 to see where it happened)",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)

    return wrapper  # type: ignore[return-value]


def print_report(report: Report, done: str, project: Path | None = None) -> None:
    for note in report.notes:
        say(project, note)
    click.echo(
        f"{done}: {report.stories} {'story' if report.stories == 1 else 'stories'}",
        err=True,
    )


project_option = click.option(
    "--project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The content repository (holds stories/, locale/, site/).",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes (0 = one per core); the output is the same for any number.",
)
lang_option = click.option(
    "--lang", "languages", multiple=True, help="Only this language (repeatable)."
)


@click.group()
@click.version_option(__version__, prog_name="storybridge")
def main() -> None:
    """Carry Markdown stories across languages through gettext catalogs."""


PROGRESS_FROM = 200
"""Fewer stories than this finish too fast for a progress bar to help."""


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def advance(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield advance
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def chosen_languages(project: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    if not languages:
        return ()
    from storybridge.text.languages import normalize_language

    return tuple(normalize_language(lang, "--lang") for lang in languages)


# --- editorial review (issue 17): approve, unapprove, review ----------------

story_option = click.option("--story", "slugs", multiple=True, help="Only this story, by slug (repeatable).")
