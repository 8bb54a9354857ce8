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
    if not values:
        return ()
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

    from storybridge.project import output_cache

    config = load_settings(project)
    chosen = chosen_languages(project, languages)
    # Nothing changed since the same command last ran: print what it printed.
    files = output_cache.settings_files(config)
    options = (chosen, slugs, form, fail_under, no_checks)
    key = output_cache.output_key(config, "status", options, files) if output is None else None
    replayed = output_cache.replay(config, key, slugs, files)
    if replayed is not None:
        sys.exit(replayed)
    from storybridge.project.lock import write_in_project
    from storybridge.project.status import spool_status
    from storybridge.reports import streamer
    from storybridge.status.thresholds import below

    recorder = output_cache.Recorder(config, key, files)
    spooled = None
    try:  # from here on a failure or Ctrl-C leaves no recording behind
        with progress_bar("measuring") as progress:
            spooled = spool_status(
                config, chosen, slugs, details=form == "html", checks=not no_checks, jobs=jobs, progress=progress,
                seen=recorder.story,
            )
        for note in spooled.report.notes:
            recorder.echo(note + "\n", err=True)
        pieces = streamer(form)(spooled.summary, spooled.stories())
        if output is None:
            # ANSI styles only on a terminal; NO_COLOR (no-color.org) turns them off there too.
            for piece in pieces:
                recorder.echo(piece, styles=not os.environ.get("NO_COLOR"))
        else:  # through .storybridge/tmp/ inside the project, as every write (#13)
            write_in_project(config, output, click.unstyle("".join(pieces)))
        failures = below(spooled.summary, fail_under)
        for failure in failures:
            recorder.echo(f"coverage too low: {failure}\n", err=True)
        for error in spooled.report.errors:  # a catalog that cannot be read: reported, and exit 1
            recorder.echo(error + "\n", err=True)
        code = 1 if failures or spooled.report.errors else 0
        recorder.finish(code)
    finally:
        if spooled is not None:
            spooled.close()
        recorder.discard()
    sys.exit(code)


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
    from storybridge.project import output_cache
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
    chosen = chosen_languages(project, languages)
    # Nothing changed since the same command last ran: print what it printed
    # (not for the pre-commit hook's FILES, whose stories vary).
    settings = output_cache.settings_files(config)
    key = None if files else output_cache.output_key(config, "check", (chosen, selected, form, strict), settings)
    replayed = output_cache.replay(config, key, (), settings)
    if replayed is not None:
        sys.exit(replayed)
    recorder = output_cache.Recorder(config, key, settings)
    # Findings go out as each catalog is checked, text or JSON alike, so
    # a large archive's findings are never held at once.
    written = False

    def print_found(found: list[Any]) -> None:
        nonlocal written
        if form == "json":
            recorder.echo(findings.render_json_items(found, first=not written))
            written = written or bool(found)
        else:
            recorder.echo(findings.render_text(found))

    try:
        if form == "json":
            recorder.echo("[")
        only = None
        if files:  # the pre-commit hook: only the stories these files belong to
            from storybridge.project.changed import changed_stories

            only = changed_stories(config, files)
        report = quality.check_project(config, chosen, selected, print_found, jobs, only, seen=recorder.story)
        if form == "json":
            recorder.echo(findings.render_json_end(written))
        for note in report.notes:
            recorder.echo(note + "\n", err=True)
        recorder.echo(findings.summary(report.counts, report.catalogs) + "\n", err=True)
        code = findings.exit_status(report.counts, strict)
        recorder.finish(code)
    finally:
        recorder.discard()
    sys.exit(code)
