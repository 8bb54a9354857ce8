"""The spine through the real CLI on a sample content repository."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from conftest import assert_canonical, catalogs_under, msgfmt_check, run, snapshot


def test_sync_writes_templates_catalogs_site_and_manifest(project: Path) -> None:
    result = run("sync", project=project)
    assert result.exit_code == 0, result.output
    assert (project / "locale/templates/garden.pot").is_file()
    assert (project / "locale/templates/news/winter.pot").is_file()
    assert (project / "locale/ko/LC_MESSAGES/garden.po").is_file()
    assert (project / "locale/zh_Hans/LC_MESSAGES/garden.po").is_file()
    assert (project / "locale/en/LC_MESSAGES/news/winter.po").is_file()
    assert not (project / "locale/ko/LC_MESSAGES/news/winter.po").exists()  # ko is its source
    for lang in ("en", "ko", "zh_Hans"):
        assert (project / f"site/{lang}/garden.md").is_file()
        assert (project / f"site/{lang}/news/winter.md").is_file()
    manifest = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    slugs = [record["slug"] for record in manifest["stories"]]
    assert slugs == ["garden", "news/winter"]
    garden = manifest["stories"][0]
    assert set(garden["languages"]) == {"en", "ko", "zh-Hans"}
    assert garden["languages"]["en"]["coverage"] == 100.0
    assert garden["languages"]["ko"]["coverage"] == 0.0
    assert garden["source_digest"].startswith("sha256:")


def test_every_catalog_written_is_valid_and_canonical(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    written = list(catalogs_under(project / "locale"))
    assert len(written) == 6
    for path in written:
        msgfmt_check(path)
        assert_canonical(path)


def test_catalog_entries_carry_reference_comment_and_header(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    catalog = polib.pofile(str(project / "locale/ko/LC_MESSAGES/garden.po"))
    assert catalog.metadata["Language"] == "ko"
    assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    title = catalog.find("The Garden Behind the Church")
    assert title is not None and title.comment == "front matter: title"
    assert title.occurrences == [("stories/garden.md", "2")]
    heading = catalog.find("The garden")
    assert heading is not None and heading.comment == "heading 1"
    joined = catalog.find("Behind the church there is a small garden. Three families share it, and each one grows what the others lack.")
    assert joined is not None and joined.occurrences == [("stories/garden.md", "11")]
    hymn = catalog.find("Hymn lines:\nIt is well,\nit is well with my soul.")
    assert hymn is not None
    cell = catalog.find("Beans \\| peas")
    assert cell is not None and cell.comment == "table cell"
    assert catalog.find("code stays as it is") is None


def test_second_sync_writes_nothing(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    before = snapshot(project)
    assert run("sync", project=project).exit_code == 0
    assert snapshot(project) == before


def test_source_language_output_is_the_source_body(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    source = (project / "stories/garden.md").read_text(encoding="utf-8")
    built = (project / "site/en/garden.md").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    assert built.endswith(body)
    assert "translationKey: garden\n" in built
    assert "lang: en\n" in built and "source_lang: en\n" in built


def test_translation_is_spliced_and_front_matter_translated(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    catalog.find("The Garden Behind the Church").msgstr = "교회 뒤 정원"
    catalog.find("The garden").msgstr = "정원"
    catalog.find("Hymn lines:\nIt is well,\nit is well with my soul.").msgstr = "찬송:\n평안해,\n내 영혼 평안해."
    catalog.save(str(path))
    result = run("build", project=project)
    assert result.exit_code == 0, result.output
    built = (project / "site/ko/garden.md").read_text(encoding="utf-8")
    assert "title: 교회 뒤 정원\n" in built
    assert "\n# 정원\n" in built
    assert "찬송:\\\n평안해,\\\n내 영혼 평안해.\n" in built
    assert "lang: ko\n" in built and "source_lang: en\n" in built


def test_build_refuses_structure_breaking_translation(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/ko/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    entry = catalog.find("The garden")
    entry.msgstr = "정원\n\n<script>alert(1)</script>"
    catalog.save(str(path))
    result = run("build", project=project)
    assert result.exit_code == 0
    built = (project / "site/ko/garden.md").read_text(encoding="utf-8")
    assert "<script>" not in built and "\n# The garden\n" in built
    lines = path.read_text(encoding="utf-8").splitlines()
    msgid_line = lines.index('msgid "The garden"')
    line = next(n for n in range(msgid_line, len(lines)) if lines[n].startswith("msgstr")) + 1  # the msgstr's line
    assert f"locale/ko/LC_MESSAGES/garden.po:{line}: error [block-break]" in result.output
    assert "[raw-html]" in result.output


def test_fuzzy_and_untranslated_fall_back_to_source(project: Path) -> None:
    assert run("sync", project=project).exit_code == 0
    path = project / "locale/zh_Hans/LC_MESSAGES/garden.po"
    catalog = polib.pofile(str(path))
    entry = catalog.find("The garden")
    entry.msgstr = "花园"
    entry.flags.append("fuzzy")
    catalog.save(str(path))
    assert run("build", project=project).exit_code == 0
    built = (project / "site/zh_Hans/garden.md").read_text(encoding="utf-8")
    assert "\n# The garden\n" in built and "花园" not in built


def test_lang_option_limits_update(project: Path) -> None:
    assert run("extract", project=project).exit_code == 0
    assert run("update", "--lang", "ko", project=project).exit_code == 0
    assert (project / "locale/ko/LC_MESSAGES/garden.po").exists()
    assert not (project / "locale/zh_Hans/LC_MESSAGES/garden.po").exists()


def test_project_defaults_to_current_directory(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(project)
    assert run("sync").exit_code == 0
    assert (project / "site/manifest.json").exists()


def test_missing_lang_is_detected_and_reported(project: Path) -> None:
    (project / "stories/spring.md").write_text(
        "---\ntitle: 봄\n---\n\n올봄에는 교회 마당에 새 꽃을 심었습니다. 아이들이 물을 주고 매일 자라는 모습을 봅니다.\n",
        encoding="utf-8",
    )
    result = run("sync", project=project)
    assert result.exit_code == 0
    assert "stories/spring.md: no 'lang' in front matter; detected ko" in result.output
    assert (project / "locale/en/LC_MESSAGES/spring.po").exists()
    assert not (project / "locale/ko/LC_MESSAGES/spring.po").exists()


def test_settings_from_pyproject_table(project: Path) -> None:
    (project / "storybridge.toml").unlink()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "content"\n\n[tool.storybridge]\nlanguages = ["en", "ko"]\nsite_dir = "public"\n'
        'below_threshold = "draft"\n',
        encoding="utf-8",
    )
    assert run("sync", project=project).exit_code == 0
    assert (project / "public/ko/garden.md").exists()
    assert not (project / "locale/zh_Hans").exists()
    assert not (project / "site").exists()


def test_written_files_get_the_usual_permissions(project: Path) -> None:
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert run("sync", project=project).exit_code == 0
    for path in (project / "site/ko/garden.md", project / "locale/ko/LC_MESSAGES/garden.po"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask
