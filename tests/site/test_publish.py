"""Issue 6: the publish folder a static site imports as it is, safely."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import polib
import yaml

from conftest import run

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "src/storybridge/schemas/manifest.schema.json").read_text(encoding="utf-8")
)


def configure(project: Path, extra: str) -> None:
    (project / "storybridge.toml").write_text(f'languages = ["en", "ko", "zh_Hans"]\n{extra}\n', encoding="utf-8")


def translate_all(project: Path, lang: str, slug: str = "garden", fraction: float = 1.0) -> None:
    path = project / f"locale/{lang}/LC_MESSAGES/{slug}.po"
    catalog = polib.pofile(str(path))
    entries = [e for e in catalog if not e.obsolete]
    for entry in entries[: round(len(entries) * fraction)]:
        entry.msgstr = ("번역 " if lang == "ko" else "翻译 ") + entry.msgid
    catalog.save(str(path))


def manifest(project: Path) -> dict:  # type: ignore[type-arg]
    data = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    return data


def front_matter(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_by_language_layout_with_threshold_statuses(project: Path) -> None:
    configure(project, 'min_coverage = 80\nmin_coverage_by_language = { zh_Hans = 50 }')
    run("sync", project=project)
    translate_all(project, "ko", fraction=1.0)
    translate_all(project, "zh_Hans", fraction=0.6)
    assert run("build", project=project).exit_code == 0
    data = manifest(project)
    garden = data["stories"][0]["languages"]
    assert garden["en"]["status"] == "published" and garden["en"]["path"] == "en/garden.md"
    assert garden["ko"]["status"] == "published" and garden["ko"]["coverage"] == 100.0
    assert garden["zh-Hans"]["status"] == "published"  # 60 % ≥ the zh_Hans override of 50 %
    winter = data["stories"][1]["languages"]
    assert winter["en"]["status"] == "withheld" and winter["en"]["path"] is None
    assert winter["en"]["reason"].endswith("% < 80 %")
    assert not (project / "site/en/news/winter.md").exists()
    assert (project / "site/ko/news/winter.md").exists()


def test_draft_policy_writes_draft_true(project: Path) -> None:
    configure(project, 'below_threshold = "draft"')
    run("sync", project=project)
    data = manifest(project)
    entry = data["stories"][0]["languages"]["ko"]
    assert entry["status"] == "draft" and entry["path"] == "ko/garden.md"
    assert front_matter(project / "site/ko/garden.md")["draft"] is True
    assert "draft" not in front_matter(project / "site/en/garden.md")


def test_by_suffix_layout(project: Path) -> None:
    configure(project, 'layout = "by-suffix"\nmin_coverage = 0')
    assert run("sync", project=project).exit_code == 0
    assert (project / "site/garden.en.md").exists()
    assert (project / "site/garden.zh_Hans.md").exists()
    assert (project / "site/news/winter.ko.md").exists()
    assert manifest(project)["layout"] == "by-suffix"


def test_front_matter_for_static_sites(project: Path) -> None:
    configure(project, "min_coverage = 0")
    run("sync", project=project)
    translate_all(project, "ko")
    run("build", project=project)
    meta = front_matter(project / "site/ko/garden.md")
    assert meta["title"] == "번역 The Garden Behind the Church"
    assert meta["summary"].startswith("번역 ")
    assert meta["lang"] == "ko" and meta["source_lang"] == "en" and meta["translationKey"] == "garden"
    assert str(meta["date"]) == "2020-05-01"
    assert meta["date_display"] == "2020년 5월 1일"
    assert meta["translation"]["coverage"] == 100.0 and meta["translation"]["fuzzy"] == 0
    assert meta["translation"]["source_digest"].startswith("sha256:")
    langs = {a["lang"]: a["path"] for a in meta["alternates"]}
    assert langs == {"en": "en/garden.md", "ko": "ko/garden.md", "zh-Hans": "zh_Hans/garden.md", "x-default": "en/garden.md"}
    zh = front_matter(project / "site/zh_Hans/garden.md")
    assert zh["lang"] == "zh-Hans" and zh["date_display"] == "2020年5月1日"


def test_publish_false_is_never_published(project: Path) -> None:
    configure(project, "min_coverage = 0")
    story = project / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\npublish: false\n"), encoding="utf-8")
    run("sync", project=project)
    # Issue 15: the manifest names no story that is not public; status does.
    assert [entry["slug"] for entry in manifest(project)["stories"]] == ["news/winter"]
    assert "Garden" not in (project / "site/manifest.json").read_text(encoding="utf-8")
    # embargoed: no file, and no trace in the manifest (contract 6)
    assert "garden" not in [record["slug"] for record in manifest(project)["stories"]]
    assert "garden" not in (project / "site/manifest.json").read_text(encoding="utf-8")
    assert not list((project / "site").rglob("garden*"))
    status = json.loads(run("status", "--format", "json", project=project).stdout)
    assert {r["state"] for r in status["coverage"] if r["slug"] == "garden"} == {"embargoed"}


def test_stale_files_go_and_foreign_files_stay(project: Path) -> None:
    configure(project, "min_coverage = 0")
    run("sync", project=project)
    foreign = project / "site/en/about.md"
    foreign.write_text("written by hand\n", encoding="utf-8")
    (project / "site/robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (project / "stories/news/winter.md").unlink()
    assert run("sync", project=project).exit_code == 0
    assert not list((project / "site").rglob("winter*"))
    assert foreign.read_text(encoding="utf-8") == "written by hand\n"
    assert (project / "site/robots.txt").exists()
    assert [s["slug"] for s in manifest(project)["stories"]] == ["garden"]


def test_every_alternate_exists_and_every_file_is_in_the_manifest(project: Path) -> None:
    configure(project, 'min_coverage = 50\nbelow_threshold = "draft"')
    run("sync", project=project)
    translate_all(project, "ko")
    run("build", "--html", "--pseudo", project=project)
    data = manifest(project)
    site = project / "site"
    for story in data["stories"]:
        for link in story["alternates"]:
            assert (site / link["path"]).is_file(), link
        for entry in story["languages"].values():
            if entry["path"]:
                assert (site / entry["path"]).is_file()
                meta = front_matter(site / entry["path"])
                for link in meta["alternates"]:
                    assert (site / link["path"]).is_file()
    written = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()} - {"manifest.json"}
    assert written == set(data["files"])


def test_html_fragments_are_sanitized(project: Path) -> None:
    configure(project, "min_coverage = 0")
    story = project / "stories/garden.md"
    story.write_text(story.read_text(encoding="utf-8") + '\n<script>alert(1)</script>\n\n<a href="javascript:x()" onclick="y()">z</a>\n', encoding="utf-8")
    assert run("sync", "--html", project=project).exit_code == 0
    html = (project / "site/en/garden.html").read_text(encoding="utf-8")
    assert "<h1>The garden</h1>" in html and "<table>" in html
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_pseudo_locale_is_marked_longer_and_never_published(project: Path) -> None:
    assert run("sync", "--pseudo", project=project).exit_code == 0
    text = (project / "site/qps/garden.md").read_text(encoding="utf-8")
    assert "# ⟦Ţĥé ĝàŕđéñ" in text
    assert "(https://example.org/garden \"Garden\")" in text
    entry = manifest(project)["stories"][0]
    assert entry["languages"]["qps"]["status"] == "pseudo"
    assert all(a["lang"] != "qps" for a in entry["alternates"])
    source = (project / "stories/garden.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    built = text.split("---\n", 2)[2]
    assert len(built) > 1.2 * len(source) - 100


def test_nothing_private_reaches_the_publish_folder(project: Path) -> None:
    configure(project, 'min_coverage = 0\ncredits = { ko = ["Kim the volunteer"] }')
    run("sync", project=project)
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    catalog.header = "Translated by Secret Person <secret.person@example.com>, 2024."
    catalog.metadata["Last-Translator"] = "Hidden Name <hidden@example.org>"
    catalog.metadata["Language-Team"] = "Team Covert <team@example.net>"
    for entry in catalog:
        entry.msgstr = "번역 " + entry.msgid
        entry.tcomment = "private note from Hidden Name"
    catalog.save(str(path))
    assert run("build", "--html", "--pseudo", project=project).exit_code == 0
    for published in (project / "site").rglob("*"):
        if published.is_file():
            text = published.read_text(encoding="utf-8")
            for secret in ("Secret Person", "secret.person", "Hidden", "hidden@", "Covert", "team@", "private note",
                           "front matter: title", "paragraph", "block quote", "Last-Translator", "Language-Team", "@example"):
                assert secret not in text, (published, secret)
    assert front_matter(project / "site/ko/garden.md")["translators"] == ["Kim the volunteer"]
    assert "translators" not in front_matter(project / "site/zh_Hans/garden.md")


def test_credits_refuse_email_addresses(project: Path) -> None:
    configure(project, 'credits = { ko = ["Kim <kim@example.org>"] }')
    result = run("sync", project=project)
    assert result.exit_code == 1
    assert "storybridge.toml: error:" in result.output and "e-mail" in result.output


def test_manifest_rendered_record_by_record_is_plain_json() -> None:
    from storybridge.site.publish import (
        MANIFEST_VERSION,
        manifest_closing,
        manifest_joint,
        manifest_opening,
        render_manifest_record,
    )

    records = [
        {"slug": "a", "alternates": [{"lang": "ko", "path": "ko/a.md"}], "languages": {"ko": {"path": None, "title": "한 \"줄\""}}},
        {"slug": "b/c", "alternates": [], "languages": {}},
    ]
    for chosen in (records, records[:1], []):
        whole = {"version": MANIFEST_VERSION, "layout": "by-suffix", "stories": chosen, "files": ["z.md", "a.md"]}
        expected = json.dumps({**whole, "files": sorted(whole["files"])}, ensure_ascii=False, indent=2) + "\n"
        parts = [manifest_opening("by-suffix")]
        parts += [manifest_joint(index) + render_manifest_record(r) for index, r in enumerate(chosen)]
        parts.append(manifest_closing(["z.md", "a.md"], bool(chosen)))
        assert "".join(parts) == expected
