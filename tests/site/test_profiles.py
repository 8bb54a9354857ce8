"""Issue 15: publishing profiles, site-config and the manifest's place."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import polib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

from conftest import msgfmt_check, run, snapshot
from markdown_strategies import markdown_document
from storybridge.config import _CHOICES, Config
from storybridge.errors import StoryError
from storybridge.markdown.story import read_story
from storybridge.markdown.segment import segment_body, segment_story
from storybridge.site.assemble import splice_body
from storybridge.site.html import render_python_markdown
from storybridge.site.profiles import PROFILES, page_url, profile_path, public_record, rebreak, site_code

REPO = Path(__file__).parents[2]


def configure(project: Path, extra: str) -> None:
    (project / "storybridge.toml").write_text(f'languages = ["en", "ko", "zh_Hans"]\n{extra}\n', encoding="utf-8")


def test_config_knows_every_profile() -> None:
    assert set(_CHOICES["site_profile"]) == set(PROFILES)


@pytest.mark.parametrize(("name", "code", "path", "url"), [
    ("hugo", "zh-hans", "zh-hans/news/winter.md", "/zh-hans/news/winter/"),
    ("mkdocs", "zh", "zh/news/winter.md", "/zh/news/winter/"),
    ("jekyll", "zh-Hans", "zh-Hans/news/winter.md", "/zh-Hans/news/winter/"),
])
def test_each_profile_writes_the_code_its_generator_accepts(name: str, code: str, path: str, url: str) -> None:
    config = Config(site_profile=name)
    profile = PROFILES[name]
    assert site_code(config, profile, "zh_Hans") == code
    assert profile_path(config, profile, "zh_Hans", "news/winter") == path
    assert page_url(config, profile, "zh_Hans", "news/winter") == url


def test_mkdocs_puts_the_default_language_at_the_root_and_suffixes_files() -> None:
    config = Config(site_profile="mkdocs", layout="by-suffix")
    profile = PROFILES["mkdocs"]
    assert page_url(config, profile, "en", "garden") == "/garden/"
    assert profile_path(config, profile, "zh_Hans", "garden") == "garden.zh.md"


def test_two_chinese_scripts_need_their_own_codes_for_mkdocs() -> None:
    config = Config(languages=("en", "zh_Hans", "zh_Hant"), site_profile="mkdocs", source="storybridge.toml")
    with pytest.raises(StoryError, match="language_codes"):
        site_code(config, PROFILES["mkdocs"], "zh_Hans")
    mapped = Config(languages=config.languages, site_profile="mkdocs", language_codes={"zh_Hans": "zh", "zh_Hant": "zh-TW"})
    assert site_code(mapped, PROFILES["mkdocs"], "zh_Hant") == "zh-TW"


def test_rebreak_writes_two_space_breaks_that_python_markdown_reads() -> None:
    text = (REPO / "stories/rebounding-part-3.md").read_text(encoding="utf-8")
    story = read_story(text, "stories/rebounding-part-3.md", "rebounding-part-3", ("en", "ko", "zh_Hans"))
    segments = segment_story(story, ("title",))
    body, moved = rebreak(story.body, segments, "  ")
    assert "attendeth my way,  \n> When sorrows" in body and "way,\\\n" not in body
    assert body.replace("  \n", "\\\n") == story.body
    # Spans moved with the text: a Korean hymn splices in with two spaces too.
    hymn = next(s for s in moved if s.msgid.startswith("When peace"))
    spliced = splice_body(body, moved, {hymn.msgid: "내 평생에 가는 길\n늘 잔잔한 강\n큰 풍파로\n내 영혼 평안해"})
    assert "내 평생에 가는 길  \n> 늘 잔잔한 강  \n" in spliced
    assert render_python_markdown(spliced, ("extra",)).count("<br") == 3
    assert render_python_markdown(story.body, ("extra",)).count("<br") == 0  # why the profile rebreaks


def test_public_record_names_nothing_unpublished() -> None:
    record = {"slug": "a", "languages": {
        "en": {"status": "published", "title": "Open", "path": "en/a.md"},
        "ko": {"status": "withheld", "title": "비공개 제목", "reason": "coverage 10% is below 80%", "path": None},
        "zh-Hans": {"status": "draft", "title": "草稿", "reason": "coverage", "path": None},
    }}
    public = public_record(record, written=True)
    assert public is not None and public["languages"]["en"]["title"] == "Open"
    assert "비공개" not in json.dumps(public, ensure_ascii=False) and "草稿" not in json.dumps(public, ensure_ascii=False)
    assert public["languages"]["ko"] == {"status": "withheld", "title": "", "reason": "coverage 10% is below 80%",
                                         "path": None}
    assert public_record(record, written=False) is None


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_site_config_prints_what_the_generator_parses(project: Path, name: str) -> None:
    configure(project, f'site_profile = "{name}"')
    done = run("site-config", name, project=project)
    assert done.exit_code == 0, done.output
    if name == "hugo":
        data = tomllib.loads(done.stdout)
        assert data["defaultContentLanguage"] == "en" and data["hasCJKLanguage"] is True
        assert data["languages"]["zh-hans"] == {"contentDir": "site/zh-hans", "label": "中文 (简体)",
                                                "locale": "zh-Hans", "weight": 3}
    elif name == "mkdocs":
        data = yaml.safe_load(done.stdout)
        plugin = data["plugins"][0]["i18n"]
        assert [lang["locale"] for lang in plugin["languages"]] == ["en", "ko", "zh"]
        assert plugin["fallback_to_default"] is False and data["docs_dir"] == "site"
    else:
        data = yaml.safe_load(done.stdout)
        assert "site.manifest.json" in data["exclude"] and "stories" in data["exclude"]
        assert data["defaults"][0]["scope"]["path"] == "site"
    assert "hreflang" in run("site-config", name, "--head", project=project).stdout


def test_site_config_for_another_profile_is_one_line_error(project: Path) -> None:
    configure(project, 'site_profile = "hugo"')
    done = run("site-config", "jekyll", project=project)
    assert done.exit_code == 1
    assert done.stderr.strip().splitlines() == [
        f"{project / 'storybridge.toml'}: error: site_profile is 'hugo': set site_profile = \"jekyll\" "
        "and build again, so the publish folder fits this configuration"]


@pytest.mark.parametrize(("extra", "message"), [
    ('site_profile = "pelican"', "setting 'site_profile' must be one of hugo, mkdocs, jekyll"),
    ('site_profile = "mkdocs"\npermalink = "/{lang}/s/{slug}/"', "site profile 'mkdocs' takes URLs from paths"),
    ('language_codes = { zh_Hans = 3 }', "setting 'language_codes' must be a table"),
    ('site_profile = "hugo"\npermalink = "/{year}/{slug}/"', "setting 'permalink' must be a path like"),
    ('site_profile = "jekyll"\npermalink = "/stories/{slug}"', "setting 'permalink' must be a path like"),
    ('manifest = "../elsewhere/manifest.json"', "setting 'manifest' must be a .json path inside the project"),
])
def test_bad_profile_settings_stop_the_build(project: Path, extra: str, message: str) -> None:
    configure(project, extra)
    done = run("build", project=project)
    assert done.exit_code == 1 and message in done.stderr and "Traceback" not in done.output
    assert not (project / "site").exists()


def test_manifest_goes_beside_the_publish_folder_and_names_no_unpublished_story(project: Path) -> None:
    configure(project, 'site_profile = "hugo"\nlayout = "by-suffix"')
    garden = project / "stories/garden.md"
    garden.write_text(garden.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\npublish: false\n"),
                      encoding="utf-8")
    assert run("sync", project=project).exit_code == 0
    assert not (project / "site/manifest.json").exists()
    manifest = json.loads((project / "site.manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest, ensure_ascii=False)
    assert "garden" not in text and "Garden" not in text
    assert [story["slug"] for story in manifest["stories"]] == ["news/winter"]
    # A second run finds its own manifest there: no file is rewritten, none left behind.
    before = snapshot(project)
    assert run("sync", project=project).exit_code == 0
    assert snapshot(project) == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_document())
def test_rebreak_changes_markers_only(body: str) -> None:
    """Property: two-space breaks read as CommonMark exactly as the
    backslashes they replace, the moved spans still splice, and the
    rewritten body segments into the same msgids."""
    segments = segment_body(body)
    rewritten, moved = rebreak(body, segments, "  ")
    commonmark = MarkdownIt("commonmark").enable("table")
    assert commonmark.render(rewritten) == commonmark.render(body)
    assert [s.msgid for s in segment_body(rewritten)] == [s.msgid for s in moved] == [s.msgid for s in segments]
    def unmarked(text: str) -> str:
        return re.sub(r"(\\|  )\n", "\n", text)

    for before, after in zip(segments, moved):
        assert unmarked(rewritten[after.start : after.end]) == unmarked(body[before.start : before.end])
    for segment in moved:
        if "\n" in segment.msgid and segment.hard_break == "  ":
            marked = {segment.msgid: segment.msgid.replace("\n", " x\n")}
            spliced = splice_body(rewritten, moved, marked)
            assert commonmark.render(spliced).count("<br") == commonmark.render(rewritten).count("<br")


def test_choosing_a_profile_moves_the_manifest_and_removes_what_the_old_build_wrote(project: Path) -> None:
    configure(project, "min_coverage = 0")
    assert run("sync", project=project).exit_code == 0
    assert (project / "site/zh_Hans/garden.md").exists() and (project / "site/manifest.json").exists()
    configure(project, 'min_coverage = 0\nsite_profile = "jekyll"')
    assert run("build", project=project).exit_code == 0
    assert not (project / "site/manifest.json").exists() and not (project / "site/zh_Hans/garden.md").exists()
    assert (project / "site/zh-Hans/garden.md").exists() and (project / "site.manifest.json").exists()
    # A web app manifest of the site's own is not storybridge's: it stays.
    (project / "site/manifest.json").write_text('{"name": "Stories", "start_url": "/"}\n', encoding="utf-8")
    assert run("build", project=project).exit_code == 0
    assert (project / "site/manifest.json").read_text(encoding="utf-8") == '{"name": "Stories", "start_url": "/"}\n'


def test_tags_listed_in_front_matter_keys_are_translated_item_by_item(project: Path) -> None:
    configure(project, 'min_coverage = 0\nfront_matter_keys = ["title", "summary", "tags"]\nsite_profile = "hugo"')
    assert run("sync", project=project).exit_code == 0
    catalog = polib.pofile(str(project / "locale/ko/LC_MESSAGES/garden.po"))
    tags = {entry.msgid: entry for entry in catalog if entry.comment == "front matter: tags"}
    assert set(tags) == {"garden", "hope"}
    tags["garden"].msgstr = "정원"
    catalog.save(str(project / "locale/ko/LC_MESSAGES/garden.po"))
    msgfmt_check(project / "locale/ko/LC_MESSAGES/garden.po")
    assert run("build", project=project).exit_code == 0
    meta = yaml.safe_load((project / "site/ko/garden.md").read_text(encoding="utf-8").split("---\n")[1])
    assert meta["tags"] == ["정원", "hope"]  # hope is not translated yet: the source word stays
    english = yaml.safe_load((project / "site/en/garden.md").read_text(encoding="utf-8").split("---\n")[1])
    assert english["tags"] == ["garden", "hope"]


def test_hugo_builds_taxonomy_pages_in_the_readers_language(project: Path) -> None:
    configure(project, 'min_coverage = 0\nfront_matter_keys = ["title", "tags"]\nsite_profile = "hugo"')
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = {"garden": "정원", "hope": "희망"}.get(entry.msgid, "")
    catalog.save(str(path))
    assert run("build", project=project).exit_code == 0
    (project / "hugo.toml").write_text(run("site-config", "hugo", project=project).stdout, encoding="utf-8")
    shutil.copytree(REPO / "tests/data/generators/hugo", project, dirs_exist_ok=True)
    (project / "layouts/_partials").mkdir(parents=True, exist_ok=True)
    (project / "layouts/_partials/hreflang.html").write_text(run("site-config", "hugo", "--head", project=project).stdout,
                                                             encoding="utf-8")
    hugo = Path(sys.executable).parent / "hugo"
    done = subprocess.run([str(hugo), "--quiet"], cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (project / "public/ko/tags/정원/index.html").exists()
    assert (project / "public/en/tags/garden/index.html").exists()
    assert not (project / "public/ko/tags/garden").exists()


def test_jekyll_config_keeps_the_private_sensitive_list_out_of_the_site(project: Path) -> None:
    configure(project, 'site_profile = "jekyll"\nsensitive_list = "private/terms.txt"')
    done = run("site-config", "jekyll", project=project)
    assert done.exit_code == 0, done.output
    assert "private/terms.txt" in yaml.safe_load(done.stdout)["exclude"]
