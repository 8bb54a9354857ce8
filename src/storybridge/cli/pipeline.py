"""The pipeline's commands: extract, update, build and sync, with the summary of what changed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from storybridge.cli.base import (
    F,
    chosen_languages,
    jobs_option,
    lang_option,
    load_settings,
    main,
    print_report,
    say,
    progress_bar,
    project_option,
    reports_errors,
)
from storybridge.project.steps import Report


@main.command()
@project_option
@jobs_option
@reports_errors
def extract(project: Path, jobs: int) -> None:
    """Write locale/templates/<slug>.pot for every story."""
    from storybridge.project import pipeline

    with progress_bar("extracting") as progress:
        report = pipeline.extract(load_settings(project), pipeline.Steps(jobs=jobs), progress)
    print_report(report, "extracted", project)
    _fail_on(report, project)  # a story saved while extract ran (#13)


@main.command()
@project_option
@lang_option
@jobs_option
@click.option(
    "--memory", "compendiums", multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also use this catalog's translations as memory (repeatable).",
)
@reports_errors
def update(project: Path, languages: tuple[str, ...], jobs: int, compendiums: tuple[Path, ...]) -> None:
    """Create or merge locale/<lang>/LC_MESSAGES/<slug>.po from the templates."""
    from storybridge.project import pipeline

    steps = pipeline.Steps(languages=chosen_languages(project, languages), jobs=jobs, compendiums=compendiums)
    with progress_bar("updating") as progress:
        report = pipeline.update(load_settings(project), steps, progress)
    print_report(report, "updated", project)
    _fail_on(report, project)


html_option = click.option(
    "--html", is_flag=True, help="Also write sanitized <slug>.html fragments."
)
pseudo_option = click.option(
    "--pseudo", is_flag=True, help="Also write the pseudo-locale qps for layout tests."
)
force_option = click.option(
    "--force", is_flag=True,
    help="Replace or delete files in the publish folder even when storybridge did not write them.",
)


def site_options(function: F) -> F:
    """The options of the commands that write the publish folder."""
    for option in (reports_errors, force_option, jobs_option, pseudo_option, html_option, lang_option, project_option):
        function = option(function)
    return function


@main.command()
@site_options
def build(project: Path, languages: tuple[str, ...], html: bool, pseudo: bool, jobs: int, force: bool) -> None:
    """Write site/<lang>/<slug>.md for every story and language, and the manifest."""
    run_site_step("build", project, languages, html, pseudo, jobs, force)


@main.command()
@site_options
@click.option(
    "--check", is_flag=True,
    help="Write nothing; list the files sync would change and exit 1 if there are any (for CI).",
)
def sync(project: Path, languages: tuple[str, ...], html: bool, pseudo: bool, jobs: int, force: bool, check: bool) -> None:
    """extract + update + build."""
    run_site_step("sync", project, languages, html, pseudo, jobs, force, check)


def run_site_step(
    command: str, project: Path, languages: tuple[str, ...], html: bool, pseudo: bool, jobs: int, force: bool,
    check: bool = False,
) -> None:
    from storybridge.project import pipeline

    steps = pipeline.Steps(
        languages=chosen_languages(project, languages), html=html, pseudo=pseudo, jobs=jobs, force=force, check=check
    )
    run = pipeline.build if command == "build" else pipeline.sync
    with progress_bar("building" if command == "build" else "syncing") as progress:
        report = run(load_settings(project), steps, progress)
    if check:
        for note in report.notes:
            say(project, note)
        for name in report.stale:
            say(project, name, err=False)
        for error in report.errors:  # a catalog that cannot be read (#14)
            say(project, error)
        if report.stale:
            click.echo(f"{len(report.stale)} stale: run storybridge sync and commit them", err=True)
        if report.stale or report.errors:
            sys.exit(1)
        click.echo(f"up to date: {report.stories} {'story' if report.stories == 1 else 'stories'}", err=True)
        return
    print_report(report, "built" if command == "build" else "synced", project)
    _print_decisions(report, project)


CHANGES_SHOWN = 30
"""Lines of the summary of what changed, before ``… and N more``."""


def _print_decisions(report: Report, project: Path) -> None:
    """What changed in the publishing decisions, then the catalogs that
    could not be read (each blocked only its own story × language): exit 1."""
    for line in report.changes[:CHANGES_SHOWN]:
        say(project, line)
    if len(report.changes) > CHANGES_SHOWN:
        click.echo(f"… and {len(report.changes) - CHANGES_SHOWN} more (site/manifest.json has them all)", err=True)
    if not report.changes:
        files = f"{report.written} {'file' if report.written == 1 else 'files'}"
        click.echo(f"{files} written, no publishing state changed" if report.written else "nothing changed", err=True)
    _fail_on(report, project)


def _fail_on(report: Report, project: Path) -> None:
    """Catalogs that could not be read (each blocked only its own story ×
    language; the rest was done): their one-line errors, and exit 1."""
    for error in report.errors:
        say(project, error)
    if report.errors:
        sys.exit(1)
