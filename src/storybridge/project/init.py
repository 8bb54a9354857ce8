"""``storybridge init``: scaffold a content repository from package data.

Every file comes from a template in ``project/scaffold/`` (package data),
filled with ``string.Template`` (``$name``; ``$$`` for a literal dollar, which
the GitHub workflow needs). The scaffold is written all together or not at
all, and never over a file that holds anything else: a file that already
holds exactly what init would write is left as it is, so a second run
changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from storybridge import __version__
from storybridge.errors import StoryError
from storybridge.project.files import Changes
from storybridge.text.languages import normalize_language

HOOK_REPO = "https://github.com/storybridge/storybridge"
"""The default of ``init --hook-repo``: where content repositories fetch
storybridge and its pre-commit hooks from (``.pre-commit-config.yaml`` and
the CI workflow name it). A charity that keeps its own copy or fork names
that one."""

SCAFFOLD = (
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("example.md.tmpl", "stories/example.md"),
    ("glossary.csv.tmpl", "locale/glossary.csv"),
    ("gitignore.tmpl", ".gitignore"),
    ("pre-commit-config.yaml.tmpl", ".pre-commit-config.yaml"),
    ("workflow.yml.tmpl", ".github/workflows/storybridge.yml"),
)
"""(template in ``scaffold/``, path in the new repository), in writing order."""


@dataclass(frozen=True, slots=True)
class Example:
    """The example story, in the language it is written in."""

    title: str
    """Its front matter title."""
    summary: str
    """Its front matter summary."""
    body: str
    """Its Markdown body."""


EXAMPLES = {
    "en": Example(
        "An example story",
        "What a story looks like, to copy for the first real one.",
        "This is an example story. Each paragraph becomes one entry in the catalog\n"
        "of every other language, and volunteers translate it there.\n\n"
        "## A heading\n\n"
        "Write *emphasis* and [links](https://example.org/) as usual; the links keep\n"
        "their targets in every language.",
    ),
    "ko": Example(
        "예시 이야기",
        "첫 이야기를 쓸 때 본보기로 삼을 예시입니다.",
        "이것은 예시 이야기입니다. 문단마다 다른 언어의 카탈로그에 항목이 하나씩\n"
        "생기고, 자원봉사자가 그곳에서 번역합니다.\n\n"
        "## 제목\n\n"
        "*강조*와 [링크](https://example.org/)는 평소처럼 씁니다.",
    ),
    "zh_Hans": Example(
        "示例故事",
        "写第一个故事时可以参照的示例。",
        "这是一个示例故事。每个段落在其他语言的目录中成为一个条目，志愿者在那里翻译。\n\n"
        "## 标题\n\n"
        "*强调*和[链接](https://example.org/)照常书写。",
    ),
}
"""Example stories by language; another first language gets the English one."""


def parse_languages(value: str) -> tuple[str, ...]:
    """``en,ko,zh_Hans`` → the codes, validated and in the given order."""
    codes = tuple(dict.fromkeys(
        normalize_language(code.strip(), "--languages") for code in value.split(",") if code.strip()
    ))
    if not codes:
        raise StoryError("--languages", None, "name at least one language, e.g. en,ko,zh_Hans")
    return codes


def scaffold_files(
    languages: tuple[str, ...], site_profile: str = "", hook_repo: str = HOOK_REPO
) -> dict[str, str]:
    """Each file of a new content repository with its text (pure)."""
    lang = languages[0] if languages[0] in EXAMPLES else "en"
    example = EXAMPLES[lang]
    values = {
        "languages": json.dumps(list(languages)),
        "lang": lang,
        "title": json.dumps(example.title, ensure_ascii=False),
        "summary": json.dumps(example.summary, ensure_ascii=False),
        "body": example.body,
        "site_dir": "site",
        "site_profile": f'site_profile = "{site_profile}"' if site_profile else '# site_profile = "hugo"',
        "hook_repo": hook_repo,
        "version": __version__,
    }
    folder = resources.files("storybridge.project") / "scaffold"
    return {
        target: Template(folder.joinpath(name).read_text(encoding="utf-8")).substitute(values)
        for name, target in SCAFFOLD
    }


def init_project(
    root: Path, languages: tuple[str, ...], site_profile: str = "", hook_repo: str = HOOK_REPO
) -> list[str]:
    """Write the scaffold into ``root`` (made if missing); the paths written.

    A file that exists with other bytes stops the run before anything is
    written, with one line naming it."""
    if not hook_repo.startswith(("https://", "ssh://", "git@")) or any(c.isspace() for c in hook_repo):
        raise StoryError("--hook-repo", None, f"{hook_repo!r} is not a git URL (https://…, ssh://… or git@…)")
    files = scaffold_files(languages, site_profile, hook_repo)
    for target, text in files.items():
        path = root / target
        if path.is_dir() or (path.exists() and path.read_bytes() != text.encode("utf-8")):
            raise StoryError(str(root / target), None, "already exists; init writes no file over another (move it away first)")
    with Changes() as changes:
        written = [target for target, text in files.items() if changes.write(root / target, text)]
    return written
