"""Setting a project up and keeping it tidy: init, site-config and canonical."""

from __future__ import annotations

from pathlib import Path

import click

from storybridge.cli.base import load_settings, main, project_option, reports_errors, say

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

    click.echo(configure_site(load_settings(project), profile, head), nl=False)


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
@click.option(
    "--hook-repo", metavar="URL", default=None,
    help="The git URL the pre-commit config and the CI workflow install storybridge from "
         "(default: the upstream repository).",
)
@reports_errors
def init(directory: Path, languages: str, site_profile: str | None, hook_repo: str | None) -> None:
    """Set up a content repository in DIRECTORY: settings, an example story,
    the glossary, .gitignore, a pre-commit config and a CI workflow."""
    from storybridge.project.init import HOOK_REPO, init_project, parse_languages

    written = init_project(directory, parse_languages(languages), site_profile or "", hook_repo or HOOK_REPO)
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

    config = load_settings(project)
    if not files:
        files = tuple(sorted(config.locale_path.rglob("*.po*")))
    for path in canonical_catalogs(config, files):
        say(project, f"rewrote {path}")
