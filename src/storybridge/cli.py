"""The command line: parse options, call one step of ``storybridge.project``, print its report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from storybridge import __version__
from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.project.steps import Report

F = TypeVar("F", bound=Callable[..., Any])


def _config(project: Path) -> Config:
    from storybridge.project.settings import load_project

    return load_project(project)


def reports_errors(function: F) -> F:
    """Turn a StoryError into one line on stderr and exit code 1."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except StoryError as error:
            click.echo(f"{error.where}: error: {error.message}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _print(report: Report, done: str) -> None:
    for note in report.notes:
        click.echo(note, err=True)
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


@main.command()
@project_option
@jobs_option
@reports_errors
def extract(project: Path, jobs: int) -> None:
    """Write locale/templates/<slug>.pot for every story."""
    from storybridge.project import pipeline

    with progress_bar("extracting") as progress:
        report = pipeline.extract(_config(project), pipeline.Steps(jobs=jobs), progress)
    _print(report, "extracted")


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

    steps = pipeline.Steps(languages=_languages(project, languages), jobs=jobs, compendiums=compendiums)
    with progress_bar("updating") as progress:
        report = pipeline.update(_config(project), steps, progress)
    _print(report, "updated")
    _fail_on(report)


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
    _run_site("build", project, languages, html, pseudo, jobs, force)


@main.command()
@site_options
@click.option(
    "--check", is_flag=True,
    help="Write nothing; list the files sync would change and exit 1 if there are any (for CI).",
)
def sync(project: Path, languages: tuple[str, ...], html: bool, pseudo: bool, jobs: int, force: bool, check: bool) -> None:
    """extract + update + build."""
    _run_site("sync", project, languages, html, pseudo, jobs, force, check)


def _run_site(
    command: str, project: Path, languages: tuple[str, ...], html: bool, pseudo: bool, jobs: int, force: bool,
    check: bool = False,
) -> None:
    from storybridge.project import pipeline

    steps = pipeline.Steps(
        languages=_languages(project, languages), html=html, pseudo=pseudo, jobs=jobs, force=force, check=check
    )
    run = pipeline.build if command == "build" else pipeline.sync
    with progress_bar("building" if command == "build" else "syncing") as progress:
        report = run(_config(project), steps, progress)
    if check:
        for note in report.notes:
            click.echo(note, err=True)
        for name in report.stale:
            click.echo(name)
        for error in report.errors:  # a catalog that cannot be read (#14)
            click.echo(error, err=True)
        if report.stale:
            click.echo(f"{len(report.stale)} stale: run storybridge sync and commit them", err=True)
        if report.stale or report.errors:
            sys.exit(1)
        click.echo(f"up to date: {report.stories} {'story' if report.stories == 1 else 'stories'}", err=True)
        return
    _print(report, "built" if command == "build" else "synced")
    _print_decisions(report)


CHANGES_SHOWN = 30
"""Lines of the summary of what changed, before ``… and N more``."""


def _print_decisions(report: Report) -> None:
    """What changed in the publishing decisions, then the catalogs that
    could not be read (each blocked only its own story × language): exit 1."""
    for line in report.changes[:CHANGES_SHOWN]:
        click.echo(line, err=True)
    if len(report.changes) > CHANGES_SHOWN:
        click.echo(f"… and {len(report.changes) - CHANGES_SHOWN} more (site/manifest.json has them all)", err=True)
    if not report.changes:
        files = f"{report.written} {'file' if report.written == 1 else 'files'}"
        click.echo(f"{files} written, no publishing state changed" if report.written else "nothing changed", err=True)
    _fail_on(report)


def _fail_on(report: Report) -> None:
    """Catalogs that could not be read (each blocked only its own story ×
    language; the rest was done): their one-line errors, and exit 1."""
    for error in report.errors:
        click.echo(error, err=True)
    if report.errors:
        sys.exit(1)


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


def _languages(project: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    from storybridge.text.languages import normalize_language

    return tuple(normalize_language(lang, "--lang") for lang in languages)


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

    from storybridge.status.thresholds import below
    from storybridge.project.files import Changes
    from storybridge.reports import renderer
    from storybridge.project.status import read_status

    with progress_bar("measuring") as progress:
        result, report = read_status(
            _config(project), _languages(project, languages), slugs,
            details=form == "html", checks=not no_checks, jobs=jobs, progress=progress,
        )
    for note in report.notes:
        click.echo(note, err=True)
    text = renderer(form)(result)
    if output is None:
        # click.echo keeps ANSI styles only on a terminal; NO_COLOR (no-color.org) turns them off there too.
        click.echo(text, nl=False, color=False if os.environ.get("NO_COLOR") else None)
    else:
        with Changes() as changes:
            changes.write(output, click.unstyle(text))
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
    config = _config(project)
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
    report = quality.check_project(config, _languages(project, languages), selected, print_found, jobs, only)
    if form == "json":
        click.echo(findings.render_json_end(written), nl=False)
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(findings.summary(report.counts, report.catalogs), err=True)
    sys.exit(findings.exit_status(report.counts, strict))


# --- editorial review (issue 17): approve, unapprove, review ----------------

story_option = click.option("--story", "slugs", multiple=True, help="Only this story, by slug (repeatable).")


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

        (lang,) = _languages(project, (language,))
        request = ReviewRequest(lang, slugs, entries, by, approve)
        report = change_approvals(_config(project), request)
        for line in report.notes + report.changed:
            click.echo(line, err=True)
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
    from storybridge.project.files import Changes
    from storybridge.project.reviews import review_sheet_of
    from storybridge.reports.review_page import render_review_page

    (lang,) = _languages(project, (language,))
    notes: list[str] = []
    page = render_review_page(*review_sheet_of(_config(project), lang, slug, notes))
    for note in notes:
        click.echo(note, err=True)
    if output is None:
        click.echo(page, nl=False)
    else:
        with Changes() as changes:
            changes.write(output, page)
# --- end of editorial review -------------------------------------------------


# --- publishing profiles (issue #15) ---------------------------------------


@main.command("site-config")
@click.argument("profile", type=click.Choice(["hugo", "mkdocs", "jekyll"]))
@click.option("--head", is_flag=True, help="Print the template code for hreflang links instead.")
@project_option
@reports_errors
def site_config(profile: str, head: bool, project: Path) -> None:
    """Print PROFILE's language configuration for this project (hugo.toml,
    mkdocs.yml or _config.yml lines), or with --head its hreflang template."""
    from storybridge.site.site_config import configure_site

    click.echo(configure_site(_config(project), profile, head), nl=False)


# -- issue 20: onboarding (init) ------------------------------------------------


@main.command()
@click.argument(
    "directory", required=False, default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--languages", default="en,ko,zh_Hans", show_default=True,
    help="The languages of the new repository, comma-separated; the first is the example story's.",
)
@click.option(
    "--site-profile", type=click.Choice(["hugo", "mkdocs", "jekyll"]), default=None,
    help="The static site generator the publish folder is written for.",
)
@reports_errors
def init(directory: Path, languages: str, site_profile: str | None) -> None:
    """Set up a content repository in DIRECTORY: settings, an example story,
    the glossary, .gitignore, a pre-commit config and a CI workflow."""
    from storybridge.project.init import init_project, parse_languages

    written = init_project(directory, parse_languages(languages), site_profile or "")
    for path in written:
        click.echo(f"wrote {directory / path}", err=True)
    if not written:
        click.echo(f"{directory} is already set up: nothing to write", err=True)
    else:
        click.echo(f"next: cd {directory} && storybridge sync", err=True)


@main.command()
@project_option
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def canonical(project: Path, files: tuple[Path, ...]) -> None:
    """Rewrite templates and catalogs in storybridge's canonical form (the
    pre-commit hook storybridge-canonical); without FILES, every one."""
    from storybridge.project.changed import canonical_catalogs

    config = _config(project)
    if not files:
        files = tuple(sorted(config.locale_path.rglob("*.po*")))
    for path in canonical_catalogs(config, files):
        click.echo(f"rewrote {path}", err=True)


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
    from storybridge.project.memory import export_memory
    from storybridge.text.languages import normalize_language

    text, units = export_memory(_config(project), normalize_language(language, "--lang"), form, output, jobs)
    if text:
        click.echo(text, nl=False)
    click.echo(f"exported: {units} {'unit' if units == 1 else 'units'}", err=True)
