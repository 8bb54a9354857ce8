"""The sensitive-details guard at the edge: read the private list, refuse a
list that could be published or committed, and gather a story's findings
(its text, front matter, file name, and the images it shows, read by
``project.image_metadata``).

The list's path comes from ``STORYBRIDGE_SENSITIVE_LIST`` (relative to the
working directory, as a shell user means it) or the ``sensitive_list``
setting (relative to the project). Nothing here ever prints an entry: a
problem with the list names its path and line only.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybridge.config import Config
from storybridge.errors import StoryError
from storybridge.model import Story
from storybridge.project.files import read_text
from storybridge.project.image_metadata import image_findings

if TYPE_CHECKING:  # the detectors load on use: a replayed status needs only the list's path
    from storybridge.checks.sensitive import Guard
    from storybridge.checks.sensitive.matcher import Hit
    from storybridge.checks.sensitive.locate import Located

SENSITIVE_ENV = "STORYBRIDGE_SENSITIVE_LIST"
"""The environment variable naming the private list (CI writes a secret to
a file and points this at it)."""


def load_guard(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> Guard:
    """The project's guard: the private list, when one is configured, and
    the allowed public contacts. Refuses (``StoryError``) a list under the
    publish folder or tracked by git, and a list that cannot be read."""
    from storybridge.checks.sensitive import Guard, parse_list

    allowed = _allowed(config)
    named = private_list(config, environ)
    if named is None:
        return Guard((), allowed)
    path, shown = named
    return Guard(parse_list(read_text(path, shown), shown), allowed)


def empty_list_warning(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """One line when the private list in use holds no entry (comments
    aside): then no name is looked for, and every name is published
    unnoticed. CI writes an empty file when its secret was never set. A
    warning, not an error: a new project's first CI run has no secret yet.
    Read without the guard's parser (``terms.parse_list`` reads entries by
    the same rule), which a replayed command never loads."""
    named = private_list(config, environ)
    if named is None:
        return None
    path, shown = named
    if any(line.split("#", 1)[0].strip() for line in read_text(path, shown).lstrip("\ufeff").splitlines()):
        return None
    return (f"{shown}: warning: the private list is empty, so names are not looked for (only phone numbers and "
            "other contact details); write the people's names in it (in CI: the SENSITIVE_LIST secret)")


def private_list(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> tuple[Path, str] | None:
    """The private list's path and its name as the user gave it, or None
    when none is configured. Refuses (``StoryError``) a list under the
    publish folder or tracked by git, and one that does not exist."""
    named = named_lists(config, environ)
    if not named:
        if config.sensitive_list:  # named, but not as a string
            raise StoryError(config.source, None, "setting 'sensitive_list' must be a string")
        return None
    path, shown = named[0]
    refuse_exposed(config, path, shown)
    if not path.is_file():
        if path.exists():
            raise StoryError(shown, None, "is a folder, not the private list of sensitive terms")
        raise StoryError(shown, None, "the private list of sensitive terms does not exist")
    return path, shown


def named_lists(config: Config, environ: os._Environ[str] | dict[str, str] | None = None) -> list[tuple[Path, str]]:
    """Every private list the user names, the one in use first: the
    environment's (``SENSITIVE_ENV``, read from the current folder), then
    the setting's (from the project). No check is made: a report must not
    overwrite either (``lock.refuse_report_over_project_files``)."""
    environ = os.environ if environ is None else environ
    named = environ.get(SENSITIVE_ENV, "").strip()
    found = [(Path(named).expanduser().absolute(), named)] if named else []
    if config.sensitive_list and isinstance(config.sensitive_list, str):
        found.append(((config.root / config.sensitive_list).absolute(), config.sensitive_list))
    return found


def _allowed(config: Config) -> tuple[str, ...]:
    value: Any = config.sensitive_allow
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item.strip() for item in value):
        raise StoryError(config.source, None, "setting 'sensitive_allow' must be a list of contacts")
    return tuple(item.strip() for item in value)


def refuse_exposed(config: Config, path: Path, shown: str) -> None:
    """Refuse a private list that lies under the publish folder or that git
    tracks: either way it would leave the machine."""
    site = config.site_path.absolute().resolve()
    resolved = path.resolve()
    if resolved == site or site in resolved.parents:
        raise StoryError(shown, None, "the private list lies under the publish folder; keep it outside the project")
    if _tracked_by_git(resolved):
        raise StoryError(
            shown, None, "the private list is tracked by git; remove it (git rm --cached) and keep it outside the repository or git-ignored"
        )


def _tracked_by_git(path: Path) -> bool:
    """``git ls-files --error-unmatch`` in the file's folder: exit 0 means
    tracked. No git, or no repository there, means not tracked."""
    folder = path.parent
    if not folder.is_dir():
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "--error-unmatch", "--", path.name],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def source_findings(config: Config, guard: Guard, story: Story) -> list[Located]:
    """Identifying details in a source story: its file name, its text
    (front matter and body) and the metadata of the images it shows, by
    line."""
    from storybridge.checks.sensitive.locate import locate

    found = locate(guard, story.text)
    if not found:
        found = front_matter_findings(guard, story.front_matter)
    found += image_findings(config, story, guard) + file_name_findings(guard, story.slug)
    return sorted(found, key=lambda item: item.line)


def front_matter_findings(guard: Guard, front_matter: Any) -> list[Located]:
    """Details in the front matter's values as YAML reads them: an escape
    in a quoted value (``"\\uBCC0"``, ``"\\t"``) hides a name from the text as
    written, not from the page. At line 1, where the front matter starts."""
    from storybridge.checks.sensitive.locate import Located, locate
    from storybridge.markdown.story import front_matter_strings

    return [Located(1, item.message, item.label)
            for text in front_matter_strings(front_matter) for item in locate(guard, text)]


def file_name_findings(guard: Guard, slug: str) -> list[Located]:
    """A detail in the story's file name (a name on the private list, a
    phone number): the file name becomes the page's web address and names
    it in every report, so it blocks the story like one in its text."""
    from storybridge.checks.sensitive.locate import Located

    return [
        Located(1, f"{hit.label} in the story's file name; rename the story (its file name is its web address)", hit.label)
        for hit in file_name_hits(guard, slug)
    ]


def file_name_hits(guard: Guard, slug: str) -> list[Hit]:
    """What the guard finds in ``slug``, read also as the words of a name
    (``park-sunhee`` as ``Park Sunhee``): the near spellings of a private
    name are matched where capitalized like one, and file names are
    lower case. The copy has the slug's length, so a hit masks the slug."""
    hits = list(guard.scan(slug))
    words = re.sub(r"[-_./]", " ", slug).title()
    if len(words) == len(slug) and words != slug:
        hits.extend(hit for hit in guard.scan(words) if hit not in hits)
    return hits


_PATH_LIKE = re.compile(r"[^\s'\"()\[\]<>,;]*/[^\s'\"()\[\]<>,;:]*")
"""A word with a slash: a file's path (``stories/pak-sunhee.md``) or ``ko/<slug>``."""


def masked_line(guard: Guard, line: str) -> str:
    """``line`` masked by ``guard``, and each path in it read as a story's
    file name is (``park-sunhee`` as ``Park Sunhee``: a lower-case near
    spelling of a private name)."""
    from storybridge.checks.sensitive.guard import redact

    line = guard.redact(line)
    for path in dict.fromkeys(_PATH_LIKE.findall(line)):
        hits = file_name_hits(guard, path)
        if hits:
            line = line.replace(path, redact(path, hits))
    return line


def slug_mask(guard: Guard, slug: str) -> Callable[[str], str] | None:
    """None when the story's file name holds no detail (the usual case);
    else what masks it wherever a line names it (its path, its catalogs'
    paths, ``ko/<slug>: …``), for every message and report about it."""
    from storybridge.checks.sensitive.guard import redact

    hits = file_name_hits(guard, slug)
    if not hits:
        return None
    masked = redact(slug, hits)
    return lambda text: text.replace(slug, masked)
