"""``storybridge memory export``: TMX 1.4 and compendium PO, read back by other tools."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import polib
from lxml import etree
from translate.storage.tmx import tmxfile

from conftest import assert_canonical, msgfmt_check, run

APPEAL = "Please pray for the families who are still waiting at the border tonight."
APPEAL_KO = "오늘 밤도 국경에서 기다리는 가족들을 위해 기도해 주세요."

# The structure TMX 1.4's DTD requires of what storybridge writes (the
# elements and required attributes it uses; written from the 1.4b
# specification, section 3): header and body, units of variants of segments.
TMX14_STRUCTURE = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT note (#PCDATA)>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED>
<!ELEMENT ude ANY>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note|prop)*, tuv, tuv+)>
<!ATTLIST tu srclang CDATA #IMPLIED tuid CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
"""


def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "stories").mkdir(parents=True)
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\n', encoding="utf-8")
    stories = {
        "a-river": ("en", ["She crossed the river & the <b>fence</b> at night.", APPEAL]),
        "b-winter": ("en", [APPEAL, "Winter came early."]),
        "c-seoul": ("ko", ["서울에 도착했습니다."]),
    }
    for slug, (lang, paragraphs) in stories.items():
        body = "\n\n".join(paragraphs)
        (root / "stories" / f"{slug}.md").write_text(f"---\ntitle: T {slug}\nlang: {lang}\n---\n\n{body}\n", encoding="utf-8")
    assert run("extract", project=root).exit_code == 0
    assert run("update", project=root).exit_code == 0
    translations = {
        ("ko", "a-river"): {APPEAL: APPEAL_KO, "She crossed the river & the <b>fence</b> at night.": "그녀는 밤에 강과 <b>울타리</b>를 건넜다."},
        ("ko", "b-winter"): {APPEAL: APPEAL_KO, "Winter came early.": "# 겨울이 일찍 왔다."},  # refused: block-break
        ("en", "c-seoul"): {"서울에 도착했습니다.": "She arrived in Seoul."},
    }
    for (lang, slug), pairs in translations.items():
        path = root / "locale" / lang / "LC_MESSAGES" / f"{slug}.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid in pairs:
                entry.msgstr = pairs[entry.msgid]
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        po.save(str(path))
    return root


def test_tmx_validates_and_reads_back_unit_for_unit(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = tmp_path / "ko.tmx"
    result = run("memory", "export", "--lang", "ko", "--format", "tmx", "--output", str(out), project=root)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "exported: 3 units"

    document = etree.parse(str(out))
    dtd = etree.DTD(io.StringIO(TMX14_STRUCTURE))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    header = document.getroot().find("header")
    assert header.get("creationtool") == "storybridge" and header.get("srclang") == "en"

    store = tmxfile.parsestring(out.read_bytes())
    units = [(u.source, u.target, u.getnotes()) for u in store.units]
    assert units == [
        ("She crossed the river & the <b>fence</b> at night.", "그녀는 밤에 강과 <b>울타리</b>를 건넜다.", "story: a-river"),
        (APPEAL, APPEAL_KO, "story: a-river"),
        (APPEAL, APPEAL_KO, "story: b-winter"),
    ]
    assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in document.iter("tuv")] == ["en", "ko"] * 3


def test_mixed_source_languages_say_all_in_the_header() -> None:
    from storybridge.po.exchange import render_tmx
    from storybridge.po.memory import Unit

    text = render_tmx([Unit("Amen.", "阿们。", "a", "en"), Unit("아멘.", "阿们。", "b", "ko")], "zh_Hans", "0.1.0")
    document = etree.fromstring(text)
    assert document.find("header").get("srclang") == "*all*"
    assert [tu.get("srclang") for tu in document.iter("tu")] == ["en", "ko"]
    assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in document.iter("tuv")] == [
        "en", "zh-Hans", "ko", "zh-Hans"]


def test_one_source_language_is_named_in_the_header(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run("memory", "export", "--lang", "en", project=root)
    assert result.exit_code == 0
    text = result.stdout
    document = etree.fromstring(text.encode("utf-8"))
    assert document.find("header").get("srclang") == "ko"  # one source language: its tag
    store = tmxfile.parsestring(text.encode("utf-8"))
    assert [(u.source, u.target) for u in store.units] == [("서울에 도착했습니다.", "She arrived in Seoul.")]


def test_compendium_po_is_valid_and_serves_as_memory(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = tmp_path / "ko.po"
    result = run("memory", "export", "--lang", "ko", "--format", "po", "-o", str(out), project=root)
    assert result.exit_code == 0, result.output
    msgfmt_check(out)
    assert_canonical(out)
    po = polib.pofile(str(out))
    entry = po.find(APPEAL)
    assert entry is not None and entry.msgstr == APPEAL_KO
    assert entry.comment.split("\n") == ["memory: translated in a-river", "memory: translated in b-winter"]
    assert po.find("Winter came early.") is None  # refused by a check
    # GNU msgmerge takes it as a compendium.
    template = root / "locale" / "templates" / "b-winter.pot"
    merged = subprocess.run(
        ["msgmerge", "--quiet", "--no-fuzzy-matching", "-C", str(out), "/dev/null", str(template)],
        capture_output=True, text=True, check=True,
    ).stdout
    assert APPEAL_KO in merged


def test_an_unknown_language_is_one_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = run("memory", "export", "--lang", "zh_Hans", project=root)
    assert result.exit_code == 1
    assert result.output.strip() == "--lang: error: 'zh_Hans' is not one of the configured languages (en, ko)"


def test_a_report_or_export_never_replaces_what_people_or_the_site_use(tmp_path: Path) -> None:
    """A catalog, a story, the settings, or a file in the publish folder
    (which the site would serve): refused, one line, the file as it was."""
    root = project(tmp_path)
    assert run("build", project=root).exit_code == 0
    catalog_file = root / "locale" / "ko" / "LC_MESSAGES" / "b-winter.po"
    targets = {
        catalog_file: "is inside locale/",
        root / "stories" / "a-river.md": "is inside stories/",
        root / "site" / "report.html": "is inside site/",
        root / "storybridge.toml": "holds the project's settings",
    }
    commands = [
        ("memory", "export", "--lang", "ko", "-o"),
        ("status", "--format", "html", "--output"),
        ("review", "--lang", "ko", "--story", "a-river", "--output"),
    ]
    for target, said in targets.items():
        before = target.read_bytes() if target.exists() else None
        for command in commands:
            result = run(*command, str(target), project=root)
            assert result.exit_code == 1, (command, target, result.output)
            assert f"{target}: error: {said}" in result.output and "Traceback" not in result.output
            assert (target.read_bytes() if target.exists() else None) == before
    elsewhere = root / "reports" / "ko.tmx"  # a folder of the user's own, inside the project
    assert run("memory", "export", "--lang", "ko", "-o", str(elsewhere), project=root).exit_code == 0
    assert elsewhere.read_text(encoding="utf-8").startswith("<?xml")


def test_in_a_jekyll_project_a_report_goes_where_jekyll_does_not_copy(tmp_path: Path) -> None:
    """Jekyll's folder is the project: a report at its root would be on the site."""
    root = project(tmp_path)
    with open(root / "storybridge.toml", "a", encoding="utf-8") as settings:
        settings.write('site_profile = "jekyll"\n')
    refused = run("status", "--format", "html", "--output", str(root / "status.html"), project=root)
    assert refused.exit_code == 1 and "is inside the Jekyll folder" in refused.output
    assert not (root / "status.html").exists()
    assert run("status", "--format", "html", "--output", str(root / "_reports" / "status.html"), project=root).exit_code == 0


def test_with_stories_at_the_project_root_a_report_may_go_beside_them(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "storybridge.toml").write_text('languages = ["en", "ko"]\nstories_dir = "."\n', encoding="utf-8")
    (root / "river.md").write_text("---\ntitle: River\nlang: en\n---\n\nThe river was cold.\n", encoding="utf-8")
    assert run("sync", project=root).exit_code == 0
    assert run("status", "--output", str(root / "status.txt"), project=root).exit_code == 0
    refused = run("status", "--output", str(root / "river.md"), project=root)
    assert refused.exit_code == 1 and "would be read as a story" in refused.output
    assert (root / "river.md").read_text(encoding="utf-8").startswith("---\ntitle: River")
    refused = run("status", "--format", "markdown", "--output", str(root / "reports" / "status.md"), project=root)
    assert refused.exit_code == 1 and "would be read as a story" in refused.output  # any Markdown file is one


def test_a_report_never_replaces_the_private_list(tmp_path: Path) -> None:
    root = project(tmp_path)
    private = root / "private.txt"
    private.write_text("# invented\nCorwin Vale\n", encoding="utf-8")
    with open(root / "storybridge.toml", "a", encoding="utf-8") as settings:
        settings.write('sensitive_list = "private.txt"\n')
    refused = run("status", "--output", str(private), project=root)
    assert refused.exit_code == 1 and "is the private list" in refused.output
    assert private.read_text(encoding="utf-8") == "# invented\nCorwin Vale\n"
