"""Editorial commands: approve, unapprove and the review page; the translation memory's export."""

from __future__ import annotations

from pathlib import Path

import click

from storybridge.cli.base import (
    say,
    chosen_languages,
    jobs_option,
    load_settings,
    main,
    project_option,
    reports_errors,
    story_option,
)


def _review_command(approve: bool):  # type: ignore[no-untyped-def]
    @project_option
    @click.option("--lang", "language", required=True, help="The catalogs' language.")
    @story_option
    @click.option("--entry", "entries", multiple=True, metavar="LINE",
                  help="Only the entry at this catalog line (CATALOG:LINE as the reports print it, "
                       "or LINE with one --story); repeatable.")
    @click.option("--by", "by", metavar="NAME",
                  help="The reviewer's display name (default: the 'editor' setting); never an e-mail.")
    @reports_errors
    def command(project: Path, language: str, slugs: tuple[str, ...], entries: tuple[str, ...],
                by: str | None) -> None:
        from storybridge.project.reviews import ReviewRequest, change_approvals

        (lang,) = chosen_languages(project, (language,))
        request = ReviewRequest(lang, slugs, entries, by, approve)
        report = change_approvals(load_settings(project), request)
        for line in report.notes + report.changed:
            say(project, line)
        if not report.changed:
            click.echo("nothing changed", err=True)

    return command


main.command(
    "approve",
    help="Approve every translated, non-fuzzy entry without errors (or --entry ones) in these catalogs.",
)(_review_command(approve=True))
main.command("unapprove", help="Withdraw the approval of these catalogs' entries (or --entry ones).")(
    _review_command(approve=False)
)


@main.command()
@project_option
@click.option("--lang", "language", required=True, help="The translation's language.")
@click.option("--story", "slug", required=True, help="The story, by slug.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the page to FILE instead of stdout.")
@reports_errors
def review(project: Path, language: str, slug: str, output: Path | None) -> None:
    """One HTML page: the story side by side with its translation and each entry's review state."""
    from storybridge.project.lock import write_in_project
    from storybridge.project.reviews import review_sheet_of
    from storybridge.reports.review_page import render_review_page

    (lang,) = chosen_languages(project, (language,))
    notes: list[str] = []
    page = render_review_page(*review_sheet_of(load_settings(project), lang, slug, notes))
    for note in notes:
        say(project, note)
    if output is None:
        click.echo(page, nl=False)
    else:
        write_in_project(load_settings(project), output, page)


# --- translation memory -------------------------------------------------------


@main.group()
def memory() -> None:
    """The archive's translation memory."""


@memory.command("export")
@project_option
@click.option("--lang", "language", required=True, help="The language whose memory to export.")
@click.option("--format", "form", type=click.Choice(["tmx", "po"]), default="tmx", show_default=True,
              help="TMX 1.4 (OmegaT, Trados) or a compendium catalog (msgmerge --compendium).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (atomically) instead of to standard output.")
@jobs_option
@reports_errors
def memory_export(project: Path, language: str, form: str, output: Path | None, jobs: int) -> None:
    """Write a language's memory: every translated entry with its source and story."""
    from storybridge.project.memory_export import export_memory
    from storybridge.text.languages import normalize_language

    text, units = export_memory(load_settings(project), normalize_language(language, "--lang"), form, output, jobs)
    if text:
        click.echo(text, nl=False)
    click.echo(f"exported: {units} {'unit' if units == 1 else 'units'}", err=True)
