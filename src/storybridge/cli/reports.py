"""The editors' read-only commands: status and check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from storybridge.cli.base import (
    chosen_languages,
    jobs_option,
    lang_option,
    load_settings,
    main,
    progress_bar,
    project_option,
    reports_errors,
)
from storybridge.errors import StoryError
from storybridge.reports import FORMATS  # cheap: the renderers load on use


def _thresholds(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[Any, ...]:
    """``80`` or ``ko=90`` → coverage Thresholds, the language validated."""
    from storybridge.status.thresholds import Threshold, parse_threshold
    from storybridge.text.languages import normalize_language

    thresholds = []
    for value in values:
        try:
            threshold = parse_threshold(value)
            if threshold.language is not None:
                threshold = Threshold(
                    threshold.percent,
                    normalize_language(threshold.language, "--fail-under"),
                )
        except (ValueError, StoryError) as error:
            raise click.BadParameter(
                f"{value!r}: expected PCT or LANG=PCT ({error})", ctx, param
            ) from None
        thresholds.append(threshold)
    return tuple(thresholds)


@main.command()
@project_option
@lang_option
@click.option(
    "--story", "slugs", multiple=True, help="Only this story, by slug (repeatable)."
)
@click.option(
    "--format",
    "form",
    type=click.Choice(FORMATS),
    default=FORMATS[0],
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of stdout.",
)
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    metavar="PCT|LANG=PCT",
    callback=_thresholds,
    help="Exit 1 when coverage overall (PCT) or in one language (ko=90) is below PCT (repeatable).",
)
@click.option(
    "--no-checks",
    "no_checks",
    is_flag=True,
    help="Skip the advice checks (warnings, notes); the errors that decide publishing still count.",
)
@jobs_option
@reports_errors
def status(
    project: Path,
    languages: tuple[str, ...],
    slugs: tuple[str, ...],
    form: str,
    output: Path | None,
    fail_under: tuple[Any, ...],
    no_checks: bool,
    jobs: int,
) -> None:
    """Show how far every story is translated in every language."""
    import os

    from storybridge.project.lock import write_in_project
    from storybridge.project.status import read_status
    from storybridge.reports import renderer
    from storybridge.status.thresholds import below

    with progress_bar("measuring") as progress:
        result, report = read_status(
            load_settings(project), chosen_languages(project, languages), slugs,
            details=form == "html", checks=not no_checks, jobs=jobs, progress=progress,
        )
    for note in report.notes:
        click.echo(note, err=True)
    text = renderer(form)(result)
    if output is None:
        # click.echo keeps ANSI styles only on a terminal; NO_COLOR (no-color.org) turns them off there too.
        click.echo(text, nl=False, color=False if os.environ.get("NO_COLOR") else None)
    else:  # through .storybridge/tmp/ inside the project, as every write (#13)
        write_in_project(load_settings(project), output, click.unstyle(text))
    failures = below(result, fail_under)
    for failure in failures:
        click.echo(f"coverage too low: {failure}", err=True)
    for error in report.errors:  # a catalog that cannot be read: reported, and exit 1
        click.echo(error, err=True)
    if failures or report.errors:
        sys.exit(1)


@main.command()
@project_option
@lang_option
@click.option(
    "--select",
    multiple=True,
    metavar="CHECKS",
    help="Run only these checks (comma-separated or repeated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CHECKS",
    help="Skip these checks (comma-separated or repeated).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors."
)
@click.option(
    "--list",
    "list_checks",
    is_flag=True,
    help="List the checks with their severity and exit.",
)
@jobs_option
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def check(
    files: tuple[Path, ...],
    project: Path,
    languages: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    form: str,
    strict: bool,
    list_checks: bool,
    jobs: int,
) -> None:
    """Check every translated and fuzzy entry (with FILES, only in the stories
    those files belong to: the pre-commit hook); exit 1 on errors."""
    from storybridge.project import check as quality
    from storybridge.reports import findings

    if list_checks:
        click.echo(findings.render_check_list(), nl=False)
        return
    config = load_settings(project)
    try:
        selected = quality.select_checks(select, ignore, config.disabled_checks)
    except quality.UnknownCheck as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    # Findings go out as each catalog is checked, text or JSON alike, so
    # a large archive's findings are never held at once.
    written = False

    def print_found(found: list[Any]) -> None:
        nonlocal written
        if form == "json":
            click.echo(findings.render_json_items(found, first=not written), nl=False)
            written = written or bool(found)
        else:
            click.echo(findings.render_text(found), nl=False)

    if form == "json":
        click.echo("[", nl=False)
    only = None
    if files:  # the pre-commit hook: only the stories these files belong to
        from storybridge.project.changed import changed_stories

        only = changed_stories(config, files)
    report = quality.check_project(config, chosen_languages(project, languages), selected, print_found, jobs, only)
    if form == "json":
        click.echo(findings.render_json_end(written), nl=False)
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(findings.summary(report.counts, report.catalogs), err=True)
    sys.exit(findings.exit_status(report.counts, strict))
