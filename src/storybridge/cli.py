"""The command line: parse options, call one workflow step, print its report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from storybridge import __version__
from storybridge.config import Config, load_config
from storybridge.errors import StoryError
from storybridge.workflow import Report

F = TypeVar("F", bound=Callable[..., Any])


def _config(project: Path) -> Config:
    return load_config(project)


def reports_errors(function: F) -> F:
    """Turn a StoryError into one line on stderr and exit code 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except StoryError as error:
            where = error.path if error.line is None else f"{error.path}:{error.line}"
            click.echo(f"{where}: error: {error.message}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _print(report: Report, done: str) -> None:
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(f"{done}: {report.stories} {'story' if report.stories == 1 else 'stories'}", err=True)


project_option = click.option(
    "--project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The content repository (holds stories/, locale/, site/).",
)
lang_option = click.option("--lang", "languages", multiple=True, help="Only this language (repeatable).")


@click.group()
@click.version_option(__version__, prog_name="storybridge")
def main() -> None:
    """Carry Markdown stories across languages through gettext catalogs."""


@main.command()
@project_option
@reports_errors
def extract(project: Path) -> None:
    """Write locale/templates/<slug>.pot for every story."""
    from storybridge.workflow import extract as run

    _print(run(_config(project)), "extracted")


@main.command()
@project_option
@lang_option
@reports_errors
def update(project: Path, languages: tuple[str, ...]) -> None:
    """Create or merge locale/<lang>/LC_MESSAGES/<slug>.po from the templates."""
    from storybridge.workflow import update as run

    _print(run(_config(project), _languages(project, languages)), "updated")


html_option = click.option("--html", is_flag=True, help="Also write sanitized <slug>.html fragments.")
pseudo_option = click.option("--pseudo", is_flag=True, help="Also write the pseudo-locale qps for layout tests.")


@main.command()
@project_option
@lang_option
@html_option
@pseudo_option
@reports_errors
def build(project: Path, languages: tuple[str, ...], html: bool, pseudo: bool) -> None:
    """Write site/<lang>/<slug>.md for every story and language, and the manifest."""
    from storybridge.workflow import BuildOptions
    from storybridge.workflow import build as run

    options = BuildOptions(_languages(project, languages), html=html, pseudo=pseudo)
    _print(run(_config(project), options), "built")


@main.command()
@project_option
@lang_option
@html_option
@pseudo_option
@reports_errors
def sync(project: Path, languages: tuple[str, ...], html: bool, pseudo: bool) -> None:
    """extract + update + build."""
    from storybridge.workflow import BuildOptions
    from storybridge.workflow import sync as run

    options = BuildOptions(_languages(project, languages), html=html, pseudo=pseudo)
    _print(run(_config(project), options), "synced")


def _languages(project: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    from storybridge.languages import normalize_language

    return tuple(normalize_language(lang, "--lang") for lang in languages)
